import { strict as assert } from 'node:assert';
import type { AmountInCurrency } from '../../../src/ports/reservations';
import { IDS } from './standIn/seed';
import { startHarness, type Harness } from './standIn/harness';
import { decodeFakeToken } from './standIn/azureWorld';

const R = IDS.reservations;
const O = IDS.orders;

function shown(amount: AmountInCurrency | undefined): string | undefined {
  return amount ? `${amount.amount.toFixed()} ${amount.currency}` : undefined;
}

describe('azure provider: Microsoft’s own estimates (calculateRefund, calculateExchange)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.dispose());

  describe('calculateRefund as a cross-check', () => {
    it('sends the documented body and surfaces the refund, maxRefundLimit and consumedRefundsTotal', async () => {
      const estimate = await h.provider.reservations.estimateRefund!(IDS.contoso.id, R.contosoVm, 1);
      assert.equal(shown(estimate.refund), '11671.23 EUR');
      assert.equal(shown(estimate.maxRefundLimit), '50000 USD');
      assert.equal(shown(estimate.consumedRefundsTotal), '1250.5 USD');
      assert.deepEqual(estimate.warnings, []);

      const [call] = h.standIn.requestsTo(`/providers/Microsoft.Capacity/reservationOrders/${O.contosoEur}/calculateRefund`);
      assert.equal(call.method, 'POST');
      assert.equal(call.query['api-version'], '2022-11-01');
      assert.equal(call.headers['content-type'], 'application/json');
      assert.equal(decodeFakeToken(call.headers.authorization)?.tenant, IDS.contoso.tenant);
      assert.deepEqual(call.body, {
        id: `/providers/Microsoft.Capacity/reservationOrders/${O.contosoEur}`,
        properties: {
          scope: 'Reservation',
          reservationToReturn: { reservationId: `/providers/Microsoft.Capacity/reservationOrders/${O.contosoEur}/reservations/${R.contosoVm}`, quantity: 1 },
        },
      });
    });

    it('surfaces billingInformation when Azure gives it', async () => {
      const estimate = await h.provider.reservations.estimateRefund!(IDS.northwind.id, R.northwindVm, 1);
      assert.equal(shown(estimate.totalPaid), '480000 JPY');
      assert.equal(shown(estimate.prorated), '150000 JPY');
      assert.equal(shown(estimate.remainingCommitment), '0 JPY');
    });

    it('turns SelfServiceRefundNotSupported into a warning, never an exception', async () => {
      const estimate = await h.provider.reservations.estimateRefund!(IDS.fabrikam.id, R.fabrikamOne, 1);
      assert.equal(estimate.refund, undefined);
      assert.deepEqual(
        estimate.warnings.map((w) => [w.code, w.azureCode]),
        [['azure-policy', 'SelfServiceRefundNotSupported']],
      );
      assert.match(estimate.warnings[0].message, /the support request can still be filed\.$/);
      assert.equal(h.standIn.requestsTo(/calculateRefund$/).length, 1, 'a policy answer is not retried');
    });

    it('turns policyErrors in a 200 answer into warnings next to the figures', async () => {
      const estimate = await h.provider.reservations.estimateRefund!(IDS.fabrikam.id, R.fabrikamTwo, 2);
      assert.equal(shown(estimate.refund), '4800 USD');
      assert.deepEqual(
        estimate.warnings.map((w) => w.azureCode),
        ['RefundLimitExceeded'],
      );
      assert.match(estimate.warnings[0].message, /The refund limit for the billing profile is reached/);
    });

    it('turns an outage into a warning too: the quote stands without Microsoft’s figures', async () => {
      const path = `/providers/Microsoft.Capacity/reservationOrders/${O.contosoEur}/calculateRefund`;
      h.standIn.script({ path }, { status: 500 }, { status: 500 }, { status: 500 });
      const estimate = await h.provider.reservations.estimateRefund!(IDS.contoso.id, R.contosoVm, 1);
      assert.deepEqual(
        estimate.warnings.map((w) => w.code),
        ['azure-reservations-unavailable'],
      );
      assert.equal(h.standIn.requestsTo(path).length, 3);
    });

    it('refuses a quantity that is not a whole number from 1', async () => {
      await assert.rejects(h.provider.reservations.estimateRefund!(IDS.contoso.id, R.contosoVm, 0), { code: 'invalid-input' });
      assert.equal(h.standIn.requests.length, 0);
    });
  });

  describe('calculateExchange (long-running)', () => {
    it('posts the exchange, follows 202 + Azure-AsyncOperation until Succeeded and returns the totals', async () => {
      const [item] = await h.provider.catalog.listReplacements(IDS.contoso.id, R.contosoVm);
      const requestsBefore = h.standIn.requests.length;
      const sleepsBefore = h.sleeps.length;
      const estimate = await h.provider.reservations.estimateExchange!(IDS.contoso.id, R.contosoVm, 1, item.id, 2);
      assert.equal(shown(estimate.purchasesTotal), '3000 EUR');
      assert.equal(shown(estimate.refundsTotal), '11671.23 EUR');
      assert.equal(shown(estimate.netPayable), '-8671.23 EUR');
      assert.equal(shown(estimate.replacementPrice), '3000 EUR', 'reservationsToPurchase[].billingCurrencyTotal');
      assert.deepEqual(estimate.warnings, []);

      const calls = h.standIn.requests.slice(requestsBefore).filter((r) => !r.path.startsWith('/v1/') && !/reservations\/[^/]+$/.test(r.path));
      assert.deepEqual(
        calls.map((c) => `${c.method} ${c.path.replace(/op-\d+/, 'op-N')}`),
        [
          'POST /providers/Microsoft.Capacity/calculateExchange',
          'GET /providers/Microsoft.Capacity/operationResults/op-N',
          'GET /providers/Microsoft.Capacity/operationResults/op-N',
        ],
      );
      assert.deepEqual(calls[0].body, {
        properties: {
          reservationsToPurchase: [
            {
              sku: { name: 'Standard_D4s_v5' },
              location: 'westeurope',
              properties: {
                reservedResourceType: 'VirtualMachines',
                billingScopeId: `/subscriptions/${IDS.subscriptions.contoso}`,
                term: 'P1Y',
                billingPlan: 'Upfront',
                quantity: 2,
                displayName: 'Standard_D4s_v5 (exchange)',
                appliedScopeType: 'Shared',
                renew: false,
              },
            },
          ],
          reservationsToExchange: [
            { reservationId: `/providers/Microsoft.Capacity/reservationOrders/${O.contosoEur}/reservations/${R.contosoVm}`, quantity: 1 },
          ],
        },
      });
      assert.ok(calls.every((c) => c.query['api-version'] === '2022-11-01'));
      assert.deepEqual(h.sleeps.slice(sleepsBefore), [1000, 1000], 'each poll waited the Retry-After the operation asked for');
    });

    it('reports a Failed operation as a warning', async () => {
      h.world.state.exchangeOutcome = 'failed';
      const [item] = await h.provider.catalog.listReplacements(IDS.contoso.id, R.contosoVm);
      const estimate = await h.provider.reservations.estimateExchange!(IDS.contoso.id, R.contosoVm, 1, item.id, 1);
      assert.deepEqual(
        estimate.warnings.map((w) => [w.code, w.azureCode]),
        [['azure-reservations-operation-failed', 'ExchangeNotAllowed']],
      );
      assert.equal(estimate.netPayable, undefined);
    });

    it('gives up polling after the configured number of polls, as a warning', async () => {
      h.world.state.exchangePolls = 1000;
      const [item] = await h.provider.catalog.listReplacements(IDS.contoso.id, R.contosoVm);
      const estimate = await h.provider.reservations.estimateExchange!(IDS.contoso.id, R.contosoVm, 1, item.id, 1);
      assert.deepEqual(
        estimate.warnings.map((w) => w.code),
        ['azure-reservations-unavailable'],
      );
    });

    it('refuses a replacement id from another customer’s catalog', async () => {
      const [item] = await h.provider.catalog.listReplacements(IDS.contoso.id, R.contosoVm);
      await assert.rejects(h.provider.reservations.estimateExchange!(IDS.fabrikam.id, R.fabrikamOne, 1, item.id, 1), { code: 'invalid-input' });
    });
  });
});
