import { keysUnder } from '../../src/store/redis/keyspace';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import fc from 'fast-check';
import { capWindowFigures, capWindowSum, type CountedAmount } from '../../src/domain/cap';
import { Decimal } from '../../src/domain/money';
import { InvalidInputError } from '../../src/errors';
import { RedisCapLedger } from '../../src/store/redis/capLedger';
import { RedisIdempotencyStore } from '../../src/store/redis/idempotency';
import { RedisRequestStore } from '../../src/store/redis/requestStore';
import { redisStoreContracts } from './contracts/redisStores';

const CONNECTIONS = 5;
/** Every key this file creates starts with BASE; each fixture call gets its own prefix under it. */
const BASE = `test:store:${randomUUID()}:`;
let fixtures = 0;
const freshPrefix = (): string => `${BASE}${++fixtures}:`;

/** The text Redis Cluster hashes: what is between the first `{` and the next `}`, if anything. */
function hashTag(key: string): string | undefined {
  const open = key.indexOf('{');
  const close = key.indexOf('}', open + 1);
  return open >= 0 && close > open + 1 ? key.slice(open + 1, close) : undefined;
}

describe('Redis stores (127.0.0.1:6379)', () => {
  let clients: Redis[] = [];

  before(async () => {
    clients = Array.from({ length: CONNECTIONS }, () => new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 2 }));
    await Promise.all(clients.map((client) => client.ping()));
  });

  after(async () => {
    if (clients.length === 0) return;
    const keys = await keysUnder(clients[0], BASE);
    for (let i = 0; i < keys.length; i += 500) await clients[0].del(...keys.slice(i, i + 500));
    const left = await keysUnder(clients[0], BASE);
    await Promise.all(clients.map((client) => client.quit()));
    assert.deepEqual(left, [], 'the suite left keys behind');
  });

  redisStoreContracts(() => clients, freshPrefix);

  describe('Redis specifics', () => {
    const T0 = new Date('2026-03-10T12:00:00.000Z');

    it('keeps a customer’s ledger under the customer’s hash tag and binds a request id under its own', async () => {
      const prefix = freshPrefix();
      const ledger = new RedisCapLedger(clients[0], { prefix });
      await ledger.reserve('cust-1', 'req-1', new Decimal('10.00'), T0);
      await ledger.reserve('cust-1', 'req-2', new Decimal('20.00'), T0);
      await ledger.credit('cust-1', 'req-1', new Decimal('9.00'), T0);
      await ledger.release('cust-1', 'req-2');

      const keys = (await keysUnder(clients[0], prefix)).sort();
      const ledgerKeys = keys.filter((key) => /:cap:(entries|timeline)$/.test(key));
      assert.equal(ledgerKeys.length, 2);
      for (const key of ledgerKeys) assert.equal(hashTag(key), 'cust:cust-1', key);
      assert.deepEqual(keys.filter((key) => key.endsWith(':cap:owner')).map(hashTag), ['capreq:req-1', 'capreq:req-2']);
      assert.equal(keys.length, 4, `unexpected keys: ${keys.join(', ')}`);
    });

    it('writes no ledger key when it refuses a reservation', async () => {
      const prefix = freshPrefix();
      const ledger = new RedisCapLedger(clients[0], { prefix, limitUsd: new Decimal('10.00') });
      assert.equal((await ledger.reserve('cust-1', 'req-1', new Decimal('10.01'), T0)).granted, false);
      const keys = await keysUnder(clients[0], prefix);
      assert.deepEqual(
        keys.filter((key) => key.includes('{cust:')),
        [],
      );
    });

    it('answers a resent reserve script (as ioredis may resend after a reconnect) like the first', async () => {
      const prefix = freshPrefix();
      const ledger = new RedisCapLedger(clients[0], { prefix });
      const script = (clients[0] as unknown as { deskCapReserve(...args: string[]): Promise<unknown> }).deskCapReserve;
      const args = [
        `${prefix}{cust:cust-1}:cap:entries`,
        `${prefix}{cust:cust-1}:cap:timeline`,
        'req-1',
        '12345',
        String(T0.getTime()),
        '5000000',
        String(365 * 24 * 60 * 60 * 1000),
      ];
      const first = await script.apply(clients[0], args);
      const resent = await script.apply(clients[0], args);
      assert.deepEqual(first, ['granted', `reserved|12345|12345|${T0.getTime()}|12345|4987655`, '12345', '4987655']);
      assert.deepEqual(resent, first);
      assert.equal((await ledger.consumed('cust-1', T0)).toFixed(2), '123.45');
    });

    it('reads entries written before grants kept their figures: a repeat recomputes them, credit and release keep the entry readable', async () => {
      const prefix = freshPrefix();
      const ledger = new RedisCapLedger(clients[0], { prefix });
      await clients[0].hset(`${prefix}{cust:cust-1}:cap:entries`, 'req-old', `reserved|20000|20000|${T0.getTime()}`);
      await clients[0].zadd(`${prefix}{cust:cust-1}:cap:timeline`, String(T0.getTime()), 'req-old');
      await ledger.reserve('cust-1', 'req-new', new Decimal('50.00'), T0);
      const repeat = await ledger.reserve('cust-1', 'req-old', new Decimal('200.00'), T0);
      assert.equal(repeat.granted, true);
      assert.deepEqual([repeat.consumedUsd.toFixed(2), repeat.remainingUsd.toFixed(2)], ['250.00', '49750.00']);
      assert.equal((await ledger.release('cust-1', 'req-old'))?.state, 'released');
      assert.deepEqual(
        (await ledger.entries('cust-1')).map((e) => [e.requestId, e.state, e.amountUsd.toFixed(2)]),
        [
          ['req-new', 'reserved', '50.00'],
          ['req-old', 'released', '200.00'],
        ],
      );
    });

    it("grants, refuses and answers with exactly the figures of the domain's window rule (its Lua mirrors capWindowFigures)", async () => {
      const DAY_MS = 24 * 60 * 60 * 1000;
      const reserves = fc.array(
        fc.record({ dayOffset: fc.integer({ min: -500, max: 500 }), msOffset: fc.integer({ min: -2, max: 2 }), cents: fc.integer({ min: 1, max: 3_000_000 }) }),
        { minLength: 1, maxLength: 12 },
      );
      await fc.assert(
        fc.asyncProperty(reserves, async (list) => {
          const ledger = new RedisCapLedger(clients[0], { prefix: freshPrefix() });
          const granted: CountedAmount[] = [];
          for (const [i, r] of list.entries()) {
            const atMs = T0.getTime() + r.dayOffset * DAY_MS + r.msOffset;
            const outcome = await ledger.reserve('cust-p', `p-${i}`, new Decimal(r.cents).div(100), new Date(atMs));
            const { peak } = capWindowFigures(granted, atMs);
            const fits = peak + BigInt(r.cents) <= 5_000_000n;
            assert.equal(outcome.granted, fits);
            const consumed = fits ? peak + BigInt(r.cents) : peak;
            assert.equal(outcome.consumedUsd.toFixed(2), new Decimal(consumed.toString()).div(100).toFixed(2));
            assert.equal(outcome.remainingUsd.toFixed(2), new Decimal((consumed >= 5_000_000n ? 0n : 5_000_000n - consumed).toString()).div(100).toFixed(2));
            if (fits) granted.push({ atMs, cents: BigInt(r.cents) });
            assert.equal((await ledger.consumed('cust-p', new Date(atMs))).toFixed(2), new Decimal(capWindowSum(granted, atMs).toString()).div(100).toFixed(2));
          }
        }),
        { numRuns: 40 },
      );
    });

    it('keeps every request key under the store’s one hash tag', async () => {
      const prefix = freshPrefix();
      const store = new RedisRequestStore(clients[0], { prefix });
      const { record } = await store.create(
        {
          key: 'confirm-1',
          kind: 'exchange',
          customerId: 'cust-1',
          customerName: 'Fabrikam',
          customerTenantId: 'tenant-1',
          reservationId: 'res-1',
          reservationOrderId: 'order-1',
          quote: { kind: 'exchange', policy: 'csp-2020', eligible: true, reasons: [], currency: 'USD', daysSincePurchase: 1, termDays: 365, usedDays: 2 },
          capUsd: '0.00',
          agent: { partnerUserId: 'agent-1', chatUserId: 'slack:T1:U1' },
          origin: { channel: 'slack', conversation: { channelId: 'C1', threadTs: '1.2' } },
        },
        T0,
      );
      await store.transition(record.id, 'filed', { ticketId: 'T-1' }, T0);
      const keys = await keysUnder(clients[0], prefix);
      assert.equal(keys.length, 6, keys.join(', ')); // record, agent, customer, open-by-reservation, filed, by-ticket
      for (const key of keys) assert.equal(hashTag(key), 'requests', key);
      assert.deepEqual(JSON.parse((await clients[0].get(`${prefix}{requests}:record:${record.id}`))!).quote.reasons, []);
    });

    it('stores an idempotency claim with its TTL', async () => {
      const prefix = freshPrefix();
      const store = new RedisIdempotencyStore(clients[0], { prefix });
      assert.equal(await store.claim('click-1', 60_000), true);
      const ttl = await clients[0].pttl(`${prefix}idem:click-1`);
      assert.ok(ttl > 0 && ttl <= 60_000, `pttl ${ttl}`);
    });

    it('refuses a key prefix with braces, since the stores place the hash tags', () => {
      assert.throws(() => new RedisCapLedger(clients[0], { prefix: 'x{y}:' }), InvalidInputError);
      assert.throws(() => new RedisRequestStore(clients[0], { prefix: '{x}' }), InvalidInputError);
      assert.throws(() => new RedisIdempotencyStore(clients[0], { prefix: 'x}' }), InvalidInputError);
    });
  });
});
