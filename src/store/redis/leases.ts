import { randomUUID } from 'node:crypto';
import type { Lease, Leases } from '../../ports/leases';
import { assertKeyPrefix, assertLease } from '../validation';
import { luaScript, type LuaScript } from './luaScript';
import type { RedisClient } from './redisKeys';

// Only the holder's token may end or extend the lease: a slow holder whose lease ran out must not touch a newer holder's.
const RELEASE_IF_OWNER = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const RENEW_IF_OWNER = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;

/** Leases as Redis keys `<prefix><name>` holding the owner's token: SET NX PX takes one, scripts end or extend it. */
export class RedisLeases implements Leases {
  private readonly prefix: string;
  private readonly releaseIfOwner: LuaScript;
  private readonly renewIfOwner: LuaScript;

  constructor(
    private readonly redis: RedisClient,
    options: { prefix: string },
  ) {
    assertKeyPrefix(options.prefix);
    this.prefix = options.prefix;
    this.releaseIfOwner = luaScript(redis, 'deskReleaseLeaseIfOwner', 1, RELEASE_IF_OWNER);
    this.renewIfOwner = luaScript(redis, 'deskRenewLeaseIfOwner', 1, RENEW_IF_OWNER);
  }

  async acquire(name: string, ttlMs: number): Promise<Lease | undefined> {
    assertLease(name, ttlMs);
    const key = this.prefix + name;
    const token = randomUUID();
    if ((await this.redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') return undefined;
    return this.held(name, token, ttlMs);
  }

  /** The key lease `name` lives at, for a script that takes it together with other work (RedisFilingStore). */
  keyOf(name: string): string {
    return this.prefix + name;
  }

  /** Lease `name` as held with `token`: what a script that took it (SET NX PX with that token) hands its caller. */
  held(name: string, token: string, ttlMs: number): Lease {
    assertLease(name, ttlMs);
    const key = this.prefix + name;
    return {
      release: async () => {
        await this.releaseIfOwner(key, token);
      },
      renew: async () => (await this.renewIfOwner(key, token, String(ttlMs))) === 1,
    };
  }
}
