import type { DialogContext } from 'botbuilder-dialogs';
import { cardText, plainText } from '../src/cards/text';
import { t } from '../src/i18n';
import type { Customer } from '../src/ports/partnerDirectory';
import { CardQuestion, type Asked, type CardAnswer, type Checked } from './cardPrompt';
import { lastPageOf, pagingData } from './paging';
import { turnLocale, turnText } from './language';
import type { DeskServices } from './services';

export const CUSTOMER_PICKER = 'customerPicker';
export const CUSTOMER_PAGE_SIZE = 5;

export interface CustomerPickerOptions {
  query: string;
  page: number;
}

/** What the waiting picker keeps: its search, and the ids it showed (the picked one is read again). */
interface ShownCustomers {
  query: string;
  customerIds: string[];
}

/**
 * Picks a customer by button or typed text (case-insensitive, partial, on name or domain). A query that
 * matches exactly one customer picks it at once; more than a page of matches pages. Ends with the Customer.
 */
export class CustomerPickerDialog extends CardQuestion<CustomerPickerOptions, Customer, ShownCustomers> {
  constructor(services: DeskServices) {
    super(CUSTOMER_PICKER, services);
  }

  protected async ask(dc: DialogContext, { query, page }: CustomerPickerOptions): Promise<Asked<Customer, ShownCustomers>> {
    const found = await this.services.provider.directory.searchCustomers(query, page, CUSTOMER_PAGE_SIZE);
    if (query && found.total === 1 && found.items.length === 1) {
      await dc.context.sendActivity(turnText(dc.context, 'pick.customer.picked', { name: found.items[0].name, domain: found.items[0].domain }));
      return { answer: found.items[0] };
    }
    const lastPage = lastPageOf(found.total, CUSTOMER_PAGE_SIZE);
    if (page > lastPage) return this.ask(dc, { query, page: lastPage });
    const locale = turnLocale(dc.context);
    return {
      // Ids only in the dialog state: the picked one is read again from the directory.
      keep: { query, customerIds: found.items.map((c) => c.id) },
      card: {
        card: 'customer-picker',
        acceptText: true,
        help: { keys: ['pick.customer.help'] },
        data: {
          query: cardText(query, 80),
          total: found.total,
          ...pagingData(page, found.total, CUSTOMER_PAGE_SIZE, locale),
          customers: found.items.map((c) => ({
            id: c.id,
            button: plainText(`${c.name} · ${c.domain}`, 60),
            label: plainText(t(locale, 'pick.customer.label', { name: c.name }), 100),
          })),
        },
      },
    };
  }

  protected async check(_dc: DialogContext, answer: CardAnswer, shown: ShownCustomers): Promise<Checked<CustomerPickerOptions, Customer>> {
    const { query } = shown;
    if (answer.kind === 'text') return { askAgain: { query: answer.text, page: 0 } };
    const { action } = answer;
    if (action.action === 'page' && Number.isSafeInteger(action.page)) return { askAgain: { query, page: Math.max(0, action.page as number) } };
    const picked =
      typeof action.customerId === 'string' && shown.customerIds.includes(action.customerId)
        ? await this.services.provider.directory.getCustomer(action.customerId)
        : undefined;
    return picked ? { answer: picked } : { askAgain: { query, page: 0 } };
  }
}
