import assert from 'node:assert/strict';
import { Decimal } from '../../src/domain/money';
import { MemoryCursorStore, MemoryPollLock } from '../../src/notify/coordination';
import { CreditSync, creditedUsd } from '../../src/notify/creditSync';
import { MemoryNotificationQueue } from '../../src/notify/notificationQueue';
import { MemoryAuditTrail } from '../../src/store/memory/auditTrail';
import { MemoryCapLedger } from '../../src/store/memory/capLedger';
import { MemoryRequestStore } from '../../src/store/memory/requestStore';
import type { CreditFeed } from '../../src/ports/credits';
import { creditFor, filedRequest, newRequest, RepeatingFeed, silentLog, T0 } from './fixtures';

function world(feed: CreditFeed) {
  const requests = new MemoryRequestStore();
  const capLedger = new MemoryCapLedger();
  const audit = new MemoryAuditTrail();
  const queue = new MemoryNotificationQueue();
  const lock = new MemoryPollLock();
  const newSync = () => new CreditSync({ feed, requests, capLedger, audit, queue, cursor: new MemoryCursorStore(), lock, log: silentLog });
  return { requests, capLedger, audit, queue, sync: newSync(), newSync };
}

describe('CreditSync', () => {
  it('a settlement the feed reports ended without a refund fails its filed request once and gives its cap back', async () => {
    const w = world(new RepeatingFeed([]));
    const record = await filedRequest(w.requests, w.capLedger);
    assert.equal((await w.capLedger.consumed(record.customerId, T0)).toFixed(2), new Decimal(record.capUsd).toFixed(2));
    const feed: CreditFeed = { creditsSince: async () => ({ credits: [], cursor: 'c', failures: [{ ticketId: record.ticketId!, status: 'Failed' }] }) };
    const sync = new CreditSync({
      feed,
      requests: w.requests,
      capLedger: w.capLedger,
      audit: w.audit,
      queue: w.queue,
      cursor: new MemoryCursorStore(),
      lock: new MemoryPollLock(),
      log: silentLog,
    });
    await sync.runOnce();
    await sync.runOnce();
    const after = await w.requests.get(record.id);
    assert.equal(after?.state, 'failed');
    assert.equal(after?.failureReason, 'azure-exchange-failed');
    assert.equal((await w.capLedger.consumed(record.customerId, T0)).toFixed(2), '0.00', 'the cap it held is free again');
    assert.equal((await w.audit.list({ type: 'filing-failed' })).length, 1);
    // A credited request is never failed by a late report.
    const credited = await filedRequest(w.requests, w.capLedger, { key: 'credited-first', reservationId: 'res-credited-first' });
    await sync.applyCredit(creditFor(credited));
    assert.equal(await sync.applySettlementFailure({ ticketId: credited.ticketId!, status: 'Cancelled' }), undefined);
    assert.equal((await w.requests.get(credited.id))?.state, 'credited');
  });

  it('credits a filed request once: state, ledger, audit, one notification — even when the feed repeats the credit', async () => {
    const feed = new RepeatingFeed([]);
    const w = world(feed);
    const record = await filedRequest(w.requests, w.capLedger);
    feed.credits = [creditFor(record)];
    const first = await w.sync.runOnce();
    const second = await w.sync.runOnce();
    assert.deepEqual([first.notified, second.notified], [1, 0]);
    const after = await w.requests.get(record.id);
    assert.equal(after?.state, 'credited');
    assert.equal(after?.creditedAmount, '5135.35');
    const [entry] = await w.capLedger.entries(record.customerId);
    assert.equal(entry.state, 'credited');
    assert.equal(entry.amountUsd.toFixed(2), '5546.18');
    assert.equal((await w.audit.list({ type: 'credited' })).length, 1);
    const queued = await w.queue.readNew('c', 10);
    assert.deepEqual(
      queued.map((q) => q.notification.requestId),
      [record.id],
    );
  });

  it('credits a request whose filing was retried (filedAt after Microsoft already had the ticket), and audits a refused credit for review', async () => {
    const feed = new RepeatingFeed([]);
    const w = world(feed);
    const { record } = await w.requests.create(newRequest(), T0);
    await w.capLedger.reserve(record.customerId, record.id, new Decimal(record.capUsd), T0);
    const later = new Date(T0.getTime() + 10 * 60_000);
    const filed = await w.requests.transition(record.id, 'filed', { ticketId: 'T-retried', filedAt: later.toISOString() }, later);
    const wrongCurrency = { ...creditFor(filed), creditId: 'bad', currency: 'JPY' };
    feed.credits = [wrongCurrency, creditFor(filed)];
    await w.sync.runOnce();
    assert.equal((await w.requests.get(record.id))?.state, 'credited', 'a credit one minute after the request was made is plausible');
    const [refused] = await w.audit.list({ type: 'credit-refused' });
    assert.equal(refused.requestId, record.id);
    assert.match(String(refused.detail?.reason), /currency JPY/);
  });

  it('two syncs running at once (separate instances, one shared store) credit and notify once', async () => {
    const feed = new RepeatingFeed([]);
    const w = world(feed);
    const record = await filedRequest(w.requests, w.capLedger);
    feed.credits = [creditFor(record)];
    // Different locks too: the atomic transition and the idempotent enqueue are what keep this to one.
    const a = new CreditSync({
      feed,
      requests: w.requests,
      capLedger: w.capLedger,
      audit: w.audit,
      queue: w.queue,
      cursor: new MemoryCursorStore(),
      lock: new MemoryPollLock(),
      log: silentLog,
    });
    const b = new CreditSync({
      feed,
      requests: w.requests,
      capLedger: w.capLedger,
      audit: w.audit,
      queue: w.queue,
      cursor: new MemoryCursorStore(),
      lock: new MemoryPollLock(),
      log: silentLog,
    });
    await Promise.all([a.runOnce(), b.runOnce(), a.applyCredit(creditFor(record))]);
    assert.equal((await w.audit.list({ type: 'credited' })).length, 1);
    assert.equal((await w.queue.readNew('c', 10)).length, 1);
  });

  it('applies a poll of many credits side by side: each request credited once and notified once, a repeated credit of one ticket included', async () => {
    const feed = new RepeatingFeed([]);
    const w = world(feed);
    const records = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        filedRequest(w.requests, w.capLedger, { key: `many-${i}`, customerId: `cust-${i}`, reservationId: `res-many-${i}` }),
      ),
    );
    feed.credits = [...records.map((r) => creditFor(r)), creditFor(records[7])];
    const result = await w.sync.runOnce();
    assert.deepEqual(result, { polled: true, credits: 41, notified: 40 });
    for (const record of records) assert.equal((await w.requests.get(record.id))?.state, 'credited');
    assert.equal((await w.audit.list({ type: 'credited' })).length, 40);
    const queued = await w.queue.readNew('c', 100);
    assert.deepEqual(queued.map((e) => e.notification.requestId).sort(), records.map((r) => r.id).sort());
  });

  it('finishes every other credit of a poll when one fails, and keeps the cursor so all are seen again', async () => {
    const feed = new RepeatingFeed([]);
    const w = world(feed);
    const records = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        filedRequest(w.requests, w.capLedger, { key: `some-${i}`, customerId: `cust-some-${i}`, reservationId: `res-some-${i}` }),
      ),
    );
    feed.credits = records.map((r) => creditFor(r));
    const cursor = new MemoryCursorStore();
    const flaky = Object.assign(Object.create(w.requests) as MemoryRequestStore, {
      getByTicket: async (ticketId: string) => {
        if (ticketId === records[0].ticketId) throw new Error('redis blip');
        return w.requests.getByTicket(ticketId);
      },
    });
    const sync = new CreditSync({
      feed,
      requests: flaky,
      capLedger: w.capLedger,
      audit: w.audit,
      queue: w.queue,
      cursor,
      lock: new MemoryPollLock(),
      log: silentLog,
    });
    await assert.rejects(sync.runOnce(), /redis blip/);
    assert.equal(await cursor.get(), undefined);
    for (const record of records.slice(1)) assert.equal((await w.requests.get(record.id))?.state, 'credited');
    // The next poll sees all five again: four are already done (nothing twice), the first is credited now.
    assert.deepEqual(await w.sync.runOnce(), { polled: true, credits: 5, notified: 1 });
    assert.equal((await w.queue.readNew('c', 100)).length, 5);
  });

  it('skips a poll while another holds the lock, and keeps the cursor when applying fails', async () => {
    const feed = new RepeatingFeed([]);
    const w = world(feed);
    const lock = new MemoryPollLock();
    const release = await lock.acquire(60_000);
    const cursor = new MemoryCursorStore();
    const locked = new CreditSync({ feed, requests: w.requests, capLedger: w.capLedger, audit: w.audit, queue: w.queue, cursor, lock, log: silentLog });
    assert.equal((await locked.runOnce()).polled, false);
    await release!();
    const failing = new CreditSync({
      feed: { creditsSince: async () => ({ credits: [{ ...creditFor({ ticketId: 'x' } as never), ticketId: 'x' }], cursor: 'next' }) },
      requests: {
        ...w.requests,
        getByTicket: async () => {
          throw new Error('redis down');
        },
      } as never,
      capLedger: w.capLedger,
      audit: w.audit,
      queue: w.queue,
      cursor,
      lock,
      log: silentLog,
    });
    await assert.rejects(failing.runOnce(), /redis down/);
    assert.equal(await cursor.get(), undefined);
  });

  it('announces an exchange credit without touching the cap ledger; ignores unknown tickets', async () => {
    const feed = new RepeatingFeed([]);
    const w = world(feed);
    const record = await filedRequest(w.requests, w.capLedger, { kind: 'exchange', capUsd: '0.00' });
    feed.credits = [creditFor(record, '800.00'), { ...creditFor(record), ticketId: 'T-unknown', creditId: 'other' }];
    const result = await w.sync.runOnce();
    assert.equal(result.notified, 1);
    assert.deepEqual(await w.capLedger.entries(record.customerId), []);
  });

  it('converts a credit that differs from the quote at the quote’s own rate', () => {
    const record = { quote: { kind: 'refund', refund: '5135.35', refundUsd: '5546.18' }, capUsd: '5546.18' } as never;
    assert.equal(creditedUsd(record, new Decimal('5135.35')).toFixed(2), '5546.18');
    // 1000 × 5546.18 / 5135.35 = 1080.0023…
    assert.equal(creditedUsd(record, new Decimal('1000')).toFixed(2), '1080.00');
  });
});
