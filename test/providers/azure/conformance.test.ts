import { strict as assert } from 'node:assert';
import { BILLING_SERVICE_ID } from '../../../src/ports/supportDesk';
import { ALL_EXAMPLES, exampleFor, type ExampleCall } from './conformance/examples';
import { kindOf, missingPaths, shapeProblems } from './conformance/shape';
import { IDS } from './standIn/seed';
import { startHarness, type Harness } from './standIn/harness';
import type { RecordedRequest, Reply } from './standIn/server';

const R = IDS.reservations;
type Exchange = { request: RecordedRequest; reply: Reply };

/**
 * Conformance of the azure provider and its stand-in to Microsoft's published examples: one scenario drives every
 * call the provider makes (customers, entitlements and an artifact link, orders, reservations by order, single
 * reads, ListAll, the catalog, calculatePrice, calculateRefund, calculateExchange and its operation, problem
 * classifications, a ticket PUT with its operation and read-back), with lists paged by nextLink; then each test
 * takes one example and checks every request sent for it (path, api-version, query, body) and every answer the
 * stand-in gave (same fields, same kinds: dates stay dates, amounts numbers).
 */
describe('azure provider conformance to Microsoft’s published examples', () => {
  let h: Harness;
  let exchanges: Exchange[];

  before(async () => {
    h = await startHarness();
    h.world.state.armPageSize = 1;
    const p = h.provider;
    await p.directory.searchCustomers('', 0, 10);
    await p.directory.getCustomer(IDS.fabrikam.id);
    for (const customer of [IDS.contoso, IDS.fabrikam, IDS.northwind]) await p.reservations.listReservations(customer.id);
    await p.reservations.getReservation(IDS.fabrikam.id, R.fabrikamTwo);
    const offer = await p.catalog.replacementOffer(IDS.contoso.id, R.contosoVm);
    await p.reservations.estimateRefund!(IDS.fabrikam.id, R.fabrikamTwo, 1);
    await p.reservations.estimateExchange!(IDS.contoso.id, R.contosoVm, 1, offer.items[0].id, 1);
    // An artifact that names no order: the provider follows its link.
    const link = `/customers/${IDS.northwind.id}/artifacts/reservedinstance/groups/g0/lineitems/li0/resource/${IDS.orders.northwindJpy}`;
    h.standIn.script(
      { path: `/v1/customers/${IDS.northwind.id}/entitlements` },
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
    await p.reservations.listReservations(IDS.northwind.id);
    const ticket = await p.supportDesk.fileTicket({
      requestKey: 'conformance-1',
      customerId: IDS.contoso.id,
      customerTenantId: IDS.contoso.tenant,
      title: 'Refund of reservation',
      description: 'Conformance check',
      severity: 'minimal',
      contact: {
        firstName: 'Ava',
        lastName: 'Lindqvist',
        email: 'ava@example.com',
        preferredContactMethod: 'phone',
        phone: '+31 20 555 0100',
        timeZone: 'W. Europe Standard Time',
        country: 'NLD',
        language: 'en-us',
      },
      serviceId: BILLING_SERVICE_ID,
      problemClassification: await p.supportDesk.problemClassificationId(),
      reservationId: R.contosoVm,
      expectedCredit: { amount: '10.00', currency: 'EUR' },
    });
    await p.supportDesk.getTicket(IDS.contoso.tenant, ticket.ticketId);
    // Azure's own return (Return.json) and exchange (Exchange.json), last: they change the reservation.
    const order = {
      requestKey: 'conformance-return',
      customerId: IDS.contoso.id,
      customerTenantId: IDS.contoso.tenant,
      reservationId: R.contosoVm,
      reservationOrderId: IDS.orders.contosoEur,
      quantity: 1,
      quantityBefore: 2,
    };
    await p.selfService!.submitReturn(order, await p.selfService!.prepareReturn(order));
    const exchange = { ...order, requestKey: 'conformance-exchange', quantityBefore: 1, replacementItemId: offer.items[0].id, replacementQuantity: 1 };
    await p.selfService!.submitExchange!(exchange, await p.selfService!.prepareExchange!(exchange));
    exchanges = [...h.standIn.replies];
  });

  after(async () => h.dispose());

  /** Links the answers gave to follow (ARM nextLink, Partner Center links.next): their query is Azure's, not ours. */
  const givenLinks = () =>
    new Set(
      exchanges.flatMap(({ reply }) => {
        const body = reply.body as { nextLink?: string | null; links?: { next?: { uri?: string } } } | undefined;
        const next = body?.nextLink ? new URL(body.nextLink) : body?.links?.next?.uri ? new URL(`http://x/v1${body.links.next.uri}`) : undefined;
        return next ? [`${next.pathname}?${next.searchParams.toString()}`] : [];
      }),
    );

  const callsFor = (example: ExampleCall) => exchanges.filter((x) => exampleFor(x.request.method, x.request.path) === example);

  it('sends no request that no published example covers', () => {
    const uncovered = exchanges.filter((x) => !exampleFor(x.request.method, x.request.path)).map((x) => `${x.request.method} ${x.request.path}`);
    assert.deepEqual(uncovered, []);
  });

  for (const example of ALL_EXAMPLES) {
    it(`${example.example}: requests match the example’s request and answers its shape`, () => {
      const calls = callsFor(example);
      const links = givenLinks();
      assert.ok(calls.length > 0, 'the scenario exercises this call');
      for (const { request, reply } of calls) {
        const where = `${request.method} ${request.path}?${new URLSearchParams(request.query).toString()}`;
        const followed = links.has(where.slice(request.method.length + 1));
        for (const [key, value] of Object.entries(request.query)) {
          if (followed) continue;
          assert.ok(key in example.query, `${where}: query parameter ${key} is not one the operation takes`);
          assert.match(value, example.query[key], `${where}: ${key}`);
        }
        for (const key of example.requiredQuery) assert.ok(key in request.query, `${where}: ${key} is missing`);
        if (example.requestBody === undefined) {
          assert.equal(request.rawBody, '', `${where}: the example sends no body`);
        } else {
          assert.deepEqual(shapeProblems(request.body, example.requestBody), [], `${where}: request body`);
          assert.deepEqual(missingPaths(request.body, example.requiredBody ?? []), [], `${where}: request body`);
        }
        if (reply.status >= 400) continue;
        const documented = example.responses[reply.status];
        assert.ok(documented, `${where}: status ${reply.status} is not one the example shows`);
        for (const header of documented.headers ?? []) {
          assert.ok(
            Object.keys(reply.headers ?? {}).some((k) => k.toLowerCase() === header),
            `${where}: header ${header}`,
          );
        }
        if (documented.body !== undefined) assert.deepEqual(shapeProblems(reply.body, documented.body), [], `${where}: answer`);
      }
    });
  }

  describe('the facts Microsoft’s examples show, in the stand-in’s answers', () => {
    const bodies = (path: RegExp) =>
      exchanges
        .filter((x) => x.request.method === 'GET' && path.test(x.request.path) && x.reply.status === 200)
        .map((x) => x.reply.body as Record<string, unknown>);
    const props = (r: unknown) => (r as { properties: Record<string, unknown> }).properties;

    it('GetReservationsFromOrder.json: expiry as a date without a time, no utilization, the Split original listed as Cancelled/Split', () => {
      const listed = bodies(/^\/providers\/Microsoft\.Capacity\/reservationOrders\/[^/]+\/reservations$/).flatMap((b) => b.value as unknown[]);
      assert.ok(listed.length >= 5);
      for (const r of listed) {
        assert.equal(kindOf(props(r).expiryDate), 'date');
        assert.equal(props(r).expiryDateTime, undefined);
        assert.equal(props(r).utilization, undefined);
      }
      assert.ok(
        listed.some((r) => props(r).provisioningState === 'Cancelled' && (props(r).extendedStatusInfo as { statusCode?: string })?.statusCode === 'Split'),
      );
    });

    it('GetReservationDetails.json: a date-time expiry and no utilization on a single read', () => {
      const [single] = bodies(/^\/providers\/Microsoft\.Capacity\/reservationOrders\/[^/]+\/reservations\/[^/]+$/);
      assert.equal(kindOf(props(single).expiryDateTime), 'date-time');
      assert.equal(props(single).expiryDate, undefined);
      assert.equal(props(single).utilization, undefined);
    });

    it('GetReservations.json: utilization only here, with numbers for grain and value, and a nextLink on every page', () => {
      const pages = bodies(/^\/providers\/Microsoft\.Capacity\/reservations$/);
      assert.ok(pages.every((page) => 'nextLink' in page && 'summary' in page));
      const measured = pages.flatMap((b) => b.value as unknown[]).filter((r) => props(r).utilization);
      assert.ok(measured.length > 0);
      for (const r of measured)
        for (const a of (props(r).utilization as { aggregates: Array<Record<string, unknown>> }).aggregates)
          assert.deepEqual([typeof a.grain, typeof a.value], ['number', 'number']);
    });

    it('GetCatalog.json: a bare array without msrp; CalculateReservationOrder.json: amounts as JSON numbers', () => {
      const [catalog] = bodies(/\/catalogs$/);
      assert.ok(Array.isArray(catalog));
      assert.ok((catalog as unknown as Array<Record<string, unknown>>).every((item) => !('msrp' in item)));
      const prices = exchanges.filter((x) => x.request.path.endsWith('/calculatePrice') && x.reply.status === 200);
      assert.ok(
        prices.every(
          (x) => typeof (x.reply.body as { properties: { billingCurrencyTotal: { amount: unknown } } }).properties.billingCurrencyTotal.amount === 'number',
        ),
      );
    });

    it('nextLink paging: by-order lists and ListAll answered one item per page, each nextLink followed with its $skiptoken', () => {
      const fabrikamPages = exchanges.filter(
        (x) => x.request.path === `/providers/Microsoft.Capacity/reservationOrders/${IDS.orders.fabrikamUsd}/reservations`,
      );
      assert.deepEqual(
        fabrikamPages.map((x) => x.request.query.$skiptoken),
        [undefined, '1', '2'],
      );
      assert.ok(exchanges.filter((x) => x.request.path === '/providers/Microsoft.Capacity/reservations').some((x) => x.request.query.$skiptoken === '1'));
    });

    it('Return.json: 202 with the refund figures and a Location naming the order, polled until 200', () => {
      const [posted] = exchanges.filter((x) => x.request.path.endsWith('/return'));
      assert.equal(posted.reply.status, 202);
      const location = new URL(String(posted.reply.headers?.Location));
      assert.equal(location.pathname, `/providers/Microsoft.Capacity/reservationorders/${IDS.orders.contosoEur}`);
      const polls = exchanges.filter((x) => x.request.path === location.pathname).map((x) => x.reply.status);
      assert.deepEqual(polls, [202, 200]);
    });

    it('Exchange.json: 202 with Azure-AsyncOperation, the statuses in turn until Succeeded, the new ids in reservationsToPurchase', () => {
      const [posted] = exchanges.filter((x) => x.request.path === '/providers/Microsoft.Capacity/exchange');
      assert.equal(posted.reply.status, 202);
      const monitor = new URL(String(posted.reply.headers?.['Azure-AsyncOperation']));
      const statuses = exchanges.filter((x) => x.request.path === monitor.pathname).map((x) => (x.reply.body as { status: string }).status);
      assert.deepEqual(statuses, ['PendingRefunds', 'PendingPurchases', 'Succeeded']);
    });

    it('CalculateExchange.json: 202 with Azure-AsyncOperation, then the operation’s body', () => {
      const [posted] = exchanges.filter((x) => x.request.path === '/providers/Microsoft.Capacity/calculateExchange');
      assert.equal(posted.reply.status, 202);
      assert.match(String(posted.reply.headers?.['Azure-AsyncOperation']), /\/providers\/Microsoft\.Capacity\/operationResults\/.+api-version=2022-11-01$/);
    });
  });
});
