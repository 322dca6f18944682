import type { TurnContext } from 'botbuilder';
import { cardAttachment, renderCard } from '../src/cards/render';
import { cardText, plainText } from '../src/cards/text';
import type { RequestRecord } from '../src/ports/requestStore';
import { day, money } from '../src/cards/format';
import { quoteFacts } from './quoteFacts';
import type { ReplacementChoice } from '../src/services/ticketText';
import { quoteAsFiled } from '../src/services/filing';

export const STATE_TEXT: Readonly<Record<RequestRecord['state'], string>> = {
  filing: 'being filed',
  filed: 'filed — waiting for Microsoft to credit it',
  credited: 'credited',
  failed: 'not filed',
  withdrawn: 'withdrawn',
};

export function receiptData(record: RequestRecord): Record<string, unknown> {
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
      { title: 'State', value: STATE_TEXT[record.state] },
      { title: 'Customer', value: cardText(record.customerName, 80) },
      { title: 'Reservation', value: cardText(String(record.details?.reservationName ?? ''), 80) },
      { title: 'Reservation ID', value: cardText(record.reservationId, 80) },
      { title: 'Reservation order ID', value: cardText(record.reservationOrderId, 80) },
      ...(typeof record.details?.returnQuantity === 'number'
        ? [{ title: q.kind === 'refund' ? 'Units returned' : 'Units exchanged', value: `${record.details.returnQuantity}${typeof record.details.quantity === 'number' ? ` of ${record.details.quantity}` : ''}` }]
        : []),
      { title: 'Filed', value: record.filedAt ? `${day(record.filedAt)} ${record.filedAt.slice(11, 16)} UTC` : '—' },
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
  await context.sendActivity({ type: 'message', attachments: [cardAttachment(renderCard('receipt', receiptData(record)))] });
}
