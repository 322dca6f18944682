import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { MemoryNotificationQueue, RedisNotificationQueue, type CreditNotification, type NotificationQueue } from '../../src/notify/notificationQueue';
import { deleteKeysUnder } from '../../src/store/redis/keyspace';

function notification(requestId = randomUUID()): CreditNotification {
  return {
    requestId,
    creditId: `credit-${requestId}`,
    ticketId: `T-${requestId.slice(0, 6)}`,
    amount: '10.00',
    currency: 'EUR',
    creditedAt: '2026-03-10T12:00:00.000Z',
  };
}

function queueContract(name: string, make: () => Promise<NotificationQueue>): void {
  describe(`NotificationQueue contract: ${name}`, () => {
    it('hands each new entry to one consumer once, with its content', async () => {
      const queue = await make();
      const a = notification();
      const b = notification();
      assert.equal(await queue.enqueue(a), true);
      assert.equal(await queue.enqueue(b), true);
      const first = await queue.readNew('alpha', 1);
      const second = await queue.readNew('beta', 10);
      assert.deepEqual(
        first.map((e) => e.notification),
        [a],
      );
      assert.deepEqual(
        second.map((e) => e.notification),
        [b],
      );
      assert.deepEqual(await queue.readNew('alpha', 10), []);
      assert.equal(await queue.pendingCount(), 2);
    });

    it('queues a request once, however often it is enqueued', async () => {
      const queue = await make();
      const n = notification();
      assert.equal(await queue.enqueue(n), true);
      assert.equal(await queue.enqueue({ ...n, creditId: 'another' }), false);
      assert.equal((await queue.readNew('alpha', 10)).length, 1);
    });

    it('keeps an unacked entry pending and lets another consumer claim it; ack ends it', async () => {
      const queue = await make();
      await queue.enqueue(notification());
      const [entry] = await queue.readNew('dead', 10);
      const claimed = await queue.claimStale('alive', 0, 10);
      assert.deepEqual(claimed, [entry]);
      await queue.ack(entry.entryId);
      assert.equal(await queue.pendingCount(), 0);
      assert.deepEqual(await queue.claimStale('alive', 0, 10), []);
    });

    it('tells how many entries wait for a consumer and how many are read but not acked (the queue-length metric)', async () => {
      const queue = await make();
      assert.deepEqual(await queue.backlog(), { waiting: 0, pending: 0 });
      for (let i = 0; i < 3; i++) await queue.enqueue(notification());
      const [entry] = await queue.readNew('alpha', 1);
      assert.deepEqual(await queue.backlog(), { waiting: 2, pending: 1 });
      await queue.ack(entry.entryId);
      assert.deepEqual(await queue.backlog(), { waiting: 2, pending: 0 });
    });

    it('does not claim an entry that has not been idle long enough', async () => {
      const queue = await make();
      await queue.enqueue(notification());
      await queue.readNew('busy', 10);
      assert.deepEqual(await queue.claimStale('other', 60_000, 10), []);
      assert.equal(await queue.pendingCount(), 1);
    });
  });
}

queueContract('memory', async () => new MemoryNotificationQueue());

describe('RedisNotificationQueue on a real Redis', () => {
  const redis = new Redis('redis://127.0.0.1:6379');
  const prefixes: string[] = [];
  after(async () => {
    for (const prefix of prefixes) await deleteKeysUnder(redis, prefix);
    redis.disconnect();
  });
  queueContract('redis', async () => {
    const prefix = `rd-test-notify-${randomUUID().slice(0, 8)}:`;
    prefixes.push(prefix);
    return new RedisNotificationQueue(redis, { prefix });
  });

  it('survives a restart: a new queue object on the same keys sees what is pending', async () => {
    const prefix = `rd-test-notify-${randomUUID().slice(0, 8)}:`;
    prefixes.push(prefix);
    await new RedisNotificationQueue(redis, { prefix }).enqueue(notification());
    const restarted = new RedisNotificationQueue(redis, { prefix });
    assert.equal((await restarted.readNew('after-restart', 10)).length, 1);
  });

  it("counts waiting entries itself where Redis cannot tell the group's lag (an entry deleted from the stream)", async () => {
    const prefix = `rd-test-notify-${randomUUID().slice(0, 8)}:`;
    prefixes.push(prefix);
    const queue = new RedisNotificationQueue(redis, { prefix });
    for (let i = 0; i < 3; i++) await queue.enqueue(notification());
    const [, , last] = await redis.xrange(`${prefix}{notify}:stream`, '-', '+');
    await redis.xdel(`${prefix}{notify}:stream`, last[0]);
    assert.deepEqual(await queue.backlog(), { waiting: 2, pending: 0 });
  });

  it('sends the enqueue script once per connection, then calls it by its SHA-1', async () => {
    const prefix = `rd-test-notify-${randomUUID().slice(0, 8)}:`;
    prefixes.push(prefix);
    const own = new Redis('redis://127.0.0.1:6379');
    const sent: Array<{ name: string; first: string }> = [];
    const send = own.sendCommand.bind(own);
    own.sendCommand = ((command: { name: string; args: unknown[]; promise: Promise<unknown> }) => {
      const result = send(command as never);
      // The command's name and first argument are final once it was written to the socket.
      void command.promise.finally(() => sent.push({ name: command.name, first: String(command.args[0]) })).catch(() => undefined);
      return result;
    }) as typeof own.sendCommand;
    try {
      const queue = new RedisNotificationQueue(own, { prefix });
      for (const requestId of ['r-1', 'r-2', 'r-3']) assert.equal(await queue.enqueue(notification(`${requestId}-${randomUUID()}`)), true);
      const scripts = sent.filter((c) => c.name === 'eval' || c.name === 'evalsha');
      assert.equal(scripts.length, 3);
      assert.equal(scripts.filter((c) => c.name === 'eval').length, 1, 'the script text crossed the wire once');
      assert.ok(scripts.slice(1).every((c) => c.name === 'evalsha' && /^[0-9a-f]{40}$/.test(c.first)));
    } finally {
      own.disconnect();
    }
  });

  it('reports pending entries that were trimmed from the stream instead of dropping them in silence', async () => {
    const prefix = `rd-test-notify-${randomUUID().slice(0, 8)}:`;
    prefixes.push(prefix);
    const lost: string[][] = [];
    const queue = new RedisNotificationQueue(redis, { prefix, onLost: (ids) => lost.push(ids) });
    await queue.enqueue(notification());
    const [entry] = await queue.readNew('crashed', 10);
    await redis.xdel(`${prefix}{notify}:stream`, entry.entryId);
    assert.deepEqual(await queue.claimStale('rescuer', 0, 10), []);
    assert.deepEqual(lost, [[entry.entryId]]);
  });
});
