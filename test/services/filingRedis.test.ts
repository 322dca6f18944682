import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { CountingProxy } from '../../bench/countingProxy';
import { DeskError, IllegalTransitionError } from '../../src/errors';
import { createLogger } from '../../src/log';
import { filingLease } from '../../src/ports/filingStore';
import type { SupportDesk, Ticket, TicketRequest } from '../../src/ports/supportDesk';
import { FilingService, type FilingInput } from '../../src/services/filing';
import { FilingRecovery } from '../../src/services/filingRecovery';
import { RedisAuditTrail } from '../../src/store/redis/auditTrail';
import { RedisCapLedger } from '../../src/store/redis/capLedger';
import { RedisFilingStore } from '../../src/store/redis/filingStore';
import { keysUnder } from '../../src/store/redis/keyspace';
import { RedisLeases } from '../../src/store/redis/leases';
import { RedisRequestStore } from '../../src/store/redis/requestStore';
import { meteredFilingStore } from '../../src/metrics/meteredCapLedger';
import { refundFilingInput } from './filingInput';

const AT = new Date('2026-06-15T10:00:00Z');
const BASE = `test:filing-redis:${randomUUID()}:`;
let fixtures = 0;

/** The Support API as far as filing needs it: one ticket per request key, and failures on demand. */
class Desk implements SupportDesk {
  readonly tickets = new Map<string, Ticket>();
  filings = 0;
  failWith?: Error;
  async problemClassificationId() {
    return 'classification';
  }
  async fileTicket(request: TicketRequest) {
    this.filings += 1;
    if (this.failWith) throw this.failWith;
    const ticket = this.tickets.get(request.requestKey) ?? { ticketId: `T-${request.requestKey}`, status: 'open' as const, createdAt: AT };
    this.tickets.set(request.requestKey, ticket);
    return ticket;
  }
  async getTicket() {
    return undefined;
  }
  async findTicket(_tenant: string, requestKey: string) {
    return this.tickets.get(requestKey);
  }
}

const refund = (key: string, refundUsd: string, reservationId = `res-${key}`): FilingInput => refundFilingInput(key, refundUsd, reservationId);

type Mode = 'one step per port' | 'joined scripts';

/** One bot instance's filing on its own connection: the stores as createStores builds them, with or without the joined steps. */
function instance(redis: Redis, prefix: string, desk: Desk, mode: Mode) {
  const parts = {
    requests: new RedisRequestStore(redis, { prefix }),
    capLedger: new RedisCapLedger(redis, { prefix }),
    leases: new RedisLeases(redis, { prefix }),
    audit: new RedisAuditTrail(redis, { prefix }),
  };
  const filingStore = mode === 'joined scripts' ? new RedisFilingStore(redis, parts) : undefined;
  const filing = new FilingService({
    ...parts,
    filingStore,
    supportDesk: desk,
    clock: { now: () => AT },
    log: createLogger('silent'),
    waitForOtherDriverMs: 2_000,
  });
  return { ...parts, filingStore, filing };
}

describe('filing on Redis (127.0.0.1:6379)', () => {
  const clients: Redis[] = [];
  const client = (i = 0) => (clients[i] ??= new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 2 }));

  after(async () => {
    const keys = await keysUnder(client(), BASE);
    for (let i = 0; i < keys.length; i += 500) await client().del(...keys.slice(i, i + 500));
    await Promise.all(clients.map((c) => c.quit()));
  });

  for (const mode of ['one step per port', 'joined scripts'] as const) {
    describe(mode, () => {
      const world = (instances = 1) => {
        const prefix = `${BASE}${++fixtures}:`;
        const desk = new Desk();
        const all = Array.from({ length: instances }, (_, i) => instance(client(i), prefix, desk, mode));
        return { prefix, desk, ...all[0], all };
      };

      it('files a refund: the request filed with its ticket, the cap reserved, one audit event, the lease freed', async () => {
        const w = world();
        const outcome = await w.filing.file(refund('k1', '1200.00'));
        assert.equal(outcome.outcome, 'filed');
        const stored = await w.requests.get(outcome.record.id);
        assert.equal(stored?.state, 'filed');
        assert.equal(stored?.ticketId, 'T-' + outcome.record.id);
        assert.deepEqual(stored?.capFigures, { capConsumedUsd: '0.00', capRemainingUsd: '50000.00', capRemainingAfterUsd: '48800.00' });
        assert.deepEqual(
          (await w.capLedger.entries('cust-1')).map((e) => [e.requestId, e.state, e.amountUsd.toFixed(2)]),
          [[outcome.record.id, 'reserved', '1200.00']],
        );
        const events = await w.audit.list({ type: 'filed' });
        assert.equal(events.length, 1);
        assert.equal(events[0]?.requestId, outcome.record.id);
        assert.equal(events[0]?.amounts?.capRemainingAfterUsd, '48800.00');
        assert.equal(await client().exists(w.leases.keyOf(filingLease(outcome.record.id))), 0, 'the driver lease is freed');
        assert.deepEqual(
          (await w.requests.listFiling()).map((r) => r.id),
          [],
        );
      });

      it('files one request, one ticket and one cap entry when three instances drive one key at once', async () => {
        const w = world(3);
        const outcomes = await Promise.all(w.all.flatMap((i) => [i.filing.file(refund('k1', '1200.00')), i.filing.file(refund('k1', '1200.00'))]));
        assert.ok(
          outcomes.every((o) => o.outcome === 'filed'),
          JSON.stringify(outcomes.map((o) => o.outcome)),
        );
        assert.equal(outcomes.filter((o) => o.outcome === 'filed' && o.firstTime).length, 1);
        assert.equal(w.desk.tickets.size, 1);
        assert.equal((await w.capLedger.entries('cust-1')).length, 1);
        assert.equal((await w.audit.list({ type: 'filed' })).length, 1);
      });

      it('lets one of two requests for one reservation go ahead and fails the other, which reserves nothing', async () => {
        const w = world(2);
        const [a, b] = await Promise.all([
          w.all[0].filing.file(refund('agent-a', '1200.00', 'res-1')),
          w.all[1].filing.file(refund('agent-b', '1200.00', 'res-1')),
        ]);
        assert.deepEqual([a.outcome, b.outcome].sort(), ['failed', 'filed']);
        const failed = a.outcome === 'failed' ? a : b;
        assert.equal(failed.record.failureReason, 'reservation-busy');
        assert.equal((await w.capLedger.entries('cust-1')).filter((e) => e.state !== 'released').length, 1);
        assert.equal(w.desk.tickets.size, 1);
        assert.equal((await w.audit.list({ type: 'filing-failed' }))[0]?.detail?.reason, 'reservation-busy');
      });

      it('never lets refunds filed at once for one customer take more than the cap', async () => {
        const w = world(3);
        const outcomes = await Promise.all(Array.from({ length: 6 }, (_, i) => w.all[i % 3].filing.file(refund(`k${i}`, '10000.00'))));
        assert.equal(outcomes.filter((o) => o.outcome === 'filed').length, 5);
        assert.equal(outcomes.filter((o) => o.outcome === 'cap-exceeded').length, 1);
        assert.equal((await w.capLedger.consumed('cust-1', AT)).toFixed(2), '50000.00');
        assert.equal(w.desk.tickets.size, 5);
      });

      it('fails a request Microsoft refused and gives its cap back; a lost answer keeps it for a retry that files it once', async () => {
        const w = world();
        w.desk.failWith = new DeskError('ticket-refused', 'no');
        const refused = await w.filing.file(refund('k1', '1200.00'));
        assert.equal(refused.outcome, 'failed');
        assert.deepEqual(
          (await w.capLedger.entries('cust-1')).map((e) => e.state),
          ['released'],
        );
        assert.equal((await w.audit.list({ type: 'filing-failed' })).length, 1);

        w.desk.failWith = new DeskError('support-unavailable', 'timed out', { intent: 'write' });
        assert.equal((await w.filing.file(refund('k2', '1300.00'))).outcome, 'uncertain');
        w.desk.failWith = undefined;
        const again = await w.filing.file(refund('k2', '1300.00'));
        assert.equal(again.outcome, 'filed');
        assert.equal(w.desk.tickets.size, 1);
        assert.deepEqual((await w.capLedger.entries('cust-1')).map((e) => e.state).sort(), ['released', 'reserved']);
        assert.equal((await w.audit.list({ type: 'filed' })).length, 1);
      });
    });
  }

  describe('the joined scripts', () => {
    const world = () => {
      const prefix = `${BASE}${++fixtures}:`;
      const desk = new Desk();
      return { prefix, desk, ...instance(client(), prefix, desk, 'joined scripts') };
    };

    it('take two Redis round trips for a new refund, where the steps one by one take ten', async () => {
      const proxy = new CountingProxy({ host: '127.0.0.1', port: 6379 });
      const port = await proxy.start();
      const counted = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 2 });
      try {
        const trips: Record<string, number> = {};
        for (const mode of ['one step per port', 'joined scripts'] as const) {
          const prefix = `${BASE}${++fixtures}:`;
          const { filing } = instance(counted, prefix, new Desk(), mode);
          await counted.ping();
          const before = proxy.snapshot().roundTrips;
          assert.equal((await filing.file(refund('k1', '1200.00'))).outcome, 'filed');
          trips[mode] = proxy.snapshot().roundTrips - before;
        }
        assert.deepEqual(trips, { 'one step per port': 10, 'joined scripts': 2 });
      } finally {
        counted.disconnect();
        await proxy.stop();
      }
    });

    it('report a refusal of the cap they reserve to the cap metric, as the metered ledger does', async () => {
      const w = world();
      let refused = 0;
      const metered = meteredFilingStore(w.filingStore!, { capRefused: () => void (refused += 1) });
      const filing = new FilingService({ ...w, filingStore: metered, supportDesk: w.desk, clock: { now: () => AT }, log: createLogger('silent') });
      assert.equal((await filing.file(refund('k1', '30000.00'))).outcome, 'filed');
      assert.equal(refused, 0);
      assert.equal((await filing.file(refund('k2', '30000.00'))).outcome, 'cap-exceeded');
      assert.equal(refused, 1);
    });

    it('take nothing but the record for a key seen before', async () => {
      const w = world();
      const first = await w.filing.file(refund('k1', '1200.00'));
      const again = await w.filingStore!.begin(refund('k1', '1200.00').request, new Date(AT.getTime() + 60_000), 30_000);
      assert.equal(again.begun, undefined);
      assert.equal(again.record.state, 'filed');
      assert.equal(again.record.createdAt, first.record.createdAt);
      assert.equal(await client().exists(w.leases.keyOf(filingLease(first.record.id))), 0);
    });

    it('leave a request to the recovery worker when its driver died after the first script: no ticket, so failed and its cap freed', async () => {
      const w = world();
      const begun = await w.filingStore!.begin(refund('k1', '1200.00').request, AT, 30_000);
      assert.equal(begun.begun?.reserved?.granted, true);
      // The driver's process is gone: its lease runs out.
      await client().del(w.leases.keyOf(filingLease(begun.record.id)));
      const told: string[] = [];
      const recovery = new FilingRecovery({
        requests: w.requests,
        filing: w.filing,
        leases: w.leases,
        log: createLogger('silent'),
        graceMs: 0,
        tell: async (_record, outcome) => void told.push(outcome),
      });
      assert.deepEqual(await recovery.runOnce(), [{ requestId: begun.record.id, outcome: 'failed' }]);
      assert.equal((await w.requests.get(begun.record.id))?.failureReason, 'interrupted');
      assert.deepEqual(
        (await w.capLedger.entries('cust-1')).map((e) => e.state),
        ['released'],
      );
      assert.equal((await w.audit.list({ type: 'filing-failed' }))[0]?.detail?.finishedBy, 'filing-recovery');
      assert.deepEqual(told, ['failed']);
      assert.equal(w.desk.filings, 0);
    });

    it('leave a request to the recovery worker when its driver died after the ticket: filed once, with its reserved cap figures', async () => {
      const w = world();
      const begun = await w.filingStore!.begin(refund('k1', '1200.00').request, AT, 30_000);
      await w.desk.fileTicket({ requestKey: begun.record.id } as TicketRequest);
      await client().del(w.leases.keyOf(filingLease(begun.record.id)));
      const recovery = new FilingRecovery({
        requests: w.requests,
        filing: w.filing,
        leases: w.leases,
        log: createLogger('silent'),
        graceMs: 0,
        tell: async () => undefined,
      });
      assert.deepEqual(await recovery.runOnce(), [{ requestId: begun.record.id, outcome: 'filed' }]);
      const filed = await w.requests.get(begun.record.id);
      assert.equal(filed?.ticketId, `T-${begun.record.id}`);
      assert.equal(filed?.capFigures?.capRemainingAfterUsd, '48800.00');
      const events = await w.audit.list({ type: 'filed' });
      assert.deepEqual(
        events.map((e) => e.detail?.finishedBy),
        ['filing-recovery'],
      );
      assert.deepEqual(await recovery.runOnce(), []);
      assert.equal(await client().exists(w.leases.keyOf(filingLease(begun.record.id))), 0);
    });

    it('record nothing when someone else settled the request between the scripts', async () => {
      const w = world();
      const { record, begun } = await w.filingStore!.begin(refund('k1', '1200.00').request, AT, 30_000);
      await w.requests.transition(record.id, 'failed', { failureReason: 'interrupted' }, AT);
      await assert.rejects(
        w.filingStore!.recordFiled(
          record,
          { ticketId: 'T-1' },
          AT,
          (filed) => ({ at: AT.toISOString(), type: 'filed', actor: { chatUserId: 'x' }, requestId: filed.id }),
          begun?.lease,
        ),
        IllegalTransitionError,
      );
      assert.equal((await w.requests.get(record.id))?.state, 'failed');
      assert.equal((await w.audit.list({ type: 'filed' })).length, 0);
      await begun?.lease?.release();
      assert.equal(await client().exists(w.leases.keyOf(filingLease(record.id))), 0);
    });
  });
});
