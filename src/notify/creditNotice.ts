import type { Activity } from 'botbuilder';
import { cardAttachment, renderCard } from '../cards/render';
import { cardText, plainText } from '../cards/text';
import type { RequestRecord } from '../ports/requestStore';
import { day, money } from '../cards/format';
import type { CreditNotification } from './notificationQueue';
import { DEFAULT_LOCALE, isLocale, t, type Locale } from '../i18n';

/** The language of the agent who filed the request; English for requests filed before it was stored. */
export function requestLocale(record: Pick<RequestRecord, 'locale'>): Locale {
  return isLocale(record.locale) ? record.locale : DEFAULT_LOCALE;
}

/** The credit-notice card's data: what was credited, for which request, and (in the card) "now refund your customer". */
export function creditNoticeData(record: RequestRecord, notification: CreditNotification, locale: Locale = requestLocale(record)): Record<string, unknown> {
  const amount = money(notification.amount, notification.currency, locale);
  const reservationName = String(record.details?.reservationName ?? record.reservationId);
  const headline = t(locale, 'proactive.credit.headline', { amount, kind: record.kind, reservationName, customerName: record.customerName });
  return {
    title: t(locale, 'proactive.credit.title', { kind: record.kind }),
    next: t(locale, record.kind === 'refund' ? 'proactive.credit.nextRefund' : 'proactive.credit.nextExchange'),
    headline: cardText(headline),
    summary: plainText(headline, 150),
    facts: [
      { title: t(locale, 'proactive.credit.factCredited'), value: amount },
      { title: t(locale, 'proactive.credit.factCreditedOn'), value: day(notification.creditedAt, locale) },
      {
        title: t(
          locale,
          record.settleVia === 'azure-return'
            ? 'proactive.credit.factAzureReturn'
            : record.settleVia === 'azure-exchange'
              ? 'proactive.credit.factAzureExchange'
              : 'proactive.credit.factTicket',
        ),
        value: cardText(notification.ticketId, 80),
      },
      { title: t(locale, 'proactive.fact.customer'), value: cardText(record.customerName, 80) },
      { title: t(locale, 'proactive.fact.reservation'), value: cardText(reservationName, 80) },
      { title: t(locale, 'proactive.fact.reservationId'), value: cardText(record.reservationId, 80) },
    ],
  };
}

/** The credit notice, by default in the filing agent's language (a subscribed conversation passes its own). */
export function creditNoticeActivity(record: RequestRecord, notification: CreditNotification, locale: Locale = requestLocale(record)): Partial<Activity> {
  const card = renderCard('credit-notice', creditNoticeData(record, notification, locale), locale);
  return { type: 'message', attachments: [cardAttachment(card)] };
}
