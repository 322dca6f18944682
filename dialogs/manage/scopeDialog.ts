import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { cardText } from '../../src/cards/text';
import { sameScope } from '../../src/domain/management';
import { t } from '../../src/i18n';
import { turnLocale } from '../language';
import type { AppliedScope, ScopeType } from '../../src/ports/reservationManagement';
import { CARD_PROMPT, type CardAnswer } from '../cardPrompt';
import { pickCustomerStep, pickReservationStep, type FlowOptions } from '../flowSteps';
import { FlowWaterfall } from '../flowWaterfall';
import { requireManagingAgent } from '../roles';
import type { DeskServices } from '../services';
import { AZURE_PICKER, type AzurePick, type AzurePickerOptions } from './azurePicker';
import { CONFIRM_CHANGE, isChangeFlowDone, type ConfirmChangeOptions } from './confirmChange';
import { attempt, cancelChoice, changeableSettings, headerOf, scopeFacts, scopeLabel, whatText, type ManageValues } from './manageSteps';

export const SCOPE_DIALOG = 'scope';

type ScopeValues = ManageValues & { scopeType?: ScopeType; subscriptionId?: string; subscriptionName?: string };

/** The scope types offered, in this order; their button words are the catalog's manage.scope.choice. */
const CHOICES: readonly ScopeType[] = ['Shared', 'Single', 'ResourceGroup', 'ManagementGroup'];

/**
 * /scope: customer → reservation → its scope and what it applies to → a new scope type → (subscription →
 * resource group, or management group, from pickers with typed search) → Azure's availableScopes says whether
 * the reservation may apply there → confirm → PATCH → the reservation as Azure now reports it. A scope Azure
 * refuses is shown with Azure's reason and the agent picks again; nothing changed.
 */
export class ScopeDialog extends FlowWaterfall<FlowOptions> {
  constructor(private readonly services: DeskServices) {
    super(SCOPE_DIALOG);
    this.addStep(pickCustomerStep());
    this.addStep(pickReservationStep('overview'));
    this.addStep(this.showScope.bind(this));
    this.addStep(this.takeType.bind(this));
    this.addStep(this.takeFirstPick.bind(this));
    this.addStep(this.takeResourceGroup.bind(this));
    this.addStep(this.done.bind(this));
  }

  private async showScope(step: WaterfallStepContext<FlowOptions>): Promise<DialogTurnResult> {
    const values = step.values as ScopeValues;
    values.reservationId = step.result as string | undefined;
    const changeable = await changeableSettings(this.services, step, 'scope');
    if (!changeable) return step.endDialog();
    const { settings } = changeable;
    const locale = turnLocale(step.context);
    return step.beginDialog(CARD_PROMPT, {
      card: 'manage-choices',
      help: t(locale, 'manage.scope.help'),
      subject: { customerId: settings.customerId, reservationId: settings.reservationId },
      data: {
        ...headerOf(values.customer!, settings, whatText('scope', locale), locale),
        title: t(locale, 'manage.scope.title'),
        facts: scopeFacts(settings, locale),
        note: t(locale, 'manage.scope.note'),
        hint: '',
        choices: CHOICES.filter((type) => type !== 'Shared' || settings.scope.type !== 'Shared').map((type) => {
          const button = t(locale, 'manage.scope.choice', { type });
          return { button, action: 'scope', value: type, label: t(locale, 'manage.scope.newScope', { choice: button }) };
        }),
      },
    });
  }

  private async takeType(step: WaterfallStepContext<FlowOptions>): Promise<DialogTurnResult> {
    const values = step.values as ScopeValues;
    const answer = step.result as CardAnswer;
    const choice = answer.kind === 'action' && answer.action.action === 'scope' ? CHOICES.find((type) => type === answer.action.value) : undefined;
    if (!choice) return cancelChoice(this.services, step, 'scope');
    const settings = values.settings!;
    if (!(await requireManagingAgent(this.services, step.context, 'change-scope', { customerId: settings.customerId, reservationId: settings.reservationId })))
      return step.endDialog();
    values.scopeType = choice;
    if (choice === 'Shared') return this.validateAndConfirm(step, { type: 'Shared' }, t(turnLocale(step.context), 'manage.scope.shared'));
    const kind = choice === 'ManagementGroup' ? 'managementGroup' : 'subscription';
    return step.beginDialog(AZURE_PICKER, { kind, customer: values.customer!, settings, search: '' } satisfies AzurePickerOptions);
  }

  private async takeFirstPick(step: WaterfallStepContext<FlowOptions>): Promise<DialogTurnResult> {
    const values = step.values as ScopeValues;
    if (isChangeFlowDone(step.result)) return step.endDialog();
    const pick = step.result as AzurePick;
    if (!pick) return cancelChoice(this.services, step, 'scope picker');
    if (values.scopeType === 'ManagementGroup') return this.validateAndConfirm(step, { type: 'ManagementGroup', managementGroupId: pick.value }, pick.name);
    if (values.scopeType === 'Single') return this.validateAndConfirm(step, { type: 'Single', subscriptionId: pick.value }, pick.name);
    values.subscriptionId = pick.value;
    values.subscriptionName = pick.name;
    return step.beginDialog(AZURE_PICKER, {
      kind: 'resourceGroup',
      customer: values.customer!,
      settings: values.settings!,
      subscriptionId: pick.value,
      search: '',
    } satisfies AzurePickerOptions);
  }

  private async takeResourceGroup(step: WaterfallStepContext<FlowOptions>): Promise<DialogTurnResult> {
    const values = step.values as ScopeValues;
    if (isChangeFlowDone(step.result)) return step.endDialog();
    const pick = step.result as AzurePick;
    if (!pick) return cancelChoice(this.services, step, 'resource group picker');
    return this.validateAndConfirm(
      step,
      { type: 'ResourceGroup', subscriptionId: values.subscriptionId, resourceGroup: pick.value },
      `${pick.name} (${values.subscriptionName})`,
    );
  }

  /** Asks Azure first (availableScopes): a refused scope is explained and the agent starts the choice again. */
  private async validateAndConfirm(step: WaterfallStepContext<FlowOptions>, scope: AppliedScope, name: string): Promise<DialogTurnResult> {
    const values = step.values as ScopeValues;
    const settings = values.settings!;
    const locale = turnLocale(step.context);
    if (sameScope(scope, settings.scope)) {
      await step.context.sendActivity(t(locale, 'manage.scope.already', { name }));
      return step.replaceDialog(this.id, { customer: values.customer, reservationId: settings.reservationId } satisfies FlowOptions);
    }
    const checked = await attempt(step.context, () => this.services.provider.management.checkScope(settings.customerId, settings.reservationId, scope));
    if (!checked.ok) return step.endDialog();
    const verdict = checked.value;
    if (!verdict.valid) {
      await step.context.sendActivity(t(locale, 'manage.scope.refused', { name, reason: verdict.reason ?? t(locale, 'manage.scope.noReason') }));
      return step.replaceDialog(this.id, { customer: values.customer, reservationId: settings.reservationId } satisfies FlowOptions);
    }
    return step.beginDialog(CONFIRM_CHANGE, {
      customer: values.customer!,
      shown: settings,
      title: t(locale, 'manage.scope.confirmTitle'),
      facts: [
        { title: t(locale, 'manage.fact.before'), value: cardText(scopeLabel(settings.scope, locale), 160) },
        { title: t(locale, 'manage.fact.after'), value: cardText(`${scopeLabel(scope, locale)}${scope.type === 'Shared' ? '' : ` — ${name}`}`, 200) },
        // Azure's name and its API's (availableScopes) are the same in every language.
        { title: 'Azure', value: t(locale, 'manage.scope.accepted') },
      ],
      confirmLabel: t(locale, 'manage.scope.confirm'),
      what: { kind: 'setting', change: { kind: 'scope', scope } },
    } satisfies ConfirmChangeOptions);
  }

  private async done(step: WaterfallStepContext<FlowOptions>): Promise<DialogTurnResult> {
    return step.endDialog();
  }
}
