import type { RedisClient } from '../store/redis/redisKeys';
import { assertKeyPrefix } from '../store/validation';

/**
 * When each conversation's next weekly digest is due, in the provider's time: held in Redis so it survives
 * restarts and is the same for every instance (no process timer knows it). First sight sets it; only a later
 * time replaces it.
 */
export interface DigestSchedule {
  /** The due time, set to `firstDueMs` when the conversation has none yet. */
  dueAt(conversationKey: string, firstDueMs: number): Promise<number>;
  /** Moves the due time on to `nextDueMs` (never back). */
  advance(conversationKey: string, nextDueMs: number): Promise<void>;
  /** Forgets a conversation (its subscriptions ended). */
  forget(conversationKey: string): Promise<void>;
}

export class MemoryDigestSchedule implements DigestSchedule {
  private readonly due = new Map<string, number>();
  async dueAt(conversationKey: string, firstDueMs: number): Promise<number> {
    if (!this.due.has(conversationKey)) this.due.set(conversationKey, firstDueMs);
    return this.due.get(conversationKey)!;
  }
  async advance(conversationKey: string, nextDueMs: number): Promise<void> {
    if ((this.due.get(conversationKey) ?? -Infinity) < nextDueMs) this.due.set(conversationKey, nextDueMs);
  }
  async forget(conversationKey: string): Promise<void> {
    this.due.delete(conversationKey);
  }
}

const ADVANCE_SCRIPT = `local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '-1')
if current < tonumber(ARGV[2]) then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
return 1`;

export class RedisDigestSchedule implements DigestSchedule {
  private readonly key: string;
  constructor(
    private readonly redis: RedisClient,
    options: { prefix: string },
  ) {
    assertKeyPrefix(options.prefix);
    this.key = `${options.prefix}{topics}:digest-due`;
  }
  async dueAt(conversationKey: string, firstDueMs: number): Promise<number> {
    await this.redis.hsetnx(this.key, conversationKey, String(firstDueMs));
    return Number(await this.redis.hget(this.key, conversationKey));
  }
  async advance(conversationKey: string, nextDueMs: number): Promise<void> {
    await this.redis.eval(ADVANCE_SCRIPT, 1, this.key, conversationKey, String(nextDueMs));
  }
  async forget(conversationKey: string): Promise<void> {
    await this.redis.hdel(this.key, conversationKey);
  }
}
