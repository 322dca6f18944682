import type { Storage, StoreItems } from 'botbuilder';
import { systemClock, type Clock } from '../../ports/clock';
import { InvalidInputError } from '../../errors';
import { DEFAULT_BOT_STATE_TTL_MS, checkStorageKeys, conflictError, prepareWrites, storedItem } from '../storeItems';

interface Entry {
  eTag: string;
  json: string;
  expiresAt: number;
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

  constructor(options: { ttlMs?: number; clock?: Clock } = {}) {
    this.ttlMs = options.ttlMs ?? DEFAULT_BOT_STATE_TTL_MS;
    if (!Number.isSafeInteger(this.ttlMs) || this.ttlMs <= 0) {
      throw new InvalidInputError('Bot state TTL must be a positive whole number of milliseconds.');
    }
    this.clock = options.clock ?? systemClock;
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
