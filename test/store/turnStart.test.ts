import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { StorageUnavailableError } from '../../src/errors';
import { RedisBotStorage } from '../../src/store/redis/botStorage';
import { RedisIdempotencyStore } from '../../src/store/redis/idempotency';
import { deleteKeysUnder } from '../../src/store/redis/keyspace';
import { RedisTurnStart } from '../../src/store/redis/turnStart';

/** The turn start on the real Redis: claims in order, then the reads, in one script call. */
describe('RedisTurnStart (127.0.0.1:6379)', () => {
  const prefix = `test:turnstart:${randomUUID()}:`;
  const redis = new Redis('redis://127.0.0.1:6379');
  const sent: Array<{ name: string; first: string }> = [];
  const send = redis.sendCommand.bind(redis);
  /** When set, a command of this name is answered by Redis but rejected to the caller (a timeout after it applied). */
  let failAfterApplying: string | undefined;
  redis.sendCommand = ((command: {
    name: string;
    args: unknown[];
    promise: Promise<unknown>;
    reject: (err: Error) => void;
    resolve: (value: unknown) => void;
  }) => {
    if (failAfterApplying && command.name === failAfterApplying) {
      failAfterApplying = undefined;
      const reject = command.reject;
      command.resolve = () => reject(new StorageUnavailableError('Storage (Redis) is not answering.', { command: command.name }));
    }
    const result = send(command as never);
    void command.promise.finally(() => sent.push({ name: command.name, first: String(command.args[0]) })).catch(() => undefined);
    return result;
  }) as typeof redis.sendCommand;
  const idempotency = new RedisIdempotencyStore(redis, { prefix });
  const conversations = new RedisBotStorage(redis, { prefix: `${prefix}bot:` });
  const profiles = new RedisBotStorage(redis, { prefix: `${prefix}profile:` });
  const turnStart = new RedisTurnStart(idempotency);
  const reads = [
    { storage: conversations, key: 'msteams/conversations/c-1/users/u-1' },
    { storage: profiles, key: 'msteams/users/u-1' },
  ];

  after(async () => {
    await deleteKeysUnder(redis, prefix);
    redis.disconnect();
  });

  it('takes both claims, then reads both items with their eTags, in one script call', async () => {
    await conversations.write({ [reads[0].key]: { dialogState: { step: 2 } } });
    const stored = (await conversations.read([reads[0].key]))[reads[0].key];
    sent.length = 0;
    const started = await turnStart.claimThenRead(
      [
        { key: 'activity:a-1', ttlMs: 60_000 },
        { key: 'card:k-1', ttlMs: 30_000, giveBackOnFailure: true },
      ],
      reads,
    );
    assert.equal(started.won, 2);
    assert.deepEqual(started.items, [stored, undefined], 'the conversation item as read() returns it; no profile yet');
    assert.equal(sent.length, 1, 'one command for the claims and both reads');
    assert.equal(await idempotency.claim('activity:a-1', 1000), false, 'the activity claim is held');
    assert.equal(await idempotency.claim('card:k-1', 1000), false, 'the card claim is held');
  });

  it("sends only the script's SHA-1 once the connection has it", async () => {
    sent.length = 0;
    for (const n of [2, 3, 4]) await turnStart.claimThenRead([{ key: `activity:a-${n}`, ttlMs: 60_000 }], reads);
    assert.deepEqual(
      sent.map((c) => c.name),
      ['evalsha', 'evalsha', 'evalsha'],
    );
    assert.ok(sent.every((c) => /^[0-9a-f]{40}$/.test(c.first)));
  });

  it('stops at a lost claim: a repeated activity never takes the card, and nothing is read', async () => {
    const started = await turnStart.claimThenRead(
      [
        { key: 'activity:a-1', ttlMs: 60_000 },
        { key: 'card:k-2', ttlMs: 30_000 },
      ],
      reads,
    );
    assert.deepEqual(started, { won: 0 });
    assert.equal(await idempotency.claim('card:k-2', 1000), true, 'the card was never claimed by the repeat');
  });

  it('keeps the activity claim when the card was already claimed by another click', async () => {
    const started = await turnStart.claimThenRead(
      [
        { key: 'activity:a-5', ttlMs: 60_000 },
        { key: 'card:k-2', ttlMs: 30_000 },
      ],
      reads,
    );
    assert.deepEqual(started, { won: 1 });
    assert.equal(await idempotency.claim('activity:a-5', 1000), false, 'a redelivery of this activity stays dropped');
  });

  it('gives back its own card claim when the call failed after Redis applied it', async () => {
    failAfterApplying = 'evalsha';
    await assert.rejects(
      turnStart.claimThenRead(
        [
          { key: 'activity:a-6', ttlMs: 60_000 },
          { key: 'card:k-6', ttlMs: 30_000, giveBackOnFailure: true },
        ],
        reads,
      ),
      StorageUnavailableError,
    );
    // Storage "not answering": the give-back is not awaited by the turn; it is one command, answered in order.
    await redis.ping();
    assert.equal(await idempotency.claim('card:k-6', 1000), true, 'the card can be clicked again');
  });

  it("never gives back another click's card claim after a failed call", async () => {
    assert.equal(await idempotency.claim('card:k-7', 60_000), true, 'another click holds the card');
    failAfterApplying = 'evalsha';
    await assert.rejects(
      turnStart.claimThenRead(
        [
          { key: 'activity:a-7', ttlMs: 60_000 },
          { key: 'card:k-7', ttlMs: 30_000, giveBackOnFailure: true },
        ],
        reads,
      ),
      StorageUnavailableError,
    );
    await redis.ping();
    assert.equal(await idempotency.claim('card:k-7', 1000), false, 'the other click still holds its card');
  });
});
