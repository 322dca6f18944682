import type { FlowCustomer } from '../flowState';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { cardText, plainText } from '../../src/cards/text';
import type { ReservationSettings } from '../../src/ports/reservationManagement';
import { CARD_PROMPT, type CardAnswer } from '../cardPrompt';
import { FlowWaterfall } from '../flowWaterfall';
import type { DeskServices } from '../services';
import { attempt, headerOf } from './manageSteps';
import { t } from '../../src/i18n';
import { turnLocale, turnText } from '../language';

export const AZURE_PICKER = 'azurePicker';
/** Buttons a picker shows at once; typing narrows a longer list. */
export const AZURE_PICKER_SIZE = 8;

export type AzurePickerKind = 'subscription' | 'resourceGroup' | 'managementGroup';

export interface AzurePickerOptions {
  kind: AzurePickerKind;
  customer: FlowCustomer;
  settings: ReservationSettings;
  /** For resource groups: the subscription they are in. */
  subscriptionId?: string;
  search: string;
}

/** What the picker ends with: the chosen id (subscription id, group name or management group id), or nothing. */
export type AzurePick = { value: string; name: string } | undefined;

interface Choice {
  value: string;
  name: string;
}

/**
 * Picks one of the customer's subscriptions, resource groups (of one subscription) or management groups, by
 * button or typed search (case-insensitive, on name or id). Only what the customer's tenant lists can be picked:
 * a click naming anything else (another customer's subscription, a forged value) is not among the choices. A
 * waterfall on the root dialog set, above the flow that begins it; its card prompt above it.
 */
export class AzurePickerDialog extends FlowWaterfall<AzurePickerOptions> {
  constructor(private readonly services: DeskServices) {
    super(AZURE_PICKER);
    this.addStep(this.show.bind(this));
    this.addStep(this.take.bind(this));
  }

  private async choices(options: AzurePickerOptions): Promise<Choice[]> {
    const management = this.services.provider.management;
    const needle = options.search.trim().toLowerCase();
    if (options.kind === 'subscription')
      return (await management.subscriptions(options.customer.id, options.search)).map((s) => ({ value: s.subscriptionId, name: s.displayName }));
    if (options.kind === 'resourceGroup')
      return (await management.resourceGroups(options.customer.id, options.subscriptionId ?? '', options.search)).map((g) => ({ value: g, name: g }));
    return (await management.managementGroups(options.customer.id))
      .filter((g) => !needle || g.displayName.toLowerCase().includes(needle) || g.id.toLowerCase().includes(needle))
      .map((g) => ({ value: g.id, name: g.displayName }));
  }

  private async show(step: WaterfallStepContext<AzurePickerOptions>): Promise<DialogTurnResult> {
    const options = step.options;
    const listed = await attempt(step.context, () => this.choices(options));
    if (!listed.ok) return step.endDialog(undefined);
    const found = listed.value;
    const locale = turnLocale(step.context);
    const { kind, search } = options;
    const title = t(locale, 'manage.picker.title', { kind });
    if (options.search && found.length === 1) {
      await step.context.sendActivity(t(locale, 'manage.picker.picked', { name: found[0].name }));
      return step.endDialog({ value: found[0].value, name: found[0].name } satisfies AzurePick);
    }
    const shown = found.slice(0, AZURE_PICKER_SIZE);
    (step.values as { choices: Choice[] }).choices = shown;
    const hint = t(locale, 'manage.picker.hint');
    const more = found.length > shown.length ? t(locale, 'manage.picker.more', { shown: shown.length, total: found.length }) : '';
    return step.beginDialog(CARD_PROMPT, {
      card: 'manage-choices',
      acceptText: true,
      help: t(locale, 'manage.picker.help', { title, customer: options.customer.name }),
      subject: { customerId: options.customer.id, reservationId: options.settings.reservationId },
      data: {
        ...headerOf(options.customer, options.settings, title, locale),
        title,
        facts: [],
        note: cardText(
          found.length === 0 ? t(locale, 'manage.picker.noMatch', { kind, search }) : search ? t(locale, 'manage.picker.matching', { kind, search }) : '',
          200,
        ),
        hint: cardText(more ? `${hint} ${more}` : hint, 200),
        choices: shown.map((c) => ({
          button: plainText(c.name === c.value ? c.name : `${c.name} · ${c.value.slice(0, 8)}`, 60),
          action: 'pick',
          value: c.value,
          label: plainText(t(locale, 'manage.picker.pickedLabel', { name: c.name }), 100),
        })),
      },
    });
  }

  private async take(step: WaterfallStepContext<AzurePickerOptions>): Promise<DialogTurnResult> {
    const options = step.options;
    const answer = step.result as CardAnswer;
    if (answer.kind === 'text') return step.replaceDialog(this.id, { ...options, search: answer.text.slice(0, 100) } satisfies AzurePickerOptions);
    if (answer.action.action !== 'pick') return step.endDialog(undefined);
    const picked = (step.values as { choices: Choice[] }).choices.find((c) => c.value === answer.action.value);
    if (!picked) {
      await step.context.sendActivity(turnText(step.context, 'manage.picker.notOne', { customer: options.customer.name, kind: options.kind }));
      return step.replaceDialog(this.id, { ...options, search: '' } satisfies AzurePickerOptions);
    }
    return step.endDialog({ value: picked.value, name: picked.name } satisfies AzurePick);
  }
}
