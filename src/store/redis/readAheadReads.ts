import type { ReadAheadHints } from '../../ports/readAhead';
import type { RedisClient } from './redisKeys';

/**
 * A read the turn-start script makes after the claims and the state reads, for the turn's read-ahead snapshot.
 * `read` is the snapshot key the store looks the same read up by; the reply is put there in the form the store's
 * own command returns (a hash as an object, records as JSON texts or null, a string or null).
 */
export type ScriptRead = { read: string; key: string } & (
  | { op: 'hash' }
  | { op: 'string' }
  /** A sorted set's newest `count` ids, then their records (the ids appended to `recordPrefix`), as ZREVRANGE then MGET. */
  | { op: 'records-newest-first'; count: number; recordPrefix: string }
);

/** A store whose reads a turn's click can name (src/store/redis/turnStart.ts asks it which to make). */
export interface ReadAheadSource {
  readonly redis: RedisClient;
  /** The reads these hints call for; none for a hint that is not a valid id (a forged one reads nothing). */
  readAheadFor(hints: ReadAheadHints): ScriptRead[];
}

/** Runs `check` (an assertion of the store's) and says whether it passed. */
export function passes(check: () => void): boolean {
  try {
    check();
    return true;
  } catch {
    return false;
  }
}
