import type { TurnContext } from 'botbuilder';
import { cardAttachment, renderCard } from '../src/cards/render';
import { cardText, plainText } from '../src/cards/text';
import type { RequestRecord } from '../src/ports/requestStore';
import { day, money } from '../src/cards/format';
import { customerNamed } from './customerLookup';
import { TOPIC_CARD_ID } from '../src/cards/topicCards';
import type { Customer } from '../src/ports/partnerDirectory';
import { exportRequests } from './exportDialog';
import type { Agent } from './roles';
import type { DeskServices } from './services';
import { t, type Locale } from '../src/i18n';
import { turnLocale } from './language';

const LIST_LIMIT = 10;

function amountOf(record: RequestRecord, locale: Locale): string {
  const q = record.quote;
  if (record.state === 'credited' && record.creditedAmount) return money(record.creditedAmount, q.currency, locale);
  return q.kind === 'refund'
    ? t(locale, 'requests.amount.refund', { amount: money(q.refund, q.currency, locale) })
    : t(locale, 'requests.amount.exchange', { amount: money(q.credit, q.currency, locale) });
}

/** A request's state as /requests names it. */
export function requestStateText(state: RequestRecord['state'], locale: Locale): string {
  return t(locale, `requests.state.${state}`);
}

/** One request on the card: what, for whom, on which reservation; then its state, amount, ticket and day. */
export function requestLines(r: RequestRecord, locale: Locale): { headline: string; detail: string } {
  const kind = t(locale, r.kind === 'refund' ? 'requests.kind.refund' : 'requests.kind.exchange');
  return {
    headline: cardText(`${kind} · ${r.customerName} · ${String(r.details?.reservationName ?? r.reservationId)}`, 160),
    detail: cardText(
      t(locale, 'requests.detail', {
        state: requestStateText(r.state, locale),
        amount: amountOf(r, locale),
        ticket: r.ticketId ?? '—',
        day: day(r.createdAt, locale),
      }),
      200,
    ),
  };
}

/**
 * /requests: the agent's own recent requests, or with text (`/requests contoso`) the first matching
 * customer's. A single answer, no waiting step, so it is a plain function rather than a dialog.
 */
export async function showRequests(services: DeskServices, context: TurnContext, agent: Agent, query: string): Promise<void> {
  const exported = /^export\b\s*(.*)$/i.exec(query);
  if (exported) return exportRequests(services, context, agent, exported[1].trim());
  const partnerUserId = agent.user.id;
  const locale = turnLocale(context);
  let title = t(locale, 'requests.mine');
  let records: RequestRecord[];
  let customer: Customer | undefined;
  if (query) {
    customer = await customerNamed(services, context, query);
    if (!customer) return;
    title = t(locale, 'requests.forCustomer', { customer: customer.name });
    records = await services.requests.listByCustomer(customer.id, LIST_LIMIT);
  } else {
    records = await services.requests.listByAgent(partnerUserId, LIST_LIMIT);
  }
  const card = renderCard(
    'requests',
    {
      rd: TOPIC_CARD_ID,
      customerId: customer?.id ?? '',
      title: cardText(title, 100),
      summary: plainText(title, 150),
      empty: records.length === 0,
      requests: records.map((r) => requestLines(r, locale)),
    },
    locale,
  );
  await context.sendActivity({ type: 'message', attachments: [cardAttachment(card)] });
}
