import { randomUUID } from 'node:crypto';
import type { Leases } from '../../ports/leases';
import { assertKeyPrefix, assertLease } from '../validation';
import { luaScript, type LuaScript } from './luaScript';
import type { RedisClient } from './redisKeys';

// Only the holder's token may end the lease: a slow holder whose lease ran out must not free a newer holder's.
const RELEASE_IF_OWNER = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** Leases as Redis keys `<prefix><name>` holding the owner's token: SET NX PX takes one, a script ends it. */
export class RedisLeases implements Leases {
  private readonly prefix: string;
  private readonly releaseIfOwner: LuaScript;

  constructor(
    private readonly redis: RedisClient,
    options: { prefix: string },
  ) {
    assertKeyPrefix(options.prefix);
    this.prefix = options.prefix;
    this.releaseIfOwner = luaScript(redis, 'deskReleaseLeaseIfOwner', 1, RELEASE_IF_OWNER);
  }

  async acquire(name: string, ttlMs: number): Promise<(() => Promise<void>) | undefined> {
    assertLease(name, ttlMs);
    const key = this.prefix + name;
    const token = randomUUID();
    if ((await this.redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') return undefined;
    return async () => {
      await this.releaseIfOwner(key, token);
    };
  }
}
