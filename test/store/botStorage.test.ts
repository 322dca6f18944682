import { deleteKeysUnder } from '../../src/store/redis/keyspace';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { AutoSaveStateMiddleware, ConversationState, TestAdapter, type Storage } from 'botbuilder';
import { DialogSet, TextPrompt, WaterfallDialog } from 'botbuilder-dialogs';
import Redis from 'ioredis';
import sinon from 'sinon';
import { ConcurrencyConflictError, InvalidInputError } from '../../src/errors';
import { MemoryBotStorage } from '../../src/store/memory/botStorage';
import { RedisBotStorage, botStorageRedisKey } from '../../src/store/redis/botStorage';

const REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * The contract every bot Storage of ours keeps, modelled on botbuilder-js's StorageBaseTests
 * (libraries/botbuilder-core/tests/storageBaseTests.js) plus the compare-and-set rules of src/store/storeItems.ts.
 * `make` gives a fresh, empty storage per test.
 */
function storageContract(make: () => Storage) {
  let storage: Storage;
  beforeEach(() => {
    storage = make();
  });

  it('omits unknown keys when reading', async () => {
    assert.deepEqual(await storage.read(['unknown', 'also/unknown']), {});
  });

  it('refuses missing or malformed keys and changes', async () => {
    await assert.rejects(storage.read(null as unknown as string[]), InvalidInputError);
    await assert.rejects(storage.write(null as unknown as Record<string, unknown>), InvalidInputError);
    await assert.rejects(storage.delete(undefined as unknown as string[]), InvalidInputError);
    await assert.rejects(storage.read([42 as unknown as string]), InvalidInputError);
  });

  it('accepts a write with no items', async () => {
    await storage.write({});
    await storage.write([] as unknown as Record<string, unknown>);
  });

  it('creates objects and reads them back with an eTag', async () => {
    await storage.write({ createPoco: { id: 1 }, createPocoStoreItem: { id: 2, eTag: '*' } });
    const read = await storage.read(['createPoco', 'createPocoStoreItem']);
    assert.equal(read.createPoco.id, 1);
    assert.equal(read.createPocoStoreItem.id, 2);
    assert.equal(typeof read.createPoco.eTag, 'string');
    assert.ok(read.createPoco.eTag.length > 0);
    assert.notEqual(read.createPoco.eTag, '*');
    assert.notEqual(read.createPoco.eTag, read.createPocoStoreItem.eTag);
  });

  it('round-trips nested objects, arrays and unicode, and returns copies', async () => {
    const item = {
      dialogStack: [{ id: 'refund', state: { stepIndex: 2, values: { customer: { id: 'c-1', tags: ['a', 'b'] } } } }],
      empty: {},
      nothing: null,
      flag: false,
      text: 'Zoë — 東京 🚀 "quoted" \\ back',
      amount: '5135.35',
    };
    await storage.write({ nested: item });
    const first = await storage.read(['nested']);
    const { eTag, ...value } = first.nested;
    assert.equal(typeof eTag, 'string');
    assert.deepEqual(value, item);

    first.nested.dialogStack[0].state.stepIndex = 99;
    const again = await storage.read(['nested']);
    assert.equal(again.nested.dialogStack[0].state.stepIndex, 2, 'a read must not hand out the stored object itself');
  });

  it('stores a copy: changing the written object afterwards changes nothing stored', async () => {
    const item = { count: 1, inner: { n: 1 } };
    await storage.write({ copy: item });
    item.count = 2;
    item.inner.n = 2;
    const read = await storage.read(['copy']);
    assert.equal(read.copy.count, 1);
    assert.equal(read.copy.inner.n, 1);
  });

  it('handles crazy keys, including ones with "/", ":", braces, globs and very long ones', async () => {
    const keys = [
      '!@#$%^&*()~/\\><,.?\';"`~',
      'msteams/conversations/19:abc@thread.tacv2;messageid=1/',
      'slack/users/T0{hash}tag/U1*?[x]',
      '%41',
      'A',
      'x'.repeat(5000),
      `${'y'.repeat(300)}/ünïcødé`,
      '',
    ];
    const changes = Object.fromEntries(keys.map((key, i) => [key, { index: i }]));
    await storage.write(changes);
    const read = await storage.read(keys);
    assert.equal(Object.keys(read).length, keys.length, 'every key is a separate item');
    keys.forEach((key, i) => assert.equal(read[key].index, i, `key #${i}`));
  });

  it('refuses a key that is not well-formed Unicode, writing nothing of the batch', async () => {
    await assert.rejects(storage.write({ fine: { a: 1 }, ['bad\uD800']: { a: 2 } }), InvalidInputError);
    assert.deepEqual(await storage.read(['fine']), {});
  });

  it('updates objects following the eTag rules (botbuilder updateObject)', async () => {
    await storage.write({ pocoItem: { id: 1, count: 1 }, pocoStoreItem: { id: 1, count: 1 } });
    const loaded = await storage.read(['pocoItem', 'pocoStoreItem']);
    const pocoItem = loaded.pocoItem;
    delete pocoItem.eTag; // an item without eTag writes unconditionally
    const pocoStoreItem = loaded.pocoStoreItem;
    const firstETag = pocoStoreItem.eTag;

    pocoItem.count++;
    pocoStoreItem.count++;
    await storage.write({ pocoItem, pocoStoreItem });

    const reloaded = await storage.read(['pocoItem', 'pocoStoreItem']);
    assert.equal(reloaded.pocoItem.count, 2);
    assert.equal(reloaded.pocoStoreItem.count, 2);
    assert.notEqual(reloaded.pocoStoreItem.eTag, firstETag, 'every write gives a new eTag');

    // no eTag: overwrites whatever is stored
    pocoItem.count = 123;
    await storage.write({ pocoItem });
    // stale eTag: rejected, nothing changes
    pocoStoreItem.count = 123;
    await assert.rejects(storage.write({ pocoStoreItem }), (err: unknown) => {
      assert.ok(err instanceof ConcurrencyConflictError);
      assert.equal(err.code, 'concurrency-conflict');
      assert.deepEqual(err.details.keys, ['pocoStoreItem']);
      return true;
    });

    const reloaded2 = await storage.read(['pocoItem', 'pocoStoreItem']);
    assert.equal(reloaded2.pocoItem.count, 123);
    assert.equal(reloaded2.pocoStoreItem.count, 2);

    // current eTag: accepted
    reloaded2.pocoStoreItem.count = 3;
    await storage.write({ pocoStoreItem: reloaded2.pocoStoreItem });
    assert.equal((await storage.read(['pocoStoreItem'])).pocoStoreItem.count, 3);

    // wildcard: overwrites regardless of the stored eTag
    await storage.write({ pocoItem: { count: 100, eTag: '*' }, pocoStoreItem: { count: 100, eTag: '*' } });
    const final = await storage.read(['pocoItem', 'pocoStoreItem']);
    assert.equal(final.pocoItem.count, 100);
    assert.equal(final.pocoStoreItem.count, 100);
  });

  it('treats an empty eTag like no eTag', async () => {
    await storage.write({ item: { v: 1 } });
    await storage.write({ item: { v: 2, eTag: '' } });
    assert.equal((await storage.read(['item'])).item.v, 2);
  });

  it('creates a new object from a write without eTag, and refuses one with a made-up eTag', async () => {
    await storage.write({ fresh: { v: 1 } });
    assert.equal((await storage.read(['fresh'])).fresh.v, 1);
    await assert.rejects(storage.write({ ghost: { v: 1, eTag: 'never-issued' } }), ConcurrencyConflictError);
    assert.deepEqual(await storage.read(['ghost']), {});
  });

  it('does not let a stale copy re-create a deleted object', async () => {
    await storage.write({ gone: { v: 1 } });
    const copy = (await storage.read(['gone'])).gone;
    await storage.delete(['gone']);
    await assert.rejects(storage.write({ gone: { ...copy, v: 2 } }), ConcurrencyConflictError);
    assert.deepEqual(await storage.read(['gone']), {});
    // after re-creation the old eTag still does not match
    await storage.write({ gone: { v: 3 } });
    await assert.rejects(storage.write({ gone: { ...copy, v: 4 } }), ConcurrencyConflictError);
    assert.equal((await storage.read(['gone'])).gone.v, 3);
  });

  it('decides each item of a batch on its own and names every conflict', async () => {
    await storage.write({ a: { v: 1 }, b: { v: 1 }, c: { v: 1 } });
    const stale = await storage.read(['a', 'b', 'c']);
    await storage.write({ a: { v: 2 }, c: { v: 2 } });
    await assert.rejects(storage.write({ a: { ...stale.a, v: 3 }, b: { ...stale.b, v: 3 }, c: { ...stale.c, v: 3 }, d: { v: 3 } }), (err: unknown) => {
      assert.ok(err instanceof ConcurrencyConflictError);
      assert.deepEqual([...(err.details.keys as string[])].sort(), ['a', 'c']);
      return true;
    });
    const now = await storage.read(['a', 'b', 'c', 'd']);
    assert.deepEqual([now.a.v, now.b.v, now.c.v, now.d.v], [2, 3, 2, 3]);
  });

  it('refuses a malformed batch before writing any of it', async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const bad: Array<Record<string, unknown>> = [
      { ok: { v: 1 }, notObject: 'text' },
      { ok: { v: 1 }, nullItem: null },
      { ok: { v: 1 }, arrayItem: [1, 2] },
      { ok: { v: 1 }, numericETag: { v: 1, eTag: 7 } },
      { ok: { v: 1 }, circular },
      { ok: { v: 1 }, bigint: { n: BigInt(1) } },
    ];
    for (const changes of bad) {
      await assert.rejects(storage.write(changes), InvalidInputError, Object.keys(changes)[1]);
    }
    assert.deepEqual(await storage.read(['ok']), {});
  });

  it('deletes objects, and deleting unknown keys is fine', async () => {
    await storage.write({ delete1: { id: 1, count: 1 }, keep: { id: 2 } });
    assert.equal((await storage.read(['delete1'])).delete1.count, 1);
    await storage.delete(['delete1', 'unknown_key']);
    const after = await storage.read(['delete1', 'keep']);
    assert.equal(after.delete1, undefined);
    assert.equal(after.keep.id, 2);
    await storage.delete([]);
  });

  it('performs batch operations', async () => {
    await storage.write({ batch1: { count: 10 }, batch2: { count: 20 }, batch3: { count: 30 } });
    const read = await storage.read(['batch1', 'batch2', 'batch3']);
    assert.deepEqual([read.batch1.count, read.batch2.count, read.batch3.count], [10, 20, 30]);
    assert.equal(new Set([read.batch1.eTag, read.batch2.eTag, read.batch3.eTag]).size, 3);
    await storage.delete(['batch1', 'batch2', 'batch3']);
    assert.deepEqual(await storage.read(['batch1', 'batch2', 'batch3']), {});
  });

  it('carries a waterfall dialog across turns through ConversationState (botbuilder proceedsThroughWaterfall)', async () => {
    const conversationState = new ConversationState(storage);
    const dialogs = new DialogSet(conversationState.createProperty('dialogState'));
    dialogs.add(new TextPrompt('name', async (prompt) => (prompt.recognized.value ?? '').length > 3));
    dialogs.add(
      new WaterfallDialog('flow', [
        async (step) => step.prompt('name', { prompt: 'Your name?', retryPrompt: 'Longer, please.' }),
        async (step) => {
          await step.context.sendActivity(`Hello ${step.result}`);
          return step.endDialog();
        },
      ]),
    );
    const adapter = new TestAdapter(async (context) => {
      const dc = await dialogs.createContext(context);
      const result = await dc.continueDialog();
      if (result.status === 'empty') await dc.beginDialog('flow');
    }).use(new AutoSaveStateMiddleware(conversationState));

    await adapter.send('start').assertReply('Your name?').send('Al').assertReply('Longer, please.').send('Alice').assertReply('Hello Alice').startTest();
  });

  it('lets exactly one of many concurrent writers holding the same eTag win', async () => {
    await storage.write({ contested: { owner: 'nobody' } });
    const { eTag } = (await storage.read(['contested'])).contested;
    const writers = ['w0', 'w1', 'w2', 'w3', 'w4', 'w5'];
    const outcomes = await Promise.allSettled(writers.map((owner) => storage.write({ contested: { owner, eTag } })));
    const winners = writers.filter((_, i) => outcomes[i].status === 'fulfilled');
    assert.equal(winners.length, 1, `winners: ${winners.join(', ')}`);
    for (const o of outcomes) if (o.status === 'rejected') assert.ok(o.reason instanceof ConcurrencyConflictError);
    assert.equal((await storage.read(['contested'])).contested.owner, winners[0]);
  });
}

describe('bot Storage contract', () => {
  describe('MemoryBotStorage', () => {
    storageContract(() => new MemoryBotStorage());
  });

  describe('RedisBotStorage (real Redis)', () => {
    const prefix = `test:botStorage:${process.pid}:${randomUUID()}:`;
    const clients: Redis[] = [];
    // A second connection for every storage, so concurrent writers race over separate sockets like two instances.
    let next = 0;
    before(() => {
      clients.push(new Redis(REDIS_URL), new Redis(REDIS_URL));
    });
    afterEach(async () => deleteKeysUnder(clients[0], prefix));
    after(async () => {
      await deleteKeysUnder(clients[0], prefix);
      await Promise.all(clients.map((c) => c.quit()));
    });

    storageContract(
      () =>
        new RacingStorage(
          [clients[0], clients[1]].map((c) => new RedisBotStorage(c, { prefix })),
          () => next++,
        ),
    );
  });
});

/** Spreads writes over storages on separate connections (round robin), for the concurrent-writer test. */
class RacingStorage implements Storage {
  constructor(
    private readonly storages: Storage[],
    private readonly pick: () => number,
  ) {}
  read(keys: string[]) {
    return this.storages[0].read(keys);
  }
  write(changes: Record<string, unknown>) {
    return this.storages[this.pick() % this.storages.length].write(changes);
  }
  delete(keys: string[]) {
    return this.storages[0].delete(keys);
  }
}

describe('RedisBotStorage specifics (real Redis)', () => {
  const prefix = `test:botStorageRedis:${process.pid}:${randomUUID()}:`;
  let redis: Redis;
  before(() => {
    redis = new Redis(REDIS_URL);
  });
  afterEach(async () => deleteKeysUnder(redis, prefix));
  after(async () => {
    await deleteKeysUnder(redis, prefix);
    await redis.quit();
  });

  it('keeps items under the prefix, as a hash holding eTag, JSON value and the original key', async () => {
    const storage = new RedisBotStorage(redis, { prefix });
    const key = 'msteams/conversations/19:abc@thread.tacv2/';
    await storage.write({ [key]: { step: 2, eTag: '*' } });
    const redisKey = botStorageRedisKey(prefix, key);
    assert.equal(redisKey, `${prefix}state:msteams%2Fconversations%2F19%3Aabc%40thread.tacv2%2F`);
    const stored = await redis.hgetall(redisKey);
    assert.deepEqual(JSON.parse(stored.value), { step: 2 }, 'the eTag is kept beside the value, not inside it');
    assert.equal(stored.key, key);
    assert.equal((await storage.read([key]))[key].eTag, stored.etag);
  });

  it('maps keys one-to-one onto safe Redis keys', () => {
    const samples = ['a/b', 'a%2Fb', 'a:b', 'a%3Ab', '{tag}', '*', 'ü', '%C3%BC', 'x'.repeat(256), 'x'.repeat(257), `#${'0'.repeat(64)}`];
    const mapped = samples.map((k) => botStorageRedisKey('p:', k));
    assert.equal(new Set(mapped).size, samples.length, mapped.join('\n'));
    for (const m of mapped) {
      const tail = m.slice('p:state:'.length);
      assert.match(tail, /^(#[0-9a-f]{64}|[A-Za-z0-9._~%-]{0,256})$/, m);
    }
    assert.equal(botStorageRedisKey('p:', 'x'.repeat(256)), `p:state:${'x'.repeat(256)}`);
    assert.match(botStorageRedisKey('p:', 'x'.repeat(257)), /^p:state:#[0-9a-f]{64}$/);
  });

  it('escapes every UTF-8 byte outside [A-Za-z0-9._~-] as %XX, as byte by byte, on generated keys', () => {
    const escapedByteByByte = (key: string) =>
      [...Buffer.from(key, 'utf8')]
        .map((byte) =>
          /^[A-Za-z0-9._~-]$/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
        )
        .join('');
    const alphabet = [
      'a',
      'Z',
      '0',
      '.',
      '_',
      '~',
      '-',
      '/',
      ':',
      '@',
      '%',
      ' ',
      '{',
      '}',
      '*',
      '\n',
      'ü',
      '😀',
      'msteams/conversations/',
      '19:abc@thread.tacv2',
    ];
    let state = 3;
    const pick = () => alphabet[(state = (state * 1103515245 + 12345) % 2 ** 31) % alphabet.length];
    for (let i = 0; i < 5000; i++) {
      const key = Array.from({ length: i % 24 }, pick).join('');
      const escaped = escapedByteByByte(key);
      const expected = escaped.length <= 256 ? escaped : `#${createHash('sha256').update(key, 'utf8').digest('hex')}`;
      assert.equal(botStorageRedisKey('p:', key), `p:state:${expected}`, key);
    }
  });

  it('sets the TTL on write and refreshes it on every write', async () => {
    const ttlMs = 60_000;
    const storage = new RedisBotStorage(redis, { prefix, ttlMs });
    await storage.write({ ttl: { v: 1 } });
    const redisKey = botStorageRedisKey(prefix, 'ttl');
    const first = await redis.pttl(redisKey);
    assert.ok(first > 0 && first <= ttlMs, `pttl ${first}`);

    await redis.pexpire(redisKey, 500);
    await storage.write({ ttl: { v: 2 } });
    const refreshed = await redis.pttl(redisKey);
    assert.ok(refreshed > 500 && refreshed <= ttlMs, `pttl after rewrite ${refreshed}`);
  });

  it('keeps the TTL when a stale write is rejected', async () => {
    const storage = new RedisBotStorage(redis, { prefix, ttlMs: 60_000 });
    await storage.write({ k: { v: 1 } });
    const redisKey = botStorageRedisKey(prefix, 'k');
    await redis.pexpire(redisKey, 5_000);
    await assert.rejects(storage.write({ k: { v: 2, eTag: 'stale' } }), ConcurrencyConflictError);
    const pttl = await redis.pttl(redisKey);
    assert.ok(pttl > 0 && pttl <= 5_000, `pttl ${pttl}`);
  });

  it('keeps two prefixes apart', async () => {
    const a = new RedisBotStorage(redis, { prefix: `${prefix}a:` });
    const b = new RedisBotStorage(redis, { prefix: `${prefix}b:` });
    await a.write({ same: { owner: 'a' } });
    assert.deepEqual(await b.read(['same']), {});
    assert.equal((await a.read(['same'])).same.owner, 'a');
  });

  it('refuses a bad prefix or TTL', () => {
    assert.throws(() => new RedisBotStorage(redis, { prefix: '{tag}:' }), InvalidInputError);
    assert.throws(() => new RedisBotStorage(redis, { prefix, ttlMs: 0 }), InvalidInputError);
    assert.throws(() => new RedisBotStorage(redis, { prefix, ttlMs: 1.5 }), InvalidInputError);
  });
});

describe('MemoryBotStorage specifics', () => {
  it('forgets items not written within the TTL, and a write refreshes it', async () => {
    let now = Date.parse('2026-03-10T12:00:00Z');
    const storage = new MemoryBotStorage({ ttlMs: 1_000, clock: { now: () => new Date(now) } });
    await storage.write({ a: { v: 1 }, b: { v: 1 } });
    now += 600;
    await storage.write({ b: { v: 2 } });
    now += 600;
    const read = await storage.read(['a', 'b']);
    assert.equal(read.a, undefined, 'a expired 1000 ms after its write');
    assert.equal(read.b.v, 2, 'b was refreshed by its second write');
  });

  it('sweeps expired items it is never asked for again (abandoned conversations), and keeps live ones', async () => {
    let now = 0;
    const storage = new MemoryBotStorage({ ttlMs: 1_000, clock: { now: () => new Date(now) } });
    await storage.write({ abandoned1: { v: 1 }, abandoned2: { v: 1 } });
    now += 500;
    await storage.write({ live: { v: 1 } });
    now += 500;
    assert.equal(storage.sweepExpired(), 2);
    assert.equal(storage.size, 1);
    assert.equal((await storage.read(['live'])).live.v, 1);
  });

  it('sweeps on a timer when asked to, and close() stops it', async () => {
    const timers = sinon.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    try {
      const storage = new MemoryBotStorage({ ttlMs: 1_000, sweepEveryMs: 60_000 });
      await storage.write({ abandoned: { v: 1 } });
      timers.tick(59_999);
      assert.equal(storage.size, 1, 'expired but not swept before the first sweep');
      timers.tick(1);
      assert.equal(storage.size, 0);
      storage.close();
      await storage.write({ later: { v: 1 } });
      timers.tick(120_000);
      assert.equal(storage.size, 1, 'no sweep after close()');
    } finally {
      timers.restore();
    }
  });

  it('refuses a sweep interval that is not a positive whole number of milliseconds', () => {
    for (const sweepEveryMs of [0, -1, 1.5, Number.NaN]) assert.throws(() => new MemoryBotStorage({ sweepEveryMs }), InvalidInputError);
  });

  it('does not let a stale eTag revive an expired item', async () => {
    let now = 0;
    const storage = new MemoryBotStorage({ ttlMs: 1_000, clock: { now: () => new Date(now) } });
    await storage.write({ a: { v: 1 } });
    const copy = (await storage.read(['a'])).a;
    now += 1_000;
    await assert.rejects(storage.write({ a: copy }), ConcurrencyConflictError);
  });
});
