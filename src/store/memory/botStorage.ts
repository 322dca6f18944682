import type { Storage, StoreItems } from 'botbuilder';
import { systemClock, type Clock } from '../../ports/clock';
import { InvalidInputError } from '../../errors';
import { DEFAULT_BOT_STATE_TTL_MS, checkStorageKeys, conflictError, prepareWrites, storedItem } from '../storeItems';

interface Entry {
  eTag: string;
  json: string;
  expiresAt: number;
}

export interface MemoryBotStorageOptions {
  /** Milliseconds an item lives after its last write (default 7 days). */
  ttlMs?: number;
  clock?: Clock;
  /**
   * Sweep expired items every so many milliseconds (a timer that never keeps the process alive). Without it an
   * expired item goes only when its key is next touched, so abandoned conversations would stay until restart.
   */
  sweepEveryMs?: number;
}

/**
 * The in-memory twin of RedisBotStorage, for running without REDIS_URL and for tests. botbuilder's own
 * MemoryStorage is close but not the same contract: it lets a write carrying an eTag re-create a deleted item,
 * raises plain Errors, and has no TTL. This one keeps the rules of src/store/storeItems.ts exactly.
 */
export class MemoryBotStorage implements Storage {
  private readonly entries = new Map<string, Entry>();
  // A per-instance counter never repeats, so a stale eTag can never match a re-created item.
  private lastETag = 0;
  private readonly ttlMs: number;
  private readonly clock: Clock;
  private readonly sweeper?: NodeJS.Timeout;

  constructor(options: MemoryBotStorageOptions = {}) {
    this.ttlMs = options.ttlMs ?? DEFAULT_BOT_STATE_TTL_MS;
    if (!Number.isSafeInteger(this.ttlMs) || this.ttlMs <= 0) {
      throw new InvalidInputError('Bot state TTL must be a positive whole number of milliseconds.');
    }
    this.clock = options.clock ?? systemClock;
    if (options.sweepEveryMs !== undefined) {
      if (!Number.isSafeInteger(options.sweepEveryMs) || options.sweepEveryMs <= 0) {
        throw new InvalidInputError('Bot state sweep interval must be a positive whole number of milliseconds.');
      }
      this.sweeper = setInterval(() => this.sweepExpired(), options.sweepEveryMs);
      this.sweeper.unref();
    }
  }

  /** Items held, expired ones not swept yet included. */
  get size(): number {
    return this.entries.size;
  }

  /** Drops every expired item; returns how many. */
  sweepExpired(): number {
    const now = this.clock.now().getTime();
    let dropped = 0;
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) {
        this.entries.delete(key);
        dropped += 1;
      }
    }
    return dropped;
  }

  /** Stops the sweep timer (the items stay readable). */
  close(): void {
    if (this.sweeper) clearInterval(this.sweeper);
  }

  async read(keys: string[]): Promise<StoreItems> {
    checkStorageKeys(keys, 'read');
    const items: StoreItems = {};
    for (const key of keys) {
      const entry = this.live(key);
      if (entry) items[key] = storedItem(entry.json, entry.eTag);
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const writes = prepareWrites(changes);
    const conflicts: string[] = [];
    for (const { key, expectedETag, json } of writes) {
      if (expectedETag !== undefined && this.live(key)?.eTag !== expectedETag) {
        conflicts.push(key);
        continue;
      }
      this.lastETag += 1;
      this.entries.set(key, { eTag: String(this.lastETag), json, expiresAt: this.clock.now().getTime() + this.ttlMs });
    }
    if (conflicts.length > 0) throw conflictError(conflicts);
  }

  async delete(keys: string[]): Promise<void> {
    checkStorageKeys(keys, 'delete');
    for (const key of keys) this.entries.delete(key);
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.clock.now().getTime()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}
