import type { FlowCustomer } from '../flowState';
import { randomUUID } from 'node:crypto';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { cardAttachment, renderCard } from '../../src/cards/render';
import { cardText, plainText } from '../../src/cards/text';
import type { GrantableRole, Principal, ReservationChange, ReservationSettings, RoleAssignment } from '../../src/ports/reservationManagement';
import { CARD_PROMPT, type CardAnswer } from '../cardPrompt';
import { FlowWaterfall } from '../flowWaterfall';
import { recordCancelled } from '../flowAudit';
import { chatActorOf } from '../identity';
import type { Fact } from '../quoteFacts';
import { requireManagingAgent } from '../roles';
import type { DeskServices } from '../services';
import { changesOf, headerOf, scopeLabel, showSettings } from './manageSteps';
import { t, type Locale } from '../../src/i18n';
import type { ChangeRefusal } from '../../src/services/reservationChanges';
import { failureText, type Failure } from '../failureText';
import { turnLocale, turnText } from '../language';

export const CONFIRM_CHANGE = 'confirmChange';

export type ConfirmedChange =
  | { kind: 'setting'; change: ReservationChange }
  | { kind: 'grant'; principal: Principal; role: GrantableRole }
  | { kind: 'revoke'; assignment: RoleAssignment };

export interface ConfirmChangeOptions {
  customer: FlowCustomer;
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

/** A setting's value as the agent reads it (the audit trail keeps ReservationChanges' English settingText). */
function settingLabel(change: ReservationChange['kind'], settings: ReservationSettings, locale: Locale): string {
  if (change === 'scope') return scopeLabel(settings.scope, locale);
  if (change === 'renewal') return t(locale, settings.renew ? 'manage.setting.renews' : 'manage.setting.doesNotRenew');
  return settings.displayName;
}

/** Why a change was not made, in the agent's language (the provider's refusals as dialogs/failureText.ts words them). */
function refusalText(outcome: Failure & { refusal?: ChangeRefusal }, locale: Locale): string {
  const refusal = outcome.refusal;
  if (!refusal) return failureText(outcome, locale);
  if (refusal.reason === 'gone') return t(locale, 'manage.gone');
  const now = settingLabel(refusal.change, refusal.current, locale);
  return refusal.reason === 'stale' ? t(locale, 'manage.confirm.stale', { now }) : t(locale, 'manage.confirm.unchanged', { change: refusal.change, now });
}

/**
 * Confirms one change on a card (closed once answered, so a second click finds nothing to act on) and applies it
 * through ReservationChanges: the role is checked again, the card's key makes the change happen at most once,
 * and the reservation must still be as the card showed it. A waterfall on the root dialog set, above the flow that
 * begins it; its card prompt above it.
 */
export class ConfirmChangeDialog extends FlowWaterfall<ConfirmChangeOptions> {
  constructor(private readonly services: DeskServices) {
    super(CONFIRM_CHANGE);
    this.addStep(this.ask.bind(this));
    this.addStep(this.apply.bind(this));
  }

  private async ask(step: WaterfallStepContext<ConfirmChangeOptions>): Promise<DialogTurnResult> {
    const options = step.options;
    const locale = turnLocale(step.context);
    return step.beginDialog(CARD_PROMPT, {
      card: 'change-confirm',
      help: t(locale, 'manage.confirm.help'),
      subject: { customerId: options.customer.id, reservationId: options.shown.reservationId },
      data: {
        ...headerOf(options.customer, options.shown, options.title, locale),
        title: cardText(options.title, 100),
        facts: options.facts,
        confirmLabel: plainText(options.confirmLabel, 40),
        changeKey: randomUUID(),
      },
    });
  }

  private async apply(step: WaterfallStepContext<ConfirmChangeOptions>): Promise<DialogTurnResult> {
    const options = step.options;
    const answer = step.result as CardAnswer;
    const subject = { customerId: options.customer.id, reservationId: options.shown.reservationId };
    if (answer.kind !== 'action' || answer.action.action !== 'confirm' || typeof answer.action.changeKey !== 'string') {
      await recordCancelled(this.services, step.context, subject, {
        step: 'confirm change',
        change: options.what.kind === 'setting' ? options.what.change.kind : options.what.kind,
      });
      await step.context.sendActivity(turnText(step.context, 'manage.cancelled'));
      return step.endDialog(CHANGE_FLOW_DONE);
    }
    const agent = await requireManagingAgent(
      this.services,
      step.context,
      `change-${options.what.kind === 'setting' ? options.what.change.kind : options.what.kind}`,
      subject,
    );
    if (!agent) return step.endDialog(CHANGE_FLOW_DONE);
    const changes = changesOf(this.services);
    const actor = chatActorOf(step.context, agent.user.id);
    const key = answer.action.changeKey;
    const what = options.what;
    const locale = turnLocale(step.context);

    if (what.kind === 'setting') {
      const outcome = await changes.apply(key, actor, options.shown, what.change);
      if (outcome.outcome === 'changed') {
        await showSettings(step.context, options.customer, outcome.result, t(locale, 'manage.changed'), t(locale, 'manage.changedNote'));
        return step.endDialog(CHANGE_FLOW_DONE);
      }
      return this.notChanged(step, outcome);
    }
    if (what.kind === 'grant') {
      const outcome = await changes.grant(key, actor, subject, what.principal.objectId, what.role);
      if (outcome.outcome !== 'changed') return this.notChanged(step, outcome);
      // The role Azure granted: the order may offer only the general fallback (Reader, Owner).
      await this.showAccessChange(
        step,
        t(locale, 'manage.access.nowHas', { user: `${what.principal.displayName} (${what.principal.userPrincipalName})`, role: outcome.result.roleName }),
        outcome.result,
      );
      return step.endDialog(CHANGE_FLOW_DONE);
    }
    const outcome = await changes.revoke(key, actor, subject, what.assignment);
    if (outcome.outcome !== 'changed') return this.notChanged(step, outcome);
    await this.showAccessChange(
      step,
      t(locale, 'manage.access.noLongerHas', { user: what.assignment.principalName ?? what.assignment.principalId, role: what.assignment.roleName }),
      what.assignment,
    );
    return step.endDialog(CHANGE_FLOW_DONE);
  }

  private async notChanged(
    step: WaterfallStepContext<ConfirmChangeOptions>,
    outcome: { outcome: 'already' } | { outcome: 'refused'; message: string; refusal?: ChangeRefusal; failure?: Omit<Failure, 'message'> },
  ): Promise<DialogTurnResult> {
    const locale = turnLocale(step.context);
    await step.context.sendActivity(outcome.outcome === 'already' ? t(locale, 'manage.confirm.already') : refusalText(outcome, locale));
    return step.endDialog(CHANGE_FLOW_DONE);
  }

  private async showAccessChange(step: WaterfallStepContext<ConfirmChangeOptions>, headline: string, assignment: RoleAssignment): Promise<void> {
    const options = step.options;
    const locale = turnLocale(step.context);
    const card = renderCard(
      'manage-result',
      {
        ...headerOf(options.customer, options.shown, t(locale, 'manage.accessChanged'), locale),
        title: t(locale, 'manage.accessChangedTitle'),
        facts: [
          { title: t(locale, 'manage.access.fact.change'), value: cardText(headline, 200) },
          { title: t(locale, 'manage.access.fact.objectId'), value: cardText(assignment.principalId, 80) },
          { title: t(locale, 'manage.access.fact.assignedAt'), value: cardText(assignment.scope, 200) },
        ],
        note: t(locale, 'manage.access.note'),
      },
      locale,
    );
    await step.context.sendActivity({ type: 'message', attachments: [cardAttachment(card)] });
  }
}
