import { randomUUID } from 'node:crypto';
import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { cardAttachment, renderCard } from '../../src/cards/render';
import { cardText, plainText } from '../../src/cards/text';
import type { Customer } from '../../src/ports/partnerDirectory';
import type { GrantableRole, Principal, ReservationChange, ReservationSettings, RoleAssignment } from '../../src/ports/reservationManagement';
import { CARD_PROMPT, CardPrompt, type CardAnswer } from '../cardPrompt';
import { recordCancelled } from '../flowAudit';
import { chatActorOf } from '../identity';
import type { Fact } from '../quoteFacts';
import { requireManagingAgent } from '../roles';
import type { DeskServices } from '../services';
import { changesOf, headerOf, showSettings } from './manageSteps';
import { turnLocale } from '../language';

export const CONFIRM_CHANGE = 'confirmChange';

export type ConfirmedChange =
  | { kind: 'setting'; change: ReservationChange }
  | { kind: 'grant'; principal: Principal; role: GrantableRole }
  | { kind: 'revoke'; assignment: RoleAssignment };

export interface ConfirmChangeOptions {
  customer: Customer;
  /** The settings the change was chosen from: applying refuses if the reservation no longer matches them. */
  shown: ReservationSettings;
  /** e.g. "Turn renewal off?" */
  title: string;
  /** Before and after, as the agent should read them. */
  facts: Fact[];
  confirmLabel: string;
  what: ConfirmedChange;
}

/** What the confirmation ends with, whatever happened: the flow that began it has nothing left to do. */
export const CHANGE_FLOW_DONE = { changeFlowDone: true } as const;

export function isChangeFlowDone(result: unknown): boolean {
  return typeof result === 'object' && result !== null && (result as { changeFlowDone?: unknown }).changeFlowDone === true;
}

const HELP = 'Click the confirm button to make this change in Azure, or "Cancel" to leave the reservation as it is.';

/**
 * Confirms one change on a card (closed once answered, so a second click finds nothing to act on) and applies it
 * through ReservationChanges: the role is checked again, the card's key makes the change happen at most once,
 * and the reservation must still be as the card showed it.
 */
export class ConfirmChangeDialog extends ComponentDialog {
  constructor(private readonly services: DeskServices) {
    super(CONFIRM_CHANGE);
    this.addDialog(new CardPrompt(services));
    this.addDialog(new WaterfallDialog('confirmChangeFlow', [this.ask.bind(this), this.apply.bind(this)]));
    this.initialDialogId = 'confirmChangeFlow';
  }

  private async ask(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as ConfirmChangeOptions;
    return step.beginDialog(CARD_PROMPT, {
      card: 'change-confirm',
      help: HELP,
      subject: { customerId: options.customer.id, reservationId: options.shown.reservationId },
      data: {
        ...headerOf(options.customer, options.shown, options.title),
        title: cardText(options.title, 100),
        facts: options.facts,
        confirmLabel: plainText(options.confirmLabel, 40),
        changeKey: randomUUID(),
      },
    });
  }

  private async apply(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as ConfirmChangeOptions;
    const answer = step.result as CardAnswer;
    const subject = { customerId: options.customer.id, reservationId: options.shown.reservationId };
    if (answer.kind !== 'action' || answer.action.action !== 'confirm' || typeof answer.action.changeKey !== 'string') {
      await recordCancelled(this.services, step.context, subject, { step: 'confirm change', change: options.what.kind === 'setting' ? options.what.change.kind : options.what.kind });
      await step.context.sendActivity('Cancelled. Nothing changed.');
      return step.endDialog(CHANGE_FLOW_DONE);
    }
    const agent = await requireManagingAgent(this.services, step.context, `change-${options.what.kind === 'setting' ? options.what.change.kind : options.what.kind}`, subject);
    if (!agent) return step.endDialog(CHANGE_FLOW_DONE);
    const changes = changesOf(this.services);
    const actor = chatActorOf(step.context, agent.user.id);
    const key = answer.action.changeKey;
    const what = options.what;

    if (what.kind === 'setting') {
      const outcome = await changes.apply(key, actor, options.shown, what.change);
      if (outcome.outcome === 'changed') {
        await showSettings(step.context, options.customer, outcome.result, 'Changed in Azure', 'This is the reservation as Azure reports it now.');
        return step.endDialog(CHANGE_FLOW_DONE);
      }
      return this.notChanged(step, outcome);
    }
    if (what.kind === 'grant') {
      const outcome = await changes.grant(key, actor, subject, what.principal.objectId, what.role);
      if (outcome.outcome !== 'changed') return this.notChanged(step, outcome);
      // The role Azure granted: the order may offer only the general fallback (Reader, Owner).
      await this.showAccessChange(step, `${what.principal.displayName} (${what.principal.userPrincipalName}) now has ${outcome.result.roleName}`, outcome.result);
      return step.endDialog(CHANGE_FLOW_DONE);
    }
    const outcome = await changes.revoke(key, actor, subject, what.assignment);
    if (outcome.outcome !== 'changed') return this.notChanged(step, outcome);
    await this.showAccessChange(step, `${what.assignment.principalName ?? what.assignment.principalId} no longer has ${what.assignment.roleName}`, what.assignment);
    return step.endDialog(CHANGE_FLOW_DONE);
  }

  private async notChanged(step: WaterfallStepContext, outcome: { outcome: 'already' } | { outcome: 'refused'; message: string }): Promise<DialogTurnResult> {
    await step.context.sendActivity(outcome.outcome === 'already' ? 'That change was already made; nothing was done twice.' : outcome.message);
    return step.endDialog(CHANGE_FLOW_DONE);
  }

  private async showAccessChange(step: WaterfallStepContext, headline: string, assignment: RoleAssignment): Promise<void> {
    const options = step.options as ConfirmChangeOptions;
    const card = renderCard('manage-result', {
      ...headerOf(options.customer, options.shown, 'Access changed'),
      title: 'Access changed in Azure',
      facts: [
        { title: 'Change', value: cardText(headline, 200) },
        { title: 'Object ID', value: cardText(assignment.principalId, 80) },
        { title: 'Assigned at', value: cardText(assignment.scope, 200) },
      ],
      note: 'Type /access to see everyone with access now.',
    }, turnLocale(step.context));
    await step.context.sendActivity({ type: 'message', attachments: [cardAttachment(card)] });
  }
}
