import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { day } from '../../src/cards/format';
import { cardText } from '../../src/cards/text';
import { CARD_PROMPT, type CardAnswer } from '../cardPrompt';
import { addFlowDialogs, pickCustomerStep, pickReservationStep } from '../flowSteps';
import { requireManagingAgent } from '../roles';
import type { DeskServices } from '../services';
import { CONFIRM_CHANGE, ConfirmChangeDialog, type ConfirmChangeOptions } from './confirmChange';
import { cancelChoice, changeableSettings, headerOf, renewalFacts, type ManageValues } from './manageSteps';

export const RENEW_DIALOG = 'renew';

const HELP = 'Click "Turn renewal on" or "Turn renewal off" to change whether the reservation renews at expiry, or "Cancel".';

/** /renew: customer → reservation → whether it renews at expiry → turn renewal on or off (confirmed). */
export class RenewDialog extends ComponentDialog {
  constructor(private readonly services: DeskServices) {
    super(RENEW_DIALOG);
    addFlowDialogs(this, services);
    this.addDialog(new ConfirmChangeDialog(services));
    this.addDialog(new WaterfallDialog('renewFlow', [pickCustomerStep(), pickReservationStep('overview'), this.showRenewal.bind(this), this.takeChoice.bind(this), this.done.bind(this)]));
    this.initialDialogId = 'renewFlow';
  }

  private async showRenewal(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as ManageValues;
    values.reservationId = step.result as string | undefined;
    const changeable = await changeableSettings(this.services, step, 'Renewal');
    if (!changeable) return step.endDialog();
    const { reservation, settings } = changeable;
    const turnOn = !settings.renew;
    return step.beginDialog(CARD_PROMPT, {
      card: 'manage-choices',
      help: HELP,
      subject: { customerId: settings.customerId, reservationId: settings.reservationId },
      data: {
        ...headerOf(values.customer!, settings, 'Renewal'),
        title: 'Automatic renewal',
        facts: [{ title: 'Expiry', value: day(reservation.expiry) }, ...renewalFacts(settings)],
        note: cardText(turnOn ? 'Turning renewal on buys the same reservation again when this one expires, billed to the subscription above.' : 'Turning renewal off lets the reservation end at expiry; its discount stops then.', 300),
        hint: '',
        choices: [{ button: turnOn ? 'Turn renewal on' : 'Turn renewal off', action: 'renew', value: turnOn ? 'on' : 'off', label: turnOn ? 'Turn renewal on' : 'Turn renewal off' }],
      },
    });
  }

  private async takeChoice(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as ManageValues;
    const answer = step.result as CardAnswer;
    const settings = values.settings!;
    if (answer.kind !== 'action' || answer.action.action !== 'renew') return cancelChoice(this.services, step, 'renewal');
    const renew = answer.action.value === 'on';
    if (!(await requireManagingAgent(this.services, step.context, 'change-renewal', { customerId: settings.customerId, reservationId: settings.reservationId }))) return step.endDialog();
    return step.beginDialog(CONFIRM_CHANGE, {
      customer: values.customer!,
      shown: settings,
      title: renew ? 'Turn automatic renewal on?' : 'Turn automatic renewal off?',
      facts: [
        { title: 'Before', value: settings.renew ? 'Renews at expiry' : 'Does not renew' },
        { title: 'After', value: renew ? 'Renews at expiry' : 'Does not renew' },
        ...renewalFacts(settings).slice(1),
      ],
      confirmLabel: renew ? 'Turn renewal on' : 'Turn renewal off',
      what: { kind: 'setting', change: { kind: 'renewal', renew } },
    } satisfies ConfirmChangeOptions);
  }

  private async done(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.endDialog();
  }
}
