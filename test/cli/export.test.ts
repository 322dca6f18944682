import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import Redis from 'ioredis';
import { parse } from 'csv-parse/sync';
import { main } from '../../src/cli';
import type { RefundQuoteJson } from '../../src/domain/quoteContract';
import { deleteKeysUnder } from '../../src/store/redis/keyspace';
import { RedisRequestStore } from '../../src/store/redis/requestStore';
import { SPEC_EXAMPLE_FIRST_REFUND } from '../domain/contractInput';

const REDIS_URL = 'redis://127.0.0.1:6379';

async function run(args: string[], env: Record<string, string | undefined>): Promise<{ code: number; stdout: string; stderr: string }> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  let stdout = '';
  let stderr = '';
  try {
    const code = await main(['export', ...args], {
      stdin: Readable.from([]),
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
    });
    return { code, stdout, stderr };
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

const QUOTE: RefundQuoteJson = SPEC_EXAMPLE_FIRST_REFUND;

describe('reservation-desk export (the command)', () => {
  const prefix = `rd-cli-export-${randomUUID().slice(0, 8)}:`;
  const redis = new Redis(REDIS_URL);
  const env = { REDIS_URL, REDIS_KEY_PREFIX: prefix };
  let creditedId = '';

  before(async () => {
    const store = new RedisRequestStore(redis, { prefix });
    const request = (key: string, customerId: string, customerName: string) => ({
      key,
      kind: 'refund' as const,
      customerId,
      customerName,
      customerTenantId: 't',
      reservationId: `res-${key}`,
      reservationOrderId: `order-${key}`,
      quote: QUOTE,
      capUsd: '5546.18',
      agent: { partnerUserId: 'ava.lindqvist', chatUserId: 'teams:t:ava' },
      origin: { channel: 'teams' as const, conversation: {} },
    });
    const { record } = await store.create(request('k1', 'cust-a', '=cmd|calc'), new Date('2026-06-10T09:00:00Z'));
    await store.transition(record.id, 'filed', { ticketId: 'T-1' }, new Date('2026-06-10T09:00:01Z'));
    await store.transition(record.id, 'credited', { creditedAmount: '5135.35', creditedAt: '2026-06-11T08:00:00.000Z' }, new Date('2026-06-11T08:00:00Z'));
    creditedId = record.id;
    await store.create(request('k2', 'cust-b', 'Brightwater'), new Date('2026-07-01T00:00:00Z'));
  });
  after(async () => {
    await deleteKeysUnder(redis, prefix);
    redis.disconnect();
  });

  it('prints the requests of the range as CSV, the formula-like name disarmed, the figures exact', async () => {
    const out = await run(['--since', '2026-06-01', '--until', '2026-06-30'], env);
    assert.equal(out.code, 0, out.stderr);
    const [header, ...rows] = parse(out.stdout, { record_delimiter: '\r\n' }) as string[][];
    assert.equal(rows.length, 1);
    const row = Object.fromEntries(header.map((h, i) => [h, rows[0][i]]));
    assert.equal(row.requestId, creditedId);
    assert.equal(row.customerName, "'=cmd|calc");
    assert.deepEqual(
      [row.credit, row.fee, row.refund, row.creditedAmount, row.ticketId, row.state],
      ['5835.62', '700.27', '5135.35', '5135.35', 'T-1', 'credited'],
    );
  });

  it('filters by customer and writes JSON Lines', async () => {
    const out = await run(['--since=2026-01-01', '--customer', 'cust-b', '--format', 'json'], env);
    assert.equal(out.code, 0, out.stderr);
    const lines = out.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, string>);
    assert.deepEqual(
      lines.map((l) => l.customerId),
      ['cust-b'],
    );
  });

  it('refuses a reversed range, an unparseable date, an unknown format or flag: exit 2, one line, nothing on stdout', async () => {
    for (const args of [
      ['--since', '2026-06-30', '--until', '2026-06-01'],
      ['--since', 'last week'],
      ['--since', '2026-06-01', '--format', 'xlsx'],
      ['--until', '2026-06-01'],
      ['--since', '2026-06-01', '--bogus'],
    ]) {
      const out = await run(args, env);
      assert.equal(out.code, 2, args.join(' '));
      assert.equal(out.stdout, '');
      assert.match(out.stderr.split('\n')[0], /^reservation-desk export: /);
    }
    const reversed = await run(['--since', '2026-06-30', '--until', '2026-06-01'], env);
    assert.match(reversed.stderr, /not after --since/);
  });

  it('names REDIS_URL when it is not set', async () => {
    const out = await run(['--since', '2026-06-01'], { REDIS_URL: undefined });
    assert.equal(out.code, 2);
    assert.match(out.stderr, /REDIS_URL is not set/);
  });
});
