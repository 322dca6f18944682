import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { MemoryDeliveryLedger } from '../../src/notify/coordination';
import { DeliveryWorker } from '../../src/notify/deliveryWorker';
import { MemoryNotificationQueue } from '../../src/notify/notificationQueue';
import { DeliveryError, deliveryErrorOfConnector, retryAfterMsOf, type ProactiveSender } from '../../src/notify/proactiveSenders';
import { MemoryAuditTrail } from '../../src/store/memory/auditTrail';
import { MemoryCapLedger } from '../../src/store/memory/capLedger';
import { MemoryRequestStore } from '../../src/store/memory/requestStore';
import { filedRequest, silentLog, T0 } from './fixtures';

/** Records what it was asked to post; answers with the scripted failures first. */
class FakeSender implements ProactiveSender {
  readonly sent: Array<{ conversation: Record<string, unknown>; activity: Partial<Activity> }> = [];
  calls = 0;
  constructor(private readonly failures: Error[] = []) {}
  async send(conversation: Record<string, unknown>, activity: Partial<Activity>): Promise<void> {
    this.calls += 1;
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push({ conversation, activity });
  }
}

async function setup(sender: FakeSender) {
  const requests = new MemoryRequestStore();
  const audit = new MemoryAuditTrail();
  const queue = new MemoryNotificationQueue();
  const ledger = new MemoryDeliveryLedger();
  const record = await filedRequest(requests, new MemoryCapLedger());
  await queue.enqueue({ requestId: record.id, creditId: 'c1', ticketId: record.ticketId!, amount: '5135.35', currency: 'EUR', creditedAt: T0.toISOString() });
  const sleeps: number[] = [];
  const worker = (consumer = 'w1') =>
    new DeliveryWorker({
      queue,
      senders: { teams: sender },
      requests,
      ledger,
      audit,
      clock: { now: () => T0 },
      log: silentLog,
      consumer,
      sleep: async (ms) => void sleeps.push(ms),
      claimIdleMs: 0,
    });
  return { requests, audit, queue, ledger, record, sleeps, worker };
}

function cardText(activity: Partial<Activity>): string {
  return JSON.stringify(activity.attachments?.[0]?.content);
}

describe('DeliveryWorker', () => {
  it('drains more than one batch when nudged, delivering entries side by side, each exactly once', async () => {
    const sender = new FakeSender();
    const s = await setup(sender);
    const more = await Promise.all(
      Array.from({ length: 6 }, (_, i) => filedRequest(s.requests, new MemoryCapLedger(), { key: `batch-${i}`, reservationId: `res-batch-${i}` })),
    );
    for (const record of more)
      await s.queue.enqueue({
        requestId: record.id,
        creditId: `c-${record.id}`,
        ticketId: record.ticketId!,
        amount: '5135.35',
        currency: 'EUR',
        creditedAt: T0.toISOString(),
      });
    const worker = new DeliveryWorker({
      queue: s.queue,
      senders: { teams: sender },
      requests: s.requests,
      ledger: s.ledger,
      audit: s.audit,
      clock: { now: () => T0 },
      log: silentLog,
      consumer: 'w1',
      batchSize: 2,
      concurrency: 2,
    });
    worker.nudge();
    await worker.idle();
    assert.equal(sender.sent.length, 7, 'all seven entries, four batches of at most two');
    assert.equal(new Set(sender.sent.map((x) => JSON.stringify(x.conversation) + cardText(x.activity))).size, 7);
    assert.equal(await s.queue.pendingCount(), 0);
    assert.deepEqual(await s.worker('w2').runOnce(), []);
  });

  it('posts the notices of one conversation in stream order, even when the first send is slow', async () => {
    /** The first send yields to the event loop a while before it lands: a parallel second send would overtake it. */
    class SlowFirstSender extends FakeSender {
      private started = 0;
      override async send(conversation: Record<string, unknown>, activity: Partial<Activity>): Promise<void> {
        if (this.started++ === 0) for (let i = 0; i < 50; i++) await new Promise<void>((resolve) => setImmediate(resolve));
        await super.send(conversation, activity);
      }
    }
    const sender = new SlowFirstSender();
    const s = await setup(sender);
    const second = await filedRequest(s.requests, new MemoryCapLedger(), { key: 'order-2', reservationId: 'res-order-2' });
    const other = await filedRequest(s.requests, new MemoryCapLedger(), {
      key: 'order-3',
      reservationId: 'res-order-3',
      origin: { channel: 'teams', conversation: { conversation: { id: 'conv-other' }, serviceUrl: 'https://smba.example/emea/' } },
    });
    for (const record of [second, other])
      await s.queue.enqueue({
        requestId: record.id,
        creditId: `c-${record.id}`,
        ticketId: record.ticketId!,
        amount: '1',
        currency: 'EUR',
        creditedAt: T0.toISOString(),
      });
    assert.deepEqual(await s.worker().runOnce(), ['sent', 'sent', 'sent']);
    const order = sender.sent.map((x) => cardText(x.activity));
    const position = (ticket: string) => order.findIndex((text) => text.includes(ticket));
    assert.ok(position(s.record.ticketId!) < position(second.ticketId!), 'conv-1: first entry posted first');
    assert.ok(position(other.ticketId!) < position(s.record.ticketId!), 'another conversation is not kept waiting behind the slow one');
  });

  it('holds later notices of a conversation whose earlier one must be retried, and posts both in order later', async () => {
    const sender = new FakeSender([new DeliveryError(503, 'unavailable')]);
    const s = await setup(sender);
    const second = await filedRequest(s.requests, new MemoryCapLedger(), { key: 'held-2', reservationId: 'res-held-2' });
    await s.queue.enqueue({
      requestId: second.id,
      creditId: 'c-held-2',
      ticketId: second.ticketId!,
      amount: '1',
      currency: 'EUR',
      creditedAt: T0.toISOString(),
    });
    assert.deepEqual(await s.worker().runOnce(), ['retry-later', 'held']);
    assert.equal(sender.sent.length, 0, 'the second notice did not overtake the first');
    assert.deepEqual(await s.worker('w2').runOnce(), ['sent', 'sent']);
    assert.deepEqual(
      sender.sent.map((x) => cardText(x.activity).includes(s.record.ticketId!)),
      [true, false],
    );
    assert.equal(await s.queue.pendingCount(), 0);
  });

  it('posts exactly one credit notice to the origin conversation, even when the entry is delivered again', async () => {
    const sender = new FakeSender();
    const s = await setup(sender);
    assert.deepEqual(await s.worker().runOnce(), ['sent']);
    // The same notification queued again (e.g. re-added by hand) is recognised as sent.
    await s.queue.enqueue({ requestId: s.record.id, creditId: 'c1', ticketId: 't', amount: '1', currency: 'EUR', creditedAt: T0.toISOString() });
    assert.deepEqual(await s.worker('w2').runOnce(), []);
    assert.equal(sender.sent.length, 1);
    assert.deepEqual(sender.sent[0].conversation, s.record.origin.conversation as Record<string, unknown>);
    const text = cardText(sender.sent[0].activity);
    assert.match(text, /5,135\.35 EUR/);
    assert.match(text, /Now refund your customer/);
    assert.match(text, new RegExp(s.record.ticketId!));
    assert.equal(await s.queue.pendingCount(), 0);
  });

  it('a redelivered entry whose send already happened (crash before ack) posts nothing', async () => {
    const sender = new FakeSender();
    const s = await setup(sender);
    await s.queue.readNew('crashed', 10);
    await s.ledger.finish(s.record.id); // the crashed worker had sent and recorded it, but not acked
    assert.deepEqual(await s.worker().runOnce(), ['duplicate']);
    assert.equal(sender.calls, 0);
    assert.equal(await s.queue.pendingCount(), 0);
  });

  it('on 429 waits Retry-After (backing off when it is shorter), then sends once', async () => {
    const sender = new FakeSender([new DeliveryError(429, 'slow down', 3000), new DeliveryError(429, 'slow down', 0)]);
    const s = await setup(sender);
    assert.deepEqual(await s.worker().runOnce(), ['sent']);
    assert.deepEqual(s.sleeps, [3000, 2000]);
    assert.equal(sender.sent.length, 1);
  });

  it('on 403 marks the conversation unreachable, audits it, acks, and never retries', async () => {
    const sender = new FakeSender([new DeliveryError(403, 'bot removed')]);
    const s = await setup(sender);
    assert.deepEqual(await s.worker().runOnce(), ['unreachable']);
    assert.deepEqual(await s.worker('w2').runOnce(), []);
    assert.equal(sender.calls, 1);
    assert.equal(await s.queue.pendingCount(), 0);
    const [event] = await s.audit.list({ type: 'notification-undeliverable' });
    assert.equal(event.requestId, s.record.id);
    assert.equal(event.detail?.status, 403);
  });

  it('treats a conversation that is gone (404) or a refused message (400) like 403: reported once, not retried', async () => {
    for (const status of [404, 400]) {
      const sender = new FakeSender([new DeliveryError(status, 'no')]);
      const s = await setup(sender);
      assert.deepEqual(await s.worker().runOnce(), ['unreachable'], String(status));
      assert.deepEqual(await s.worker('w2').runOnce(), []);
      assert.equal(sender.calls, 1);
    }
  });

  it('never posts twice when recording a sent notice fails once: the record is retried, not the send', async () => {
    const sender = new FakeSender();
    const s = await setup(sender);
    const finish = s.ledger.finish.bind(s.ledger);
    let failures = 1;
    s.ledger.finish = async (id: string) => {
      if (failures-- > 0) throw new Error('redis blip');
      return finish(id);
    };
    assert.deepEqual(await s.worker().runOnce(), ['sent']);
    assert.deepEqual(await s.worker('w2').runOnce(), []);
    assert.equal(sender.sent.length, 1);
    assert.equal(await s.queue.pendingCount(), 0);
  });

  it('leaves an entry pending after another failure, and a later pass sends it', async () => {
    const sender = new FakeSender([new Error('connector down')]);
    const s = await setup(sender);
    assert.deepEqual(await s.worker().runOnce(), ['retry-later']);
    assert.equal(await s.queue.pendingCount(), 1);
    assert.deepEqual(await s.worker('w2').runOnce(), ['sent']);
    assert.equal(sender.sent.length, 1);
  });

  it('reads status and Retry-After from connector errors', () => {
    const err = deliveryErrorOfConnector({
      statusCode: 429,
      message: 'Too Many Requests',
      response: { headers: { get: (n: string) => (n === 'retry-after' ? '7' : undefined) } },
    });
    assert.ok(err instanceof DeliveryError);
    assert.equal((err as DeliveryError).retryAfterMs, 7000);
    assert.equal(retryAfterMsOf('Wed, 10 Mar 2026 12:00:10 GMT', Date.parse('2026-03-10T12:00:00Z')), 10_000);
    const plain = new Error('x');
    assert.equal(deliveryErrorOfConnector(plain), plain);
  });
});
