import { Decimal } from '../domain/money';
import { IdempotencyConflictError, IllegalTransitionError, InvalidInputError, NotFoundError } from '../errors';
import type { CapEntry, CapEntryState } from '../ports/capLedger';

/**
 * Cap-ledger rules shared by both ledgers: arithmetic in whole USD cents (the window rule itself is the domain's,
 * src/domain/cap.ts, which the in-memory ledger calls and the Redis ledger's Lua script mirrors) and the errors
 * both raise, so the two twins fail alike.
 */

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

export function capCannot(customerId: string, entry: { requestId: string; state: CapEntryState }, to: CapEntryState): IllegalTransitionError {
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
