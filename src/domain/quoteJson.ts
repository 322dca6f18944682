import { formatMoney } from './money';
import type { ExchangeQuote, Quote, RefundQuote } from './quote';
import type { ExchangeQuoteJson, QuoteJson, RefundQuoteJson } from './quoteContract';

/**
 * The contract's JSON for a quote (SPEC section 3), fields in the contract's order. An ineligible quote
 * carries the same fields as an eligible one (`eligible: false` and `reasons` say it may not be filed), so
 * every consumer reads one shape; the single exception is `netPayable` across two currencies, which has no
 * meaning and is left out.
 */

const USD = 'USD';

/** The fields every quote starts with, in the contract's order. */
function headOf<K extends Quote['kind']>(kind: K, quote: Quote) {
  return {
    kind,
    policy: quote.policy,
    eligible: quote.eligible,
    reasons: [...quote.reasons],
    currency: quote.currency,
    daysSincePurchase: quote.daysSincePurchase,
    termDays: quote.termDays,
    usedDays: quote.usedDays,
  };
}

export function refundQuoteJson(quote: RefundQuote): RefundQuoteJson {
  const head = headOf('refund', quote);
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
  const head = headOf('exchange', quote);
  const money = (amount: typeof quote.credit) => formatMoney(amount, quote.currency);
  const json: ExchangeQuoteJson = {
    ...head,
    rule: quote.rule,
    paid: money(quote.paid),
    used: money(quote.used),
    credit: money(quote.credit),
    remainingCommitment: money(quote.remainingCommitment),
    // In the replacement's own currency (the same one unless the quote says currency-mismatch).
    newTotal: formatMoney(quote.newTotal, quote.replacement.currency),
  };
  return quote.netPayable === undefined ? json : { ...json, netPayable: money(quote.netPayable) };
}

export function quoteJson(quote: RefundQuote): RefundQuoteJson;
export function quoteJson(quote: ExchangeQuote): ExchangeQuoteJson;
export function quoteJson(quote: Quote): QuoteJson;
export function quoteJson(quote: Quote): QuoteJson {
  return quote.kind === 'refund' ? refundQuoteJson(quote) : exchangeQuoteJson(quote);
}
