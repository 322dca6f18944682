import { strict as assert } from 'node:assert';
import { BILLING_SERVICE_ID, type TicketRequest } from '../../../src/ports/supportDesk';
import { ticketNameFor } from '../../../src/providers/azure';
import { sameDisplayName } from '../../../src/providers/azure/support';
import { ARM_SCOPE, PARTNER_CENTER_SCOPE, decodeFakeToken } from './standIn/azureWorld';
import { IDS, PARTNER_TENANT } from './standIn/seed';
import { startHarness, type Harness } from './standIn/harness';

const CLASSIFICATIONS = `/providers/Microsoft.Support/services/${BILLING_SERVICE_ID}/problemClassifications`;
const EXPECTED_CLASSIFICATION = `${CLASSIFICATIONS}/pc-exchanges-refunds`;

function request(overrides: Partial<TicketRequest> = {}): TicketRequest {
  return {
    requestKey: 'confirm:teams:conv-1:activity-42',
    customerId: IDS.contoso.id,
    customerTenantId: IDS.contoso.tenant,
    title: 'Refund of reservation contoso-web-d2s',
    description: 'Reservation e1…f1, order b1…e1. Customer Contoso Ltd. Quote csp-2020: credit 5835.62 EUR, fee 700.27 EUR.',
    severity: 'minimal',
    contact: {
      firstName: 'Ava',
      lastName: 'Lindqvist',
      email: 'ava.lindqvist@northbeamcloud.onmicrosoft.com',
      preferredContactMethod: 'email',
      timeZone: 'W. Europe Standard Time',
      country: 'SWE',
      language: 'en-us',
    },
    serviceId: BILLING_SERVICE_ID,
    problemClassification: EXPECTED_CLASSIFICATION,
    ...overrides,
  };
}

describe('azure provider: Support API (2024-04-01)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.dispose());

  describe('problem classification', () => {
    it('finds "Reservation Management / Exchanges and Refunds" under Billing by display name, case-insensitively, across pages', async () => {
      h.world.state.armPageSize = 2;
      assert.equal(await h.provider.supportDesk.problemClassificationId(), EXPECTED_CLASSIFICATION);
      const calls = h.standIn.requestsTo(CLASSIFICATIONS);
      assert.equal(calls.length, 2, 'the match is on the second page');
      assert.equal(calls[0].query['api-version'], '2024-04-01');
      assert.deepEqual(decodeFakeToken(calls[0].headers.authorization), { tenant: PARTNER_TENANT, scope: ARM_SCOPE });
      assert.equal(await h.provider.supportDesk.problemClassificationId(), EXPECTED_CLASSIFICATION);
      assert.equal(h.standIn.requestsTo(CLASSIFICATIONS).length, 2, 'looked up once per process');
    });

    it('says support-classification-not-found when Billing no longer has it, and looks again next time', async () => {
      h.world.state.classifications = h.world.state.classifications.filter((c) => c.name !== 'pc-exchanges-refunds');
      await assert.rejects(h.provider.supportDesk.problemClassificationId(), (e: unknown) => {
        const error = e as { code: string; message: string; details: { seen: string[] } };
        assert.equal(error.code, 'support-classification-not-found');
        assert.match(error.message, /nothing was filed/);
        assert.deepEqual(error.details.seen, ['Reservation Management / Request Invoices', 'Other General Billing Questions']);
        return true;
      });
      h.world.state.classifications.push({ name: 'pc-back', displayName: 'Reservation Management / Exchanges and Refunds' });
      assert.equal(await h.provider.supportDesk.problemClassificationId(), `${CLASSIFICATIONS}/pc-back`);
    });

    it('compares display names as a person reads them', () => {
      assert.ok(sameDisplayName('Reservation Management / Exchanges and Refunds', 'reservation management/exchanges  and refunds'));
      assert.ok(!sameDisplayName('Reservation Management / Exchanges and Refunds', 'Reservation Management / Exchanges'));
    });
  });

  describe('filing', () => {
    it('PUTs a ticket named after the request key, in the customer tenant, with every documented field, then follows 202 to the ticket', async () => {
      const ticket = await h.provider.supportDesk.fileTicket(request());
      const name = ticketNameFor('confirm:teams:conv-1:activity-42');
      assert.match(name, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.equal(ticket.ticketId, name);
      assert.equal(ticket.status, 'open');
      assert.equal(ticket.supportTicketNumber, '260310001000001');
      assert.equal(ticket.createdAt.toISOString(), '2026-03-10T12:00:00.000Z');

      const path = `/providers/Microsoft.Support/supportTickets/${name}`;
      const calls = h.standIn.requests.filter((r) => r.path.startsWith('/providers/Microsoft.Support/supportTickets/') || r.path.includes('operationsStatus'));
      assert.deepEqual(
        calls.map((c) => `${c.method} ${c.path.replace(/ticket-op-\d+/, 'op')}`),
        [
          `GET ${path}`,
          `PUT ${path}`,
          'GET /providers/Microsoft.Support/operationsStatus/op',
          'GET /providers/Microsoft.Support/operationsStatus/op',
          `GET ${path}`,
        ],
      );
      for (const call of calls) {
        assert.equal(call.query['api-version'], '2024-04-01');
        assert.deepEqual(decodeFakeToken(call.headers.authorization), { tenant: IDS.contoso.tenant, scope: ARM_SCOPE }, 'filed on the customer’s behalf');
      }
      const put = calls[1];
      assert.equal(put.headers['content-type'], 'application/json');
      assert.deepEqual(put.body, {
        properties: {
          serviceId: `/providers/Microsoft.Support/services/${BILLING_SERVICE_ID}`,
          problemClassificationId: EXPECTED_CLASSIFICATION,
          title: 'Refund of reservation contoso-web-d2s',
          description: request().description,
          severity: 'minimal',
          advancedDiagnosticConsent: 'No',
          contactDetails: {
            firstName: 'Ava',
            lastName: 'Lindqvist',
            preferredContactMethod: 'email',
            primaryEmailAddress: 'ava.lindqvist@northbeamcloud.onmicrosoft.com',
            preferredTimeZone: 'W. Europe Standard Time',
            country: 'swe',
            preferredSupportLanguage: 'en-us',
          },
        },
      });
      assert.ok(!h.tokenRequests.some((t) => t.scope === PARTNER_CENTER_SCOPE), 'filing needs no Partner Center call');
    });

    it('accepts a bare classification id and a phone contact, and takes a 201 answer as final', async () => {
      h.world.state.ticketCreate = 'sync';
      const ticket = await h.provider.supportDesk.fileTicket(
        request({ problemClassification: 'pc-exchanges-refunds', contact: { ...request().contact, preferredContactMethod: 'phone', phone: '+46 8 123 456' } }),
      );
      const [put] = h.standIn.requestsTo(/supportTickets/, 'PUT');
      const body = put.body as { properties: { problemClassificationId: string; contactDetails: Record<string, string> } };
      assert.equal(body.properties.problemClassificationId, EXPECTED_CLASSIFICATION);
      assert.equal(body.properties.contactDetails.phoneNumber, '+46 8 123 456');
      assert.equal(h.standIn.requestsTo(/operationsStatus/).length, 0);
      assert.equal(ticket.status, 'open');
    });

    it('files once per request key: a repeat reads the ticket back and sends no second PUT', async () => {
      const first = await h.provider.supportDesk.fileTicket(request());
      const again = await h.provider.supportDesk.fileTicket(request());
      assert.deepEqual(again, first);
      assert.equal(h.standIn.requestsTo(/supportTickets/, 'PUT').length, 1);
      const other = await h.provider.supportDesk.fileTicket(request({ requestKey: 'confirm:teams:conv-1:activity-43' }));
      assert.notEqual(other.ticketId, first.ticketId);
      assert.equal(h.world.ticketsOf(IDS.contoso.tenant).length, 2);
    });

    it('counts a 409 (the ticket exists) as success and reads it back', async () => {
      await h.provider.supportDesk.fileTicket(request());
      const name = ticketNameFor(request().requestKey);
      // The pre-check misses the ticket (a stale read), so the PUT meets the existing one.
      h.standIn.script(
        { method: 'GET', path: `/providers/Microsoft.Support/supportTickets/${name}` },
        { status: 404, body: { error: { code: 'ResourceNotFound' } } },
      );
      const ticket = await h.provider.supportDesk.fileTicket(request());
      assert.equal(ticket.ticketId, name);
      assert.equal(h.standIn.requestsTo(/supportTickets/, 'PUT').length, 2);
      assert.equal(h.world.ticketsOf(IDS.contoso.tenant).length, 1, 'still one ticket');
    });

    it('survives a PUT whose answer is lost after Azure created the ticket: the retry meets 409 and reads it back', async () => {
      const name = ticketNameFor(request().requestKey);
      h.standIn.script({ method: 'PUT', path: `/providers/Microsoft.Support/supportTickets/${name}` }, { applyThen: { status: 503 } });
      const ticket = await h.provider.supportDesk.fileTicket(request());
      assert.equal(ticket.ticketId, name);
      assert.equal(h.standIn.requestsTo(/supportTickets/, 'PUT').length, 2);
      assert.equal(h.world.ticketsOf(IDS.contoso.tenant).length, 1);
    });

    it('says it cannot be sure when Azure Support stays unavailable while filing', async () => {
      const name = ticketNameFor(request().requestKey);
      h.standIn.script({ method: 'PUT', path: `/providers/Microsoft.Support/supportTickets/${name}` }, { status: 500 }, { status: 500 }, { status: 500 });
      await assert.rejects(h.provider.supportDesk.fileTicket(request()), (e: unknown) => {
        const error = e as { code: string; message: string };
        assert.equal(error.code, 'azure-support-unavailable');
        assert.equal(
          error.message,
          'Azure Support is not answering, so it is not certain the request reached Microsoft. Trying again is safe: the same request is never filed twice.',
        );
        return true;
      });
    });

    it('refuses an incomplete request before calling anything, naming the fields', async () => {
      await assert.rejects(h.provider.supportDesk.fileTicket(request({ requestKey: '' })), { code: 'invalid-input' });
      await assert.rejects(h.provider.supportDesk.fileTicket(request({ contact: { ...request().contact, email: 'not-an-email' } })), (e: unknown) => {
        assert.match((e as Error).message, /contact\.email/);
        return true;
      });
      await assert.rejects(h.provider.supportDesk.fileTicket(request({ contact: { ...request().contact, preferredContactMethod: 'phone' } })), {
        code: 'invalid-input',
      });
      await assert.rejects(h.provider.supportDesk.fileTicket(request({ contact: { ...request().contact, country: 'Sweden' } })), { code: 'invalid-input' });
      assert.equal(h.standIn.requests.length, 0);
    });

    it('honours AZURE_SUPPORT_DIAGNOSTIC_CONSENT', async () => {
      await h.dispose();
      h = await startHarness({ settings: { advancedDiagnosticConsent: 'yes' } });
      await h.provider.supportDesk.fileTicket(request());
      const [put] = h.standIn.requestsTo(/supportTickets/, 'PUT');
      assert.equal((put.body as { properties: { advancedDiagnosticConsent: string } }).properties.advancedDiagnosticConsent, 'Yes');
    });
  });

  describe('reading a ticket', () => {
    it('reads status from the customer tenant, closed when Azure says Closed, undefined when unknown or in another tenant', async () => {
      const ticket = await h.provider.supportDesk.fileTicket(request());
      h.world.closeTicket(IDS.contoso.tenant, ticket.ticketId);
      const read = await h.provider.supportDesk.getTicket(IDS.contoso.tenant, ticket.ticketId);
      assert.equal(read?.status, 'closed');
      assert.equal(await h.provider.supportDesk.getTicket(IDS.contoso.tenant, 'no-such-ticket'), undefined);
      assert.equal(await h.provider.supportDesk.getTicket(IDS.fabrikam.tenant, ticket.ticketId), undefined);
    });
  });
});
