import { strict as assert } from 'node:assert';
import { IDS, PARTNER_TENANT } from './standIn/seed';
import { SLACK_IDENTITY, TEAMS_IDENTITY, startHarness, type Harness } from './standIn/harness';
import { PARTNER_CENTER_SCOPE, decodeFakeToken } from './standIn/azureWorld';

describe('azure provider: Partner Center', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.dispose());

  it('walks the customer list over three pages, following links.next with its MS-ContinuationToken', async () => {
    const page = await h.provider.directory.searchCustomers('', 0, 10);
    assert.deepEqual(
      page.items.map((c) => c.name),
      ['Adatum Corporation', 'Contoso Ltd', 'Fabrikam Inc', 'Northwind Traders', 'Woodgrove Bank'],
    );
    assert.equal(page.total, 5);

    const calls = h.standIn.requestsTo('/v1/customers');
    assert.equal(calls.length, 3, 'five customers at two per page are three pages');
    assert.deepEqual(calls[0].query, { size: '2' });
    assert.equal(calls[0].headers['ms-continuationtoken'], undefined);
    assert.deepEqual(calls[1].query, { size: '2', seekOperation: 'Next' });
    assert.equal(calls[1].headers['ms-continuationtoken'], 'ct-2');
    assert.equal(calls[2].headers['ms-continuationtoken'], 'ct-4');
    for (const call of calls) {
      assert.equal(call.method, 'GET');
      assert.equal(call.headers['ms-contract-version'], 'v1');
      assert.equal(call.headers.accept, 'application/json');
      assert.match(call.headers['ms-requestid'], /^[0-9a-f-]{36}$/);
      assert.deepEqual(decodeFakeToken(call.headers.authorization), { tenant: PARTNER_TENANT, scope: PARTNER_CENTER_SCOPE });
    }
    assert.equal(new Set(calls.map((c) => c.headers['ms-requestid'])).size, 3, 'every page is its own call with its own MS-RequestId');
    assert.equal(new Set(calls.map((c) => c.headers['ms-correlationid'])).size, 1, 'one walk shares one MS-CorrelationId');
  });

  it('searches case-insensitively by name or domain fragment, pages the matches, and caches the list', async () => {
    const byName = await h.provider.directory.searchCustomers('TRADERS', 0, 10);
    assert.deepEqual(
      byName.items.map((c) => c.id),
      [IDS.northwind.id],
    );
    const byDomain = await h.provider.directory.searchCustomers('.onmicrosoft', 1, 2);
    assert.equal(byDomain.total, 5);
    assert.deepEqual(
      byDomain.items.map((c) => c.name),
      ['Fabrikam Inc', 'Northwind Traders'],
    );
    assert.equal(h.standIn.requestsTo('/v1/customers').length, 3, 'the second search used the cached list');
  });

  it('gets one customer with its tenant from companyProfile, and undefined for an unknown id', async () => {
    const customer = await h.provider.directory.getCustomer(IDS.fabrikam.id);
    assert.deepEqual(customer, { id: IDS.fabrikam.id, name: 'Fabrikam Inc', domain: 'fabrikam.onmicrosoft.com', tenantId: IDS.fabrikam.tenant });
    assert.equal(await h.provider.directory.getCustomer('00000000-0000-4000-8000-00000000dead'), undefined);
    const [, missing] = h.standIn.requestsTo(/^\/v1\/customers\/[^/]+$/);
    assert.equal(missing.path, '/v1/customers/00000000-0000-4000-8000-00000000dead');
  });

  it('encodes ids into one path segment', async () => {
    assert.equal(await h.provider.directory.getCustomer('../../v1/customers?size=1'), undefined);
    const [call] = h.standIn.requestsTo(/^\/v1\/customers\/[^/]+$/);
    assert.equal(call.path, '/v1/customers/..%2F..%2Fv1%2Fcustomers%3Fsize%3D1');
  });

  it('asks for reserved-instance entitlements and takes each artifact’s resourceId as one of the customer’s orders, without following its link', async () => {
    const reservations = await h.provider.reservations.listReservations(IDS.contoso.id);
    assert.equal(reservations.length, 2);
    const [entitlements] = h.standIn.requestsTo(`/v1/customers/${IDS.contoso.id}/entitlements`);
    assert.deepEqual(entitlements.query, { entitlementType: 'reservedInstance' });
    assert.equal(h.standIn.requestsTo(/\/artifacts\/reservedinstance\//).length, 0, 'the order is named; its details would cost a call for nothing');
  });

  it('follows an artifact link (resolved under /v1) when the artifact names no order, and takes the orders of the reservations behind it', async () => {
    const link = `/customers/${IDS.contoso.id}/artifacts/reservedinstance/groups/g0/lineitems/li0/resource/x`;
    h.standIn.script(
      { path: `/v1/customers/${IDS.contoso.id}/entitlements` },
      {
        status: 200,
        body: {
          totalCount: 1,
          items: [
            { entitlementType: 'reservedInstance', entitledArtifacts: [{ artifactType: 'reservedinstance', link: { uri: link, method: 'GET', headers: [] } }] },
          ],
        },
      },
    );
    h.standIn.script(
      { path: `/v1${link}` },
      {
        status: 200,
        body: {
          type: 'reservedinstance',
          reservations: [
            {
              reservationId: `/providers/microsoft.capacity/reservationOrders/${IDS.orders.contosoEur}/reservations/${IDS.reservations.contosoVm}`,
              quantity: 2,
            },
          ],
        },
      },
    );
    const reservations = await h.provider.reservations.listReservations(IDS.contoso.id);
    assert.deepEqual(
      reservations.map((r) => r.reservationId),
      [IDS.reservations.contosoVm],
    );
    assert.equal(h.standIn.requestsTo(`/v1${link}`).length, 1);
  });

  it('maps Teams and Slack identities through the roster, never playground ones', async () => {
    const ava = await h.provider.directory.resolveUser(TEAMS_IDENTITY);
    assert.deepEqual(ava, { id: 'ava.lindqvist', displayName: 'Ava Lindqvist', email: 'ava.lindqvist@northbeamcloud.onmicrosoft.com', roles: ['Admin agent'] });
    assert.equal((await h.provider.directory.resolveUser({ ...TEAMS_IDENTITY, user: TEAMS_IDENTITY.user.toUpperCase() }))?.id, 'ava.lindqvist');
    assert.equal((await h.provider.directory.resolveUser(SLACK_IDENTITY))?.id, 'ava.lindqvist');
    assert.equal(await h.provider.directory.resolveUser({ ...SLACK_IDENTITY, user: SLACK_IDENTITY.user.toLowerCase() }), undefined, 'Slack ids are exact');
    assert.equal(await h.provider.directory.resolveUser({ channel: 'playground', tenant: 'playground', user: 'ava.lindqvist' }), undefined);
    assert.deepEqual((await h.provider.directory.resolveUser({ channel: 'slack', tenant: 'T07NBEAM01', user: 'U07BOBBILL' }))?.roles, ['Billing admin']);
  });

  it('reports health from a one-attempt Partner Center probe', async () => {
    assert.deepEqual(await h.provider.health(), { ok: true, detail: 'Partner Center answers' });
    h.standIn.script({ path: '/v1/customers' }, { status: 503 });
    assert.deepEqual(await h.provider.health(), { ok: false, detail: 'partner-center-unavailable' });
    assert.equal(h.sleeps.length, 0, 'the probe does not retry');
  });
});
