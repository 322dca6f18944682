import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { BenchConnector } from './connector';
import { CountingProxy } from './countingProxy';
import { combine, Conversation, runLoad, type Identity, type LoadResult, type Step } from './driver';

const ROUNDS = 3;
import { spawnServer, type RunningServer } from './servers';
import { deleteKeysUnder, keysUnder } from '../src/store/redis/keyspace';

export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const SANDBOX_CLOCK = '2026-06-15T10:00:00Z';
const AVA: Identity = { tenantId: '8d902246-5b47-453f-b6ee-545c6acbeb92', aadObjectId: '6e9ffb03-7d1b-4dc2-a550-0ce56d837065', name: 'Ava Lindqvist' };
const CONTACT = {
  firstName: 'Ava',
  lastName: 'Lindqvist',
  email: 'ava@example.com',
  preferredContactMethod: 'email',
  timeZone: 'W. Europe Standard Time',
  country: 'SWE',
  language: 'en-us',
  severity: 'minimal',
};

export type BotKind = 'desk' | 'plain';

/** The quote path (/refund → customer → reservation → quote → Cancel), and the plain bot's four steps. */
export const FLOWS: Record<BotKind, Step[]> = {
  desk: [{ say: '/refund' }, { click: /^Alder & Finch/ }, { click: /^Choose af-sql-gp8$/ }, { click: /^Cancel$/ }],
  plain: [{ say: 'start' }, { click: /^Choose customer$/ }, { click: /^Choose reservation$/ }, { click: /^Cancel$/ }],
};
const REFUND_THROUGH_FILING: Step[] = [
  { say: '/refund' },
  { click: /^Alder & Finch/ },
  { click: /^Choose af-sql-gp8$/ },
  { click: /^Continue$/ },
  { click: /^File request$/, inputs: CONTACT },
];

/** The desk needs a roster agent; the plain bot gets one user per conversation (its UserState is per user). */
const userOf =
  (kind: BotKind) =>
  (n: number): Identity =>
    kind === 'desk' ? AVA : { tenantId: 'bench', aadObjectId: `plain-user-${n}-${randomUUID().slice(0, 6)}`, name: `User ${n}` };

export function benchPrefix(what: string): string {
  return `rd-bench-${what}-${randomUUID().slice(0, 8)}:`;
}

async function startBot(kind: BotKind, redisUrl: string | undefined, prefix: string): Promise<RunningServer> {
  return spawnServer({ kind, redisUrl, prefix, env: { SANDBOX_CLOCK } });
}

export interface TurnFigures extends LoadResult {
  bot: BotKind;
  storage: 'memory' | 'redis';
  cpuMsPerTurn: number;
  /**
   * CPU the bench process itself spent per turn (the HTTP driver and the stand-in connector share it): it runs on the
   * same two cores, so a bot that makes more connector calls also slows its own driver.
   */
  driverCpuMsPerTurn: number;
}

/**
 * Turns/s, latency and CPU per turn of both bots at each concurrency on one storage. Both bots are up at once and
 * take turns (plain, desk) at each concurrency, so drift on the shared machine hits both alike.
 */
export async function measureTurns(storage: 'memory' | 'redis', concurrencies: number[], seconds: number): Promise<TurnFigures[]> {
  const connector = new BenchConnector();
  const connectorUrl = await connector.start();
  const prefix = benchPrefix(`turns-${storage}`);
  const redisUrl = storage === 'redis' ? REDIS_URL : undefined;
  const [plain, desk] = await Promise.all([startBot('plain', redisUrl, prefix), startBot('desk', redisUrl, prefix)]);
  const bots = { plain, desk };
  const figures: TurnFigures[] = [];
  try {
    for (const kind of ['plain', 'desk'] as const) {
      // Warm-up: JIT, connection pools, the sandbox's caches.
      await runLoad({ botUrl: bots[kind].url, connector, connectorUrl, flow: FLOWS[kind], user: userOf(kind), concurrency: 16, seconds: Math.min(2, seconds) });
    }
    for (const concurrency of concurrencies) {
      // Slices of plain and desk alternate (three each), so the machine's other load falls on both alike.
      const runs: Record<BotKind, LoadResult[]> = { plain: [], desk: [] };
      const cpu: Record<BotKind, number> = { plain: 0, desk: 0 };
      const driverCpu: Record<BotKind, number> = { plain: 0, desk: 0 };
      for (let round = 0; round < ROUNDS; round++) {
        for (const kind of round % 2 === 0 ? (['plain', 'desk'] as const) : (['desk', 'plain'] as const)) {
          const before = await bots[kind].stats();
          const driverBefore = process.cpuUsage();
          runs[kind].push(
            await runLoad({ botUrl: bots[kind].url, connector, connectorUrl, flow: FLOWS[kind], user: userOf(kind), concurrency, seconds: seconds / ROUNDS }),
          );
          const driverSpent = process.cpuUsage(driverBefore);
          driverCpu[kind] += (driverSpent.user + driverSpent.system) / 1000;
          cpu[kind] += (await bots[kind].stats()).cpuMs - before.cpuMs;
        }
      }
      for (const kind of ['plain', 'desk'] as const) {
        const result = combine(runs[kind]);
        figures.push({
          ...result,
          latencies: [],
          bot: kind,
          storage,
          cpuMsPerTurn: cpu[kind] / Math.max(1, result.turns),
          driverCpuMsPerTurn: driverCpu[kind] / Math.max(1, result.turns),
        });
      }
    }
  } finally {
    await Promise.all([bots.plain.stop(), bots.desk.stop()]);
    await connector.stop();
    if (redisUrl) await dropPrefix(prefix);
  }
  return figures;
}

export async function dropPrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    await deleteKeysUnder(redis, prefix);
  } finally {
    redis.disconnect();
  }
}

export interface StepCount {
  step: string;
  commands: number;
  roundTrips: number;
  connectorCalls: number;
  names: string[];
  /** Bytes of the conversation's stored state (JSON) once the step is done, where measured. */
  stateBytes?: number;
}

export interface RoundTripFigures {
  quotePath: Record<BotKind, StepCount[]>;
  refundThroughFiling: StepCount[];
  /** Bytes of the conversation's stored state (JSON) after the first step (/refund). */
  stateBytesAfterRefund: Record<BotKind, number>;
}

/** Runs `flow` once, one step at a time, through a counting proxy; what each step sent to Redis and the connector. */
async function countFlow(
  kind: BotKind,
  flow: Step[],
  proxyPort: number,
  proxy: CountingProxy,
  connector: BenchConnector,
  connectorUrl: string,
  bot: RunningServer,
  stateBytes?: () => Promise<number>,
): Promise<StepCount[]> {
  void proxyPort;
  const conversation = new Conversation(bot.url, connector, connectorUrl, userOf(kind)(0));
  const counts: StepCount[] = [];
  for (const [i, step] of flow.entries()) {
    const before = proxy.snapshot();
    const names = new Map(proxy.commandNames);
    const calls = connector.posts + connector.puts;
    await conversation.step(step);
    // Anything the turn left running (none should) gets a moment to reach Redis.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const after = proxy.snapshot();
    const sent: string[] = [];
    for (const [name, n] of proxy.commandNames) for (let k = 0; k < n - (names.get(name) ?? 0); k++) sent.push(name);
    counts.push({
      step: 'say' in step ? step.say : String(step.click),
      commands: after.commands - before.commands,
      roundTrips: after.roundTrips - before.roundTrips,
      connectorCalls: connector.posts + connector.puts - calls,
      names: sent,
      // Read on a connection of its own, after the step's commands were counted.
      ...(stateBytes ? { stateBytes: await stateBytes() } : {}),
    });
    void i;
  }
  return counts;
}

/** Redis commands and round trips per step, counted by a proxy; conversation state size after each step. */
export async function measureRoundTrips(): Promise<RoundTripFigures> {
  const connector = new BenchConnector();
  const connectorUrl = await connector.start();
  const target = new URL(REDIS_URL);
  const redis = new Redis(REDIS_URL);
  const prefix = benchPrefix('rtt');
  const figures: Partial<RoundTripFigures> = { quotePath: {} as Record<BotKind, StepCount[]>, stateBytesAfterRefund: {} as Record<BotKind, number> };
  try {
    for (const kind of ['plain', 'desk'] as const) {
      const proxy = new CountingProxy({ host: target.hostname, port: Number(target.port || 6379) });
      const port = await proxy.start();
      const bot = await startBot(kind, `redis://127.0.0.1:${port}`, prefix);
      try {
        const stateBytes = async () => {
          const under = kind === 'desk' ? `${prefix}bot:state:` : `${prefix}plain:`;
          let bytes = 0;
          for (const key of await keysUnder(redis, under)) {
            if (kind === 'desk') bytes = Math.max(bytes, (await redis.hget(key, 'value'))?.length ?? 0);
            else if (key.includes('/conversations/')) bytes = Math.max(bytes, (await redis.get(key))?.length ?? 0);
          }
          return bytes;
        };
        // A first flow warms the bot up (script loading, connections), then the counted one.
        await countFlow(kind, FLOWS[kind], port, proxy, connector, connectorUrl, bot);
        await deleteKeysUnder(redis, `${prefix}bot:state:`);
        await deleteKeysUnder(redis, `${prefix}plain:`);
        figures.quotePath![kind] = await countFlow(kind, FLOWS[kind], port, proxy, connector, connectorUrl, bot, stateBytes);
        figures.stateBytesAfterRefund![kind] = figures.quotePath![kind][0].stateBytes ?? 0;
        if (kind === 'desk') figures.refundThroughFiling = await countFlow(kind, REFUND_THROUGH_FILING, port, proxy, connector, connectorUrl, bot, stateBytes);
      } finally {
        await bot.stop();
        await proxy.stop();
      }
    }
  } finally {
    await deleteKeysUnder(redis, prefix);
    redis.disconnect();
    await connector.stop();
  }
  return figures as RoundTripFigures;
}

export interface MemoryFigures {
  storage: 'memory' | 'redis';
  conversations: number;
  heapMb: number;
  rssMb: number;
}

/**
 * Heap after a full GC and RSS of the desk once `steps` conversations (each one `/refund` turn, 32 at a time) have
 * been started. On Redis the process should hold nothing per conversation; in memory mode the state stays (7-day
 * TTL, swept when expired).
 */
export async function measureMemory(storage: 'memory' | 'redis', steps: number[]): Promise<MemoryFigures[]> {
  const connector = new BenchConnector();
  const connectorUrl = await connector.start();
  const prefix = benchPrefix(`memory-${storage}`);
  const bot = await startBot('desk', storage === 'redis' ? REDIS_URL : undefined, prefix);
  const figures: MemoryFigures[] = [];
  try {
    let started = 0;
    for (const target of steps) {
      let next = started;
      await Promise.all(
        Array.from({ length: 32 }, async () => {
          while (next < target) {
            next += 1;
            const conversation = new Conversation(bot.url, connector, connectorUrl, userOf('desk')(0));
            await conversation.step({ say: '/refund' });
            connector.forget(conversation.id);
          }
        }),
      );
      started = target;
      const stats = await bot.stats({ gc: true });
      figures.push({ storage, conversations: target, heapMb: stats.heapMb, rssMb: stats.rssMb });
    }
  } finally {
    await bot.stop();
    await connector.stop();
    if (storage === 'redis') await dropPrefix(prefix);
  }
  return figures;
}
