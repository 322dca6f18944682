import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { day } from '../../src/cards/format';
import { cardText } from '../../src/cards/text';
import { CARD_PROMPT, type CardAnswer } from '../cardPrompt';
import { pickCustomerStep, pickReservationStep, type FlowOptions } from '../flowSteps';
import { FlowWaterfall } from '../flowWaterfall';
import { requireManagingAgent } from '../roles';
import type { DeskServices } from '../services';
import { CONFIRM_CHANGE, type ConfirmChangeOptions } from './confirmChange';
import { cancelChoice, changeableSettings, headerOf, renewalFacts, whatText, type ManageValues } from './manageSteps';
import { t } from '../../src/i18n';
import { turnLocale } from '../language';

export const RENEW_DIALOG = 'renew';

/** /renew: customer → reservation → whether it renews at expiry → turn renewal on or off (confirmed). */
export class RenewDialog extends FlowWaterfall<FlowOptions> {
  constructor(private readonly services: DeskServices) {
    super(RENEW_DIALOG);
    this.addStep(pickCustomerStep());
    this.addStep(pickReservationStep('overview'));
    this.addStep(this.showRenewal.bind(this));
    this.addStep(this.takeChoice.bind(this));
    this.addStep(this.done.bind(this));
  }

  private async showRenewal(step: WaterfallStepContext<FlowOptions>): Promise<DialogTurnResult> {
    const values = step.values as ManageValues;
    values.reservationId = step.result as string | undefined;
    const changeable = await changeableSettings(this.services, step, 'renewal');
    if (!changeable) return step.endDialog();
    const { reservation, settings } = changeable;
    const locale = turnLocale(step.context);
    const turnOn = !settings.renew;
    const button = t(locale, turnOn ? 'manage.renew.turnOn' : 'manage.renew.turnOff');
    return step.beginDialog(CARD_PROMPT, {
      card: 'manage-choices',
      help: t(locale, 'manage.renew.help'),
      subject: { customerId: settings.customerId, reservationId: settings.reservationId },
      data: {
        ...headerOf(values.customer!, settings, whatText('renewal', locale), locale),
        title: t(locale, 'manage.renew.title'),
        facts: [{ title: t(locale, 'manage.fact.expiry'), value: day(reservation.expiry, locale) }, ...renewalFacts(settings, locale)],
        note: cardText(t(locale, turnOn ? 'manage.renew.noteOn' : 'manage.renew.noteOff'), 300),
        hint: '',
        choices: [{ button, action: 'renew', value: turnOn ? 'on' : 'off', label: button }],
      },
    });
  }

  private async takeChoice(step: WaterfallStepContext<FlowOptions>): Promise<DialogTurnResult> {
    const values = step.values as ManageValues;
    const answer = step.result as CardAnswer;
    const settings = values.settings!;
    if (answer.kind !== 'action' || answer.action.action !== 'renew') return cancelChoice(this.services, step, 'renewal');
    const renew = answer.action.value === 'on';
    if (
      !(await requireManagingAgent(this.services, step.context, 'change-renewal', { customerId: settings.customerId, reservationId: settings.reservationId }))
    )
      return step.endDialog();
    const locale = turnLocale(step.context);
    const renewalText = (on: boolean) => t(locale, on ? 'manage.renew.renews' : 'manage.renew.doesNotRenew');
    return step.beginDialog(CONFIRM_CHANGE, {
      customer: values.customer!,
      shown: settings,
      title: t(locale, renew ? 'manage.renew.confirmOn' : 'manage.renew.confirmOff'),
      facts: [
        { title: t(locale, 'manage.fact.before'), value: renewalText(settings.renew) },
        { title: t(locale, 'manage.fact.after'), value: renewalText(renew) },
        ...renewalFacts(settings, locale).slice(1),
      ],
      confirmLabel: t(locale, renew ? 'manage.renew.turnOn' : 'manage.renew.turnOff'),
      what: { kind: 'setting', change: { kind: 'renewal', renew } },
    } satisfies ConfirmChangeOptions);
  }

  private async done(step: WaterfallStepContext<FlowOptions>): Promise<DialogTurnResult> {
    return step.endDialog();
  }
}
