import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { cardText } from '../../src/cards/text';
import { sameScope, scopeText } from '../../src/domain/management';
import type { AppliedScope, ScopeType } from '../../src/ports/reservationManagement';
import { CARD_PROMPT, type CardAnswer } from '../cardPrompt';
import { addFlowDialogs, pickCustomerStep, pickReservationStep, type FlowOptions } from '../flowSteps';
import { requireManagingAgent } from '../roles';
import type { DeskServices } from '../services';
import { AZURE_PICKER, AzurePickerDialog, type AzurePick, type AzurePickerOptions } from './azurePicker';
import { CONFIRM_CHANGE, ConfirmChangeDialog, isChangeFlowDone, type ConfirmChangeOptions } from './confirmChange';
import { attempt, cancelChoice, changeableSettings, headerOf, scopeFacts, type ManageValues } from './manageSteps';

export const SCOPE_DIALOG = 'scope';

type ScopeValues = ManageValues & { scopeType?: ScopeType; subscriptionId?: string; subscriptionName?: string };

const CHOICES: Array<{ type: ScopeType; button: string }> = [
  { type: 'Shared', button: 'Shared' },
  { type: 'Single', button: 'Single subscription' },
  { type: 'ResourceGroup', button: 'Single resource group' },
  { type: 'ManagementGroup', button: 'Management group' },
];

const HELP = 'Pick the new scope: Shared (every subscription of the customer), a single subscription, a single resource group, or a management group. Or "Cancel".';

/**
 * /scope: customer → reservation → its scope and what it applies to → a new scope type → (subscription →
 * resource group, or management group, from pickers with typed search) → Azure's availableScopes says whether
 * the reservation may apply there → confirm → PATCH → the reservation as Azure now reports it. A scope Azure
 * refuses is shown with Azure's reason and the agent picks again; nothing changed.
 */
export class ScopeDialog extends ComponentDialog {
  constructor(private readonly services: DeskServices) {
    super(SCOPE_DIALOG);
    addFlowDialogs(this, services);
    this.addDialog(new AzurePickerDialog(services));
    this.addDialog(new ConfirmChangeDialog(services));
    this.addDialog(
      new WaterfallDialog('scopeFlow', [
        pickCustomerStep(),
        pickReservationStep('overview'),
        this.showScope.bind(this),
        this.takeType.bind(this),
        this.takeFirstPick.bind(this),
        this.takeResourceGroup.bind(this),
        this.done.bind(this),
      ]),
    );
    this.initialDialogId = 'scopeFlow';
  }

  private async showScope(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as ScopeValues;
    values.reservationId = step.result as string | undefined;
    const changeable = await changeableSettings(this.services, step, 'Scope');
    if (!changeable) return step.endDialog();
    const { settings } = changeable;
    return step.beginDialog(CARD_PROMPT, {
      card: 'manage-choices',
      help: HELP,
      subject: { customerId: settings.customerId, reservationId: settings.reservationId },
      data: {
        ...headerOf(values.customer!, settings, 'Scope'),
        title: 'Scope',
        facts: scopeFacts(settings),
        note: 'Pick where the reservation\u2019s discount should apply. Nothing changes until you confirm.',
        hint: '',
        choices: CHOICES.filter((c) => c.type !== 'Shared' || settings.scope.type !== 'Shared').map((c) => ({ button: c.button, action: 'scope', value: c.type, label: `New scope: ${c.button}` })),
      },
    });
  }

  private async takeType(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as ScopeValues;
    const answer = step.result as CardAnswer;
    const choice = answer.kind === 'action' && answer.action.action === 'scope' ? CHOICES.find((c) => c.type === answer.action.value) : undefined;
    if (!choice) return cancelChoice(this.services, step, 'scope');
    const settings = values.settings!;
    if (!(await requireManagingAgent(this.services, step.context, 'change-scope', { customerId: settings.customerId, reservationId: settings.reservationId }))) return step.endDialog();
    values.scopeType = choice.type;
    if (choice.type === 'Shared') return this.validateAndConfirm(step, { type: 'Shared' }, 'Shared');
    const kind = choice.type === 'ManagementGroup' ? 'managementGroup' : 'subscription';
    return step.beginDialog(AZURE_PICKER, { kind, customer: values.customer!, settings, search: '' } satisfies AzurePickerOptions);
  }

  private async takeFirstPick(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as ScopeValues;
    if (isChangeFlowDone(step.result)) return step.endDialog();
    const pick = step.result as AzurePick;
    if (!pick) return cancelChoice(this.services, step, 'scope picker');
    if (values.scopeType === 'ManagementGroup') return this.validateAndConfirm(step, { type: 'ManagementGroup', managementGroupId: pick.value }, pick.name);
    if (values.scopeType === 'Single') return this.validateAndConfirm(step, { type: 'Single', subscriptionId: pick.value }, pick.name);
    values.subscriptionId = pick.value;
    values.subscriptionName = pick.name;
    return step.beginDialog(AZURE_PICKER, { kind: 'resourceGroup', customer: values.customer!, settings: values.settings!, subscriptionId: pick.value, search: '' } satisfies AzurePickerOptions);
  }

  private async takeResourceGroup(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as ScopeValues;
    if (isChangeFlowDone(step.result)) return step.endDialog();
    const pick = step.result as AzurePick;
    if (!pick) return cancelChoice(this.services, step, 'resource group picker');
    return this.validateAndConfirm(step, { type: 'ResourceGroup', subscriptionId: values.subscriptionId, resourceGroup: pick.value }, `${pick.name} (${values.subscriptionName})`);
  }

  /** Asks Azure first (availableScopes): a refused scope is explained and the agent starts the choice again. */
  private async validateAndConfirm(step: WaterfallStepContext, scope: AppliedScope, name: string): Promise<DialogTurnResult> {
    const values = step.values as ScopeValues;
    const settings = values.settings!;
    if (sameScope(scope, settings.scope)) {
      await step.context.sendActivity(`The reservation already applies to ${name}. Nothing changed; pick another scope.`);
      return step.replaceDialog('scopeFlow', { customer: values.customer, reservationId: settings.reservationId } satisfies FlowOptions);
    }
    const checked = await attempt(step.context, () => this.services.provider.management.checkScope(settings.customerId, settings.reservationId, scope));
    if (!checked.ok) return step.endDialog();
    const verdict = checked.value;
    if (!verdict.valid) {
      await step.context.sendActivity(`Azure does not accept ${name} as this reservation's scope: ${verdict.reason ?? 'it gave no reason'} Nothing changed; pick another scope.`);
      return step.replaceDialog('scopeFlow', { customer: values.customer, reservationId: settings.reservationId } satisfies FlowOptions);
    }
    return step.beginDialog(CONFIRM_CHANGE, {
      customer: values.customer!,
      shown: settings,
      title: 'Change the scope?',
      facts: [
        { title: 'Before', value: cardText(scopeText(settings.scope), 160) },
        { title: 'After', value: cardText(`${scopeText(scope)}${scope.type === 'Shared' ? '' : ` — ${name}`}`, 200) },
        { title: 'Azure', value: 'availableScopes accepts this scope' },
      ],
      confirmLabel: 'Change scope',
      what: { kind: 'setting', change: { kind: 'scope', scope } },
    } satisfies ConfirmChangeOptions);
  }

  private async done(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.endDialog();
  }
}
