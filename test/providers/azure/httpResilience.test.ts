import { strict as assert } from 'node:assert';
import { DeskError } from '../../../src/errors';
import { AzureForbiddenError, AzureMalformedAnswerError, AzureThrottledError, AzureUnavailableError } from '../../../src/providers/azure';
import { backoffMs, retryAfterMs } from '../../../src/providers/azure/http/retryPolicy';
import { IDS, PARTNER_TENANT } from './standIn/seed';
import { startHarness, type Harness } from './standIn/harness';

async function rejectsWith<T extends DeskError>(promise: Promise<unknown>, type: new (...args: never[]) => T, code: string): Promise<T> {
  let caught: unknown;
  await assert.rejects(promise, (error: unknown) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof type, `expected ${type.name}, got ${String(caught)}`);
  assert.equal((caught as T).code, code);
  return caught as T;
}

const CUSTOMERS = '/v1/customers';
const CUSTOMER = `/v1/customers/${IDS.contoso.id}`;

describe('azure provider: the HTTP layer', () => {
  let h: Harness;
  afterEach(async () => h?.dispose());

  describe('with the default harness (3 attempts, 100 ms base delay, fixed jitter)', () => {
    beforeEach(async () => {
      h = await startHarness();
    });

    it('waits what Retry-After asks after a 429, then succeeds with the same MS-RequestId', async () => {
      h.standIn.script({ path: CUSTOMER }, { status: 429, headers: { 'Retry-After': '2' }, body: { code: 429, description: 'Too many requests' } });
      const customer = await h.provider.directory.getCustomer(IDS.contoso.id);
      assert.equal(customer?.name, 'Contoso Ltd');
      assert.deepEqual(h.sleeps, [2000]);
      const calls = h.standIn.requestsTo(CUSTOMER);
      assert.equal(calls.length, 2);
      assert.equal(calls[0].headers['ms-requestid'], calls[1].headers['ms-requestid'], 'a retry of one call keeps its MS-RequestId');
      assert.equal(calls[0].headers['x-ms-client-request-id'], calls[1].headers['x-ms-client-request-id']);
    });

    it('reads Retry-After as an HTTP date and retry-after-ms as milliseconds', async () => {
      const now = Date.parse('2026-03-10T12:00:00Z');
      assert.equal(retryAfterMs(new Headers({ 'Retry-After': 'Tue, 10 Mar 2026 12:00:03 GMT' }), now), 3000);
      assert.equal(retryAfterMs(new Headers({ 'retry-after-ms': '250', 'Retry-After': '9' }), now), 250);
      assert.equal(retryAfterMs(new Headers({ 'x-ms-retry-after-ms': '40' }), now), 40);
      assert.equal(retryAfterMs(new Headers({ 'Retry-After': 'soon' }), now), undefined);
      assert.equal(retryAfterMs(new Headers(), now), undefined);
    });

    it('backs off exponentially with jitter between half and all of the delay, capped', () => {
      const limits = { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 1000 };
      assert.deepEqual(
        [1, 2, 3, 4, 5].map((a) => backoffMs(a, limits, () => 0)),
        [50, 100, 200, 400, 500],
      );
      assert.deepEqual(
        [1, 2, 3, 4, 5].map((a) => backoffMs(a, limits, () => 0.999999)),
        [100, 200, 400, 800, 1000],
      );
    });

    it('turns a 500 that persists through every attempt into partner-center-unavailable', async () => {
      h.standIn.script({ path: CUSTOMER }, { status: 500 }, { status: 502 }, { status: 503 });
      const error = await rejectsWith(h.provider.directory.getCustomer(IDS.contoso.id), AzureUnavailableError, 'partner-center-unavailable');
      assert.equal(error.message, 'Partner Center is not answering; nothing was filed. Try again in a few minutes.');
      assert.equal(error.details.attempts, 3);
      assert.equal(h.standIn.requestsTo(CUSTOMER).length, 3, 'max attempts, then no more');
      assert.deepEqual(h.sleeps, [75, 150], 'exponential backoff with the harness jitter (0.5): 0.75 × 100, 0.75 × 200');
    });

    it('recovers from a 5xx and a dropped connection within the attempts', async () => {
      h.standIn.script({ path: CUSTOMER }, { status: 503 }, { drop: true });
      assert.equal((await h.provider.directory.getCustomer(IDS.contoso.id))?.name, 'Contoso Ltd');
      assert.equal(h.standIn.requestsTo(CUSTOMER).length, 3);
    });

    it('turns 429 after max attempts into partner-center-throttled', async () => {
      const throttled = { status: 429, headers: { 'Retry-After': '1' } };
      h.standIn.script({ path: CUSTOMER }, throttled, throttled, throttled);
      const error = await rejectsWith(h.provider.directory.getCustomer(IDS.contoso.id), AzureThrottledError, 'partner-center-throttled');
      assert.match(error.message, /^Partner Center is asking the bot to slow down/);
      assert.deepEqual(h.sleeps, [1000, 1000]);
    });

    it('fails at once when Retry-After asks for longer than the bot will keep an agent waiting', async () => {
      h.standIn.script({ path: CUSTOMER }, { status: 429, headers: { 'Retry-After': '600' } });
      const error = await rejectsWith(h.provider.directory.getCustomer(IDS.contoso.id), AzureThrottledError, 'partner-center-throttled');
      assert.equal(error.details.retryAfterMs, 600_000);
      assert.match(error.message, /Try again in 10 minutes\.$/);
      assert.equal(h.standIn.requestsTo(CUSTOMER).length, 1);
      assert.deepEqual(h.sleeps, []);
    });

    it('turns an answer that is not JSON into partner-center-malformed-answer without retrying', async () => {
      h.standIn.script({ path: CUSTOMER }, { status: 200, body: '{"id": "a1", "companyProfile": {' });
      const error = await rejectsWith(h.provider.directory.getCustomer(IDS.contoso.id), AzureMalformedAnswerError, 'partner-center-malformed-answer');
      assert.equal(error.details.problem, 'the answer is not JSON');
      assert.equal(h.standIn.requestsTo(CUSTOMER).length, 1);
    });

    it('turns JSON of the wrong shape into a malformed answer naming the field', async () => {
      h.standIn.script({ path: CUSTOMERS }, { status: 200, body: { totalCount: 1, items: [{ companyProfile: { companyName: 'No id' } }] } });
      const error = await rejectsWith(h.provider.directory.searchCustomers('', 0, 10), AzureMalformedAnswerError, 'partner-center-malformed-answer');
      assert.match(String(error.details.problem), /^items\.0\.id: /);
    });

    it('maps 401 and 403 to forbidden, and a credential that cannot get a token too, without calling out', async () => {
      h.standIn.script({ path: CUSTOMER }, { status: 401, body: { error: { code: 'InvalidAuthenticationToken', message: 'expired' } } });
      const unauthorized = await rejectsWith(h.provider.directory.getCustomer(IDS.contoso.id), AzureForbiddenError, 'partner-center-forbidden');
      assert.equal(unauthorized.azureCode, 'InvalidAuthenticationToken');
      h.standIn.script({ path: CUSTOMER }, { status: 403, body: { code: 600003, description: 'Forbidden', errorName: 'Forbidden' } });
      await rejectsWith(h.provider.directory.getCustomer(IDS.contoso.id), AzureForbiddenError, 'partner-center-forbidden');
      assert.equal(h.sleeps.length, 0, 'auth failures are not retried');
    });

    it('refuses to follow a nextLink to another host (it would receive the bearer token)', async () => {
      h.standIn.script(
        { path: `/providers/Microsoft.Capacity/reservationOrders/${IDS.orders.fabrikamUsd}/reservations` },
        { status: 200, body: { value: [], nextLink: 'https://attacker.example.net/steal?api-version=2022-11-01' } },
      );
      const error = await rejectsWith(
        h.provider.reservations.listReservations(IDS.fabrikam.id),
        AzureMalformedAnswerError,
        'azure-reservations-malformed-answer',
      );
      assert.match(String(error.details.problem), /^refused to call https:\/\/attacker\.example\.net/);
    });

    it('never follows a redirect (it would carry the bearer token along)', async () => {
      h.standIn.script({ path: CUSTOMER }, { status: 302, headers: { Location: 'https://attacker.example.net/v1/customers' } });
      const error = await rejectsWith(h.provider.directory.getCustomer(IDS.contoso.id), AzureMalformedAnswerError, 'partner-center-malformed-answer');
      assert.equal(error.details.problem, 'redirected (HTTP 302); redirects are not followed');
      assert.equal(h.standIn.requestsTo(CUSTOMER).length, 1);
    });

    it('stops a nextLink that points back at an earlier page', async () => {
      h.world.state.armPageSize = 1;
      const path = `/providers/Microsoft.Capacity/reservationOrders/${IDS.orders.fabrikamUsd}/reservations`;
      h.standIn.script({ path }, { status: 200, body: { value: [], nextLink: `${h.standIn.url}${path}?api-version=2022-11-01` } });
      const error = await rejectsWith(
        h.provider.reservations.listReservations(IDS.fabrikam.id),
        AzureMalformedAnswerError,
        'azure-reservations-malformed-answer',
      );
      assert.equal(error.details.problem, 'nextLink repeats an earlier page');
    });
  });

  it('times out a call that never answers, retries it, and reports partner-center-unavailable', async () => {
    // Long enough for an answer on a busy machine; the hanging attempts never answer anyway.
    h = await startHarness({ tuning: { timeoutMs: 500, maxAttempts: 2 } });
    h.standIn.script({ path: CUSTOMER }, { hang: true }, { hang: true });
    const error = await rejectsWith(h.provider.directory.getCustomer(IDS.contoso.id), AzureUnavailableError, 'partner-center-unavailable');
    assert.equal(error.details.reason, 'no answer within 500 ms');
    // The client may give up on its second attempt before the stand-in has counted it: wait for the count to settle.
    for (let waited = 0; h.standIn.requestsTo(CUSTOMER).length < 2 && waited < 2000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(h.standIn.requestsTo(CUSTOMER).length, 2);
  });

  it('gets over one timeout when the next attempt answers', async () => {
    h = await startHarness({ tuning: { timeoutMs: 500, maxAttempts: 2 } });
    h.standIn.script({ path: CUSTOMER }, { hang: true });
    assert.equal((await h.provider.directory.getCustomer(IDS.contoso.id))?.name, 'Contoso Ltd');
  });

  it('reports a credential failure as forbidden and sends nothing', async () => {
    h = await startHarness({ failingTenants: [PARTNER_TENANT] });
    const error = await rejectsWith(h.provider.directory.getCustomer(IDS.contoso.id), AzureForbiddenError, 'partner-center-forbidden');
    assert.match(String(error.details.reason), /AADSTS7000215/);
    assert.equal(h.standIn.requests.length, 0);
  });
});
