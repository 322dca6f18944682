import { InvalidInputError } from '../errors';
import { applyCap, type CapOutcome } from './cap';
import { calendarDaysBetween, expiryOf } from './dates';
import { reservationIneligibility } from './eligibility';
import { CURRENCY_CODE, Decimal, roundMoney } from './money';
import { exchangeRule, feeRateFor, policyPreset, refundRule } from './policy';
import type { CreditRule, IneligibilityReason, PolicyName, ReservationFacts } from './types';

/**
 * Refund and exchange quotes (SPEC section 3). Pure: the quote time and every fact arrive as arguments.
 *
 * Exactness: each prorated figure is computed as ONE division of exact products (amounts have at most a
 * few decimals, quantities and day counts are integers), so with the 60-digit Decimal the only rounding
 * that can change a result is the single `roundMoney` the SPEC asks for.
 */

interface QuoteRequestBase {
  policy: PolicyName;
  /** The quote time T. */
  asOf: Date;
  reservation: ReservationFacts;
  /** Units being returned, 1..quantity. */
  returnQuantity: number;
}

export interface RefundQuoteRequest extends QuoteRequestBase {
  kind: 'refund';
  /** USD already counted against the customer's cap in the window ending at `asOf`. */
  capConsumedUsd: Decimal;
}

export interface Replacement {
  /** The replacement's total commitment, in its own currency. */
  totalCommitment: Decimal;
  currency: string;
}

export interface ExchangeQuoteRequest extends QuoteRequestBase {
  kind: 'exchange';
  replacement: Replacement;
}

export type QuoteRequest = RefundQuoteRequest | ExchangeQuoteRequest;

/** What both quotes share: the reservation's valuation for the returned quantity. */
interface QuoteBasis {
  policy: PolicyName;
  /** False when `reasons` is not empty; the figures are still computed but must not be offered. */
  eligible: boolean;
  reasons: IneligibilityReason[];
  currency: string;
  returnQuantity: number;
  expiry: Date;
  daysSincePurchase: number;
  termDays: number;
  usedDays: number;
  /** Total commitment for the returned quantity (exact). */
  total: Decimal;
  /** Completed payments for the returned quantity (exact; round only for display). */
  paid: Decimal;
  /** The share of `total` used up to and including the quote day (exact; round only for display). */
  used: Decimal;
  /** Rounded to the currency's minor unit. */
  credit: Decimal;
}

export interface RefundQuote extends QuoteBasis, CapOutcome {
  kind: 'refund';
  rule: CreditRule;
  feeRate: Decimal;
  fee: Decimal;
  net: Decimal;
  netUsd: Decimal;
}

export interface ExchangeQuote extends QuoteBasis {
  kind: 'exchange';
  rule: Exclude<CreditRule, 'prorated-with-fee'>;
  /** The least the replacement must commit to, rounded: round(total − used). */
  remainingCommitment: Decimal;
  replacement: Replacement;
  newTotal: Decimal;
  /** newTotal − credit (negative when the credit exceeds the new commitment); undefined across currencies. */
  netPayable: Decimal | undefined;
}

export type Quote = RefundQuote | ExchangeQuote;

const USD = 'USD';

function invalid(field: string, problem: string): never {
  throw new InvalidInputError(`${field}: ${problem}`, { field });
}

function assertAmount(field: string, amount: Decimal): void {
  if (!amount.isFinite() || amount.isNegative()) invalid(field, 'must be a non-negative amount');
}

function assertCurrency(field: string, currency: string): void {
  if (!CURRENCY_CODE.test(currency)) invalid(field, 'must be an ISO 4217 code of three capital letters');
}

/**
 * Checks the facts a quote needs hang together; throws InvalidInputError naming the contract field. Input
 * parsing (quoteInput.ts) ends with this check too, so one rule set serves the CLI and the dialogs.
 */
export function assertQuotable(request: QuoteRequest): void {
  const { reservation } = request;
  if (Number.isNaN(request.asOf.getTime())) invalid('asOf', 'must be a valid time');
  if (Number.isNaN(reservation.benefitStart.getTime())) invalid('reservation.benefitStart', 'must be a valid time');
  // Only dates count (SPEC section 3): earlier in the day on the benefit-start date is day 0, an earlier date is malformed.
  if (calendarDaysBetween(reservation.benefitStart, request.asOf) < 0) {
    invalid('asOf', `is on an earlier UTC date than reservation.benefitStart (${reservation.benefitStart.toISOString()})`);
  }
  if (!Number.isSafeInteger(reservation.quantity) || reservation.quantity < 1) {
    invalid('reservation.quantity', 'must be a positive whole number');
  }
  if (!Number.isSafeInteger(request.returnQuantity) || request.returnQuantity < 1) {
    invalid('reservation.returnQuantity', 'must be a positive whole number');
  }
  if (request.returnQuantity > reservation.quantity) {
    invalid('reservation.returnQuantity', `is above reservation.quantity (${reservation.quantity})`);
  }
  assertCurrency('reservation.currency', reservation.currency);
  assertAmount('reservation.totalCommitment', reservation.totalCommitment);
  assertAmount('reservation.paidToDate', reservation.paidToDate);
  if (reservation.billingPlan === 'Monthly' && reservation.paidToDate.greaterThan(reservation.totalCommitment)) {
    invalid('reservation.paidToDate', 'is above reservation.totalCommitment');
  }
  if (!reservation.usdRate.isFinite() || !reservation.usdRate.greaterThan(0)) {
    invalid('reservation.usdRate', 'must be above zero');
  }
  if (reservation.currency === USD && !reservation.usdRate.equals(1)) invalid('reservation.usdRate', 'must be 1 for USD');
  if (request.kind === 'refund') {
    assertAmount('capConsumedUsd', request.capConsumedUsd);
  } else {
    assertCurrency('replacement.currency', request.replacement.currency);
    assertAmount('replacement.totalCommitment', request.replacement.totalCommitment);
  }
}

/** The reservation's valuation: the basis's day counts and amounts (before rounding), plus what quotes derive from. */
interface Valuation extends Pick<QuoteBasis, 'expiry' | 'daysSincePurchase' | 'termDays' | 'usedDays' | 'total' | 'paid' | 'used'> {
  reasons: IneligibilityReason[];
  /** total − used, the commitment not yet consumed. */
  unused: Decimal;
  prorated: Decimal;
}

function valueReservation(request: QuoteRequest): Valuation {
  const { reservation, asOf, returnQuantity } = request;
  const expiry = expiryOf(reservation.benefitStart, reservation.term);
  const termDays = calendarDaysBetween(reservation.benefitStart, expiry);
  const daysSincePurchase = calendarDaysBetween(reservation.benefitStart, asOf);
  // The day of cancellation counts as used.
  const usedDays = Math.min(daysSincePurchase + 1, termDays);

  const quantity = new Decimal(reservation.quantity);
  const share = new Decimal(returnQuantity);
  // What has been paid for the whole quantity: Upfront pays everything at purchase.
  const paidWhole = reservation.billingPlan === 'Upfront' ? reservation.totalCommitment : reservation.paidToDate;
  const quantityDays = quantity.times(termDays);

  const total = reservation.totalCommitment.times(share).dividedBy(quantity);
  const paid = paidWhole.times(share).dividedBy(quantity);
  const used = reservation.totalCommitment.times(share).times(usedDays).dividedBy(quantityDays);
  const unused = reservation.totalCommitment
    .times(share)
    .times(termDays - usedDays)
    .dividedBy(quantityDays);
  // paid − used over one common denominator, so the difference is as exact as its parts.
  const prorated = Decimal.max(0, paidWhole.times(termDays).minus(reservation.totalCommitment.times(usedDays)).times(share).dividedBy(quantityDays));

  const reasons = reservationIneligibility({
    reservedResourceType: reservation.reservedResourceType,
    state: reservation.state,
    expiryReached: calendarDaysBetween(expiry, asOf) >= 0,
  });
  return { reasons, expiry, daysSincePurchase, termDays, usedDays, total, paid, used, unused, prorated };
}

function basisOf(request: QuoteRequest, valuation: Valuation, reasons: IneligibilityReason[], credit: Decimal): QuoteBasis {
  return {
    policy: request.policy,
    eligible: reasons.length === 0,
    reasons,
    currency: request.reservation.currency,
    returnQuantity: request.returnQuantity,
    expiry: valuation.expiry,
    daysSincePurchase: valuation.daysSincePurchase,
    termDays: valuation.termDays,
    usedDays: valuation.usedDays,
    total: valuation.total,
    paid: valuation.paid,
    used: valuation.used,
    credit,
  };
}

export function computeRefundQuote(request: RefundQuoteRequest): RefundQuote {
  assertQuotable(request);
  const { reservation } = request;
  const currency = reservation.currency;
  const preset = policyPreset(request.policy);
  const valuation = valueReservation(request);

  const rule = refundRule(preset, valuation.daysSincePurchase, reservation.usageSeen);
  const credit = roundMoney(rule === 'full-credit' ? valuation.paid : valuation.prorated, currency);
  const feeRate = feeRateFor(preset, rule);
  const fee = roundMoney(credit.times(feeRate), currency);
  const net = credit.minus(fee);
  const netUsd = roundMoney(net.times(reservation.usdRate), USD);
  const cap = applyCap(net, netUsd, currency, reservation.usdRate, request.capConsumedUsd);

  return {
    kind: 'refund',
    ...basisOf(request, valuation, valuation.reasons, credit),
    rule,
    feeRate,
    fee,
    net,
    netUsd,
    ...cap,
  };
}

export function computeExchangeQuote(request: ExchangeQuoteRequest): ExchangeQuote {
  assertQuotable(request);
  const { reservation, replacement } = request;
  const currency = reservation.currency;
  const preset = policyPreset(request.policy);
  const valuation = valueReservation(request);

  const rule = exchangeRule(preset, valuation.daysSincePurchase, reservation.usageSeen);
  const credit = roundMoney(rule === 'full-credit' ? valuation.paid : valuation.prorated, currency);
  // Monthly plans include payments not yet due: the commitment, not what was paid, must be carried over.
  const remainingCommitment = roundMoney(valuation.unused, currency);
  const newTotal = replacement.totalCommitment;
  const sameCurrency = replacement.currency === currency;

  const reasons = [...valuation.reasons];
  // Amounts in two currencies cannot be compared, so the minimum is only checked within one currency.
  if (!sameCurrency) reasons.push('currency-mismatch');
  else if (newTotal.lessThan(remainingCommitment)) reasons.push('below-minimum-commitment');

  return {
    kind: 'exchange',
    ...basisOf(request, valuation, reasons, credit),
    rule,
    remainingCommitment,
    replacement,
    newTotal,
    netPayable: sameCurrency ? newTotal.minus(credit) : undefined,
  };
}

export function computeQuote(request: RefundQuoteRequest): RefundQuote;
export function computeQuote(request: ExchangeQuoteRequest): ExchangeQuote;
export function computeQuote(request: QuoteRequest): Quote;
export function computeQuote(request: QuoteRequest): Quote {
  return request.kind === 'refund' ? computeRefundQuote(request) : computeExchangeQuote(request);
}
