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

export const STATE_TEXT: Readonly<Record<RequestRecord['state'], string>> = {
  filing: 'being filed',
  filed: 'filed — waiting for Microsoft to credit it',
  credited: 'credited',
  failed: 'not filed',
  withdrawn: 'withdrawn',
};

export function receiptData(record: RequestRecord): Record<string, unknown> {
  if (record.settleVia === 'azure-return') return azureReturnReceiptData(record);
  if (record.settleVia === 'azure-exchange') return azureExchangeReceiptData(record);
  // Cap figures as the ledger reserved them, not as quoted (other refunds may have been filed in between).
  const q = quoteAsFiled(record);
  const replacement = (record.details?.replacement ?? undefined) as ReplacementChoice | undefined;
  const headline =
    q.kind === 'refund'
      ? `Refund of ${money(q.refund, q.currency)} requested`
      : `Exchange requested: ${money(q.credit, q.currency)} credit toward the replacement`;
  const what = q.kind === 'refund' ? 'Refund' : 'Exchange';
  const credited = record.state === 'credited';
  return {
    // A receipt shown again later (a repeated click) says where the request stands now.
    title: credited ? `${what} credited` : `${what} request filed`,
    headline: cardText(headline),
    summary: plainText(headline, 150),
    facts: [
      { title: 'Support ticket', value: cardText(record.ticketId ?? '—', 80) },
      ...commonFacts(record),
      ...quoteFacts(q, replacement),
    ],
    next: credited
      ? q.kind === 'refund'
        ? `Microsoft credited ${money(record.creditedAmount, q.currency)} to your partner account: refund your customer.`
        : `Microsoft credited ${money(record.creditedAmount, q.currency)} to your partner account toward the replacement.`
      : q.kind === 'refund'
        ? 'Microsoft credits the refund to your partner account, not to the customer. I will tell you here when it is credited (and /requests will show it): then refund your customer.'
        : 'Microsoft credits the unused value to your partner account toward the replacement. I will tell you here when it is credited (and /requests will show it).',
  };
}

export async function showReceipt(context: TurnContext, record: RequestRecord): Promise<void> {
  await context.sendActivity({ type: 'message', attachments: [cardAttachment(renderCard('receipt', receiptData(record), turnLocale(context)))] });
}

/** Units, filing time and the quote: what every receipt shows after its first facts. */
function commonFacts(record: RequestRecord): Array<{ title: string; value: string }> {
  const q = record.quote;
  return [
    { title: 'State', value: STATE_TEXT[record.state] },
    { title: 'Customer', value: cardText(record.customerName, 80) },
    { title: 'Reservation', value: cardText(String(record.details?.reservationName ?? ''), 80) },
    { title: 'Reservation ID', value: cardText(record.reservationId, 80) },
    { title: 'Reservation order ID', value: cardText(record.reservationOrderId, 80) },
    ...(typeof record.details?.returnQuantity === 'number'
      ? [{ title: q.kind === 'refund' ? 'Units returned' : 'Units exchanged', value: `${record.details.returnQuantity}${typeof record.details.quantity === 'number' ? ` of ${record.details.quantity}` : ''}` }]
      : []),
    { title: 'Filed', value: record.filedAt ? `${day(record.filedAt)} ${record.filedAt.slice(11, 16)} UTC` : '—' },
  ];
}

/** A return Azure made itself: Azure's figures beside the quote's, the difference named; no support ticket. */
function azureReturnReceiptData(record: RequestRecord): Record<string, unknown> {
  const q = quoteAsFiled(record);
  const figures = record.settlement?.via === 'azure-return' ? record.settlement.figures : {};
  const azureRefund = figures.refund ?? record.confirmedAzureRefund;
  const ours = { amount: q.kind === 'refund' ? (q.refund ?? '0') : (q.credit ?? '0'), currency: q.currency };
  const stated = (a: { amount: string; currency: string } | undefined) => (a ? money(a.amount, a.currency) : undefined);
  const azureFacts = [
    { title: "Azure's refund", value: stated(azureRefund) },
    { title: 'Our quote\u2019s refund', value: money(ours.amount, ours.currency) },
    { title: 'Difference', value: refundDifference(ours, azureRefund) },
    { title: 'Azure: paid', value: stated(figures.totalPaid) },
    { title: 'Azure: value of the term used', value: stated(figures.prorated) },
    { title: 'Azure: refunds counted / limit', value: figures.consumedRefundsTotal && figures.maxRefundLimit ? `${stated(figures.consumedRefundsTotal)} of ${stated(figures.maxRefundLimit)}` : undefined },
    { title: 'Cap taken', value: money(record.capUsd, 'USD') },
  ].filter((f): f is { title: string; value: string } => f.value !== undefined);
  const credited = record.state === 'credited';
  const headline = `Returned through Azure: ${stated(azureRefund) ?? money(ours.amount, ours.currency)} refund`;
  const lost = record.settlement?.resolvedBy === 'order-state' ? ' (Azure\u2019s answer was lost; the order shows the return)' : '';
  return {
    title: credited ? 'Refund credited' : 'Returned through Azure',
    headline: cardText(`${headline}${lost}`),
    summary: plainText(headline, 150),
    facts: [
      { title: 'Settled by', value: 'Azure\u2019s own return (no support ticket)' },
      { title: 'Azure return', value: cardText(record.ticketId ?? '—', 80) },
      ...commonFacts(record),
      ...azureFacts,
      ...quoteFacts(q),
    ],
    next: credited
      ? `Azure credited ${money(record.creditedAmount, q.currency)} to your partner account: refund your customer.`
      : 'Azure has returned the units; the refund is credited to your partner account, not to the customer. I will tell you here when it is credited: then refund your customer.',
  };
}

const EXCHANGE_STATUS_TEXT: Readonly<Record<ExchangeStatus, string>> = {
  Succeeded: 'Succeeded (final)',
  Failed: 'Failed (final)',
  Cancelled: 'Cancelled (final)',
  PendingRefunds: 'PendingRefunds: Azure is refunding the returned reservation',
  PendingPurchases: 'PendingPurchases: the refund is done, Azure is buying the replacement',
};

/** An exchange Azure made itself: its status, the new reservation order and reservations, its figures beside ours. */
function azureExchangeReceiptData(record: RequestRecord): Record<string, unknown> {
  const q = record.quote;
  const settlement = record.settlement?.via === 'azure-exchange' ? record.settlement : undefined;
  const figures = settlement?.figures ?? {};
  const azureRefund = figures.refundsTotal ?? record.confirmedAzureRefund;
  const ours = { amount: q.credit ?? '0', currency: q.currency };
  const replacement = (record.details?.replacement ?? undefined) as ReplacementChoice | undefined;
  const stated = (a: { amount: string; currency: string } | undefined) => (a ? money(a.amount, a.currency) : undefined);
  const lost = settlement?.resolvedBy === 'order-state';
  const facts = [
    { title: 'Settled by', value: 'Azure\u2019s own exchange (no support ticket)' },
    { title: 'Azure exchange', value: cardText(record.ticketId ?? '—', 80) },
    { title: 'Azure status', value: settlement ? EXCHANGE_STATUS_TEXT[settlement.status] : undefined },
    { title: 'New reservation order ID', value: settlement?.newReservationOrderId ? cardText(settlement.newReservationOrderId, 80) : lost ? 'not known (Azure\u2019s answer was lost): see the Azure portal' : 'not yet named by Azure' },
    { title: 'New reservation IDs', value: settlement?.newReservationIds.length ? cardText(settlement.newReservationIds.join(', '), 200) : undefined },
    ...commonFacts(record),
    { title: "Azure's refund", value: stated(azureRefund) },
    { title: 'Our quote\u2019s credit', value: money(ours.amount, ours.currency) },
    { title: 'Difference', value: refundDifference(ours, azureRefund, 'Azure\u2019s own exchange refunds the unused value, whatever the 5-day rule.') },
    { title: 'Azure: purchases', value: stated(figures.purchasesTotal) },
    { title: 'Azure: net payable', value: stated(figures.netPayable) },
  ].filter((f): f is { title: string; value: string } => f.value !== undefined);
  const credited = record.state === 'credited';
  const headline = `Exchanged through Azure: ${stated(azureRefund) ?? money(ours.amount, ours.currency)} refunded toward the replacement`;
  return {
    title: credited ? 'Exchange credited' : 'Exchanged through Azure',
    headline: cardText(headline),
    summary: plainText(headline, 150),
    facts: [...facts, ...quoteFacts(q, replacement)],
    next: credited
      ? `Azure credited ${money(record.creditedAmount, q.currency)} to your partner account toward the replacement.`
      : 'I will tell you here when Azure has completed the refund part of the exchange (the credit toward the replacement).',
  };
}
