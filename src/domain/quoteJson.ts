import { formatMoney } from './money';
import type { ExchangeQuote, Quote, RefundQuote } from './quote';
import type { ExchangeQuoteJson, QuoteJson, RefundQuoteJson } from './quoteContract';
import type { IneligibilityReason } from './types';

/**
 * The contract's JSON for a quote (SPEC section 3), fields in the contract's order. Which fields an
 * ineligible quote keeps is decided in quoteContract.ts: reservation-level refusals carry only the day
 * counts; an exchange refused for its replacement also carries how the credit was reached and the minimum.
 */

const USD = 'USD';

/** Refusals that concern the replacement, not the reservation itself. */
const REPLACEMENT_REASONS: ReadonlySet<IneligibilityReason> = new Set(['below-minimum-commitment', 'currency-mismatch']);

function onlyReplacementRefused(quote: Quote): boolean {
  return quote.reasons.length > 0 && quote.reasons.every((reason) => REPLACEMENT_REASONS.has(reason));
}

export function refundQuoteJson(quote: RefundQuote): RefundQuoteJson {
  const head: RefundQuoteJson = {
    kind: 'refund',
    policy: quote.policy,
    eligible: quote.eligible,
    reasons: [...quote.reasons],
    currency: quote.currency,
    daysSincePurchase: quote.daysSincePurchase,
    termDays: quote.termDays,
    usedDays: quote.usedDays,
  };
  if (!quote.eligible) return head;
  const money = (amount: typeof quote.credit) => formatMoney(amount, quote.currency);
  const usd = (amount: typeof quote.credit) => formatMoney(amount, USD);
  return {
    ...head,
    rule: quote.rule,
    paid: money(quote.paid),
    used: money(quote.used),
    credit: money(quote.credit),
    // The contract's two literals are exactly the presets' rates written as decimals.
    feeRate: quote.feeRate.toString() as NonNullable<RefundQuoteJson['feeRate']>,
    fee: money(quote.fee),
    net: money(quote.net),
    netUsd: usd(quote.netUsd),
    capLimitUsd: usd(quote.capLimitUsd),
    capConsumedUsd: usd(quote.capConsumedUsd),
    capRemainingUsd: usd(quote.capRemainingUsd),
    capped: quote.capped,
    refund: money(quote.refund),
    refundUsd: usd(quote.refundUsd),
    capRemainingAfterUsd: usd(quote.capRemainingAfterUsd),
  };
}

export function exchangeQuoteJson(quote: ExchangeQuote): ExchangeQuoteJson {
  const head: ExchangeQuoteJson = {
    kind: 'exchange',
    policy: quote.policy,
    eligible: quote.eligible,
    reasons: [...quote.reasons],
    currency: quote.currency,
    daysSincePurchase: quote.daysSincePurchase,
    termDays: quote.termDays,
    usedDays: quote.usedDays,
  };
  if (!quote.eligible && !onlyReplacementRefused(quote)) return head;
  const money = (amount: typeof quote.credit) => formatMoney(amount, quote.currency);
  const reservationFigures: ExchangeQuoteJson = {
    ...head,
    rule: quote.rule,
    paid: money(quote.paid),
    used: money(quote.used),
    credit: money(quote.credit),
    remainingCommitment: money(quote.remainingCommitment),
  };
  if (!quote.eligible || quote.netPayable === undefined) return reservationFigures;
  return { ...reservationFigures, newTotal: money(quote.newTotal), netPayable: money(quote.netPayable) };
}

export function quoteJson(quote: RefundQuote): RefundQuoteJson;
export function quoteJson(quote: ExchangeQuote): ExchangeQuoteJson;
export function quoteJson(quote: Quote): QuoteJson;
export function quoteJson(quote: Quote): QuoteJson {
  return quote.kind === 'refund' ? refundQuoteJson(quote) : exchangeQuoteJson(quote);
}
