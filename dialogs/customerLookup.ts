import type { TurnContext } from 'botbuilder';
import type { Customer } from '../src/ports/partnerDirectory';
import { turnText } from './language';
import type { DeskServices } from './services';

/**
 * The customer a one-shot command names (`/requests contoso`, `/cap contoso`): the first match on name or domain.
 * Says so when nothing matches (undefined) or when several do (the first is used; typing more picks another).
 */
export async function customerNamed(services: DeskServices, context: TurnContext, query: string): Promise<Customer | undefined> {
  const found = await services.provider.directory.searchCustomers(query, 0, 1);
  const customer = found.items[0];
  if (!customer) {
    await context.sendActivity(turnText(context, 'lookup.noMatch', { query: query.slice(0, 80) }));
    return undefined;
  }
  if (found.total > 1) {
    await context.sendActivity(turnText(context, 'lookup.several', { total: found.total, query: query.slice(0, 80), name: customer.name }));
  }
  return customer;
}
