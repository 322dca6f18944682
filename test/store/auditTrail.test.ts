import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { InvalidInputError } from '../../src/errors';
import type { AuditEvent, AuditTrail } from '../../src/ports/audit';
import { MemoryAuditTrail } from '../../src/store/memory/auditTrail';
import { RedisAuditTrail } from '../../src/store/redis/auditTrail';

const REDIS_URL = 'redis://127.0.0.1:6379';
const T0 = Date.parse('2026-03-10T12:00:00Z');

/** An event `minutes` after T0; the fields vary with `n` so the tests can tell events apart. */
function event(n: number, overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    at: new Date(T0 + n * 60_000).toISOString(),
    type: 'quote-shown',
    actor: { partnerUserId: `agent-${n % 3}`, chatUserId: `teams:tenant-1:aad-${n % 3}` },
    customerId: `cust-${n % 4}`,
    reservationId: `res-${n}`,
    currency: 'EUR',
    amounts: { credit: `${1000 + n}.00`, fee: '120.00' },
    detail: { policy: 'csp-2020', n },
    ...overrides,
  };
}

/** The contract both audit trails keep. `make` gives a fresh, empty trail per test. */
function auditTrailContract(make: () => AuditTrail) {
  let trail: AuditTrail;
  beforeEach(() => {
    trail = make();
  });

  it('lists nothing when nothing was recorded', async () => {
    assert.deepEqual(await trail.list(), []);
  });

  it('records events and lists them newest first, as recorded', async () => {
    const events = [event(1), event(2, { type: 'filed', requestId: 'req-2' }), event(3, { type: 'cancelled' })];
    for (const e of events) await trail.record(e);
    const listed = await trail.list();
    assert.deepEqual(
      listed.map((e) => e.reservationId),
      ['res-3', 'res-2', 'res-1'],
    );
    assert.deepEqual(listed[1], { ...events[1] });
  });

  it('stores the sanitized event: time normalised, contact details dropped and named', async () => {
    await trail.record({
      ...event(1),
      at: '2026-03-10T13:00:00+01:00',
      detail: { policy: 'csp-2020', email: 'ann@contoso.com', note: 'call +44 20 7946 0958' },
    });
    const [stored] = await trail.list();
    assert.equal(stored.at, '2026-03-10T12:00:00.000Z');
    assert.deepEqual(stored.detail, { policy: 'csp-2020' });
    assert.deepEqual(stored.redacted, ['detail.email', 'detail.note']);
    assert.ok(!JSON.stringify(stored).includes('contoso'), 'no trace of the email');
  });

  it('refuses a malformed event and records nothing', async () => {
    await assert.rejects(trail.record({ ...event(1), type: '' }), InvalidInputError);
    await assert.rejects(trail.record({ ...event(1), amounts: { refund: '12,000.00' } }), InvalidInputError);
    await assert.rejects(trail.record(undefined as unknown as AuditEvent), InvalidInputError);
    assert.deepEqual(await trail.list(), []);
  });

  it('hands out copies: changing a listed or recorded event changes nothing stored', async () => {
    const original = event(1);
    await trail.record(original);
    original.amounts!.credit = '999999.00';
    const [first] = await trail.list();
    first.amounts!.fee = '0.00';
    const [again] = await trail.list();
    assert.deepEqual(again.amounts, { credit: '1001.00', fee: '120.00' });
  });

  it('keeps the newest `limit` events; the default limit is 100', async () => {
    await Promise.all(Array.from({ length: 105 }, (_, n) => n).map((n) => trail.record(event(n))));
    // recorded concurrently: order is recording order, so compare with what a full listing says
    const all = await trail.list({ limit: 1000 });
    assert.equal(all.length, 105);
    const byDefault = await trail.list();
    assert.equal(byDefault.length, 100);
    assert.deepEqual(byDefault, all.slice(0, 100));
    assert.deepEqual(await trail.list({ limit: 3 }), all.slice(0, 3));
  });

  it('filters by customer, type and since (by event time, even when recorded out of time order)', async () => {
    // the sandbox clock can move back: recording order and event time disagree here on purpose
    const minutes = [5, 1, 9, 3, 7, 2, 8];
    for (const [i, m] of minutes.entries()) {
      await trail.record(event(m, { type: i % 2 === 0 ? 'quote-shown' : 'filed', customerId: i < 4 ? 'cust-a' : 'cust-b' }));
    }
    const ids = (events: AuditEvent[]) => events.map((e) => e.reservationId);

    assert.deepEqual(ids(await trail.list({ customerId: 'cust-a' })), ['res-3', 'res-9', 'res-1', 'res-5']);
    assert.deepEqual(ids(await trail.list({ type: 'filed' })), ['res-2', 'res-3', 'res-1']);
    const since = new Date(T0 + 5 * 60_000).toISOString();
    assert.deepEqual(ids(await trail.list({ since })), ['res-8', 'res-7', 'res-9', 'res-5'], 'since is inclusive');
    assert.deepEqual(ids(await trail.list({ since, customerId: 'cust-a', type: 'quote-shown' })), ['res-9', 'res-5']);
    assert.deepEqual(ids(await trail.list({ since, limit: 2 })), ['res-8', 'res-7']);
    assert.deepEqual(await trail.list({ customerId: 'nobody' }), []);
  });

  it('finds sparse matches deep in a long trail', async () => {
    const total = 1_234;
    await Promise.all(Array.from({ length: total }, (_, n) => n).map((n) => trail.record(event(n, { customerId: n % 100 === 7 ? 'rare' : 'common' }))));
    const rare = await trail.list({ customerId: 'rare', limit: 1000 });
    assert.deepEqual(rare.map((e) => e.reservationId).sort(), Array.from({ length: 13 }, (_, k) => `res-${k * 100 + 7}`).sort());
    const newestTwo = await trail.list({ customerId: 'rare', limit: 2 });
    assert.deepEqual(newestTwo, rare.slice(0, 2));
    // one connection keeps call order, so recording order is n order: the newest 1000 are n = 1233 down to 234
    const newest = await trail.list({ limit: 1000 });
    assert.deepEqual(
      newest.map((e) => e.detail?.n),
      Array.from({ length: 1000 }, (_, k) => total - 1 - k),
    );
  });

  it('refuses a malformed query', async () => {
    for (const query of [
      { since: 'yesterday' },
      { since: '2026-03-10' },
      { limit: 0 },
      { limit: 10_001 },
      { limit: 1.5 },
      { type: 'Filed!' },
      { customerId: '' },
    ]) {
      await assert.rejects(trail.list(query), InvalidInputError, JSON.stringify(query));
    }
  });
}

describe('audit trail contract', () => {
  describe('MemoryAuditTrail', () => {
    auditTrailContract(() => new MemoryAuditTrail());
  });

  describe('RedisAuditTrail (real Redis)', () => {
    const base = `test:audit:${process.pid}:${randomUUID()}:`;
    let redis: Redis;
    let n = 0;
    const used: string[] = [];
    before(() => {
      redis = new Redis(REDIS_URL);
    });
    after(async () => {
      if (used.length > 0) await redis.del(...used);
      await redis.quit();
    });
    auditTrailContract(() => {
      const trail = new RedisAuditTrail(redis, { prefix: `${base}${n++}:` });
      used.push(trail.streamKey);
      return trail;
    });
  });
});

describe('RedisAuditTrail specifics (real Redis)', () => {
  const prefix = `test:auditRedis:${process.pid}:${randomUUID()}:`;
  let redis: Redis;
  before(() => {
    redis = new Redis(REDIS_URL);
  });
  afterEach(async () => {
    await redis.del(`${prefix}audit`, `${prefix}other:audit`);
  });
  after(async () => {
    await redis.quit();
  });

  it('appends to the stream <prefix>audit, one JSON field per entry', async () => {
    const trail = new RedisAuditTrail(redis, { prefix });
    await trail.record(event(1));
    const entries = await redis.xrange(`${prefix}audit`, '-', '+');
    assert.equal(entries.length, 1);
    const [, fields] = entries[0];
    assert.equal(fields[0], 'event');
    assert.deepEqual(JSON.parse(fields[1]), event(1));
  });

  it('trims the stream to about maxLength', async () => {
    const trail = new RedisAuditTrail(redis, { prefix, maxLength: 50 });
    await Promise.all(Array.from({ length: 1_000 }, (_, n) => trail.record(event(n))));
    const length = await redis.xlen(`${prefix}audit`);
    assert.ok(length >= 50 && length < 1_000, `stream length ${length}`);
    const newest = await trail.list({ limit: 1 });
    const [[, fields]] = await redis.xrevrange(`${prefix}audit`, '+', '-', 'COUNT', 1);
    assert.deepEqual(newest[0], JSON.parse(fields[1]));
  });

  it('skips stream entries that are not audit events', async () => {
    const trail = new RedisAuditTrail(redis, { prefix });
    await trail.record(event(1));
    await redis.xadd(`${prefix}audit`, '*', 'something', 'else');
    assert.deepEqual(
      (await trail.list()).map((e) => e.reservationId),
      ['res-1'],
    );
  });

  it('keeps trails with different prefixes apart', async () => {
    const a = new RedisAuditTrail(redis, { prefix });
    const b = new RedisAuditTrail(redis, { prefix: `${prefix}other:` });
    await a.record(event(1));
    assert.deepEqual(await b.list(), []);
  });

  it('refuses a bad prefix or length', () => {
    assert.throws(() => new RedisAuditTrail(redis, { prefix: '{x}' }), InvalidInputError);
    assert.throws(() => new RedisAuditTrail(redis, { prefix, maxLength: 0 }), InvalidInputError);
  });
});

describe('MemoryAuditTrail specifics', () => {
  it('keeps exactly the newest maxLength events', async () => {
    const trail = new MemoryAuditTrail({ maxLength: 5 });
    for (let n = 0; n < 12; n++) await trail.record(event(n));
    assert.deepEqual(
      (await trail.list()).map((e) => e.reservationId),
      ['res-11', 'res-10', 'res-9', 'res-8', 'res-7'],
    );
  });
});
