import Redis from 'ioredis';
import type { RedisClient } from './redisKeys';

/**
 * One client for every store. Commands wait (queued) while Redis reconnects, but not forever: a turn fails
 * rather than hangs. With REDIS_CLUSTER=on the URL is one node of the cluster; ioredis finds the rest and
 * follows MOVED/ASK redirections (every multi-key script of ours keeps its keys in one hash slot).
 */
export function connectRedis(url: string, cluster: boolean): RedisClient {
  const options = { maxRetriesPerRequest: 3 };
  if (!cluster) return new Redis(url, options);
  const node = new URL(url);
  return new Redis.Cluster([{ host: node.hostname, port: Number(node.port || 6379) }], {
    redisOptions: {
      ...options,
      username: node.username ? decodeURIComponent(node.username) : undefined,
      password: node.password ? decodeURIComponent(node.password) : undefined,
      tls: node.protocol === 'rediss:' ? {} : undefined,
    },
  });
}
