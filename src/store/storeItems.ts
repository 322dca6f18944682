import type { StoreItems } from 'botbuilder';
import { ConcurrencyConflictError, InvalidInputError } from '../errors';

/**
 * What every botbuilder `Storage` of ours agrees on, whatever keeps the bytes (see test/store/botStorage.test.ts):
 * - read omits unknown keys; every item read carries the eTag of its last write;
 * - a write without an eTag (or with `*`) stores the item unconditionally;
 * - a write with any other eTag stores it only while the stored item still carries that eTag: a changed,
 *   deleted or expired item rejects it (compare-and-set, so a deleted record cannot come back from a stale copy);
 * - each item of a batch is decided on its own; the write then rejects with one ConcurrencyConflictError naming
 *   every conflicting key, the other items being written;
 * - a malformed batch (non-object item, eTag not a string, value JSON cannot hold) is refused before anything
 *   is written.
 */

/** Bot state not written for a week is dropped (a flow idles out after 30 minutes anyway). Refreshed on every write. */
export const DEFAULT_BOT_STATE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** One item of a write batch, checked and serialized before anything is written. */
export interface PreparedWrite {
  key: string;
  /** The eTag the stored item must still carry; undefined for an unconditional write (none, '' or '*'). */
  expectedETag: string | undefined;
  /** The item as JSON, without its eTag (kept beside the value, never inside it). */
  json: string;
}

// A lone UTF-16 surrogate cannot be encoded as UTF-8; two keys differing only in one would map to the same bytes.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function checkStorageKeys(keys: unknown, operation: 'read' | 'delete'): asserts keys is string[] {
  if (!Array.isArray(keys)) throw new InvalidInputError(`Storage ${operation}: keys must be an array of strings.`);
  for (const key of keys) checkStorageKey(key);
}

function checkStorageKey(key: unknown): asserts key is string {
  if (typeof key !== 'string') throw new InvalidInputError('Storage: every key must be a string.');
  if (LONE_SURROGATE.test(key)) throw new InvalidInputError('Storage: a key must be well-formed Unicode.');
}

export function prepareWrites(changes: unknown): PreparedWrite[] {
  if (typeof changes !== 'object' || changes === null) {
    throw new InvalidInputError('Storage write: changes must be an object of items by key.');
  }
  return Object.entries(changes as StoreItems).map(([key, item]) => {
    checkStorageKey(key);
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new InvalidInputError(`Storage write: the item "${key}" must be an object.`, { key });
    }
    const { eTag, ...value } = item as Record<string, unknown>;
    if (eTag !== undefined && eTag !== null && typeof eTag !== 'string') {
      throw new InvalidInputError(`Storage write: the eTag of "${key}" must be a string.`, { key });
    }
    let json: string;
    try {
      json = JSON.stringify(value);
    } catch (err) {
      throw new InvalidInputError(`Storage write: the item "${key}" cannot be stored as JSON (${(err as Error).message}).`, { key });
    }
    const expectedETag = typeof eTag === 'string' && eTag !== '' && eTag !== '*' ? eTag : undefined;
    return { key, expectedETag, json };
  });
}

/**
 * The item as read: its stored value plus the eTag of the write that stored it. The parsed object is fresh, so the
 * eTag is set on it rather than spread into a copy; the stored JSON never holds an eTag (prepareWrites leaves it out),
 * so it lands last, as before.
 */
export function storedItem(json: string, eTag: string): Record<string, unknown> {
  const item = JSON.parse(json) as Record<string, unknown>;
  item.eTag = eTag;
  return item;
}

export function conflictError(keys: string[]): ConcurrencyConflictError {
  const list = keys.map((k) => `"${k}"`).join(', ');
  return new ConcurrencyConflictError(
    `Storage write: ${list} changed since it was read (stale eTag); nothing was written for ${keys.length === 1 ? 'it' : 'them'}. Re-read and retry.`,
    { keys },
  );
}
