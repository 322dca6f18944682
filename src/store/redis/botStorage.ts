import { createHash } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import { InvalidInputError } from '../../errors';
import { randomText } from '../../randomText';
import { DEFAULT_BOT_STATE_TTL_MS, checkStorageKeys, conflictError, prepareWrites, storedItem } from '../storeItems';
import { assertKeyPrefix } from '../validation';
import { flatScript, type FlatScript } from './luaScript';
import type { RedisClient } from './redisKeys';

/**
 * botbuilder `Storage` on Redis with real eTag compare-and-set (rules in src/store/storeItems.ts).
 *
 * Each item is a hash { etag, value (JSON without the eTag), key (the botbuilder key, for operators) } with a
 * TTL refreshed on every write. Each item of a write runs one Lua script that compares the stored eTag and sets
 * the new value, eTag and TTL atomically, so two writers holding the same eTag cannot both win. An eTag is 96
 * random bits, never a per-key counter: a counter restarts when an item is deleted and re-created, and a stale
 * copy would then match again.
 *
 * Items touch one key each (no multi-key commands), so this runs unchanged on Redis Cluster.
 */

export interface RedisBotStorageOptions {
  /** Namespace of every key, e.g. "rd:" (no braces); items live under `${prefix}state:`. */
  prefix: string;
  /** Milliseconds an item lives after its last write (default 7 days). */
  ttlMs?: number;
}

/**
 * Maps a botbuilder key (e.g. "msteams/conversations/19:abc@thread.tacv2/") to its Redis key.
 *
 * Short keys stay readable: every UTF-8 byte outside [A-Za-z0-9._~-] becomes %XX (so '%' itself is escaped and the
 * mapping is one-to-one). The output never holds glob characters, braces (a Redis Cluster hash tag a chat user
 * could otherwise steer), whitespace or control characters. Keys whose escaped form would pass
 * MAX_READABLE_KEY_LENGTH are stored as "#" + SHA-256 hex of their UTF-8 bytes instead; '#' never appears in an
 * escaped key, so the two forms cannot meet, and keys differing in a lone surrogate are refused beforehand.
 */
export function botStorageRedisKey(prefix: string, key: string): string {
  const escaped = escapedKey(key);
  const tail = escaped.length <= MAX_READABLE_KEY_LENGTH ? escaped : `#${createHash('sha256').update(key, 'utf8').digest('hex')}`;
  return `${prefix}state:${tail}`;
}

const READABLE_CHAR = /^[A-Za-z0-9._~-]$/;
const MAX_READABLE_KEY_LENGTH = 256;

/** Each byte's form in an escaped key: itself when readable, else %XX. */
const ESCAPED_BYTE: readonly string[] = Array.from({ length: 256 }, (_, byte) => {
  const char = String.fromCharCode(byte);
  return READABLE_CHAR.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
});

/**
 * The key with every UTF-8 byte outside [A-Za-z0-9._~-] as %XX. Every turn maps its state keys (ASCII in practice),
 * so an ASCII key is escaped from its characters (each its own UTF-8 byte) without encoding it first.
 */
function escapedKey(key: string): string {
  // Runs of readable characters are copied as slices: a string joined one character at a time was ~1.4% of the
  // bytes a turn allocates (a key of ~80 characters, several times a turn).
  let escaped = '';
  let readableFrom = 0;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code >= 0x80) return escapedBytes(key);
    if (ESCAPED_BYTE[code].length === 1) continue;
    escaped += key.slice(readableFrom, i) + ESCAPED_BYTE[code];
    readableFrom = i + 1;
  }
  return readableFrom === 0 ? key : escaped + key.slice(readableFrom);
}

function escapedBytes(key: string): string {
  let escaped = '';
  for (const byte of Buffer.from(key, 'utf8')) escaped += ESCAPED_BYTE[byte];
  return escaped;
}

// KEYS[1] item hash; ARGV: expected eTag ('' = unconditional), new eTag, value JSON, TTL ms, botbuilder key.
// Returns 1 when written, 0 on a stale eTag (HGET gives false for a missing item, which matches no eTag).
const WRITE_ITEM_SCRIPT = `
if ARGV[1] ~= '' and redis.call('HGET', KEYS[1], 'etag') ~= ARGV[1] then
  return 0
end
redis.call('HSET', KEYS[1], 'etag', ARGV[2], 'value', ARGV[3], 'key', ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
`;
const WRITE_COMMAND = 'reservationDeskBotStateWrite';

export class RedisBotStorage implements Storage {
  private readonly prefix: string;
  private readonly ttlMs: number;
  /** The write script (EVALSHA): its key, then expected eTag, new eTag, value JSON, TTL ms and the botbuilder key. */
  private readonly writeItem: FlatScript;

  constructor(
    readonly redis: RedisClient,
    options: RedisBotStorageOptions,
  ) {
    assertKeyPrefix(options.prefix);
    this.prefix = options.prefix;
    this.ttlMs = options.ttlMs ?? DEFAULT_BOT_STATE_TTL_MS;
    if (!Number.isSafeInteger(this.ttlMs) || this.ttlMs <= 0) {
      throw new InvalidInputError('Bot state TTL must be a positive whole number of milliseconds.');
    }
    // defineCommand sends EVALSHA and falls back to EVAL when the server does not know the script yet.
    if (!(WRITE_COMMAND in redis)) redis.defineCommand(WRITE_COMMAND, { numberOfKeys: 1, lua: WRITE_ITEM_SCRIPT });
    this.writeItem = flatScript(redis, WRITE_COMMAND);
  }

  /** The Redis hash of a botbuilder key, for a script that reads it with other work (src/store/redis/turnStart.ts). */
  redisKeyOf(key: string): string {
    checkStorageKeys([key], 'read');
    return botStorageRedisKey(this.prefix, key);
  }

  /** An item from the hash's `etag` and `value` fields as HMGET returns them; undefined when there is none. */
  itemOf(eTag: string | null, json: string | null): StoreItems[string] | undefined {
    return eTag !== null && json !== null ? storedItem(json, eTag) : undefined;
  }

  async read(keys: string[]): Promise<StoreItems> {
    checkStorageKeys(keys, 'read');
    const found = await Promise.all(keys.map((key) => this.redis.hmget(botStorageRedisKey(this.prefix, key), 'etag', 'value')));
    const items: StoreItems = {};
    keys.forEach((key, i) => {
      const [eTag, json] = found[i];
      if (eTag !== null && json !== null) items[key] = storedItem(json, eTag);
    });
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const writes = prepareWrites(changes);
    const outcomes = await Promise.allSettled(
      writes.map(
        ({ key, expectedETag, json }) =>
          this.writeItem([botStorageRedisKey(this.prefix, key), expectedETag ?? '', newETag(), json, String(this.ttlMs), key]) as Promise<number>,
      ),
    );
    const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failure) throw failure.reason;
    const conflicts = writes.filter((_, i) => (outcomes[i] as PromiseFulfilledResult<number>).value !== 1).map((w) => w.key);
    if (conflicts.length > 0) throw conflictError(conflicts);
  }

  async delete(keys: string[]): Promise<void> {
    checkStorageKeys(keys, 'delete');
    await Promise.all(keys.map((key) => this.redis.del(botStorageRedisKey(this.prefix, key))));
  }
}

/** 96 fresh random bits, as 16 base64url characters; no two writes share them. */
function newETag(): string {
  return randomText(12);
}
