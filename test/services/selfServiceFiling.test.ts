import assert from 'node:assert/strict';
import { createLogger } from '../../src/log';
import type { RefundQuoteJson } from '../../src/domain/quoteContract';
import type { NewRequest } from '../../src/ports/requestStore';
import {
  returnReference,
  SelfServiceRefusedError,
  type PreparedReturn,
  type ReturnOrder,
  type ReturnSettlement,
  type SelfServiceDesk,
} from '../../src/ports/selfService';
import type { SupportDesk } from '../../src/ports/supportDesk';
import { DeskError } from '../../src/errors';
import { Decimal } from '../../src/domain/money';
import { FilingService } from '../../src/services/filing';
import { MemoryAuditTrail } from '../../src/store/memory/auditTrail';
import { MemoryCapLedger } from '../../src/store/memory/capLedger';
import { MemoryLeases } from '../../src/store/memory/leases';
import { MemoryRequestStore } from '../../src/store/memory/requestStore';

const AT = new Date('2026-06-15T10:00:00Z');
const REFUND = { amount: '1180.00', currency: 'USD' };

/** Azure's own return, scripted: counts what it was asked; `submit` answers after `delayMs`, or fails as told. */
class ScriptedSelfService implements SelfServiceDesk {
  prepared = 0;
  submitted: ReturnOrder[] = [];
  found = 0;
  returned = new Set<string>();
  constructor(private readonly behaviour: { refuse?: boolean; loseAnswer?: boolean; delayMs?: number } = {}) {}
  async offerReturn() {
    return { available: true as const, figures: { refund: REFUND } };
  }
  async prepareReturn(): Promise<PreparedReturn> {
    this.prepared += 1;
    if (this.behaviour.refuse) throw new SelfServiceRefusedError('Self-service refund is not supported for this reservation.', 'SelfServiceRefundNotSupported');
    return { sessionId: `s-${this.prepared}`, figures: { refund: REFUND } };
  }
  async submitReturn(order: ReturnOrder): Promise<ReturnSettlement> {
    this.submitted.push(order);
    await new Promise((resolve) => setTimeout(resolve, this.behaviour.delayMs ?? 0));
    this.returned.add(order.requestKey);
    if (this.behaviour.loseAnswer) throw new DeskError('azure-reservations-unavailable', 'Azure (reservations) is not answering.', { intent: 'write' });
    return { reference: returnReference(order.requestKey), status: 'returned', figures: { refund: REFUND }, resolvedBy: 'answer' };
  }
  async findReturn(order: ReturnOrder): Promise<ReturnSettlement | undefined> {
    this.found += 1;
    return this.returned.has(order.requestKey)
      ? { reference: returnReference(order.requestKey), status: 'returned', figures: {}, resolvedBy: 'order-state' }
      : undefined;
  }
}

const noTickets: SupportDesk = {
  problemClassificationId: async () => assert.fail('a return through Azure asks Microsoft Support for nothing'),
  fileTicket: async () => assert.fail('a return through Azure files no ticket'),
  getTicket: async () => undefined,
  findTicket: async () => assert.fail('a return through Azure has no ticket to look for'),
};

function setup(selfService: SelfServiceDesk) {
  const requests = new MemoryRequestStore();
  const capLedger = new MemoryCapLedger();
  const told: string[] = [];
  const metrics = { filingFinished: () => undefined, selfServiceFinished: (kind: string, outcome: string) => told.push(`${kind}:${outcome}`) };
  const leases = new MemoryLeases();
  const filing = new FilingService({
    requests,
    capLedger,
    supportDesk: noTickets,
    selfService,
    leases,
    audit: new MemoryAuditTrail(),
    clock: { now: () => AT },
    log: createLogger('silent'),
    metrics,
  });
  return { requests, capLedger, leases, filing, told };
}

function returnRequest(key: string): NewRequest {
  const quote = {
    kind: 'refund',
    policy: 'csp-2020',
    eligible: true,
    reasons: [],
    currency: 'USD',
    daysSincePurchase: 9,
    termDays: 365,
    usedDays: 10,
    refund: '1050.00',
    refundUsd: '1050.00',
  } as RefundQuoteJson;
  return {
    key,
    kind: 'refund',
    customerId: 'cust-1',
    customerName: 'Contoso',
    customerTenantId: 'tenant-1',
    reservationId: 'res-1',
    reservationOrderId: 'order-1',
    quote,
    capUsd: '1180.00',
    agent: { partnerUserId: 'ava', chatUserId: 'teams:t:a' },
    origin: { channel: 'teams', conversation: {} },
    details: { quantity: 2, returnQuantity: 1 },
    settleVia: 'azure-return',
    confirmedAzureRefund: REFUND,
  };
}

describe('filing: settling through Azure with the same exactly-once machinery', () => {
  it("five drivers at once for one key: one return posted, one request, one cap entry of Azure's refund", async () => {
    const desk = new ScriptedSelfService({ delayMs: 50 });
    const { filing, requests, capLedger } = setup(desk);
    const outcomes = await Promise.all([1, 2, 3, 4, 5].map(() => filing.file({ request: returnRequest('key-1') })));
    assert.equal(desk.submitted.length, 1);
    assert.ok(
      outcomes.every((o) => o.outcome === 'filed'),
      JSON.stringify(outcomes.map((o) => o.outcome)),
    );
    assert.equal((await requests.listByCustomer('cust-1')).length, 1);
    const entries = await capLedger.entries('cust-1');
    assert.deepEqual(
      entries.map((e) => [e.state, e.amountUsd.toFixed(2)]),
      [['reserved', '1180.00']],
    );
  });

  it('after a lost answer the next driver reads the order instead of posting, and settles the request', async () => {
    const desk = new ScriptedSelfService({ loseAnswer: true });
    const { filing, told } = setup(desk);
    assert.equal((await filing.file({ request: returnRequest('key-2') })).outcome, 'uncertain');
    const again = await filing.file({ request: returnRequest('key-2') });
    assert.equal(again.outcome, 'filed');
    assert.equal(again.record.settlement?.resolvedBy, 'order-state');
    assert.deepEqual([desk.submitted.length, desk.prepared, desk.found], [1, 1, 1]);
    assert.deepEqual(told, ['refund:uncertain', 'refund:filed']);
  });

  it('a refusal before the POST fails the request and gives the cap back; the same key never asks Azure again', async () => {
    const desk = new ScriptedSelfService({ refuse: true });
    const { filing, capLedger, told } = setup(desk);
    const outcome = await filing.file({ request: returnRequest('key-3') });
    assert.equal(outcome.outcome, 'failed');
    assert.match(outcome.outcome === 'failed' ? outcome.message : '', /not supported/);
    assert.equal((await capLedger.entries('cust-1'))[0].state, 'released');
    assert.equal(desk.submitted.length, 0);
    // The same key again answers with the failed request; Azure is not asked again.
    assert.equal((await filing.file({ request: returnRequest('key-3') })).outcome, 'failed');
    assert.equal(desk.prepared, 1);
    assert.deepEqual(told, ['refund:refused', 'refund:refused'], 'the metrics hear of each attempt, the repeat by its recorded reason');
  });

  it('a provider without Azure self-service fails the request plainly; nothing is posted or filed', async () => {
    const requests = new MemoryRequestStore();
    const filing = new FilingService({
      requests,
      capLedger: new MemoryCapLedger(),
      supportDesk: noTickets,
      leases: new MemoryLeases(),
      audit: new MemoryAuditTrail(),
      clock: { now: () => AT },
      log: createLogger('silent'),
    });
    const outcome = await filing.file({ request: returnRequest('key-4') });
    assert.equal(outcome.outcome, 'failed');
    assert.equal(outcome.record.failureReason, 'self-service-unavailable');
  });
});

describe('filing recovery of a return through Azure (a driver that died mid-way)', () => {
  /** A request left in `filing` with its cap reserved, as a crashed driver leaves it; `posted` takes the marker its POST takes. */
  async function interrupted(setupOf: ReturnType<typeof setup>, key: string, posted: boolean) {
    const { record } = await setupOf.requests.create(returnRequest(key), AT);
    await setupOf.capLedger.reserve('cust-1', record.id, new Decimal('1180.00'), AT);
    if (posted) assert.ok(await setupOf.leases.acquire(`self-service-posted:${record.id}`, 60_000));
    return record;
  }

  it("files a return Azure made from the order's state, without posting again", async () => {
    const desk = new ScriptedSelfService();
    const s = setup(desk);
    const record = await interrupted(s, 'key-r1', true);
    desk.returned.add(record.id);
    const outcome = await s.filing.finishInterrupted(record.id);
    assert.equal(outcome?.outcome, 'filed');
    const stored = await s.requests.get(record.id);
    assert.equal(stored?.state, 'filed');
    assert.equal(stored?.ticketId, returnReference(record.id));
    assert.deepEqual(stored?.settlement && [stored.settlement.via, stored.settlement.resolvedBy], ['azure-return', 'order-state']);
    assert.equal(desk.submitted.length, 0, 'nothing posted');
    assert.deepEqual(
      (await s.capLedger.entries('cust-1')).map((e) => e.state),
      ['reserved'],
    );
  });

  it('fails a return that was never posted and gives its cap back', async () => {
    const desk = new ScriptedSelfService();
    const s = setup(desk);
    const record = await interrupted(s, 'key-r2', false);
    const outcome = await s.filing.finishInterrupted(record.id);
    assert.equal(outcome?.outcome, 'failed');
    assert.equal((await s.requests.get(record.id))?.state, 'failed');
    assert.deepEqual(
      (await s.capLedger.entries('cust-1')).map((e) => e.state),
      ['released'],
    );
    assert.equal(desk.submitted.length, 0);
    assert.equal(desk.prepared, 0, 'recovery never starts a return');
  });

  it('leaves a return whose POST went out but whose outcome Azure does not show yet, cap kept', async () => {
    const desk = new ScriptedSelfService();
    const s = setup(desk);
    const record = await interrupted(s, 'key-r3', true);
    assert.equal(await s.filing.finishInterrupted(record.id), undefined);
    assert.equal((await s.requests.get(record.id))?.state, 'filing');
    assert.deepEqual(
      (await s.capLedger.entries('cust-1')).map((e) => e.state),
      ['reserved'],
    );
    assert.equal(desk.submitted.length, 0);
    // Once Azure shows it, the next round files it.
    desk.returned.add(record.id);
    assert.equal((await s.filing.finishInterrupted(record.id))?.outcome, 'filed');
  });
});
