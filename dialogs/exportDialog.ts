import type { TurnContext } from 'botbuilder';
import { EXPORT_LINK_TTL_MS } from '../src/services/exportLinks';
import { chatActorOf } from './identity';
import { customerNamed } from './customerLookup';
import type { Agent } from './roles';
import type { Customer } from '../src/ports/partnerDirectory';
import type { DeskServices } from './services';
import { day } from '../src/cards/format';
import { turnLocale, turnText } from './language';

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * `/requests export [customer]`: the finance export (as `reservation-desk export` writes it, CSV) of the requests
 * created in the last 365 days, one customer's or everyone's, as a short-lived link (see ExportLinks for why a
 * link and not a file). Audited as `exported`.
 */
export async function exportRequests(services: DeskServices, context: TurnContext, agent: Agent, query: string | { customerId: string }): Promise<void> {
  const customer = await exportedCustomer(services, context, query);
  if (customer === null) return;
  const now = services.provider.clock.now();
  const from = new Date(now.getTime() - YEAR_MS);
  const link = await services.exportLinks.create({
    ...(customer ? { customerId: customer.id } : {}),
    fromIso: from.toISOString(),
    toIso: new Date(8.64e15).toISOString(),
    format: 'csv',
    partnerUserId: agent.user.id,
  });
  if (!link) {
    await context.sendActivity(turnText(context, 'export.noPublicUrl'));
    return;
  }
  await services.audit.record({
    at: services.wallClock.now().toISOString(),
    type: 'exported',
    actor: chatActorOf(context, agent.user.id),
    ...(customer ? { customerId: customer.id } : {}),
    detail: { format: 'csv', since: from.toISOString().slice(0, 10), customers: customer ? 'one' : 'all' },
  });
  const minutes = Math.round(EXPORT_LINK_TTL_MS / 60000);
  const since = day(from, turnLocale(context));
  await context.sendActivity(
    customer
      ? turnText(context, 'export.linkCustomer', { customer: customer.name, day: since, link, minutes })
      : turnText(context, 'export.linkAll', { day: since, link, minutes }),
  );
}

/** The customer to export (undefined: everyone's); null after saying none matches. */
async function exportedCustomer(services: DeskServices, context: TurnContext, query: string | { customerId: string }): Promise<Customer | undefined | null> {
  if (typeof query !== 'string') {
    if (!query.customerId) return undefined;
    const customer = await services.provider.directory.getCustomer(query.customerId);
    if (!customer) await context.sendActivity(turnText(context, 'export.customerGone'));
    return customer ?? null;
  }
  if (!query) return undefined;
  return (await customerNamed(services, context, query)) ?? null;
}
