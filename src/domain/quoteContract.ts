import type { CreditRule, IneligibilityReason, PolicyName } from './types';

/**
 * The machine-readable quote (SPEC section 3, "The quote contract"). Amounts are strings with exactly the
 * currency's minor-unit decimals; USD figures always have 2. Field order is the contract's order.
 *
 * An ineligible quote keeps the fields that still mean something: the day counts always; for an exchange
 * refused for its replacement (below-minimum-commitment, currency-mismatch) the credit and the minimum
 * (`remainingCommitment`) as well, so the agent is told the amount to reach. Reservation-level refusals
 * (expired, cancelled, failed, not-refundable-type) carry no money figures.
 */
interface QuoteHead {
  policy: PolicyName;
  eligible: boolean;
  reasons: IneligibilityReason[];
  currency: string;
  daysSincePurchase: number;
  termDays: number;
  usedDays: number;
}

export interface RefundQuoteJson extends QuoteHead {
  kind: 'refund';
  rule?: CreditRule;
  paid?: string;
  used?: string;
  credit?: string;
  feeRate?: '0.12' | '0';
  fee?: string;
  net?: string;
  netUsd?: string;
  capLimitUsd?: string;
  capConsumedUsd?: string;
  capRemainingUsd?: string;
  capped?: boolean;
  refund?: string;
  refundUsd?: string;
  capRemainingAfterUsd?: string;
}

export interface ExchangeQuoteJson extends QuoteHead {
  kind: 'exchange';
  rule?: Exclude<CreditRule, 'prorated-with-fee'>;
  paid?: string;
  used?: string;
  credit?: string;
  remainingCommitment?: string;
  newTotal?: string;
  netPayable?: string;
}

export type QuoteJson = RefundQuoteJson | ExchangeQuoteJson;
