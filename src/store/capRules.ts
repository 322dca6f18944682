import { Decimal } from '../domain/money';
import { IdempotencyConflictError, IllegalTransitionError, InvalidInputError, NotFoundError } from '../errors';
import type { CapEntry, CapEntryState } from '../ports/capLedger';

/**
 * Cap-ledger rules shared by both ledgers: arithmetic in whole USD cents (the in-memory ledger computes with
 * it directly, the Redis ledger converts at the boundary and repeats the same window rule in its Lua script)
 * and the errors both raise, so the two twins fail alike.
 */

/** SPEC section 3: 50,000 USD per customer. The domain exports the product constant; ledgers take it as a parameter. */
export const DEFAULT_CAP_LIMIT_USD = new Decimal('50000.00');

/** Lua numbers are doubles: whole numbers are exact up to 2^53, so no amount or sum may go beyond. */
const MAX_CENTS = BigInt(Number.MAX_SAFE_INTEGER);

/** A USD amount as whole cents; refuses negatives, more than 2 decimals and amounts Lua could not hold exactly. */
export function usdToCents(amount: unknown, what: string): bigint {
  if (!Decimal.isDecimal(amount) || !(amount as Decimal).isFinite()) {
    throw new InvalidInputError(`${what} must be a finite Decimal`, { [what]: String(amount) });
  }
  const usd = amount as Decimal;
  if (usd.lt(0)) throw new InvalidInputError(`${what} must not be negative`, { [what]: usd.toString() });
  if (usd.decimalPlaces() > 2) {
    throw new InvalidInputError(`${what} must have at most 2 decimals (whole cents)`, { [what]: usd.toString() });
  }
  const cents = BigInt(usd.times(100).toFixed(0));
  if (cents > MAX_CENTS) throw new InvalidInputError(`${what} is too large`, { [what]: usd.toString() });
  return cents;
}

export function centsToUsd(cents: bigint | string): Decimal {
  return new Decimal(cents.toString()).div(100);
}

/** An amount that counts against the cap, at its filing time. */
export interface CountedAmount {
  atMs: number;
  cents: bigint;
}

/** Sum of the amounts inside the window ending at `t`: filing time in (t − window, t]. */
export function windowSum(counted: readonly CountedAmount[], t: number, windowMs: number): bigint {
  let sum = 0n;
  for (const entry of counted) if (entry.atMs > t - windowMs && entry.atMs <= t) sum += entry.cents;
  return sum;
}

/**
 * The first instant at which an amount filed at `atMs` no longer counts: windowSum's window ending at t is
 * (t − window, t], so the amount leaves it once t − window reaches its filing time. The cap timeline and the
 * "fits in full on" date read this, never their own copy of the rule.
 */
export function windowExitMs(atMs: number, windowMs: number): number {
  return atMs + windowMs;
}

/**
 * `consumed` is the window sum at `atMs`. `peak` is the largest window sum over every window a new entry
 * filed at `atMs` would fall in, i.e. ends t in [atMs, atMs + window): filings can arrive out of time order
 * (clocks of several instances), and an entry filed later in time must not be pushed over the cap by one
 * filed earlier. The sum only rises at an entry's time, so t = atMs and the later entries' times suffice.
 * Granting `amount` keeps every window within the limit exactly when peak + amount ≤ limit.
 */
export function windowFigures(
  counted: readonly CountedAmount[],
  atMs: number,
  windowMs: number,
): { consumed: bigint; peak: bigint } {
  const consumed = windowSum(counted, atMs, windowMs);
  let peak = consumed;
  for (const entry of counted) {
    if (entry.atMs > atMs && entry.atMs < atMs + windowMs) {
      const sum = windowSum(counted, entry.atMs, windowMs);
      if (sum > peak) peak = sum;
    }
  }
  return { consumed, peak };
}

/** What is left: never negative, even when credits went beyond the limit. */
export function remainingCents(limit: bigint, peak: bigint): bigint {
  return peak >= limit ? 0n : limit - peak;
}

export function capConflict(requestId: string, what: string, details: Record<string, unknown>): IdempotencyConflictError {
  return new IdempotencyConflictError(`Cap reservation ${requestId} was already made for ${what}.`, {
    requestId,
    ...details,
  });
}

export function capNotFound(customerId: string, requestId: string): NotFoundError {
  return new NotFoundError(`No cap reservation ${requestId} for customer ${customerId}.`, { customerId, requestId });
}

export function capCannot(
  customerId: string,
  entry: { requestId: string; state: CapEntryState },
  to: CapEntryState,
): IllegalTransitionError {
  return new IllegalTransitionError(`Cap reservation ${entry.requestId} is ${entry.state} and cannot be ${to}.`, {
    customerId,
    requestId: entry.requestId,
    from: entry.state,
    to,
  });
}

/** entries() order: oldest filing first; equal times by request id, so both ledgers list alike. */
export function byFilingTime(a: CapEntry, b: CapEntry): number {
  return a.at.getTime() - b.at.getTime() || (a.requestId < b.requestId ? -1 : a.requestId > b.requestId ? 1 : 0);
}
