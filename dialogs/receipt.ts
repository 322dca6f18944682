import type { TurnContext } from 'botbuilder';
import { cardAttachment, renderCard } from '../src/cards/render';
import { cardText, plainText } from '../src/cards/text';
import type { RequestRecord } from '../src/ports/requestStore';
import { day, money } from '../src/cards/format';
import { quoteFacts } from './quoteFacts';
import type { ReplacementChoice } from '../src/services/ticketText';
import { refundDifference } from '../src/services/azureSettlement';
import type { ExchangeStatus } from '../src/ports/selfService';
import { quoteAsFiled } from '../src/services/filing';
import { turnLocale } from './language';
import { DEFAULT_LOCALE, t, type Locale, type MessageKey, type MessageValues } from '../src/i18n';

/** Where a request stands, in the agent's words (the same words /requests uses). */
function stateText(state: RequestRecord['state'], locale: Locale): string {
  return t(locale, `requests.state.${state}`);
}

/**
 * The receipt card's data in one language. Every amount is the filed quote's own decimal (or Azure's), grouped per
 * language by money(); ids and the ticket number are shown as they are.
 */
export function receiptData(record: RequestRecord, locale: Locale = DEFAULT_LOCALE): Record<string, unknown> {
  if (record.settleVia === 'azure-return') return azureReturnReceiptData(record, locale);
  if (record.settleVia === 'azure-exchange') return azureExchangeReceiptData(record, locale);
  const text = (key: MessageKey, values?: MessageValues) => t(locale, key, values);
  // Cap figures as the ledger reserved them, not as quoted (other refunds may have been filed in between).
  const q = quoteAsFiled(record);
  const replacement = (record.details?.replacement ?? undefined) as ReplacementChoice | undefined;
  const headline =
    q.kind === 'refund'
      ? text('receipt.headline.refund', { amount: money(q.refund, q.currency, locale) })
      : text('receipt.headline.exchange', { amount: money(q.credit, q.currency, locale) });
  const credited = record.state === 'credited';
  const creditedAmount = money(record.creditedAmount, q.currency, locale);
  return {
    // A receipt shown again later (a repeated click) says where the request stands now.
    title:
      q.kind === 'refund'
        ? text(credited ? 'receipt.title.refundCredited' : 'receipt.title.refundFiled')
        : text(credited ? 'receipt.title.exchangeCredited' : 'receipt.title.exchangeFiled'),
    headline: cardText(headline),
    summary: plainText(headline, 150),
    facts: [
      { title: text('receipt.fact.ticket'), value: cardText(record.ticketId ?? '—', 80) },
      ...commonFacts(record, locale),
      ...quoteFacts(q, replacement, locale),
    ],
    next: credited
      ? q.kind === 'refund'
        ? text('receipt.next.refundCredited', { amount: creditedAmount })
        : text('receipt.next.exchangeCredited', { amount: creditedAmount })
      : q.kind === 'refund'
        ? text('receipt.next.refundFiled')
        : text('receipt.next.exchangeFiled'),
  };
}

/** The receipt card in this turn's language. */
export async function showReceipt(context: TurnContext, record: RequestRecord): Promise<void> {
  const locale = turnLocale(context);
  await context.sendActivity({ type: 'message', attachments: [cardAttachment(renderCard('receipt', receiptData(record, locale), locale))] });
}

/** Units, filing time and the quote: what every receipt shows after its first facts. */
function commonFacts(record: RequestRecord, locale: Locale): Array<{ title: string; value: string }> {
  const q = record.quote;
  const text = (key: MessageKey, values?: MessageValues) => t(locale, key, values);
  const returned = record.details?.returnQuantity;
  const quantity = record.details?.quantity;
  return [
    { title: text('receipt.fact.state'), value: stateText(record.state, locale) },
    { title: text('receipt.fact.customer'), value: cardText(record.customerName, 80) },
    { title: text('receipt.fact.reservation'), value: cardText(String(record.details?.reservationName ?? ''), 80) },
    { title: text('receipt.fact.reservationId'), value: cardText(record.reservationId, 80) },
    { title: text('receipt.fact.orderId'), value: cardText(record.reservationOrderId, 80) },
    ...(typeof returned === 'number'
      ? [
          {
            title: text(q.kind === 'refund' ? 'receipt.fact.unitsReturned' : 'receipt.fact.unitsExchanged'),
            value: typeof quantity === 'number' ? text('receipt.fact.unitsOf', { units: returned, quantity }) : String(returned),
          },
        ]
      : []),
    { title: text('receipt.fact.filed'), value: record.filedAt ? `${day(record.filedAt, locale)} ${record.filedAt.slice(11, 16)} UTC` : '—' },
  ];
}

/** A return Azure made itself: Azure's figures beside the quote's, the difference named; no support ticket. */
function azureReturnReceiptData(record: RequestRecord, locale: Locale): Record<string, unknown> {
  const text = (key: MessageKey, values?: MessageValues) => t(locale, key, values);
  const q = quoteAsFiled(record);
  const figures = record.settlement?.via === 'azure-return' ? record.settlement.figures : {};
  const azureRefund = figures.refund ?? record.confirmedAzureRefund;
  const ours = { amount: q.kind === 'refund' ? (q.refund ?? '0') : (q.credit ?? '0'), currency: q.currency };
  const stated = (a: { amount: string; currency: string } | undefined) => (a ? money(a.amount, a.currency, locale) : undefined);
  const azureFacts = [
    { title: text('receipt.azure.refund'), value: stated(azureRefund) },
    { title: text('receipt.azure.ourRefund'), value: money(ours.amount, ours.currency, locale) },
    { title: text('receipt.azure.difference'), value: refundDifference(ours, azureRefund, 'return', locale) },
    { title: text('receipt.azure.paid'), value: stated(figures.totalPaid) },
    { title: text('receipt.azure.prorated'), value: stated(figures.prorated) },
    {
      title: text('receipt.azure.counted'),
      value:
        figures.consumedRefundsTotal && figures.maxRefundLimit
          ? text('receipt.azure.countedValue', { counted: stated(figures.consumedRefundsTotal)!, limit: stated(figures.maxRefundLimit)! })
          : undefined,
    },
    { title: text('receipt.azure.capTaken'), value: money(record.capUsd, 'USD', locale) },
  ].filter((f): f is { title: string; value: string } => f.value !== undefined);
  const credited = record.state === 'credited';
  const headline = text('receipt.azure.returnedHeadline', { amount: stated(azureRefund) ?? money(ours.amount, ours.currency, locale) });
  const lost = record.settlement?.resolvedBy === 'order-state' ? text('receipt.azure.answerLost') : '';
  return {
    title: text(credited ? 'receipt.title.refundCredited' : 'receipt.azure.returnedTitle'),
    headline: cardText(`${headline}${lost}`),
    summary: plainText(headline, 150),
    facts: [
      { title: text('receipt.fact.settledBy'), value: text('receipt.azure.returnSettled') },
      { title: text('receipt.azure.return'), value: cardText(record.ticketId ?? '—', 80) },
      ...commonFacts(record, locale),
      ...azureFacts,
      ...quoteFacts(q, undefined, locale),
    ],
    next: credited ? text('receipt.azure.returnCredited', { amount: money(record.creditedAmount, q.currency, locale) }) : text('receipt.azure.returnPending'),
  };
}

/** Azure's exchange status in the agent's words (the status name itself is Azure's). */
function exchangeStatusText(status: ExchangeStatus, locale: Locale): string {
  return t(locale, `receipt.azure.status.${status}`);
}

/** An exchange Azure made itself: its status, the new reservation order and reservations, its figures beside ours. */
function azureExchangeReceiptData(record: RequestRecord, locale: Locale): Record<string, unknown> {
  const text = (key: MessageKey, values?: MessageValues) => t(locale, key, values);
  const q = record.quote;
  const settlement = record.settlement?.via === 'azure-exchange' ? record.settlement : undefined;
  const figures = settlement?.figures ?? {};
  const azureRefund = figures.refundsTotal ?? record.confirmedAzureRefund;
  const ours = { amount: q.credit ?? '0', currency: q.currency };
  const replacement = (record.details?.replacement ?? undefined) as ReplacementChoice | undefined;
  const stated = (a: { amount: string; currency: string } | undefined) => (a ? money(a.amount, a.currency, locale) : undefined);
  const lost = settlement?.resolvedBy === 'order-state';
  const facts = [
    { title: text('receipt.fact.settledBy'), value: text('receipt.azure.exchangeSettled') },
    { title: text('receipt.azure.exchange'), value: cardText(record.ticketId ?? '—', 80) },
    { title: text('receipt.azure.status'), value: settlement ? exchangeStatusText(settlement.status, locale) : undefined },
    {
      title: text('receipt.azure.newOrder'),
      value: settlement?.newReservationOrderId
        ? cardText(settlement.newReservationOrderId, 80)
        : text(lost ? 'receipt.azure.newOrderLost' : 'receipt.azure.newOrderPending'),
    },
    {
      title: text('receipt.azure.newReservations'),
      value: settlement?.newReservationIds.length ? cardText(settlement.newReservationIds.join(', '), 200) : undefined,
    },
    ...commonFacts(record, locale),
    { title: text('receipt.azure.refund'), value: stated(azureRefund) },
    { title: text('receipt.azure.ourCredit'), value: money(ours.amount, ours.currency, locale) },
    { title: text('receipt.azure.difference'), value: refundDifference(ours, azureRefund, 'exchange', locale) },
    { title: text('receipt.azure.purchases'), value: stated(figures.purchasesTotal) },
    { title: text('receipt.azure.netPayable'), value: stated(figures.netPayable) },
  ].filter((f): f is { title: string; value: string } => f.value !== undefined);
  const credited = record.state === 'credited';
  const headline = text('receipt.azure.exchangedHeadline', { amount: stated(azureRefund) ?? money(ours.amount, ours.currency, locale) });
  return {
    title: text(credited ? 'receipt.title.exchangeCredited' : 'receipt.azure.exchangedTitle'),
    headline: cardText(headline),
    summary: plainText(headline, 150),
    facts: [...facts, ...quoteFacts(q, replacement, locale)],
    next: credited
      ? text('receipt.azure.exchangeCredited', { amount: money(record.creditedAmount, q.currency, locale) })
      : text('receipt.azure.exchangePending'),
  };
}
