import { Decimal, roundMoney } from './money';

/**
 * The yearly refund cap (SPEC section 3): 50,000 USD per customer in a rolling 365-day window. This is the one
 * place the limit and the window rule live: the quote, both cap ledgers (the Redis ledger's Lua script takes the
 * limit and window length from here and mirrors capWindowFigures, held to it by the ledger tests) and the cards.
 */
export const CAP_LIMIT_USD: Decimal = new Decimal('50000');
export const CAP_WINDOW_DAYS = 365;
export const CAP_WINDOW_MS = CAP_WINDOW_DAYS * 24 * 60 * 60 * 1000;

/** An amount that counts against the cap (reserved or credited), in whole USD cents, at its filing time. */
export interface CountedAmount {
  atMs: number;
  cents: bigint;
}

/** Sum of the amounts inside the window ending at `t`: filing time in (t − window, t]. */
export function capWindowSum(counted: readonly CountedAmount[], t: number): bigint {
  let sum = 0n;
  for (const entry of counted) if (entry.atMs > t - CAP_WINDOW_MS && entry.atMs <= t) sum += entry.cents;
  return sum;
}

/**
 * The first instant an amount filed at `atMs` no longer counts: the window ending at t is (t − window, t], so the
 * amount leaves it once t − window reaches its filing time. The cap timeline and "fits in full on" read this.
 */
export function capWindowExitMs(atMs: number): number {
  return atMs + CAP_WINDOW_MS;
}

/**
 * What counts against a filing at `atMs`: `consumed` is the window sum at `atMs`; `peak` the largest window sum over
 * every window a filing at `atMs` falls in, i.e. ends t in [atMs, atMs + window). Filings can arrive out of time
 * order (clocks of several instances), and one filed later in time must not be pushed over the cap by one filed
 * earlier. The sum only rises at an entry's time, so t = atMs and the later entries' times suffice. Granting
 * `amount` keeps every window within the limit exactly when peak + amount ≤ limit.
 */
export function capWindowFigures(counted: readonly CountedAmount[], atMs: number): { consumed: bigint; peak: bigint } {
  const consumed = capWindowSum(counted, atMs);
  let peak = consumed;
  for (const entry of counted) {
    if (entry.atMs > atMs && entry.atMs < atMs + CAP_WINDOW_MS) {
      const sum = capWindowSum(counted, entry.atMs);
      if (sum > peak) peak = sum;
    }
  }
  return { consumed, peak };
}

export interface CapOutcome {
  capLimitUsd: Decimal;
  capConsumedUsd: Decimal;
  /** max(0, limit − consumed). */
  capRemainingUsd: Decimal;
  /** True when the refund's USD value did not fit in what is left of the cap. */
  capped: boolean;
  /** What is refunded, in the billing currency. */
  refund: Decimal;
  refundUsd: Decimal;
  capRemainingAfterUsd: Decimal;
}

export function capRemaining(consumedUsd: Decimal, limitUsd: Decimal = CAP_LIMIT_USD): Decimal {
  return Decimal.max(0, limitUsd.minus(consumedUsd));
}

/**
 * Fits a refund of `net` (billing currency, already rounded) worth `netUsd` (rounded) into what is left of
 * the cap. A capped refund is the remaining USD converted back to the billing currency, rounded once.
 */
export function applyCap(net: Decimal, netUsd: Decimal, currency: string, usdRate: Decimal, consumedUsd: Decimal): CapOutcome {
  const capRemainingUsd = capRemaining(consumedUsd);
  const capped = netUsd.greaterThan(capRemainingUsd);
  const refundUsd = capped ? capRemainingUsd : netUsd;
  const refund = capped ? roundMoney(capRemainingUsd.dividedBy(usdRate), currency) : net;
  return {
    capLimitUsd: CAP_LIMIT_USD,
    capConsumedUsd: consumedUsd,
    capRemainingUsd,
    capped,
    refund,
    refundUsd,
    capRemainingAfterUsd: capRemainingUsd.minus(refundUsd),
  };
}
