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
import { STATE_TEXT } from './receipt';
import type { DeskServices } from './services';
import { turnLocale } from './language';

const LIST_LIMIT = 10;

function amountOf(record: RequestRecord): string {
  const q = record.quote;
  if (record.state === 'credited' && record.creditedAmount) return money(record.creditedAmount, q.currency);
  return q.kind === 'refund' ? `refund ${money(q.refund, q.currency)}` : `credit ${money(q.credit, q.currency)} toward exchange`;
}

/**
 * /requests: the agent's own recent requests, or with text (`/requests contoso`) the first matching
 * customer's. A single answer, no waiting step, so it is a plain function rather than a dialog.
 */
export async function showRequests(services: DeskServices, context: TurnContext, agent: Agent, query: string): Promise<void> {
  const exported = /^export\b\s*(.*)$/i.exec(query);
  if (exported) return exportRequests(services, context, agent, exported[1].trim());
  const partnerUserId = agent.user.id;
  let title = 'Your recent requests';
  let records: RequestRecord[];
  let customer: Customer | undefined;
  if (query) {
    customer = await customerNamed(services, context, query);
    if (!customer) return;
    title = `Requests for ${customer.name}`;
    records = await services.requests.listByCustomer(customer.id, LIST_LIMIT);
  } else {
    records = await services.requests.listByAgent(partnerUserId, LIST_LIMIT);
  }
  const card = renderCard('requests', {
    rd: TOPIC_CARD_ID,
    customerId: customer?.id ?? '',
    title: cardText(title, 100),
    summary: plainText(title, 150),
    empty: records.length === 0,
    requests: records.map((r) => ({
      headline: cardText(`${r.kind === 'refund' ? 'Refund' : 'Exchange'} · ${r.customerName} · ${String(r.details?.reservationName ?? r.reservationId)}`, 160),
      detail: cardText(`${STATE_TEXT[r.state]} · ${amountOf(r)} · ticket ${r.ticketId ?? '—'} · ${day(r.createdAt)}`, 200),
    })),
  }, turnLocale(context));
  await context.sendActivity({ type: 'message', attachments: [cardAttachment(card)] });
}
