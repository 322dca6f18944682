/** When to try again, and how long to wait first. Pure functions: the client injects time and randomness. */

export interface RetryLimits {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** 408 and the 5xx answers that mean "not now" rather than "never". */
const TRANSIENT_STATUSES = new Set([408, 500, 502, 503, 504]);

export function isTransientStatus(status: number): boolean {
  return TRANSIENT_STATUSES.has(status);
}

/**
 * The server's requested pause in ms, from `retry-after-ms`, `x-ms-retry-after-ms` (milliseconds) or
 * `Retry-After` (seconds, or an HTTP date). Undefined when absent or unreadable.
 */
export function retryAfterMs(headers: Headers, nowMs: number): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const value = headers.get(name);
    if (value !== null && /^\d+$/.test(value.trim())) return Number(value.trim());
  }
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * Exponential backoff with "equal jitter": half the exponential delay is fixed, half random, so
 * concurrent callers spread out but none retries instantly. `attempt` is the attempt that just failed (1-based).
 */
export function backoffMs(attempt: number, limits: RetryLimits, random: () => number): number {
  const exponential = Math.min(limits.maxDelayMs, limits.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
