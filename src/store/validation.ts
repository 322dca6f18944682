import { InvalidInputError } from '../errors';

/**
 * Input checks shared by the in-memory and Redis stores, so both twins refuse exactly the same input
 * (the contract suites hold them to it) and refuse it before anything is written.
 */

const MAX_ID_LENGTH = 256;
const MAX_IDEMPOTENCY_KEY_LENGTH = 1024;

/**
 * An id that becomes part of a Redis key's hash tag (customer ids, cap request ids). Braces are refused:
 * Redis hashes the text between the first `{` and the next `}`, so a brace inside the id would move the tag.
 */
export function assertTagId(value: unknown, what: string): asserts value is string {
  assertId(value, what);
  if (/[{}]/.test(value)) throw new InvalidInputError(`${what} must not contain braces`, { [what]: value });
}

export function assertId(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_LENGTH) {
    throw new InvalidInputError(`${what} must be a non-empty string of at most ${MAX_ID_LENGTH} characters`, {
      [what]: value,
    });
  }
}

export function assertInstant(value: unknown, what: string): asserts value is Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new InvalidInputError(`${what} must be a valid Date`, { [what]: String(value) });
  }
}

export function assertIdempotencyClaim(key: unknown, ttlMs: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new InvalidInputError(`idempotency key must be a non-empty string of at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`);
  }
  if (typeof ttlMs !== 'number' || !Number.isSafeInteger(ttlMs) || ttlMs <= 0) {
    throw new InvalidInputError('ttlMs must be a positive whole number of milliseconds', { ttlMs });
  }
}

/** A lease name is part of a Redis key: short, no braces (hash tags) or spaces. */
export function assertLease(name: unknown, ttlMs: unknown): asserts name is string {
  if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9:._-]{0,199}$/.test(name)) {
    throw new InvalidInputError('a lease name must be 1 to 200 letters, digits or : . _ -', { name });
  }
  if (typeof ttlMs !== 'number' || !Number.isSafeInteger(ttlMs) || ttlMs <= 0) {
    throw new InvalidInputError('ttlMs must be a positive whole number of milliseconds', { ttlMs });
  }
}

/** The stores place their own hash tags, so a prefix must not carry braces of its own. */
export function assertKeyPrefix(prefix: unknown): asserts prefix is string {
  if (typeof prefix !== 'string' || /[{}]/.test(prefix)) {
    throw new InvalidInputError('the Redis key prefix must be a string without braces', { prefix });
  }
}

export const DEFAULT_LIST_LIMIT = 50;

/** `undefined` means DEFAULT_LIST_LIMIT; otherwise a whole number ≥ 0. */
export function listLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_LIST_LIMIT;
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw new InvalidInputError('limit must be a whole number ≥ 0', { limit });
  }
  return limit;
}
