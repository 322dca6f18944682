import { Cluster } from 'ioredis';
import type { RedisClient } from './redisKeys';

const GLOB_SPECIALS = /[*?[\]\\]/g;

/** Every key under a prefix (SCAN, never KEYS, so a large Redis is not blocked). */
export async function keysUnder(redis: RedisClient, prefix: string): Promise<string[]> {
  const pattern = `${prefix.replace(GLOB_SPECIALS, (c) => `\\${c}`)}*`;
  const keys: string[] = [];
  // A Cluster client's SCAN would ask one node: every primary holds its own part of the keyspace.
  const nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, batch] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      keys.push(...batch);
      cursor = next;
    } while (cursor !== '0');
  }
  return keys;
}

/** Deletes every key under a prefix: tests and benchmarks clean up their own keyspace with it. */
export async function deleteKeysUnder(redis: RedisClient, prefix: string): Promise<number> {
  const keys = await keysUnder(redis, prefix);
  // One DEL per key keeps this valid on Redis Cluster, where a multi-key DEL must stay in one slot.
  await Promise.all(keys.map((key) => redis.del(key)));
  return keys.length;
}
