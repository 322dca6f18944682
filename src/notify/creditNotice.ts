import type { Activity } from 'botbuilder';
import { cardAttachment, renderCard } from '../cards/render';
import { cardText, plainText } from '../cards/text';
import type { RequestRecord } from '../ports/requestStore';
import { day, money } from '../cards/format';
import type { CreditNotification } from './notificationQueue';
import { DEFAULT_LOCALE } from '../i18n';

/** The credit-notice card's data: what was credited, for which request, and (in the card) "now refund your customer". */
export function creditNoticeData(record: RequestRecord, notification: CreditNotification): Record<string, unknown> {
  const amount = money(notification.amount, notification.currency);
  const reservationName = String(record.details?.reservationName ?? record.reservationId);
  const what = record.kind === 'refund' ? 'the refund' : 'the exchange';
  return {
    title: record.kind === 'refund' ? 'Refund credited' : 'Exchange credited',
    next:
      record.kind === 'refund'
        ? 'Microsoft has credited your partner account. Now refund your customer.'
        : 'Microsoft has credited the unused value to your partner account toward the replacement. Nothing is owed back to the customer for this credit.',
    headline: cardText(`Microsoft credited ${amount} for ${what} of ${reservationName} (${record.customerName}).`),
    summary: plainText(`Microsoft credited ${amount} for ${what} of ${reservationName} (${record.customerName}).`, 150),
    facts: [
      { title: 'Credited', value: amount },
      { title: 'Credited on', value: day(notification.creditedAt) },
      { title: record.settleVia === 'azure-return' ? 'Azure return' : record.settleVia === 'azure-exchange' ? 'Azure exchange' : 'Support ticket', value: cardText(notification.ticketId, 80) },
      { title: 'Customer', value: cardText(record.customerName, 80) },
      { title: 'Reservation', value: cardText(reservationName, 80) },
      { title: 'Reservation ID', value: cardText(record.reservationId, 80) },
    ],
  };
}

export function creditNoticeActivity(record: RequestRecord, notification: CreditNotification): Partial<Activity> {
  const card = renderCard('credit-notice', creditNoticeData(record, notification), DEFAULT_LOCALE);
  return { type: 'message', attachments: [cardAttachment(card)] };
}
