import type { QuoteJson } from '../domain/quoteContract';

const AMOUNT_FIELDS = [
  'credit',
  'fee',
  'net',
  'refund',
  'refundUsd',
  'capRemainingUsd',
  'capRemainingAfterUsd',
  'remainingCommitment',
  'newTotal',
  'netPayable',
] as const;

/** The money of a quote as the audit trail records it: the quote's currency and its decimal-string amounts. */
export function auditAmounts(quote: QuoteJson): { currency: string; amounts: Record<string, string> } {
  const source = quote as unknown as Record<string, unknown>;
  const amounts: Record<string, string> = {};
  for (const field of AMOUNT_FIELDS) {
    const value = source[field];
    if (typeof value === 'string' && value !== '') amounts[field] = value;
  }
  return { currency: quote.currency, amounts };
}
