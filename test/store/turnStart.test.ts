import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { StorageUnavailableError } from '../../src/errors';
import { RedisBotStorage } from '../../src/store/redis/botStorage';
import { RedisIdempotencyStore } from '../../src/store/redis/idempotency';
import { deleteKeysUnder } from '../../src/store/redis/keyspace';
import { RedisTurnStart } from '../../src/store/redis/turnStart';
import { RedisRequestStore } from '../../src/store/redis/requestStore';
import { RedisCapLedger } from '../../src/store/redis/capLedger';
import { ReadAheadSnapshot, type ReadAheadHints } from '../../src/ports/readAhead';
import { Decimal } from '../../src/domain/money';
import { newRequest } from '../notify/fixtures';

/** The turn start on the real Redis: claims in order, then the reads, in one script call. */
describe('RedisTurnStart (127.0.0.1:6379)', () => {
  const prefix = `test:turnstart:${randomUUID()}:`;
  const redis = new Redis('redis://127.0.0.1:6379');
  const sent: Array<{ name: string; first: string; second?: string }> = [];
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
    void command.promise
      .finally(() => sent.push({ name: command.name, first: String(command.args[0]), second: String(command.args[1]) }))
      .catch(() => undefined);
    return result;
  }) as typeof redis.sendCommand;
  const idempotency = new RedisIdempotencyStore(redis, { prefix });
  const conversations = new RedisBotStorage(redis, { prefix: `${prefix}bot:` });
  const profiles = new RedisBotStorage(redis, { prefix: `${prefix}profile:` });
  const requests = new RedisRequestStore(redis, { prefix });
  const capLedger = new RedisCapLedger(redis, { prefix });
  const turnStart = new RedisTurnStart(idempotency, [requests, capLedger]);
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

  describe('reads ahead what a click names', () => {
    const AT = new Date('2026-06-15T10:00:00Z');
    let claimed = 100;
    /** A turn start with one claim of its own, the two state reads and these hints; the turn's snapshot. */
    const start = async (hints: ReadAheadHints): Promise<ReadAheadSnapshot> => {
      const snapshot = new ReadAheadSnapshot();
      const started = await turnStart.claimThenRead([{ key: `activity:ra-${(claimed += 1)}`, ttlMs: 60_000 }], reads, { hints, snapshot });
      assert.equal(started.won, 1);
      return snapshot;
    };
    /** What the stores answer, given a snapshot or none. */
    const read = async (customerId: string, requestKey: string, snapshot?: ReadAheadSnapshot) => ({
      requests: await requests.listByCustomer(customerId, 200, snapshot),
      entries: await capLedger.entries(customerId, snapshot),
      request: await requests.getByKey(requestKey, snapshot),
    });
    let requestKey: string;

    before(async () => {
      // Two requests of cust-ra, one with its cap reserved; one of another customer.
      const first = await requests.create(newRequest({ customerId: 'cust-ra', reservationId: 'res-ra-1' }), AT);
      requestKey = first.record.key;
      await capLedger.reserve('cust-ra', first.record.id, new Decimal('1234.56'), AT);
      await requests.create(newRequest({ customerId: 'cust-ra', reservationId: 'res-ra-2' }), new Date(AT.getTime() + 1000));
      await requests.create(newRequest({ customerId: 'cust-other', reservationId: 'res-o-1' }), AT);
    });

    it("reads the customer's requests and cap entries and the request key's record in the one script call; each store read is then answered once", async () => {
      const direct = await read('cust-ra', requestKey);
      assert.equal(direct.requests.length, 2);
      assert.equal(direct.entries.length, 1);
      assert.ok(direct.request);
      sent.length = 0;
      const snapshot = await start({ requestsOf: 'cust-ra', capOf: 'cust-ra', requestKey });
      assert.equal(sent.length, 1, 'one command: claims, state and the read-aheads');
      assert.equal(sent[0].second, '6', 'its keys: the claim, two state hashes, the requests index, the cap entries, the record');
      assert.equal(snapshot.size, 3);
      assert.deepEqual(await read('cust-ra', requestKey, snapshot), direct, 'the same figures as read by the stores');
      assert.equal(sent.length, 1, 'no command for the reads named ahead');
      // Answered once: the same reads again go to Redis.
      assert.deepEqual(await read('cust-ra', requestKey, snapshot), direct);
      assert.deepEqual(
        sent.slice(1).map((c) => c.name),
        ['zrevrange', 'mget', 'hgetall', 'get'],
      );
    });

    it('ignores a snapshot for another customer: the step reads its own customer from Redis', async () => {
      const direct = await read('cust-ra', requestKey);
      const snapshot = await start({ requestsOf: 'cust-other', capOf: 'cust-other' });
      sent.length = 0;
      assert.deepEqual(await requests.listByCustomer('cust-ra', 200, snapshot), direct.requests);
      assert.deepEqual(await capLedger.entries('cust-ra', snapshot), direct.entries);
      assert.deepEqual(
        sent.map((c) => c.name),
        ['zrevrange', 'mget', 'hgetall'],
      );
      // A read of another length is not the read made ahead either.
      assert.deepEqual(await requests.listByCustomer('cust-other', 5, snapshot), await requests.listByCustomer('cust-other', 200));
      assert.equal(snapshot.size, 2, "the other customer's reads are left, never used");
    });

    it('answers nothing read before a write of the stores: a cap reserve, a request created', async () => {
      let snapshot = await start({ requestsOf: 'cust-ra', capOf: 'cust-ra' });
      assert.equal(snapshot.size, 2);
      await capLedger.reserve('cust-ra', 'rq-ra-written', new Decimal('10.00'), AT);
      assert.equal(snapshot.size, 0);
      assert.ok(
        (await capLedger.entries('cust-ra', snapshot)).some((entry) => entry.requestId === 'rq-ra-written'),
        'the entry written is read',
      );

      snapshot = await start({ requestsOf: 'cust-ra', capOf: 'cust-ra' });
      const created = await requests.create(newRequest({ customerId: 'cust-ra', reservationId: 'res-ra-3' }), new Date(AT.getTime() + 2000));
      assert.equal(snapshot.size, 0);
      assert.equal((await requests.listByCustomer('cust-ra', 200, snapshot))[0].id, created.record.id, 'the request created is listed');
    });

    it('reads nothing ahead without hints, for an id a store refuses, or when a claim is lost', async () => {
      sent.length = 0;
      await turnStart.claimThenRead([{ key: `activity:ra-${(claimed += 1)}`, ttlMs: 60_000 }], reads);
      assert.equal(sent[0].second, '3', 'the claim and the two state keys');
      // Braces would move the cap keys into another hash slot: the cap ledger refuses such an id.
      assert.equal((await start({ requestsOf: 'cust-{ra}', capOf: 'cust-{ra}' })).size, 1, 'the requests index only');
      const snapshot = new ReadAheadSnapshot();
      const lost = await turnStart.claimThenRead([{ key: `activity:ra-${claimed}`, ttlMs: 60_000 }], reads, {
        hints: { requestsOf: 'cust-ra', capOf: 'cust-ra' },
        snapshot,
      });
      assert.deepEqual(lost, { won: 0 });
      assert.equal(snapshot.size, 0);
    });
  });
});
