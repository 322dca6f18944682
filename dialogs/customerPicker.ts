import { ComponentDialog, type WaterfallStepContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { cardText, plainText } from '../src/cards/text';
import { t } from '../src/i18n';
import { CARD_PROMPT, CardPrompt, type CardAnswer } from './cardPrompt';
import { lastPageOf, pagingData } from './paging';
import { turnLocale, turnText } from './language';
import type { DeskServices } from './services';
import { FlowWaterfall } from './flowState';

export const CUSTOMER_PICKER = 'customerPicker';
export const CUSTOMER_PAGE_SIZE = 5;

export interface CustomerPickerOptions {
  query: string;
  page: number;
}

/**
 * Picks a customer by button or typed text (case-insensitive, partial, on name or domain). A query that
 * matches exactly one customer picks it at once; more than a page of matches pages. Ends with the Customer.
 */
export class CustomerPickerDialog extends ComponentDialog {
  constructor(private readonly services: DeskServices) {
    super(CUSTOMER_PICKER);
    this.addDialog(new CardPrompt(services));
    this.addDialog(new FlowWaterfall('pickCustomer', [this.showMatches.bind(this), this.takeAnswer.bind(this)]));
    this.initialDialogId = 'pickCustomer';
  }

  private async showMatches(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { query, page } = step.options as CustomerPickerOptions;
    const found = await this.services.provider.directory.searchCustomers(query, page, CUSTOMER_PAGE_SIZE);
    if (query && found.total === 1 && found.items.length === 1) {
      await step.context.sendActivity(turnText(step.context, 'pick.customer.picked', { name: found.items[0].name, domain: found.items[0].domain }));
      return step.endDialog(found.items[0]);
    }
    const lastPage = lastPageOf(found.total, CUSTOMER_PAGE_SIZE);
    if (page > lastPage) return step.replaceDialog(this.id, { query, page: lastPage } satisfies CustomerPickerOptions);
    // Ids only in the dialog state: the picked one is read again from the directory.
    (step.values as { customerIds: string[] }).customerIds = found.items.map((c) => c.id);
    const locale = turnLocale(step.context);
    return step.beginDialog(CARD_PROMPT, {
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
    });
  }

  private async takeAnswer(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const answer = step.result as CardAnswer;
    const { query } = step.options as CustomerPickerOptions;
    if (answer.kind === 'text') return step.replaceDialog(this.id, { query: answer.text, page: 0 } satisfies CustomerPickerOptions);
    const { action } = answer;
    if (action.action === 'page' && Number.isSafeInteger(action.page)) {
      return step.replaceDialog(this.id, { query, page: Math.max(0, action.page as number) } satisfies CustomerPickerOptions);
    }
    // A picker sent before ids were kept holds the customers themselves.
    const values = step.values as { customerIds?: string[]; customers?: Array<{ id: string }> };
    const shown = values.customerIds ?? values.customers?.map((c) => c.id) ?? [];
    const picked =
      typeof action.customerId === 'string' && shown.includes(action.customerId)
        ? await this.services.provider.directory.getCustomer(action.customerId)
        : undefined;
    if (!picked) return step.replaceDialog(this.id, { query, page: 0 });
    return step.endDialog(picked);
  }
}
