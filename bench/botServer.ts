/**
 * One bot under test, in its own process so its CPU time is its own (process.cpuUsage): started by bench/run.ts
 * with BENCH_SERVER = JSON ServerSpec, it answers 'stats' and 'stop' over IPC.
 */
import type { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { App as BoltApp, LogLevel } from '@slack/bolt';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { plainBotServer } from './plainBot';
import { startNotifier } from './credits';

export interface ServerSpec {
  kind: 'desk' | 'plain' | 'bolt' | 'notifier';
  /** Notifier only: how many seeded requests its feed credits. */
  count?: number;
  redisUrl?: string;
  prefix: string;
  /** Desk only: extra environment (Slack settings, clock). */
  env?: Record<string, string>;
}

export interface ServerStats {
  cpuMs: number;
  rssMb: number;
  heapMb: number;
}

async function start(spec: ServerSpec): Promise<{ port: number; stop: () => Promise<void>; go?: () => void }> {
  if (spec.kind === 'notifier') {
    const notifier = startNotifier(spec.redisUrl ?? '', spec.prefix, spec.count ?? 0);
    return { port: 0, go: notifier.go, stop: notifier.stop };
  }
  if (spec.kind === 'desk') {
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      REDIS_KEY_PREFIX: spec.prefix,
      CREDIT_POLL_SECONDS: '3600',
      ...(spec.redisUrl ? { REDIS_URL: spec.redisUrl } : {}),
      ...spec.env,
    });
    const app = await createApp(config);
    const { port } = await app.listen();
    return { port, stop: () => app.close() };
  }
  if (spec.kind === 'plain') {
    const redis = spec.redisUrl ? new Redis(spec.redisUrl) : undefined;
    const server = plainBotServer(redis, `${spec.prefix}plain:`);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      port: server.address().port,
      stop: async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        redis?.disconnect();
      },
    };
  }
  // A bare Bolt app that only acks the command: the floor for Slack's ack latency. authorize answers locally
  // (with `token`, Bolt would call auth.test on slack.com for the first event).
  const bolt = new BoltApp({
    signingSecret: spec.env?.SLACK_SIGNING_SECRET ?? '',
    authorize: async () => ({ botToken: 'xoxb-bench', botId: 'BBENCH', botUserId: 'UBENCHBOT' }),
    logLevel: LogLevel.ERROR,
    endpoints: '/api/slack/commands',
  });
  bolt.command('/refund', async ({ ack }) => {
    await ack();
  });
  const server = (await bolt.start({ port: 0, host: '127.0.0.1' })) as unknown as { address(): AddressInfo };
  return { port: server.address().port, stop: () => bolt.stop() as Promise<void> };
}

function stats(): ServerStats {
  const cpu = process.cpuUsage();
  const mem = process.memoryUsage();
  return { cpuMs: (cpu.user + cpu.system) / 1000, rssMb: mem.rss / 2 ** 20, heapMb: mem.heapUsed / 2 ** 20 };
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.env.BENCH_SERVER ?? '{}') as ServerSpec;
  const server = await start(spec);
  process.on('message', (message: { cmd: string }) => {
    if (message.cmd === 'stats') {
      if (typeof global.gc === 'function' && (message as { gc?: boolean }).gc) global.gc();
      process.send?.({ stats: stats() });
    }
    if (message.cmd === 'go') server.go?.();
    if (message.cmd === 'stop') void server.stop().finally(() => process.exit(0));
  });
  process.send?.({ port: server.port });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
