import type { Lease } from '../ports/leases';
import { MemoryLeases } from '../store/memory/leases';
import { RedisLeases } from '../store/redis/leases';
import type { RedisClient } from '../store/redis/redisKeys';
import { luaScript, type LuaScript } from '../store/redis/luaScript';
import { assertKeyPrefix } from '../store/validation';

/**
 * The small shared records that let several bot instances poll and deliver as one: where the credit feed was read
 * up to, who polls right now, and which credits have been announced. Redis when configured, memory otherwise.
 */

/** Where the credit feed was read up to (the feed's opaque cursor). */
export interface CursorStore {
  get(): Promise<string | undefined>;
  set(cursor: string): Promise<void>;
}

/** A lease only one holder has at a time; it ends by itself after `ttlMs` if its holder dies. */
export interface PollLock {
  /** A release function when acquired, undefined when someone else holds it. */
  acquire(ttlMs: number): Promise<(() => Promise<void>) | undefined>;
}

export type DeliveryStart = 'go' | 'sent' | 'busy';

/**
 * Per-request delivery claims, so a redelivered stream entry never posts twice: `begin` takes a lease (`go`), or
 * answers `sent` (announced already) or `busy` (another worker is sending right now).
 */
export interface DeliveryLedger {
  begin(requestId: string, leaseMs: number): Promise<DeliveryStart>;
  /** Announced (or given up on for good, e.g. the conversation is unreachable): never again. */
  finish(requestId: string): Promise<void>;
  /** The send failed: drop the lease so a later attempt may send. */
  abandon(requestId: string): Promise<void>;
}

/** How long a finished delivery is remembered: far longer than any redelivery of its stream entry. */
export const DELIVERED_TTL_MS = 90 * 24 * 60 * 60 * 1000;

export class MemoryCursorStore implements CursorStore {
  private cursor?: string;
  async get(): Promise<string | undefined> {
    return this.cursor;
  }
  async set(cursor: string): Promise<void> {
    this.cursor = cursor;
  }
}

/** The credit poll lock is one named lease (src/ports/leases.ts), in memory or on Redis. */
const POLL_LEASE = 'notify:poll-lock';

async function releaseOf(acquiring: Promise<Lease | undefined>): Promise<(() => Promise<void>) | undefined> {
  const lease = await acquiring;
  return lease && (() => lease.release());
}

export class MemoryPollLock implements PollLock {
  private readonly leases: MemoryLeases;
  constructor(nowMs: () => number = Date.now) {
    this.leases = new MemoryLeases(nowMs);
  }
  acquire(ttlMs: number): Promise<(() => Promise<void>) | undefined> {
    return releaseOf(this.leases.acquire(POLL_LEASE, ttlMs));
  }
}

export class MemoryDeliveryLedger implements DeliveryLedger {
  private readonly states = new Map<string, { state: 'sending' | 'sent'; untilMs: number }>();
  constructor(private readonly nowMs: () => number = Date.now) {}
  async begin(requestId: string, leaseMs: number): Promise<DeliveryStart> {
    const current = this.states.get(requestId);
    if (current && current.untilMs > this.nowMs()) return current.state === 'sent' ? 'sent' : 'busy';
    this.states.set(requestId, { state: 'sending', untilMs: this.nowMs() + leaseMs });
    return 'go';
  }
  async finish(requestId: string): Promise<void> {
    this.states.set(requestId, { state: 'sent', untilMs: this.nowMs() + DELIVERED_TTL_MS });
  }
  async abandon(requestId: string): Promise<void> {
    if (this.states.get(requestId)?.state === 'sending') this.states.delete(requestId);
  }
}

export class RedisCursorStore implements CursorStore {
  private readonly key: string;
  constructor(
    private readonly redis: RedisClient,
    options: { prefix: string },
  ) {
    assertKeyPrefix(options.prefix);
    this.key = `${options.prefix}notify:credit-cursor`;
  }
  async get(): Promise<string | undefined> {
    return (await this.redis.get(this.key)) ?? undefined;
  }
  async set(cursor: string): Promise<void> {
    await this.redis.set(this.key, cursor);
  }
}

export class RedisPollLock implements PollLock {
  private readonly leases: RedisLeases;
  constructor(redis: RedisClient, options: { prefix: string }) {
    this.leases = new RedisLeases(redis, options);
  }
  acquire(ttlMs: number): Promise<(() => Promise<void>) | undefined> {
    return releaseOf(this.leases.acquire(POLL_LEASE, ttlMs));
  }
}

const ABANDON_IF_SENDING = `if redis.call('GET', KEYS[1]) == 'sending' then return redis.call('DEL', KEYS[1]) end return 0`;

export class RedisDeliveryLedger implements DeliveryLedger {
  private readonly prefix: string;
  private readonly abandonIfSending: LuaScript;
  constructor(
    private readonly redis: RedisClient,
    options: { prefix: string },
  ) {
    assertKeyPrefix(options.prefix);
    this.prefix = `${options.prefix}notify:delivery:`;
    this.abandonIfSending = luaScript(redis, 'deskNotifyAbandonIfSending', 1, ABANDON_IF_SENDING);
  }
  async begin(requestId: string, leaseMs: number): Promise<DeliveryStart> {
    const key = this.prefix + requestId;
    if ((await this.redis.set(key, 'sending', 'PX', leaseMs, 'NX')) === 'OK') return 'go';
    const state = await this.redis.get(key);
    if (state === null) return this.begin(requestId, leaseMs);
    return state === 'sent' ? 'sent' : 'busy';
  }
  async finish(requestId: string): Promise<void> {
    await this.redis.set(this.prefix + requestId, 'sent', 'PX', DELIVERED_TTL_MS);
  }
  async abandon(requestId: string): Promise<void> {
    await this.abandonIfSending(this.prefix + requestId);
  }
}
