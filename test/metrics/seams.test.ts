import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { Decimal } from '../../src/domain/money';
import { createLogger } from '../../src/log';
import { meteredCapLedger } from '../../src/metrics/meteredCapLedger';
import { observeRedisCommands } from '../../src/metrics/redisCommands';
import { MemoryCursorStore, MemoryDeliveryLedger, MemoryPollLock } from '../../src/notify/coordination';
import { CreditSync } from '../../src/notify/creditSync';
import { DeliveryWorker } from '../../src/notify/deliveryWorker';
import { MemoryNotificationQueue } from '../../src/notify/notificationQueue';
import type { DeskMetrics } from '../../src/ports/metrics';
import type { SupportDesk, TicketRequest } from '../../src/ports/supportDesk';
import { FilingService } from '../../src/services/filing';
import { refundFilingInput } from '../services/filingInput';
import { MemoryAuditTrail } from '../../src/store/memory/auditTrail';
import { MemoryCapLedger } from '../../src/store/memory/capLedger';
import { MemoryLeases } from '../../src/store/memory/leases';
import { MemoryRequestStore } from '../../src/store/memory/requestStore';
import { creditFor, filedRequest, RepeatingFeed, silentLog, T0 } from '../notify/fixtures';
import { startHarness } from '../providers/azure/standIn/harness';
import { IDS } from '../providers/azure/standIn/seed';
import { REDIS_URL } from '../e2e/teamsApp';

/** Every report, without its latency (tests assert what happened, never how long it took). */
function recorder(): DeskMetrics & { events: string[]; seconds: number[] } {
  const events: string[] = [];
  const seconds: number[] = [];
  const note = (...parts: Array<string | number | undefined>) => events.push(parts.filter((p) => p !== undefined).join(' '));
  return {
    events,
    seconds,
    turnFinished: (channel, outcome) => note('turn', channel, outcome),
    filingFinished: (kind, outcome) => note('filing', kind, outcome),
    selfServiceFinished: (kind, outcome) => note('self-service', kind, outcome),
    capRefused: () => note('cap-refused'),
    creditApplied: (kind) => note('credit-applied', kind),
    creditNotApplied: (reason) => note('credit-not-applied', reason),
    noticeHandled: (result, lagSeconds) => note('notice', result, lagSeconds),
    redisCommand: (command, outcome, s) => (note('redis', command, outcome), seconds.push(s)),
    providerCall: (service, method, status, s) => (note('provider', service, method, status), seconds.push(s)),
  };
}

const AT = new Date('2026-06-15T10:00:00Z');

class Desk implements SupportDesk {
  constructor(private readonly fail?: Error) {}
  async problemClassificationId() {
    return 'classification';
  }
  async fileTicket(request: TicketRequest) {
    if (this.fail) throw this.fail;
    return { ticketId: `T-${request.requestKey}`, status: 'open' as const, createdAt: AT };
  }
  async getTicket() {
    return undefined;
  }
  async findTicket() {
    return undefined;
  }
}

describe('metrics seams: each module reports what happened where it happened', () => {
  it('filing: filed once, a repeat as already-filed, a cap refusal (counted by the ledger too), a failure, an exception', async () => {
    const metrics = recorder();
    const requests = new MemoryRequestStore();
    const deps = {
      requests,
      capLedger: meteredCapLedger(new MemoryCapLedger(), metrics),
      leases: new MemoryLeases(),
      audit: new MemoryAuditTrail(),
      clock: { now: () => AT },
      log: createLogger('silent'),
      metrics,
    };
    const filing = new FilingService({ ...deps, supportDesk: new Desk() });
    assert.equal((await filing.file(refundFilingInput('a', '1200.00', 'res-a'))).outcome, 'filed');
    assert.equal((await filing.file(refundFilingInput('a', '1200.00', 'res-a'))).outcome, 'filed');
    assert.equal((await filing.file(refundFilingInput('b', '60000.00', 'res-b'))).outcome, 'cap-exceeded');
    const failing = new FilingService({ ...deps, supportDesk: new Desk(new Error('boom')) });
    assert.equal((await failing.file(refundFilingInput('c', '10.00', 'res-c'))).outcome, 'failed');
    const broken = new FilingService({
      ...deps,
      requests: { ...requests, create: async () => Promise.reject(new Error('redis down')) } as unknown as MemoryRequestStore,
      supportDesk: new Desk(),
    });
    await assert.rejects(broken.file(refundFilingInput('d', '10.00', 'res-d')), /redis down/);
    assert.deepEqual(metrics.events, [
      'filing refund filed',
      'filing refund already-filed',
      'cap-refused',
      'filing refund cap-exceeded',
      'filing refund failed',
      'filing refund error',
    ]);
  });

  it('credits: one applied per credit however often it is seen; credits for no request are counted as not applied', async () => {
    const metrics = recorder();
    const requests = new MemoryRequestStore();
    const capLedger = new MemoryCapLedger();
    const record = await filedRequest(requests, capLedger);
    const feed = new RepeatingFeed([creditFor(record), { ...creditFor(record), ticketId: 'T-nobody', creditId: 'other' }]);
    const sync = new CreditSync({
      feed,
      requests,
      capLedger,
      audit: new MemoryAuditTrail(),
      queue: new MemoryNotificationQueue(),
      cursor: new MemoryCursorStore(),
      lock: new MemoryPollLock(),
      log: silentLog,
      metrics,
    });
    await sync.runOnce();
    await sync.runOnce();
    // Credits are applied side by side, so only the tally is fixed, not the order.
    assert.deepEqual([...metrics.events].sort(), ['credit-applied refund', 'credit-not-applied unknown-ticket', 'credit-not-applied unknown-ticket']);
  });

  it("delivery: the lag from queueing to posting, by the queue's and the worker's clocks", async () => {
    const metrics = recorder();
    const requests = new MemoryRequestStore();
    const record = await filedRequest(requests, new MemoryCapLedger());
    const queue = new MemoryNotificationQueue(() => T0.getTime());
    await queue.enqueue({ requestId: record.id, creditId: 'c1', ticketId: record.ticketId!, amount: '5135.35', currency: 'EUR', creditedAt: T0.toISOString() });
    assert.deepEqual(await queue.backlog(), { waiting: 1, pending: 0 });
    const worker = new DeliveryWorker({
      queue,
      senders: { teams: { send: async () => undefined } },
      requests,
      ledger: new MemoryDeliveryLedger(),
      audit: new MemoryAuditTrail(),
      clock: { now: () => new Date(T0.getTime() + 42_000) },
      log: silentLog,
      metrics,
    });
    assert.deepEqual(await worker.runOnce(), ['sent']);
    assert.deepEqual(metrics.events, ['notice sent 42']);
    assert.deepEqual(await queue.backlog(), { waiting: 0, pending: 0 });
  });

  it('provider: every HTTP attempt with its service, method and status (a retried call counts each attempt)', async () => {
    const metrics = recorder();
    const h = await startHarness({ metrics });
    try {
      const path = `/v1/customers/${IDS.contoso.id}`;
      h.standIn.script({ path }, { status: 503 }, { drop: true });
      assert.equal((await h.provider.directory.getCustomer(IDS.contoso.id))?.name, 'Contoso Ltd');
      assert.deepEqual(metrics.events, ['provider partner-center GET 503', 'provider partner-center GET network', 'provider partner-center GET 200']);
      assert.ok(metrics.seconds.every((s) => s >= 0));
    } finally {
      await h.dispose();
    }
  });

  describe('Redis commands (real Redis)', () => {
    const key = `rd-metrics-${randomUUID().slice(0, 8)}:k`;
    let observed: Redis;
    let other: Redis;
    beforeEach(() => {
      observed = new Redis(REDIS_URL);
      other = new Redis(REDIS_URL);
    });
    afterEach(async () => {
      await other.del(key);
      other.disconnect();
      observed.disconnect();
    });

    it('counts each command of the observed client once, a refused one as a reply error, one on a closed connection as a connection error', async () => {
      const metrics = recorder();
      observeRedisCommands(observed, metrics);
      await observed.set(key, 'v');
      assert.equal(await observed.get(key), 'v');
      await assert.rejects(observed.lpush(key, 'x'), /WRONGTYPE/);
      await other.get(key);
      observed.disconnect();
      await assert.rejects(observed.get(key), /Connection is closed/);
      assert.deepEqual(
        metrics.events,
        ['redis set ok', 'redis get ok', 'redis lpush reply-error', 'redis get connection-error'],
        'the handshake and the other client are not counted',
      );
    });
  });

  it("the cap ledger decorator changes no answer: a refused reservation is the ledger's own refusal", async () => {
    const metrics = recorder();
    const ledger = new MemoryCapLedger();
    const metered = meteredCapLedger(ledger, metrics);
    const granted = await metered.reserve('cust', 'r1', new Decimal('49000'), AT);
    const refused = await metered.reserve('cust', 'r2', new Decimal('2000'), AT);
    assert.equal(granted.granted, true);
    assert.deepEqual(
      { ...refused, consumedUsd: refused.consumedUsd.toFixed(2), remainingUsd: refused.remainingUsd.toFixed(2) },
      { granted: false, reason: 'cap-exceeded', consumedUsd: '49000.00', remainingUsd: '1000.00' },
    );
    assert.equal((await metered.consumed('cust', AT)).toFixed(2), '49000.00');
    assert.equal(metered.limitUsd.toFixed(0), ledger.limitUsd.toFixed(0));
    assert.deepEqual(metrics.events, ['cap-refused']);
  });
});
