import { cardText } from '../src/cards/text';
import type { QuoteJson } from '../src/domain/quoteContract';
import type { ReplacementChoice } from '../src/services/ticketText';
import { money } from '../src/cards/format';
import { CAP_WINDOW_DAYS } from '../src/domain/cap';
import type { AmountInCurrency, Reservation } from '../src/ports/reservations';
import type { DeskServices } from './services';
import { DEFAULT_LOCALE, t, type Locale, type MessageKey, type MessageValues } from '../src/i18n';

export interface Fact {
  title: string;
  value: string;
}

/** The rule a quote applied, in the agent's words. */
export function ruleText(rule: NonNullable<QuoteJson['rule']>, locale: Locale = DEFAULT_LOCALE): string {
  return t(locale, `quote.rule.${rule}`);
}

/**
 * When the provider has no usage figure, the quote counted usage (the conservative assumption): the card says so
 * and names the rule that was applied, so the agent is never silently given the lower figure.
 */
export function usageFacts(reservation: Pick<Reservation, 'usageReported'>, q: QuoteJson, locale: Locale = DEFAULT_LOCALE): Fact[] {
  if (reservation.usageReported) return [];
  const value = q.rule ? t(locale, 'quote.usageNotReported', { rule: ruleText(q.rule, locale) }) : t(locale, 'quote.usageNotReportedNoRule');
  return [{ title: t(locale, 'quote.fact.usage'), value }];
}

/**
 * The quote's figures as card facts, in the order an agent reads them. Every amount is the quote's own decimal,
 * only grouped per language by money() (1,234.56 EUR / 1.234,56 EUR), never rounded again.
 */
export function quoteFacts(q: QuoteJson, replacement?: ReplacementChoice, locale: Locale = DEFAULT_LOCALE): Fact[] {
  const text = (key: MessageKey, values?: MessageValues) => t(locale, key, values);
  const amount = (v: string | undefined, currency: string) => money(v, currency, locale);
  const usd = (v: string | undefined) => amount(v, 'USD');
  // The USD value is worth showing only when the billing currency is another one.
  const withUsd = (value: string | undefined, valueUsd: string | undefined) =>
    q.currency === 'USD' ? usd(value) : `${amount(value, q.currency)} (${usd(valueUsd)})`;
  const facts: Fact[] = [
    { title: text('quote.fact.policy'), value: q.policy },
    { title: text('quote.fact.daysSincePurchase'), value: String(q.daysSincePurchase) },
    // Proration counts calendar days of the term, the purchase day and today included: time, not usage.
    { title: text('quote.fact.termElapsed'), value: text('quote.fact.termElapsedValue', { used: q.usedDays, term: q.termDays }) },
  ];
  if (q.rule) facts.push({ title: text('quote.fact.rule'), value: ruleText(q.rule, locale) });
  if (q.paid !== undefined) facts.push({ title: text('quote.fact.paid'), value: amount(q.paid, q.currency) });
  if (q.used !== undefined) facts.push({ title: text('quote.fact.used'), value: amount(q.used, q.currency) });
  if (q.credit !== undefined) facts.push({ title: text('quote.fact.credit'), value: amount(q.credit, q.currency) });
  if (q.kind === 'refund' && q.fee !== undefined) {
    const fee = amount(q.fee, q.currency);
    facts.push({ title: text('quote.fact.fee'), value: q.feeRate === '0' ? text('quote.fact.feeNone', { fee }) : text('quote.fact.feeRate', { fee }) });
    // Net and refund differ only when the cap cuts the refund; then both are shown.
    if (q.capped) facts.push({ title: text('quote.fact.netBeforeCap'), value: withUsd(q.net, q.netUsd) });
    const refund = withUsd(q.refund, q.refundUsd);
    facts.push(
      { title: text('quote.fact.refund'), value: q.capped ? text('quote.fact.refundCapped', { refund }) : refund },
      { title: text('quote.fact.cap'), value: text('quote.fact.capValue', { limit: usd(q.capLimitUsd), days: CAP_WINDOW_DAYS }) },
      { title: text('quote.fact.capConsumed'), value: usd(q.capConsumedUsd) },
      {
        title: text('quote.fact.capRemaining'),
        value: text('quote.fact.capRemainingValue', { before: usd(q.capRemainingUsd), after: usd(q.capRemainingAfterUsd) }),
      },
    );
  }
  if (q.kind === 'exchange') {
    if (q.remainingCommitment !== undefined) facts.push({ title: text('quote.fact.minimumCommitment'), value: amount(q.remainingCommitment, q.currency) });
    if (replacement) {
      facts.push({
        title: text('quote.fact.replacement'),
        value: cardText(`${replacement.quantity} × ${replacement.sku} · ${replacement.region} · ${replacement.term} ${replacement.billingPlan}`, 200),
      });
      facts.push({ title: text('quote.fact.newTotal'), value: amount(replacement.totalCommitment, replacement.currency) });
    }
    if (q.netPayable !== undefined && q.eligible) facts.push({ title: text('quote.fact.netPayable'), value: amount(q.netPayable, q.currency) });
  }
  return facts;
}

/**
 * Microsoft's own refund figures (Azure calculateRefund), shown beside ours as a cross-check when the provider
 * can ask for them. A failure or a policy answer (e.g. SelfServiceRefundNotSupported) becomes a note, never a
 * reason not to file: the support request is how CSP refunds are made.
 */
export async function microsoftRefundCheck(
  services: DeskServices,
  reservation: Reservation,
  quantity: number,
  locale: Locale = DEFAULT_LOCALE,
): Promise<{ facts: Fact[]; note: string }> {
  const source = services.provider.reservations;
  if (!source.estimateRefund) return { facts: [], note: '' };
  try {
    const estimate = await source.estimateRefund(reservation.customerId, reservation.reservationId, quantity);
    const facts: Fact[] = [];
    const amount = (a: AmountInCurrency | undefined) => (a ? money(a.amount, a.currency, locale) : undefined);
    const add = (title: MessageKey, value: string | undefined) => value !== undefined && facts.push({ title: t(locale, title), value });
    add('quote.microsoft.estimate', amount(estimate.refund));
    add('quote.microsoft.limit', amount(estimate.maxRefundLimit));
    add('quote.microsoft.counted', amount(estimate.consumedRefundsTotal));
    // Azure's warning text is its own (English): quoted as Azure wrote it.
    const note = estimate.warnings.map((w) => cardText(t(locale, 'quote.microsoft.warning', { message: w.message }), 200)).join(' ');
    return { facts, note };
  } catch (err) {
    services.log.warn({ reservationId: reservation.reservationId, err: err instanceof Error ? err.message : String(err) }, 'refund estimate unavailable');
    return { facts: [], note: t(locale, 'quote.microsoft.unavailable') };
  }
}
