import type { IdempotencyStore } from '../../ports/idempotency';
import { assertIdempotencyClaim } from '../validation';
import { RedisKeys, type RedisClient, type RedisStoreOptions } from './redisKeys';

/** Claims as Redis keys: SET NX PX makes "first claim wins until the TTL ends" one atomic command. */
export class RedisIdempotencyStore implements IdempotencyStore {
  private readonly keys: RedisKeys;

  constructor(
    readonly redis: RedisClient,
    options: RedisStoreOptions,
  ) {
    this.keys = new RedisKeys(options.prefix);
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    assertIdempotencyClaim(key, ttlMs);
    return (await this.redis.set(this.keys.idempotency(key), '1', 'PX', ttlMs, 'NX')) === 'OK';
  }

  /** The Redis key of a claim (for a script that takes claims together with other work: src/store/redis/turnStart.ts). */
  redisKeyOf(key: string, ttlMs: number): string {
    assertIdempotencyClaim(key, ttlMs);
    return this.keys.idempotency(key);
  }

  async release(key: string): Promise<void> {
    assertIdempotencyClaim(key, 1);
    await this.redis.del(this.keys.idempotency(key));
  }
}
