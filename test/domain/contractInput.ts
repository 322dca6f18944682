import { computeQuote } from '../../src/domain/quote';
import { parseQuoteRequest } from '../../src/domain/quoteInput';
import { quoteJson } from '../../src/domain/quoteJson';
import type { ExchangeQuoteJson, RefundQuoteJson } from '../../src/domain/quoteContract';

/**
 * Contract inputs for the example-based tests. The base reservation is easy to check by hand: a one-year
 * USD reservation of 3,650.00 bought on 2025-01-10 (365 days to 2026-01-10), so each day is worth 10.00.
 */

export type Json = Record<string, unknown>;

export const BASE_RESERVATION: Json = {
  term: 'P1Y',
  billingPlan: 'Upfront',
  benefitStart: '2025-01-10T00:00:00Z',
  quantity: 1,
  totalCommitment: '3650.00',
  currency: 'USD',
  usageSeen: false,
  reservedResourceType: 'VirtualMachines',
  state: 'Succeeded',
};

export function refundInput(asOf: string, reservation: Json = {}, extra: Json = {}): Json {
  return { kind: 'refund', asOf, reservation: { ...BASE_RESERVATION, ...reservation }, ...extra };
}

export function exchangeInput(asOf: string, replacement: Json, reservation: Json = {}, extra: Json = {}): Json {
  return { kind: 'exchange', asOf, reservation: { ...BASE_RESERVATION, ...reservation }, replacement, ...extra };
}

export function refundQuote(input: Json): RefundQuoteJson {
  const json = quoteJson(computeQuote(parseQuoteRequest(input)));
  if (json.kind !== 'refund') throw new Error('expected a refund quote');
  return json;
}

export function exchangeQuote(input: Json): ExchangeQuoteJson {
  const json = quoteJson(computeQuote(parseQuoteRequest(input)));
  if (json.kind !== 'exchange') throw new Error('expected an exchange quote');
  return json;
}

/** The SPEC's worked example input (section 3, "The quote contract"). */
export const SPEC_EXAMPLE_INPUT: Json = {
  kind: 'refund',
  policy: 'csp-2020',
  asOf: '2026-03-10T12:00:00Z',
  reservation: {
    term: 'P1Y',
    billingPlan: 'Upfront',
    benefitStart: '2026-03-01T08:00:00Z',
    quantity: 2,
    returnQuantity: 1,
    totalCommitment: '12000.00',
    currency: 'EUR',
    paidToDate: '12000.00',
    usdRate: '1.08',
    usageSeen: true,
    reservedResourceType: 'VirtualMachines',
    state: 'Succeeded',
  },
  capConsumedUsd: '20000.00',
  // Verbatim from the SPEC, which shows the replacement on this refund input too.
  replacement: { totalCommitment: '9000.00', currency: 'EUR' },
};

/** The SPEC's worked example output, verbatim. */
export const SPEC_EXAMPLE_OUTPUT = {
  kind: 'refund',
  policy: 'csp-2020',
  eligible: true,
  reasons: [],
  currency: 'EUR',
  daysSincePurchase: 9,
  termDays: 365,
  usedDays: 10,
  rule: 'prorated-with-fee',
  paid: '6000.00',
  used: '164.38',
  credit: '5835.62',
  feeRate: '0.12',
  fee: '700.27',
  net: '5135.35',
  netUsd: '5546.18',
  capLimitUsd: '50000.00',
  capConsumedUsd: '20000.00',
  capRemainingUsd: '30000.00',
  capped: false,
  refund: '5135.35',
  refundUsd: '5546.18',
  capRemainingAfterUsd: '24453.82',
};

/** The same output typed as the quote contract, for tests that need a filed refund's quote. */
export const SPEC_EXAMPLE_QUOTE: RefundQuoteJson = SPEC_EXAMPLE_OUTPUT as RefundQuoteJson;

/** The SPEC's refund as the customer's first one: nothing of the cap consumed before it. */
export const SPEC_EXAMPLE_FIRST_REFUND: RefundQuoteJson = {
  ...SPEC_EXAMPLE_QUOTE,
  capConsumedUsd: '0.00',
  capRemainingUsd: '50000.00',
  capRemainingAfterUsd: '44453.82',
};

/** The SPEC example's reservation quoted for an exchange. */
export function specExampleExchange(replacement: Record<string, unknown>): Json {
  const { capConsumedUsd: _ignored, ...rest } = SPEC_EXAMPLE_INPUT;
  return { ...rest, kind: 'exchange', replacement };
}
