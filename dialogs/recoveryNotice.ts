import type { Activity } from 'botbuilder';
import { cardAttachment, renderCard } from '../src/cards/render';
import { cardText } from '../src/cards/text';
import type { RequestRecord } from '../src/ports/requestStore';
import { receiptData } from './receipt';
import { DEFAULT_LOCALE } from '../src/i18n';

/**
 * What the agent is told, in the conversation the request was filed from, when the recovery worker finished a
 * filing that was cut short: its receipt, or that nothing was filed and the cap is as it was.
 */
export function recoveryNoticeActivity(record: RequestRecord, outcome: 'filed' | 'failed'): Partial<Activity> {
  const what = `${record.kind} request for ${cardText(String(record.details?.reservationName ?? record.reservationId), 80)} (${cardText(record.customerName, 80)})`;
  if (outcome === 'filed') {
    return {
      type: 'message',
      text: `Your ${what} was interrupted while it was being filed; Microsoft has it, so it is now filed. Here is its receipt.`,
      attachments: [cardAttachment(renderCard('receipt', receiptData(record), DEFAULT_LOCALE))],
    };
  }
  const cap = record.kind === 'refund' ? " and the customer's refund cap is as it was before" : '';
  return {
    type: 'message',
    text: `Your ${what} was interrupted before Microsoft received it: nothing was filed${cap}. Start again with /${record.kind} when you are ready.`,
  };
}
