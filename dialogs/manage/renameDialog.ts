import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { cardText, plainText } from '../../src/cards/text';
import { checkDisplayName, DISPLAY_NAME_MAX, type NameCheck } from '../../src/domain/management';
import { t, type Locale } from '../../src/i18n';
import { turnLocale, turnText } from '../language';
import { CARD_PROMPT, type CardAnswer } from '../cardPrompt';
import { pickCustomerStep, pickReservationStep, type FlowOptions } from '../flowSteps';
import { FlowWaterfall } from '../flowWaterfall';
import { requireManagingAgent } from '../roles';
import type { DeskServices } from '../services';
import { CONFIRM_CHANGE, type ConfirmChangeOptions } from './confirmChange';
import { cancelChoice, changeableSettings, headerOf, whatText, type ManageValues } from './manageSteps';

export const RENAME_DIALOG = 'rename';

/** A rename shown again after a name Azure would reject: what was typed and why it cannot be. */
interface RenameOptions extends FlowOptions {
  problem?: string;
  draft?: string;
}

/** Why Azure would refuse a name, in the agent's language. */
function nameProblem(checked: Extract<NameCheck, { ok: false }>, locale: Locale): string {
  if (checked.reason === 'empty') return t(locale, 'manage.name.empty');
  if (checked.reason === 'too-long') return t(locale, 'manage.name.tooLong', { length: checked.length, max: DISPLAY_NAME_MAX });
  return t(locale, 'manage.name.characters');
}

/** Rename (from the overview card's button): the new display name, checked as Azure checks it, then confirmed. */
export class RenameDialog extends FlowWaterfall<RenameOptions> {
  constructor(private readonly services: DeskServices) {
    super(RENAME_DIALOG);
    this.addStep(pickCustomerStep());
    this.addStep(pickReservationStep('overview'));
    this.addStep(this.askName.bind(this));
    this.addStep(this.takeName.bind(this));
    this.addStep(this.done.bind(this));
  }

  private async askName(step: WaterfallStepContext<RenameOptions>): Promise<DialogTurnResult> {
    const options = step.options;
    const values = step.values as ManageValues;
    values.reservationId = step.result as string | undefined;
    const changeable = await changeableSettings(this.services, step, 'name');
    if (!changeable) return step.endDialog();
    const { settings } = changeable;
    // Renaming is a change: agents who may not change are told before they type anything.
    if (!(await requireManagingAgent(this.services, step.context, 'change-name', { customerId: settings.customerId, reservationId: settings.reservationId })))
      return step.endDialog();
    return step.beginDialog(CARD_PROMPT, {
      card: 'rename',
      help: turnText(step.context, 'manage.rename.help', { max: DISPLAY_NAME_MAX }),
      subject: { customerId: settings.customerId, reservationId: settings.reservationId },
      data: {
        ...headerOf(values.customer!, settings, whatText('rename', turnLocale(step.context)), turnLocale(step.context)),
        problem: cardText(options.problem ?? '', 200),
        // An input box shows its value as typed: plain, not markdown-escaped.
        newName: plainText(options.draft ?? settings.displayName, DISPLAY_NAME_MAX + 20),
        maxLength: DISPLAY_NAME_MAX,
      },
    });
  }

  private async takeName(step: WaterfallStepContext<RenameOptions>): Promise<DialogTurnResult> {
    const values = step.values as ManageValues;
    const answer = step.result as CardAnswer;
    if (answer.kind !== 'action' || answer.action.action !== 'rename') return cancelChoice(this.services, step, 'rename');
    const settings = values.settings!;
    const typed = typeof answer.action.newName === 'string' ? answer.action.newName : '';
    const checked = checkDisplayName(typed);
    const again = (problem: string) =>
      step.replaceDialog(this.id, {
        customer: values.customer,
        reservationId: settings.reservationId,
        problem,
        draft: typed.slice(0, 200),
      } satisfies RenameOptions);
    const locale = turnLocale(step.context);
    if (!checked.ok) {
      const problem = nameProblem(checked, locale);
      await step.context.sendActivity(t(locale, 'manage.rename.rejected', { problem }));
      return again(problem);
    }
    if (checked.name === settings.displayName) return again(t(locale, 'manage.rename.same'));
    return step.beginDialog(CONFIRM_CHANGE, {
      customer: values.customer!,
      shown: settings,
      title: t(locale, 'manage.rename.confirmTitle'),
      facts: [
        { title: t(locale, 'manage.fact.before'), value: cardText(settings.displayName, 80) },
        { title: t(locale, 'manage.fact.after'), value: cardText(checked.name, 80) },
      ],
      confirmLabel: t(locale, 'manage.rename.confirm'),
      what: { kind: 'setting', change: { kind: 'name', displayName: checked.name } },
    } satisfies ConfirmChangeOptions);
  }

  private async done(step: WaterfallStepContext<RenameOptions>): Promise<DialogTurnResult> {
    return step.endDialog();
  }
}
