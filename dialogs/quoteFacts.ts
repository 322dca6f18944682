import { cardText } from '../src/cards/text';
import type { QuoteJson } from '../src/domain/quoteContract';
import type { ReplacementChoice } from '../src/services/ticketText';
import { money } from '../src/cards/format';
import { CAP_WINDOW_DAYS } from '../src/domain/cap';
import type { AmountInCurrency, Reservation } from '../src/ports/reservations';
import type { DeskServices } from './services';

export interface Fact {
  title: string;
  value: string;
}

const RULE_TEXT = {
  'full-credit': 'full credit (within 5 days, no usage)',
  prorated: 'prorated credit',
  'prorated-with-fee': 'prorated credit minus the 12% early termination fee',
} as const;

export const USAGE_NOT_REPORTED = 'usage not yet reported by Azure';

/**
 * When the provider has no usage figure, the quote counted usage (the conservative assumption): the card says so
 * and names the rule that was applied, so the agent is never silently given the lower figure.
 */
export function usageFacts(reservation: Pick<Reservation, 'usageReported'>, q: QuoteJson): Fact[] {
  if (reservation.usageReported) return [];
  const applied = q.rule ? `the rule applied is ${RULE_TEXT[q.rule]}` : 'no credit rule applies to this quote';
  return [{ title: 'Usage since purchase', value: `${USAGE_NOT_REPORTED}; counted as used, so ${applied}. Quote again once Azure reports usage.` }];
}

/** The quote's figures as card facts, in the order an agent reads them. */
export function quoteFacts(q: QuoteJson, replacement?: ReplacementChoice): Fact[] {
  const usd = (v: string | undefined) => money(v, 'USD');
  // The USD value is worth showing only when the billing currency is another one.
  const withUsd = (amount: string | undefined, amountUsd: string | undefined) =>
    q.currency === 'USD' ? money(amount, 'USD') : `${money(amount, q.currency)} (${usd(amountUsd)})`;
  const facts: Fact[] = [
    { title: 'Policy preset', value: q.policy },
    { title: 'Days since purchase', value: String(q.daysSincePurchase) },
    // Proration counts calendar days of the term, the purchase day and today included: time, not usage.
    { title: 'Term elapsed', value: `${q.usedDays} of ${q.termDays} days` },
  ];
  if (q.rule) facts.push({ title: 'Rule', value: RULE_TEXT[q.rule] });
  if (q.paid !== undefined) facts.push({ title: 'Paid', value: money(q.paid, q.currency) });
  if (q.used !== undefined) facts.push({ title: 'Value of the term elapsed', value: money(q.used, q.currency) });
  if (q.credit !== undefined) facts.push({ title: 'Credit', value: money(q.credit, q.currency) });
  if (q.kind === 'refund' && q.fee !== undefined) {
    facts.push({ title: 'Early termination fee', value: `${money(q.fee, q.currency)} (${q.feeRate === '0' ? 'none' : '12%'})` });
    // Net and refund differ only when the cap cuts the refund; then both are shown.
    if (q.capped) facts.push({ title: 'Net before the cap', value: withUsd(q.net, q.netUsd) });
    facts.push(
      { title: 'Refund', value: `${withUsd(q.refund, q.refundUsd)}${q.capped ? ' — capped' : ''}` },
      { title: 'Refund cap', value: `${usd(q.capLimitUsd)} per customer per rolling ${CAP_WINDOW_DAYS} days` },
      { title: 'Cap consumed', value: usd(q.capConsumedUsd) },
      { title: 'Cap remaining', value: `${usd(q.capRemainingUsd)} before, ${usd(q.capRemainingAfterUsd)} after` },
    );
  }
  if (q.kind === 'exchange') {
    if (q.remainingCommitment !== undefined) facts.push({ title: 'Minimum new commitment', value: money(q.remainingCommitment, q.currency) });
    if (replacement) {
      facts.push({ title: 'Replacement', value: cardText(`${replacement.quantity} × ${replacement.sku} · ${replacement.region} · ${replacement.term} ${replacement.billingPlan}`, 200) });
      facts.push({ title: 'New total commitment', value: money(replacement.totalCommitment, replacement.currency) });
    }
    if (q.netPayable !== undefined && q.eligible) facts.push({ title: 'Net payable', value: money(q.netPayable, q.currency) });
  }
  return facts;
}

/**
 * Microsoft's own refund figures (Azure calculateRefund), shown beside ours as a cross-check when the provider
 * can ask for them. A failure or a policy answer (e.g. SelfServiceRefundNotSupported) becomes a note, never a
 * reason not to file: the support request is how CSP refunds are made.
 */
export async function microsoftRefundCheck(services: DeskServices, reservation: Reservation, quantity: number): Promise<{ facts: Fact[]; note: string }> {
  const source = services.provider.reservations;
  if (!source.estimateRefund) return { facts: [], note: '' };
  try {
    const estimate = await source.estimateRefund(reservation.customerId, reservation.reservationId, quantity);
    const facts: Fact[] = [];
    const amount = (a: AmountInCurrency | undefined) => (a ? money(a.amount, a.currency) : undefined);
    const add = (title: string, value: string | undefined) => value !== undefined && facts.push({ title, value });
    add("Microsoft's refund estimate", amount(estimate.refund));
    add("Microsoft's refund limit", amount(estimate.maxRefundLimit));
    add('Refunds Microsoft has counted', amount(estimate.consumedRefundsTotal));
    const note = estimate.warnings.map((w) => cardText(`Microsoft's estimate: ${w.message}`, 200)).join(' ');
    return { facts, note };
  } catch (err) {
    services.log.warn({ reservationId: reservation.reservationId, err: err instanceof Error ? err.message : String(err) }, 'refund estimate unavailable');
    return { facts: [], note: "Microsoft's own estimate could not be fetched; the quote above follows the refund policy." };
  }
}
