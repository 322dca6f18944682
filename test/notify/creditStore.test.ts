import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { CountingProxy } from '../../bench/countingProxy';
import { NotFoundError } from '../../src/errors';
import { MemoryCursorStore, MemoryPollLock } from '../../src/notify/coordination';
import { RedisCreditStore } from '../../src/notify/creditStore';
import { CreditSync } from '../../src/notify/creditSync';
import { RedisNotificationQueue } from '../../src/notify/notificationQueue';
import type { CreditFeed } from '../../src/ports/credits';
import { RedisAuditTrail } from '../../src/store/redis/auditTrail';
import { RedisCapLedger } from '../../src/store/redis/capLedger';
import { keysUnder } from '../../src/store/redis/keyspace';
import { RedisRequestStore } from '../../src/store/redis/requestStore';
import { creditFor, filedRequest, newRequest, RepeatingFeed, silentLog, T0 } from './fixtures';

const BASE = `test:credit-store:${randomUUID()}:`;
let fixtures = 0;

type Mode = 'one step per port' | 'one script per credit';

/** One instance's credit sync on its own connection, with the stores createCreditNotifications builds. */
function instance(redis: Redis, prefix: string, feed: CreditFeed, mode: Mode) {
  const parts = {
    requests: new RedisRequestStore(redis, { prefix }),
    capLedger: new RedisCapLedger(redis, { prefix }),
    audit: new RedisAuditTrail(redis, { prefix }),
    queue: new RedisNotificationQueue(redis, { prefix }),
  };
  const creditStore = mode === 'one script per credit' ? new RedisCreditStore(redis, parts) : undefined;
  const sync = new CreditSync({ ...parts, feed, creditStore, cursor: new MemoryCursorStore(), lock: new MemoryPollLock(), log: silentLog });
  return { ...parts, creditStore, sync };
}

describe('credits on Redis (127.0.0.1:6379)', () => {
  const clients: Redis[] = [];
  const client = (i = 0) => (clients[i] ??= new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 2 }));
  const fresh = () => `${BASE}${++fixtures}:`;

  after(async () => {
    const keys = await keysUnder(client(), BASE);
    for (let i = 0; i < keys.length; i += 500) await client().del(...keys.slice(i, i + 500));
    await Promise.all(clients.map((c) => c.quit()));
  });

  for (const mode of ['one step per port', 'one script per credit'] as const) {
    it(`${mode}: two instances polling at once credit each request once, audit it once and queue one notice`, async () => {
      const prefix = fresh();
      const feed = new RepeatingFeed([]);
      const [a, b] = [instance(client(0), prefix, feed, mode), instance(client(1), prefix, feed, mode)];
      const records = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          filedRequest(a.requests, a.capLedger, { key: `many-${i}`, customerId: `cust-${i % 7}`, reservationId: `res-${i}` }),
        ),
      );
      feed.credits = [...records.map((r) => creditFor(r)), creditFor(records[7])];
      await Promise.all([a.sync.runOnce(), b.sync.runOnce()]);
      for (const record of records) {
        const credited = await a.requests.get(record.id);
        assert.equal(credited?.state, 'credited');
        assert.equal(credited?.creditedAmount, '5135.35');
        assert.deepEqual((await a.capLedger.entries(record.customerId)).find((e) => e.requestId === record.id)?.state, 'credited');
      }
      assert.equal((await a.audit.list({ type: 'credited' })).length, 40);
      const queued = await a.queue.readNew('c', 100);
      assert.deepEqual(queued.map((e) => e.notification.requestId).sort(), records.map((r) => r.id).sort());
      assert.deepEqual((await a.requests.listFiled()).length, 0);
    });
  }

  it('one script per credit: three Redis commands for a credit read on its own, where the steps one by one take seven', async () => {
    const proxy = new CountingProxy({ host: '127.0.0.1', port: 6379 });
    const counted = new Redis({ host: '127.0.0.1', port: await proxy.start(), maxRetriesPerRequest: 2 });
    try {
      const sent: Record<string, number> = {};
      for (const mode of ['one step per port', 'one script per credit'] as const) {
        const w = instance(counted, fresh(), new RepeatingFeed([]), mode);
        const [warm, record] = [await filedRequest(w.requests, w.capLedger), await filedRequest(w.requests, w.capLedger, { reservationId: 'res-2' })];
        await w.sync.applyCredit(creditFor(warm));
        const before = proxy.snapshot().commands;
        assert.equal((await w.sync.applyCredit(creditFor(record))).kind, 'credited');
        sent[mode] = proxy.snapshot().commands - before;
      }
      assert.deepEqual(sent, { 'one step per port': 7, 'one script per credit': 3 });
    } finally {
      counted.disconnect();
      await proxy.stop();
    }
  });

  it('one script per credit: a request that moved after it was read is decided afresh, and nothing is written for it', async () => {
    const w = instance(client(), fresh(), new RepeatingFeed([]), 'one script per credit');
    const record = await filedRequest(w.requests, w.capLedger);
    const [read] = await w.creditStore!.byTickets([record.ticketId!]);
    await w.requests.transition(record.id, 'withdrawn', {}, T0);
    const outcome = await w.sync.applyCredit(creditFor(record), { record: read });
    assert.equal(outcome.kind, 'not-creditable');
    assert.equal((await w.requests.get(record.id))?.state, 'withdrawn');
    assert.equal((await w.audit.list({ type: 'credited' })).length, 0);
    assert.deepEqual(await w.queue.readNew('c', 10), []);
    assert.equal((await w.capLedger.entries(record.customerId))[0]?.state, 'reserved');
  });

  it('one script per credit: a refund the cap ledger does not know is refused as the ledger refuses it, and nothing changes', async () => {
    const w = instance(client(), fresh(), new RepeatingFeed([]), 'one script per credit');
    const { record: created } = await w.requests.create(newRequest(), T0);
    const record = await w.requests.transition(created.id, 'filed', { ticketId: 'T-no-cap' }, T0);
    await assert.rejects(w.sync.applyCredit(creditFor(record)), NotFoundError);
    assert.equal((await w.requests.get(record.id))?.state, 'filed');
    assert.equal((await w.audit.list({ type: 'credited' })).length, 0);
    assert.deepEqual(await w.queue.readNew('c', 10), []);
  });
});
