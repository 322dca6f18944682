import { strict as assert } from 'node:assert';
import { Decimal } from '../../../src/domain/money';
import { DeskError } from '../../../src/errors';
import type { Reservation } from '../../../src/ports/reservations';
import { AzureHttpClient } from '../../../src/providers/azure/http/client';
import { ArmReservationsClient } from '../../../src/providers/azure/reservationsArm';
import { ARM_SCOPE, decodeFakeToken, encodeFakeToken } from './standIn/azureWorld';
import { IDS } from './standIn/seed';
import { startHarness, type Harness } from './standIn/harness';

const R = IDS.reservations;
const O = IDS.orders;

function byId(list: Reservation[], id: string): Reservation {
  const found = list.find((r) => r.reservationId === id);
  assert.ok(found, `reservation ${id} is listed`);
  return found;
}

function money(value: Decimal): string {
  return value.toFixed();
}

describe('azure provider: Resource Manager reservations (2022-11-01)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.dispose());

  it('reads each order (with $expand=schedule), its reservations and the tenant’s ListAll (for usage) in the customer tenant, with api-version 2022-11-01', async () => {
    await h.provider.reservations.listReservations(IDS.contoso.id);
    const armCalls = h.standIn.requests.filter((r) => r.path.startsWith('/providers/Microsoft.Capacity/'));
    assert.deepEqual(
      armCalls.map((c) => `${c.method} ${c.path}`).sort(),
      [
        `GET /providers/Microsoft.Capacity/reservationOrders/${O.contosoEur}`,
        `GET /providers/Microsoft.Capacity/reservationOrders/${O.contosoEur}/reservations`,
        `GET /providers/Microsoft.Capacity/reservationOrders/${O.contosoGbp}`,
        `GET /providers/Microsoft.Capacity/reservationOrders/${O.contosoGbp}/reservations`,
        'GET /providers/Microsoft.Capacity/reservations',
      ].sort(),
    );
    for (const call of armCalls) {
      assert.equal(call.query['api-version'], '2022-11-01');
      assert.deepEqual(decodeFakeToken(call.headers.authorization), { tenant: IDS.contoso.tenant, scope: ARM_SCOPE }, 'the customer tenant is the authority');
    }
    const orderCall = armCalls.find((c) => c.path.endsWith(O.contosoEur));
    assert.equal(orderCall?.query.$expand, 'schedule');
  });

  it('maps an Upfront EUR reservation: dates, utilization 1/7/30, scope, portal link, money in Decimal', async () => {
    const vm = byId(await h.provider.reservations.listReservations(IDS.contoso.id), R.contosoVm);
    assert.equal(vm.customerId, IDS.contoso.id);
    assert.equal(vm.reservationOrderId, O.contosoEur);
    assert.equal(vm.displayName, 'contoso-web-d2s');
    assert.equal(vm.sku, 'Standard_D2s_v5');
    assert.equal(vm.region, 'westeurope');
    assert.equal(vm.quantity, 2);
    assert.equal(vm.term, 'P1Y');
    assert.equal(vm.billingPlan, 'Upfront');
    assert.equal(vm.benefitStart.toISOString(), '2026-03-01T08:00:00.000Z');
    assert.equal(vm.expiry.toISOString(), '2027-03-01T00:00:00.000Z', 'the by-order list gives expiryDate, a day');
    assert.equal(vm.scope, 'Shared');
    assert.deepEqual(vm.utilization, { day1: '0', day7: '12.5', day30: '40.25' }, 'from Reservation_ListAll');
    assert.equal(vm.usageReported, true);
    assert.equal(vm.usageSeen, true);
    assert.equal(vm.currency, 'EUR');
    assert.ok(vm.totalCommitment instanceof Decimal);
    assert.equal(money(vm.totalCommitment), '12000');
    assert.equal(money(vm.paidToDate), '12000');
    assert.equal(money(vm.usdRate), '1.08', 'EUR has no rate in Azure’s payments, so AZURE_USD_RATES supplies it');
    assert.equal(vm.reservedResourceType, 'VirtualMachines');
    assert.equal(vm.state, 'Succeeded');
    assert.equal(vm.returnedQuantity, 0);
    assert.equal(
      vm.portalUrl,
      `https://portal.azure.com/#@contoso.onmicrosoft.com/resource/providers/Microsoft.Capacity/reservationOrders/${O.contosoEur}/reservations/${R.contosoVm}/overview`,
    );
  });

  it('maps Azure’s renew property (on, off) and leaves renewal unknown when Azure does not state it', async () => {
    const world = h.world.state.reservations;
    world.get(R.contosoVm)!.properties.renew = true;
    const listed = await h.provider.reservations.listReservations(IDS.contoso.id);
    assert.equal(byId(listed, R.contosoVm).renew, true);
    const other = listed.find((r) => r.reservationId !== R.contosoVm)!;
    assert.equal(other.renew, false, 'the stand-in seeds renew: false');
    assert.equal((await h.provider.reservations.getReservation(IDS.contoso.id, R.contosoVm))?.renew, true, 'the single read maps it too');
    delete world.get(other.reservationId)!.properties.renew;
    assert.equal(byId(await h.provider.reservations.listReservations(IDS.contoso.id), other.reservationId).renew, undefined);
  });

  it('maps a Monthly order priced in USD and billed in GBP: total converted at the rate of the payments, only succeeded payments paid', async () => {
    const sql = byId(await h.provider.reservations.listReservations(IDS.contoso.id), R.contosoSql);
    assert.equal(sql.billingPlan, 'Monthly');
    assert.equal(sql.term, 'P3Y');
    assert.equal(sql.currency, 'GBP');
    // 3 succeeded payments of USD 100 / GBP 80 (the failed and the scheduled one do not count): 3600 × 240/300.
    assert.equal(money(sql.totalCommitment), '2880');
    assert.equal(money(sql.paidToDate), '240');
    assert.equal(money(sql.usdRate), '1.25', 'USD 300 paid as GBP 240');
    assert.deepEqual(sql.utilization, { day1: '0', day7: '0', day30: '0' });
    assert.equal(sql.usageSeen, false, 'every figure is zero');
  });

  it('shares a split order by quantity and leaves out the Cancelled split source', async () => {
    const list = await h.provider.reservations.listReservations(IDS.fabrikam.id);
    assert.deepEqual(list.map((r) => r.reservationId).sort(), [R.fabrikamOne, R.fabrikamTwo].sort());
    assert.equal(money(byId(list, R.fabrikamOne).totalCommitment), '3000');
    assert.equal(money(byId(list, R.fabrikamTwo).totalCommitment), '6000');
    assert.equal(money(byId(list, R.fabrikamOne).usdRate), '1');
    assert.equal(byId(list, R.fabrikamOne).usageReported, false, 'ListAll shows no utilization for it yet');
    assert.equal(byId(list, R.fabrikamOne).usageSeen, true, 'no utilization figures yet: counted as usage, never over-promising');
  });

  it('prices an order without a payment plan from calculateRefund’s billing information', async () => {
    const [vm] = await h.provider.reservations.listReservations(IDS.northwind.id);
    assert.equal(vm.reservationId, R.northwindVm);
    assert.equal(vm.currency, 'JPY');
    assert.equal(money(vm.totalCommitment), '480000');
    assert.equal(money(vm.usdRate), '0.0067');
    const [refund] = h.standIn.requestsTo(`/providers/Microsoft.Capacity/reservationOrders/${O.northwindJpy}/calculateRefund`);
    assert.equal(refund.method, 'POST');
  });

  it('lists a reservation Azure gives no figures for (no payment plan, calculateRefund refused) with the reason, never with amounts', async () => {
    h.standIn.script(
      { path: `/providers/Microsoft.Capacity/reservationOrders/${O.northwindJpy}/calculateRefund` },
      { status: 400, body: { error: { code: 'BadRequest', message: 'not available' } } },
    );
    const [vm] = await h.provider.reservations.listReservations(IDS.northwind.id);
    assert.equal(vm.reservationId, R.northwindVm);
    assert.equal(vm.figuresProblem, 'Azure shows no payment plan or refund figures for it');
    assert.ok(vm.totalCommitment.isZero() && vm.paidToDate.isZero(), 'no guessed amounts');
  });

  it('leaves out (and logs) a reservation it cannot price; getReservation says reservation-price-unknown', async () => {
    assert.deepEqual(await h.provider.reservations.listReservations(IDS.adatum.id), []);
    assert.ok(h.logs.some((l) => l.event === 'azure-reservation-skipped' && String(l.reason).includes('no USD rate for CHF')));
    await assert.rejects(
      h.provider.reservations.getReservation(IDS.adatum.id, R.adatumVm),
      (e: unknown) => e instanceof DeskError && e.code === 'reservation-price-unknown',
    );
  });

  it('leaves out a reservation with a term the bot cannot quote; getReservation calls it a malformed answer', async () => {
    h.world.state.reservations.get(R.fabrikamOne)!.properties.term = 'P2Y';
    const list = await h.provider.reservations.listReservations(IDS.fabrikam.id);
    assert.deepEqual(
      list.map((r) => r.reservationId),
      [R.fabrikamTwo],
    );
    assert.ok(h.logs.some((l) => l.event === 'azure-reservation-skipped' && String(l.reason) === 'unsupported term P2Y'));
    await assert.rejects(h.provider.reservations.getReservation(IDS.fabrikam.id, R.fabrikamOne), (e: unknown) => {
      assert.ok(e instanceof DeskError);
      assert.equal(e.code, 'azure-reservations-malformed-answer');
      assert.match(String(e.details.problem), /unsupported term P2Y/);
      return true;
    });
  });

  it('lists newest benefit start first', async () => {
    const list = await h.provider.reservations.listReservations(IDS.contoso.id);
    assert.deepEqual(
      list.map((r) => r.reservationId),
      [R.contosoVm, R.contosoSql],
    );
  });

  it('follows nextLink over three pages, keeping api-version and the tenant', async () => {
    h.world.state.armPageSize = 1;
    const list = await h.provider.reservations.listReservations(IDS.fabrikam.id);
    assert.equal(list.length, 2);
    const pages = h.standIn.requestsTo(`/providers/Microsoft.Capacity/reservationOrders/${O.fabrikamUsd}/reservations`);
    assert.equal(pages.length, 3);
    assert.deepEqual(
      pages.map((p) => p.query.$skiptoken),
      [undefined, '1', '2'],
    );
    for (const page of pages) {
      assert.equal(page.query['api-version'], '2022-11-01');
      assert.equal(decodeFakeToken(page.headers.authorization)?.tenant, IDS.fabrikam.tenant);
    }
  });

  it('gets one reservation by id (GET .../reservationOrders/{o}/reservations/{r}) exactly as listed', async () => {
    const listed = byId(await h.provider.reservations.listReservations(IDS.fabrikam.id), R.fabrikamTwo);
    const got = await h.provider.reservations.getReservation(IDS.fabrikam.id, R.fabrikamTwo);
    assert.deepEqual(got, listed);
    const [call] = h.standIn.requestsTo(`/providers/Microsoft.Capacity/reservationOrders/${O.fabrikamUsd}/reservations/${R.fabrikamTwo}`);
    assert.equal(call.query['api-version'], '2022-11-01');
  });

  it('never reads a reservation the customer does not hold, and says not-found for an unknown customer', async () => {
    assert.equal(await h.provider.reservations.getReservation(IDS.woodgrove.id, R.contosoVm), undefined);
    assert.equal(h.standIn.requestsTo(/\/reservations\//).length, 0, 'Woodgrove holds nothing, so Azure is not even asked');
    assert.equal(await h.provider.reservations.getReservation(IDS.contoso.id, R.fabrikamOne), undefined);
    await assert.rejects(
      h.provider.reservations.listReservations('00000000-0000-4000-8000-00000000dead'),
      (e: unknown) => e instanceof DeskError && e.code === 'not-found',
    );
  });

  it('lists reservation orders (GET /providers/Microsoft.Capacity/reservationOrders) over nextLink pages', async () => {
    // The provider finds orders through Partner Center entitlements; the order listing is the client's own.
    h.world.state.orders.get(O.fabrikamUsd)!.tenantId = IDS.contoso.tenant;
    h.world.state.armPageSize = 1;
    const http = new AzureHttpClient(
      {
        fetch,
        sleep: async () => undefined,
        random: () => 0.5,
        now: () => Date.now(),
        credentialFor: (tenant) => ({ getToken: async (scope) => ({ token: encodeFakeToken({ tenant, scope: String(scope) }), expiresOnTimestamp: 0 }) }),
      },
      { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 100, timeoutMs: 2000 },
      [h.standIn.url],
    );
    const arm = new ArmReservationsClient(http, {
      baseUrl: h.standIn.url,
      scope: ARM_SCOPE,
      polling: { sleep: async () => undefined, now: () => 0, pollIntervalMs: 1, maxPolls: 3 },
    });
    const orders = await arm.listOrders(IDS.contoso.tenant);
    assert.deepEqual(orders.map((o) => o.name).sort(), [O.contosoEur, O.contosoGbp, O.fabrikamUsd].sort());
    assert.equal(h.standIn.requestsTo('/providers/Microsoft.Capacity/reservationOrders').length, 3);
  });
});
