/**
 * Micro benchmarks of the money paths, each printed as a ratio against a baseline measured in the same run.
 */
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { computeRefundQuote } from '../src/domain/quote';
import { Decimal } from '../src/domain/money';
import { MemoryCapLedger } from '../src/store/memory/capLedger';
import { RedisCapLedger } from '../src/store/redis/capLedger';
import { deleteKeysUnder } from '../src/store/redis/keyspace';
import { REDIS_URL } from './turns';

async function timed(label: string, count: number, run: (i: number) => Promise<unknown> | unknown): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await run(i);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const perSecond = count / seconds;
  console.log(`${label.padEnd(44)} ${perSecond.toFixed(0).padStart(9)} ops/s`);
  return perSecond;
}

function refundRequest(i: number) {
  return {
    kind: 'refund' as const,
    policy: 'csp-2020' as const,
    asOf: new Date(Date.UTC(2026, 5, 1 + (i % 300))),
    returnQuantity: 1 + (i % 3),
    capConsumedUsd: new Decimal(i % 50000),
    reservation: {
      term: 'P3Y' as const,
      billingPlan: (i % 2 ? 'Monthly' : 'Upfront') as 'Monthly' | 'Upfront',
      benefitStart: new Date('2026-01-15T08:00:00Z'),
      quantity: 3,
      totalCommitment: new Decimal('43210.55'),
      currency: 'EUR',
      paidToDate: new Decimal('12000.00'),
      usdRate: new Decimal('1.08'),
      usageSeen: i % 5 === 0,
      reservedResourceType: 'VirtualMachines',
      state: 'Succeeded',
    },
  };
}

export async function measureMicro(): Promise<void> {
  const baseline = await timed('baseline: JSON round trip of a quote input', 20000, (i) => JSON.parse(JSON.stringify(refundRequest(i))));
  const quotes = await timed('refund quote (decimal.js, 60 digits)', 20000, (i) => computeRefundQuote(refundRequest(i)));
  console.log(`ratio quote / baseline: ${(quotes / baseline).toFixed(2)}`);

  const memory = new MemoryCapLedger();
  const memoryRate = await timed('cap reserve, memory', 5000, (i) => memory.reserve(`c${i % 50}`, `r${i}`, new Decimal('10.00'), new Date()));
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  const prefix = `rd-bench-${randomUUID().slice(0, 8)}:`;
  try {
    const ledger = new RedisCapLedger(redis, { prefix });
    const redisRate = await timed('cap reserve, Redis (one Lua script each)', 2000, (i) =>
      ledger.reserve(`c${i % 50}`, `r${i}`, new Decimal('10.00'), new Date()),
    );
    console.log(`ratio Redis / memory reserve: ${(redisRate / memoryRate).toFixed(3)}`);
  } finally {
    await deleteKeysUnder(redis, prefix);
    redis.disconnect();
  }
  const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
  console.log(`heap used after the run: ${heapMb.toFixed(1)} MiB`);
}
