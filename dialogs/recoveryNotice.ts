import type { Activity } from 'botbuilder';
import { cardAttachment, renderCard } from '../src/cards/render';
import { cardText } from '../src/cards/text';
import type { RequestRecord } from '../src/ports/requestStore';
import { receiptData } from './receipt';
import { DEFAULT_LOCALE, isLocale, t } from '../src/i18n';

/**
 * What the agent is told, in the conversation the request was filed from, when the recovery worker finished a
 * filing that was cut short: its receipt, or that nothing was filed and the cap is as it was. In the language the
 * agent filed in (English for requests filed before it was stored).
 */
export function recoveryNoticeActivity(record: RequestRecord, outcome: 'filed' | 'failed'): Partial<Activity> {
  const locale = isLocale(record.locale) ? record.locale : DEFAULT_LOCALE;
  const values = {
    kind: record.kind,
    reservationName: cardText(String(record.details?.reservationName ?? record.reservationId), 80),
    customerName: cardText(record.customerName, 80),
  };
  if (outcome === 'filed') {
    return {
      type: 'message',
      text: t(locale, 'proactive.recovery.filed', values),
      attachments: [cardAttachment(renderCard('receipt', receiptData(record, locale), locale))],
    };
  }
  return { type: 'message', text: t(locale, 'proactive.recovery.failed', values) };
}
