import { Decimal, roundMoney } from './money';

/** The yearly refund cap: 50,000 USD per customer in a rolling 365-day window (SPEC section 3). */
export const CAP_LIMIT_USD: Decimal = new Decimal('50000');

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
