import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { deleteKeysUnder } from '../../src/store/redis/keyspace';

export const REDIS_URL = 'redis://127.0.0.1:6379';

/** Starts a real bot instance on 127.0.0.1 (random port) with state in the real Redis under its own prefix. */
export async function startBot(env: Record<string, string> & { REDIS_KEY_PREFIX: string }): Promise<{ app: App; url: string; metricsUrl?: string }> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', REDIS_URL, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', ...env });
  const app = await createApp(config);
  runningApps.add(app);
  const { port, metricsUrl } = await app.listen();
  return { app, url: `http://127.0.0.1:${port}`, metricsUrl: metricsUrl?.replace('localhost', '127.0.0.1') };
}

/** Bots started in this process (a closed one has nothing left to finish). */
const runningApps = new Set<App>();

/**
 * Waits until every bot of this process has finished what it does after a turn has answered (the answered card's
 * update): a test looks at the conversation as the agent sees it a moment later.
 */
export async function turnsSettled(): Promise<void> {
  await Promise.all([...runningApps].map((app) => app.bot.idle()));
}

export function testPrefix(): string {
  return `rd-e2e-${randomUUID().slice(0, 8)}:`;
}

/** Deletes every key under a test prefix. */
export async function dropPrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    await deleteKeysUnder(redis, prefix);
  } finally {
    redis.disconnect();
  }
}
