import { strict as assert } from 'node:assert';
import type { Reservation } from '../../../src/ports/reservations';
import type { WorldReservation } from './standIn/azureWorld';
import { IDS } from './standIn/seed';
import { startHarness, type Harness } from './standIn/harness';

const R = IDS.reservations;
const O = IDS.orders;
const LIST_ALL = '/providers/Microsoft.Capacity/reservations';

function byId(list: Reservation[], id: string): Reservation {
  const found = list.find((r) => r.reservationId === id);
  assert.ok(found, `reservation ${id} is listed`);
  return found;
}

/** A reservation made by a split or merge inside an existing order (Azure gives it a new id in the same order). */
function derived(h: Harness, from: string, id: string, quantity: number, displayName: string, madeBy: 'split' | 'merge' = 'split'): WorldReservation {
  const source = h.world.state.reservations.get(from)!;
  const made: WorldReservation = { ...source, id, madeBy, properties: { ...source.properties, quantity, displayName } };
  h.world.state.reservations.set(id, made);
  h.world.state.orders.get(source.orderId)!.reservationIds.push(id);
  return made;
}

function supersede(h: Harness, id: string, statusCode: 'Split' | 'Merged'): void {
  const r = h.world.state.reservations.get(id)!;
  r.properties.provisioningState = 'Cancelled';
  r.properties.extendedStatusInfo = { statusCode, message: `This reservation was ${statusCode.toLowerCase()} and is no longer active.` };
}

describe('azure provider: usage, ownership by order and figures checked before quoting', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.dispose());

  describe('usage since purchase (Reservation_ListAll, GetReservations.json)', () => {
    it('takes utilization from one ListAll read per listing, in the customer tenant; the by-order list carries none', async () => {
      const list = await h.provider.reservations.listReservations(IDS.contoso.id);
      assert.deepEqual(byId(list, R.contosoVm).utilization, { day1: '0', day7: '12.5', day30: '40.25' });
      const calls = h.standIn.requestsTo(LIST_ALL, 'GET');
      assert.equal(calls.length, 1);
      assert.deepEqual(calls[0].query, { 'api-version': '2022-11-01' });
    });

    it('narrows ListAll to the reservation for a single read (its $filter cannot name an id) and matches the id', async () => {
      const got = await h.provider.reservations.getReservation(IDS.fabrikam.id, R.fabrikamTwo);
      assert.deepEqual(got?.utilization, { day30: '88' });
      assert.equal(got?.usageReported, true);
      const [call] = h.standIn.requestsTo(LIST_ALL, 'GET');
      assert.equal(call.query.$filter, "properties/displayName eq 'fabrikam-e4s-b' and properties/reservedResourceType eq 'VirtualMachines'");
    });

    it('quotes a display name with an apostrophe as OData wants it', async () => {
      h.world.state.reservations.get(R.fabrikamTwo)!.properties.displayName = "o'brien's vm";
      const got = await h.provider.reservations.getReservation(IDS.fabrikam.id, R.fabrikamTwo);
      assert.equal(got?.usageReported, true, 'the stand-in unquoted it and found the reservation');
      assert.equal(
        h.standIn.requestsTo(LIST_ALL)[0].query.$filter,
        "properties/displayName eq 'o''brien''s vm' and properties/reservedResourceType eq 'VirtualMachines'",
      );
    });

    it('says usage is not reported when ListAll shows no figures, and counts it as usage', async () => {
      const one = byId(await h.provider.reservations.listReservations(IDS.fabrikam.id), R.fabrikamOne);
      assert.deepEqual(one.utilization, {});
      assert.equal(one.usageReported, false);
      assert.equal(one.usageSeen, true);
    });

    it('drops a utilization figure that cannot be a percentage, logging it, rather than counting it as usage', async () => {
      h.world.state.reservations.get(R.contosoVm)!.utilization = {
        trend: 'UP',
        aggregates: [
          { grain: 1, grainUnit: 'days', value: -5, valueUnit: 'percentage' },
          { grain: 7, grainUnit: 'days', value: 150, valueUnit: 'percentage' },
        ],
      };
      const vm = byId(await h.provider.reservations.listReservations(IDS.contoso.id), R.contosoVm);
      assert.deepEqual(vm.utilization, {});
      assert.equal(vm.usageReported, false);
      assert.ok(h.logs.some((l) => l.event === 'azure-usage-contradictory' && JSON.stringify(l.values) === '[-5,150]'));
    });

    it('keeps listing when ListAll fails: usage not reported (logged), figures still from the order', async () => {
      h.standIn.script({ method: 'GET', path: LIST_ALL }, { status: 403, body: { error: { code: 'AuthorizationFailed', message: 'no access' } } });
      const vm = byId(await h.provider.reservations.listReservations(IDS.contoso.id), R.contosoVm);
      assert.equal(vm.usageReported, false);
      assert.equal(vm.usageSeen, true);
      assert.equal(vm.totalCommitment.toFixed(), '12000');
      assert.ok(h.logs.some((l) => l.event === 'azure-usage-unavailable' && l.code === 'azure-reservations-forbidden'));
    });
  });

  describe('ownership by order (SplitReservation.json, MergeReservations.json, GetReservationsFromOrder.json)', () => {
    const splitA = 'e2000000-0000-4000-8000-0000000000a1';
    const splitB = 'e2000000-0000-4000-8000-0000000000a2';

    it('lists the reservations a split makes inside the customer’s order and hides the Split original', async () => {
      derived(h, R.fabrikamTwo, splitA, 1, 'fabrikam-e4s-b-1');
      derived(h, R.fabrikamTwo, splitB, 1, 'fabrikam-e4s-b-2');
      supersede(h, R.fabrikamTwo, 'Split');
      const list = await h.provider.reservations.listReservations(IDS.fabrikam.id);
      assert.deepEqual(list.map((r) => r.reservationId).sort(), [R.fabrikamOne, splitA, splitB].sort());
      assert.equal((await h.provider.reservations.getReservation(IDS.fabrikam.id, splitB))?.displayName, 'fabrikam-e4s-b-2');
      assert.equal(await h.provider.reservations.getReservation(IDS.fabrikam.id, R.fabrikamTwo), undefined, 'a Split original cannot be picked by id either');
    });

    it('lists the result of a merge and hides the Merged originals', async () => {
      derived(h, R.fabrikamOne, splitA, 3, 'fabrikam-e4s-merged', 'merge');
      supersede(h, R.fabrikamOne, 'Merged');
      supersede(h, R.fabrikamTwo, 'Merged');
      const list = await h.provider.reservations.listReservations(IDS.fabrikam.id);
      assert.deepEqual(
        list.map((r) => r.reservationId),
        [splitA],
      );
    });

    it('sends an id from another customer’s order nowhere, bare or as a full ARM id', async () => {
      derived(h, R.fabrikamTwo, splitA, 1, 'fabrikam-new');
      assert.equal(await h.provider.reservations.getReservation(IDS.contoso.id, splitA), undefined);
      const fullId = `/providers/Microsoft.Capacity/reservationOrders/${O.fabrikamUsd}/reservations/${splitA}`;
      assert.equal(await h.provider.reservations.getReservation(IDS.contoso.id, fullId), undefined);
      assert.equal(h.standIn.requestsTo(new RegExp(O.fabrikamUsd)).length, 0, 'Fabrikam’s order was never read for Contoso');
      await assert.rejects(h.provider.catalog.listReplacements(IDS.contoso.id, splitA), { code: 'not-found' });
    });
  });

  describe('figures checked before quoting', () => {
    const gbpPlan = () =>
      h.world.state.orders.get(O.contosoGbp)!.planInformation as {
        pricingCurrencyTotal: Record<string, unknown>;
        transactions: Array<Record<string, unknown>>;
      };

    async function problemOf(id: string): Promise<string | undefined> {
      const listed = byId(await h.provider.reservations.listReservations(IDS.contoso.id), id);
      const got = await h.provider.reservations.getReservation(IDS.contoso.id, id);
      assert.equal(got?.figuresProblem, listed.figuresProblem, 'a single read says the same');
      if (listed.figuresProblem) {
        assert.equal(listed.totalCommitment.toFixed(), '0', 'no amount is passed on as if it were true');
        assert.equal(listed.paidToDate.toFixed(), '0');
        assert.ok(h.logs.some((l) => l.event === 'azure-figures-inconsistent' && l.reason === listed.figuresProblem));
      }
      return listed.figuresProblem;
    }

    it('names succeeded payments above the order total (the 599.14 against 199.71 case)', async () => {
      const plan = gbpPlan();
      plan.pricingCurrencyTotal = { currencyCode: 'USD', amount: 199.71 };
      for (const t of plan.transactions.filter((t) => t.status === 'Succeeded')) t.pricingCurrencyTotal = { currencyCode: 'USD', amount: 199.71 };
      assert.equal(await problemOf(R.contosoSql), 'the succeeded payments (599.13 USD) exceed the order total (199.71 USD)');
    });

    it('allows a minor unit per instalment of rounding, not more', async () => {
      const plan = gbpPlan();
      plan.pricingCurrencyTotal = { currencyCode: 'USD', amount: 299.98 };
      assert.equal(await problemOf(R.contosoSql), undefined, 'three payments of 100.00 pass 299.98 by 0.02, within 3 × 0.01');
      plan.pricingCurrencyTotal = { currencyCode: 'USD', amount: 299.96 };
      assert.match(String(await problemOf(R.contosoSql)), /exceed the order total/);
    });

    it('names a negative amount, a missing amount and an amount that is not a number', async () => {
      gbpPlan().pricingCurrencyTotal = { currencyCode: 'USD', amount: -3600 };
      assert.equal(await problemOf(R.contosoSql), 'the order total is negative (-3600 USD)');
      gbpPlan().pricingCurrencyTotal = { currencyCode: 'USD', amount: 3600 };
      gbpPlan().transactions[0].billingCurrencyTotal = null;
      assert.equal(await problemOf(R.contosoSql), 'the payment of 2025-06-15 (billed amount) is missing');
      gbpPlan().transactions[0].billingCurrencyTotal = { currencyCode: 'GBP', amount: '80' };
      assert.equal(await problemOf(R.contosoSql), 'the payment of 2025-06-15 (billed amount) is not a number ("80")');
    });

    it('names currencies that disagree between the order and its payments, or among the payments', async () => {
      gbpPlan().transactions[1].pricingCurrencyTotal = { currencyCode: 'EUR', amount: 100 };
      assert.equal(await problemOf(R.contosoSql), 'the order is priced in USD but the payment of 2025-07-15 in EUR');
      gbpPlan().transactions[1].pricingCurrencyTotal = { currencyCode: 'USD', amount: 100 };
      gbpPlan().transactions[1].billingCurrencyTotal = { currencyCode: 'EUR', amount: 80 };
      assert.equal(await problemOf(R.contosoSql), "the order's payments are billed in both GBP and EUR");
    });

    it('names an expiry before the benefit start', async () => {
      const vm = h.world.state.reservations.get(R.contosoVm)!;
      vm.properties.expiryDate = '2025-03-01';
      vm.properties.expiryDateTime = '2025-03-01T08:00:00Z';
      assert.equal(await problemOf(R.contosoVm), 'it expires (2025-03-01) before its benefit starts (2026-03-01)');
    });

    it('gives the same expiry in lists (a date) and single reads (a date-time)', async () => {
      for (const listed of await h.provider.reservations.listReservations(IDS.contoso.id)) {
        const got = await h.provider.reservations.getReservation(IDS.contoso.id, listed.reservationId);
        assert.equal(got?.expiry.toISOString(), listed.expiry.toISOString());
        assert.equal(listed.expiry.toISOString().slice(11), '00:00:00.000Z');
      }
    });
  });
});
