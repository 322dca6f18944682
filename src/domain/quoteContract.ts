import type { CreditRule, IneligibilityReason, PolicyName } from './types';

/**
 * The machine-readable quote (SPEC section 3, "The quote contract"). Amounts are strings with exactly the
 * currency's minor-unit decimals; USD figures always have 2. Field order is the contract's order.
 *
 * An ineligible quote has the same fields as an eligible one, with `eligible: false` and its reasons: the
 * figures say what the reservation is worth, the reasons why it cannot be filed. The one field that can be
 * missing is an exchange's `netPayable`, when the replacement is in another currency (no difference exists).
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
