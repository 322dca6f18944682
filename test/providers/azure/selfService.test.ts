import { strict as assert } from 'node:assert';
import { createLogger } from '../../../src/log';
import type { RefundQuoteJson } from '../../../src/domain/quoteContract';
import type { NewRequest } from '../../../src/ports/requestStore';
import { SelfServiceRefusedError, type ExchangeOrder, type ReturnOrder } from '../../../src/ports/selfService';
import { AzureMalformedAnswerError, AzureOperationFailedError } from '../../../src/providers/azure';
import type { AzureSelfService } from '../../../src/providers/azure/selfService';
import { MemoryCursorStore, MemoryPollLock } from '../../../src/notify/coordination';
import { CreditSync } from '../../../src/notify/creditSync';
import { MemoryNotificationQueue } from '../../../src/notify/notificationQueue';
import { FilingService } from '../../../src/services/filing';
import { MemoryAuditTrail } from '../../../src/store/memory/auditTrail';
import { MemoryCapLedger } from '../../../src/store/memory/capLedger';
import { MemoryLeases } from '../../../src/store/memory/leases';
import { MemoryRequestStore } from '../../../src/store/memory/requestStore';
import { IDS } from './standIn/seed';
import { startHarness, type Harness } from './standIn/harness';

/**
 * Azure's own return against the stand-in, which answers in the shapes of azure-rest-api-specs
 * Microsoft.Capacity/stable/2022-11-01/examples/Return.json: 202 with a RefundResponse body and a `Location` naming
 * the reservation order (200 once done). calculateRefund answers the same RefundResponse shape (the
 * CalculateRefund example is not in the stored copy of the specs; Return.json's 202 body is the same type).
 */
const R = IDS.reservations;
const O = IDS.orders;
const RETURN_PATH = `/providers/Microsoft.Capacity/reservationOrders/${O.contosoEur}/return`;
const CALCULATE_PATH = `/providers/Microsoft.Capacity/reservationOrders/${O.contosoEur}/calculateRefund`;
const AT = new Date('2026-03-10T12:00:00Z');

function contosoVmOrder(key = 'rq-return-1', quantity = 1): ReturnOrder {
  return {
    requestKey: key,
    customerId: IDS.contoso.id,
    customerTenantId: IDS.contoso.tenant,
    reservationId: R.contosoVm,
    reservationOrderId: O.contosoEur,
    quantity,
    quantityBefore: 2,
  };
}

describe('azure provider: self-service return (Return.json)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    h.world.state.returnPolls = 2;
  });
  afterEach(async () => h.dispose());

  it("offers a return where calculateRefund shows no policy error, with Azure's figures as stated", async () => {
    const offer = await h.provider.selfService!.offerReturn(IDS.contoso.id, R.contosoVm, 1);
    assert.deepEqual(offer, {
      available: true,
      figures: {
        refund: { amount: '11671.23', currency: 'EUR' },
        consumedRefundsTotal: { amount: '1250.5', currency: 'USD' },
        maxRefundLimit: { amount: '50000', currency: 'USD' },
      },
    });
    assert.equal(h.standIn.requestsTo(RETURN_PATH).length, 0, 'an offer never returns anything');
  });

  it("posts `return` with the sessionId of a fresh calculateRefund, exactly as Return.json's request, and follows the Location until 200", async () => {
    const desk = h.provider.selfService!;
    const prepared = await desk.prepareReturn(contosoVmOrder());
    const settlement = await desk.submitReturn(contosoVmOrder(), prepared);

    const [calculation] = h.standIn.requestsTo(CALCULATE_PATH, 'POST');
    const [posted] = h.standIn.requestsTo(RETURN_PATH, 'POST');
    assert.deepEqual(posted.query, { 'api-version': '2022-11-01' });
    assert.deepEqual(posted.body, {
      properties: {
        sessionId: prepared.sessionId,
        scope: 'Reservation',
        reservationToReturn: { reservationId: `/providers/Microsoft.Capacity/reservationOrders/${O.contosoEur}/reservations/${R.contosoVm}`, quantity: 1 },
        returnReason: 'Returned by the CSP partner on the customer\u2019s request (Reservation Desk)',
      },
    });
    assert.ok(calculation, 'a calculation came first');
    // The Location (the order, as Return.json names it) answered 202 twice, then 200.
    const polls = h.standIn.requests.filter(
      (r) => r.method === 'GET' && r.path.toLowerCase() === `/providers/microsoft.capacity/reservationorders/${O.contosoEur}`,
    );
    assert.equal(polls.length, 3);
    assert.deepEqual(settlement, { reference: 'return:rq-return-1', status: 'returned', resolvedBy: 'answer', figures: prepared.figures });
    assert.equal(h.world.returns.length, 1);
    assert.equal(h.world.state.reservations.get(R.contosoVm)!.properties.quantity, 1);
  });

  it("refuses with Azure's reason where calculateRefund says SelfServiceRefundNotSupported or names a policy error", async () => {
    const desk = h.provider.selfService!;
    assert.deepEqual(await desk.offerReturn(IDS.fabrikam.id, R.fabrikamOne, 1), {
      available: false,
      reason: 'Self-service refund is not supported for this reservation.',
      azureCode: 'SelfServiceRefundNotSupported',
    });
    assert.deepEqual(await desk.offerReturn(IDS.fabrikam.id, R.fabrikamTwo, 1), {
      available: false,
      reason: 'The refund limit for the billing profile is reached.',
      azureCode: 'RefundLimitExceeded',
    });
    const order = {
      ...contosoVmOrder(),
      customerId: IDS.fabrikam.id,
      customerTenantId: IDS.fabrikam.tenant,
      reservationId: R.fabrikamOne,
      reservationOrderId: O.fabrikamUsd,
    };
    await assert.rejects(desk.prepareReturn(order), (e: unknown) => e instanceof SelfServiceRefusedError && e.azureCode === 'SelfServiceRefundNotSupported');
    assert.equal(h.world.returns.length, 0);
  });

  it('refuses a reservation whose capabilities leave out ApiReturnEnabled, without asking calculateRefund', async () => {
    h.world.state.reservations.get(R.contosoVm)!.properties.capabilities = 'ApiExchangeEnabled';
    const offer = await h.provider.selfService!.offerReturn(IDS.contoso.id, R.contosoVm, 1);
    assert.equal(offer.available, false);
    assert.match(offer.available ? '' : offer.reason, /capabilities: ApiExchangeEnabled/);
    assert.equal(h.standIn.requestsTo(CALCULATE_PATH).length, 0);
    h.world.state.reservations.get(R.contosoVm)!.properties.capabilities = 'ApiReturnEnabled, ApiExchangeEnabled';
    assert.equal((await h.provider.selfService!.offerReturn(IDS.contoso.id, R.contosoVm, 1)).available, true);
  });

  it('does not return on a calculation that contradicts itself (another quantity, a refund above what was paid)', async () => {
    h.standIn.script(
      { method: 'POST', path: CALCULATE_PATH },
      {
        status: 200,
        body: {
          properties: {
            sessionId: 's-1',
            quantity: 2,
            billingRefundAmount: { currencyCode: 'EUR', amount: 10 },
            policyResult: { properties: { policyErrors: [] } },
          },
        },
      },
      {
        status: 200,
        body: {
          properties: {
            sessionId: 's-2',
            quantity: 1,
            billingRefundAmount: { currencyCode: 'EUR', amount: 500 },
            billingInformation: { billingCurrencyTotalPaidAmount: { currencyCode: 'EUR', amount: 400 } },
            policyResult: { properties: { policyErrors: [] } },
          },
        },
      },
    );
    await assert.rejects(
      h.provider.selfService!.prepareReturn(contosoVmOrder()),
      (e: unknown) => e instanceof AzureMalformedAnswerError && /quantity 2, not the 1/.test(String(e.details.problem)),
    );
    await assert.rejects(
      h.provider.selfService!.prepareReturn(contosoVmOrder()),
      (e: unknown) => e instanceof AzureMalformedAnswerError && /above the 400 paid/.test(String(e.details.problem)),
    );
    // Offered on a card, the contradiction is named there and in the log.
    h.standIn.script(
      { method: 'POST', path: CALCULATE_PATH },
      {
        status: 200,
        body: {
          properties: {
            sessionId: 's-3',
            quantity: 1,
            billingRefundAmount: { currencyCode: 'EUR', amount: -5 },
            policyResult: { properties: { policyErrors: [] } },
          },
        },
      },
    );
    const offer = await h.provider.selfService!.offerReturn(IDS.contoso.id, R.contosoVm, 1);
    assert.match(offer.available ? '' : offer.reason, /cannot be relied on \(calculateRefund contradicts itself: refund is negative\)/);
    assert.ok(h.logs.some((l) => l.event === 'azure-answer-contradicts-itself' && l.problem === 'refund is negative'));
    assert.equal(h.standIn.requestsTo(RETURN_PATH).length, 0);
  });

  it("reports a return's credit once the reservation shows it, for Azure's refund, with no ticket to read", async () => {
    const store = new MemoryRequestStore();
    const watched = await startHarness({ filedRequests: store });
    try {
      const outcome = await filingWith(watched, store).file({ request: returnRequest('key-credit') });
      assert.equal(outcome.outcome, 'filed');
      const credits = await watched.provider.credits.creditsSince(undefined);
      assert.deepEqual(
        credits.credits.map((c) => ({ ticketId: c.ticketId, amount: c.amount, currency: c.currency })),
        [{ ticketId: outcome.record.ticketId, amount: '11671.23', currency: 'EUR' }],
      );
      assert.equal(watched.standIn.requests.filter((r) => r.path.includes('Microsoft.Support/supportTickets')).length, 0);
    } finally {
      await watched.dispose();
    }
  });

  describe('exactly once through the filing service', () => {
    it('a lost answer is resolved by reading the order, never by posting again: one return, the request filed', async () => {
      const store = new MemoryRequestStore();
      const capLedger = new MemoryCapLedger();
      const filing = filingWith(h, store, capLedger);
      // Azure applies the return but the answer is lost (a gateway timeout).
      h.standIn.script(
        { method: 'POST', path: RETURN_PATH },
        { applyThen: { status: 504, body: { error: { code: 'GatewayTimeout', message: 'The gateway did not receive a response.' } } } },
      );
      const first = await filing.file({ request: returnRequest('key-lost') });
      assert.equal(first.outcome, 'uncertain');
      assert.equal(first.record.state, 'filing');
      assert.equal((await capLedger.entries(IDS.contoso.id))[0].state, 'reserved', 'the cap stays held while the outcome is unknown');

      const again = await filing.file({ request: returnRequest('key-lost') });
      assert.equal(again.outcome, 'filed');
      assert.equal(again.record.settlement?.resolvedBy, 'order-state');
      assert.equal(again.record.ticketId, `return:${first.record.id}`);
      assert.equal(h.standIn.requestsTo(RETURN_PATH, 'POST').length, 1, 'posted once');
      assert.equal(h.world.returns.length, 1);
    });

    it('an answer lost before Azure acted stays unresolved (cap held) and is still never posted again', async () => {
      const store = new MemoryRequestStore();
      const filing = filingWith(h, store);
      h.standIn.script({ method: 'POST', path: RETURN_PATH }, { status: 504, body: { error: { code: 'GatewayTimeout', message: 'No response.' } } });
      assert.equal((await filing.file({ request: returnRequest('key-unknown') })).outcome, 'uncertain');
      const again = await filing.file({ request: returnRequest('key-unknown') });
      assert.equal(again.outcome, 'uncertain');
      assert.match(again.outcome === 'uncertain' ? again.message : '', /never posted twice/);
      assert.equal(h.standIn.requestsTo(RETURN_PATH, 'POST').length, 1);
      assert.equal(h.world.returns.length, 0);
    });

    it('SelfServiceRefundNotSupported at posting time fails the request and gives the cap back; nothing is returned', async () => {
      const store = new MemoryRequestStore();
      const capLedger = new MemoryCapLedger();
      const filing = filingWith(h, store, capLedger);
      h.world.state.reservations.get(R.contosoVm)!.refund = 'self-service-not-supported';
      const outcome = await filing.file({ request: returnRequest('key-refused') });
      assert.equal(outcome.outcome, 'failed');
      assert.equal(outcome.record.failureReason, 'self-service-refused');
      assert.match(outcome.outcome === 'failed' ? outcome.message : '', /SelfServiceRefundNotSupported|not supported/);
      assert.equal((await capLedger.entries(IDS.contoso.id))[0].state, 'released');
      assert.equal(h.standIn.requestsTo(RETURN_PATH).length, 0);
    });

    it('a higher refund at posting time than the one confirmed files nothing (the cap holds what was confirmed)', async () => {
      const store = new MemoryRequestStore();
      const filing = filingWith(h, store);
      h.world.state.reservations.get(R.contosoVm)!.refundAmount = { currencyCode: 'EUR', amount: 11700 };
      const outcome = await filing.file({ request: returnRequest('key-moved') });
      assert.equal(outcome.outcome, 'failed');
      assert.equal(outcome.record.failureReason, 'self-service-figures-moved');
      assert.equal(h.standIn.requestsTo(RETURN_PATH).length, 0);
    });
  });
});

describe('azure provider: self-service exchange (CalculateExchange.json, Exchange.json)', () => {
  let h: Harness;
  const EXCHANGE_PATH = '/providers/Microsoft.Capacity/exchange';
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.dispose());

  async function exchangeOrder(key = 'rq-exchange-1'): Promise<ExchangeOrder> {
    const [item] = await h.provider.catalog.listReplacements(IDS.contoso.id, R.contosoVm);
    return { ...contosoVmOrder(key), replacementItemId: item.id, replacementQuantity: 2 };
  }

  it('posts `exchange` with only the sessionId of calculateExchange, and tracks PendingRefunds → PendingPurchases → Succeeded until final', async () => {
    const desk = h.provider.selfService!;
    const order = await exchangeOrder();
    const prepared = await desk.prepareExchange!(order);
    assert.deepEqual(prepared.figures, {
      refundsTotal: { amount: '11671.23', currency: 'EUR' },
      purchasesTotal: { amount: '3000', currency: 'EUR' },
      netPayable: { amount: '-8671.23', currency: 'EUR' },
    });
    const settlement = await desk.submitExchange!(order, prepared);

    const [posted] = h.standIn.requestsTo(EXCHANGE_PATH, 'POST');
    assert.deepEqual(posted.query, { 'api-version': '2022-11-01' });
    assert.deepEqual(posted.body, { properties: { sessionId: prepared.sessionId } });
    const [made] = h.world.exchanges;
    assert.equal(settlement.status, 'Succeeded');
    assert.equal(settlement.refundCompleted, true);
    assert.equal(settlement.newReservationOrderId, made.newOrderId);
    assert.deepEqual(settlement.newReservationIds, [made.newReservationId]);
    assert.equal(settlement.reference, 'exchange:rq-exchange-1');
    // Three polls of the Azure-AsyncOperation monitor: first after the 202's Retry-After (5 s), then every 2 s.
    assert.equal(h.standIn.requests.filter((r) => r.path.startsWith('/providers/Microsoft.Capacity/operationResults/ex-')).length, 3);
    assert.deepEqual(h.sleeps.slice(-3), [5000, 2000, 2000]);
  });

  it('keeps a pending exchange with its operation id when the polls run out, and reports its progress later', async () => {
    await h.dispose();
    h = await startHarness({ tuning: { maxPolls: 3 } });
    h.world.state.exchangeStatuses = ['PendingRefunds', 'PendingRefunds', 'PendingRefunds', 'PendingRefunds', 'PendingPurchases'];
    const desk = h.provider.selfService as AzureSelfService;
    const order = await exchangeOrder();
    const settlement = await desk.submitExchange(order, await desk.prepareExchange(order));
    assert.equal(settlement.status, 'PendingRefunds');
    assert.equal(settlement.refundCompleted, false);
    assert.ok(settlement.operationId);
    assert.deepEqual(await desk.exchangeProgress(IDS.contoso.tenant, settlement.operationId!), { status: 'PendingRefunds', refundCompleted: false });
    assert.deepEqual(await desk.exchangeProgress(IDS.contoso.tenant, settlement.operationId!), { status: 'PendingPurchases', refundCompleted: true });
  });

  it("an exchange Azure ends Failed or Cancelled throws with Azure's reason (nothing was exchanged)", async () => {
    h.world.state.exchangeStatuses = ['PendingRefunds', 'Failed'];
    const desk = h.provider.selfService!;
    const order = await exchangeOrder();
    await assert.rejects(
      desk.submitExchange!(order, await desk.prepareExchange!(order)),
      (e: unknown) => e instanceof AzureOperationFailedError && /could not be completed/.test(e.message),
    );
  });

  it("through the filing service: the receipt's ids recorded, one exchange for a repeated key, and the credit when the refund part completes", async () => {
    const store = new MemoryRequestStore();
    const watched = await startHarness({ filedRequests: store });
    try {
      watched.world.state.exchangeStatuses = ['PendingRefunds'];
      const [item] = await watched.provider.catalog.listReplacements(IDS.contoso.id, R.contosoVm);
      const request = {
        ...returnRequest('key-exchange'),
        kind: 'exchange' as const,
        capUsd: '0.00',
        settleVia: 'azure-exchange' as const,
        details: { reservationName: 'contoso-web-d2s', quantity: 2, returnQuantity: 1, replacement: { itemId: item.id, quantity: 2 } },
      };
      const filing = filingWith(watched, store);
      const first = await filing.file({ request });
      assert.equal(first.outcome, 'filed');
      const settlement = first.record.settlement;
      assert.equal(settlement?.via, 'azure-exchange');
      assert.equal(settlement?.via === 'azure-exchange' ? settlement.newReservationOrderId : undefined, watched.world.exchanges[0].newOrderId);
      assert.equal(settlement?.via === 'azure-exchange' ? settlement.status : undefined, 'PendingRefunds');
      assert.equal((await filing.file({ request })).record.id, first.record.id);
      assert.equal(watched.world.exchanges.length, 1);

      // The refund part is still pending: no credit yet. Then Azure reports PendingPurchases: the credit is due.
      assert.deepEqual((await watched.provider.credits.creditsSince(undefined)).credits, []);
      watched.world.setExchangeStatuses(['PendingPurchases']);
      const { credits } = await watched.provider.credits.creditsSince(undefined);
      assert.deepEqual(
        credits.map((c) => [c.ticketId, c.amount, c.currency]),
        [['exchange:' + first.record.id, '11671.23', 'EUR']],
      );
    } finally {
      await watched.dispose();
    }
  });

  for (const final of ['Failed', 'Cancelled'] as const) {
    it(`an exchange filed while pending that Azure later ends ${final}: the credit poller marks the request failed, audited once, no credit`, async () => {
      const store = new MemoryRequestStore();
      const watched = await startHarness({ filedRequests: store });
      try {
        watched.world.state.exchangeStatuses = ['PendingRefunds'];
        const [item] = await watched.provider.catalog.listReplacements(IDS.contoso.id, R.contosoVm);
        const request = {
          ...returnRequest('key-exchange-ends'),
          kind: 'exchange' as const,
          capUsd: '0.00',
          settleVia: 'azure-exchange' as const,
          details: { reservationName: 'contoso-web-d2s', quantity: 2, returnQuantity: 1, replacement: { itemId: item.id, quantity: 2 } },
        };
        const filed = await filingWith(watched, store).file({ request });
        assert.equal(filed.outcome, 'filed');
        const audit = new MemoryAuditTrail();
        const queue = new MemoryNotificationQueue();
        const sync = new CreditSync({
          feed: watched.provider.credits,
          requests: store,
          capLedger: new MemoryCapLedger(),
          audit,
          queue,
          cursor: new MemoryCursorStore(),
          lock: new MemoryPollLock(),
          log: createLogger('silent'),
        });

        await sync.runOnce();
        assert.equal((await store.get(filed.record.id))?.state, 'filed', 'still pending: left alone');
        watched.world.setExchangeStatuses([final]);
        await sync.runOnce();
        const after = await store.get(filed.record.id);
        assert.equal(after?.state, 'failed');
        assert.equal(after?.failureReason, `azure-exchange-${final.toLowerCase()}`);
        await sync.runOnce();
        const events = await audit.list({ type: 'filing-failed' });
        assert.deepEqual(
          events.map((e) => [e.requestId, e.detail?.reason, e.detail?.finishedBy]),
          [[filed.record.id, `azure-exchange-${final.toLowerCase()}`, 'credit-sync']],
        );
        assert.equal((await queue.readNew('c', 10)).length, 0, 'no credit notice');
        assert.deepEqual(
          (await store.listFiled(10)).map((r) => r.id),
          [],
          'no longer watched, nor blocking its reservation',
        );
      } finally {
        await watched.dispose();
      }
    });
  }
});

function filingWith(h: Harness, requests: MemoryRequestStore, capLedger = new MemoryCapLedger()): FilingService {
  return new FilingService({
    requests,
    capLedger,
    supportDesk: h.provider.supportDesk,
    selfService: h.provider.selfService,
    leases: new MemoryLeases(),
    audit: new MemoryAuditTrail(),
    clock: { now: () => AT },
    log: createLogger('silent'),
  });
}

function returnRequest(key: string): NewRequest {
  const quote: RefundQuoteJson = {
    kind: 'refund',
    policy: 'csp-2020',
    eligible: true,
    reasons: [],
    currency: 'EUR',
    daysSincePurchase: 9,
    termDays: 365,
    usedDays: 10,
    refund: '10270.68',
    refundUsd: '11092.33',
  };
  return {
    key,
    kind: 'refund',
    customerId: IDS.contoso.id,
    customerName: 'Contoso Ltd',
    customerTenantId: IDS.contoso.tenant,
    reservationId: R.contosoVm,
    reservationOrderId: O.contosoEur,
    quote,
    capUsd: '12604.93',
    agent: { partnerUserId: 'ava.lindqvist', chatUserId: 'teams:t:a' },
    origin: { channel: 'teams', conversation: {} },
    details: { reservationName: 'contoso-web-d2s', quantity: 2, returnQuantity: 1 },
    settleVia: 'azure-return',
    confirmedAzureRefund: { amount: '11671.23', currency: 'EUR' },
  };
}
