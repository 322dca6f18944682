import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { cardText, plainText } from '../../src/cards/text';
import { GRANTABLE_ROLES, revocableFromChat as revocable, type GrantableRole, type RoleAssignment } from '../../src/ports/reservationManagement';
import { CARD_PROMPT, type CardAnswer } from '../cardPrompt';
import { pickCustomerStep, pickedReservation, pickReservationStep, type FlowOptions } from '../flowSteps';
import { FlowWaterfall } from '../flowWaterfall';
import { eitherOf, requireManagingAgent } from '../roles';
import { t } from '../../src/i18n';
import { turnLocale } from '../language';
import type { DeskServices } from '../services';
import { CONFIRM_CHANGE, type ConfirmChangeOptions } from './confirmChange';
import { attempt, headerOf, loadSettings, whatText, type ManageValues } from './manageSteps';

export const ACCESS_DIALOG = 'access';
/** Assignments one card lists (a Slack message holds 50 blocks); revocable ones first. */
export const ACCESS_LIST_LIMIT = 12;

type AccessValues = ManageValues & { assignments?: RoleAssignment[] };

interface AccessOptions extends FlowOptions {
  draft?: { principal: string; role: string };
}

/**
 * /access: customer → reservation → who may manage or read its order (role assignments, direct and inherited) →
 * grant Reservations Reader or Administrator to a user of the customer's tenant, or revoke a direct assignment,
 * each confirmed on a card.
 */
export class AccessDialog extends FlowWaterfall<AccessOptions> {
  constructor(private readonly services: DeskServices) {
    super(ACCESS_DIALOG);
    this.addStep(pickCustomerStep());
    this.addStep(pickReservationStep('overview'));
    this.addStep(this.showAccess.bind(this));
    this.addStep(this.takeAction.bind(this));
    this.addStep(this.done.bind(this));
  }

  private async showAccess(step: WaterfallStepContext<AccessOptions>): Promise<DialogTurnResult> {
    const options = step.options;
    const values = step.values as AccessValues;
    values.reservationId = step.result as string | undefined;
    const reservation = await pickedReservation(this.services, step);
    const settings = reservation ? await loadSettings(this.services, step) : undefined;
    if (!settings) return step.endDialog();
    const listed = await attempt(step.context, () => this.services.provider.management.roleAssignments(settings.customerId, settings.reservationId));
    if (!listed.ok) return step.endDialog();
    const assignments = listed.value;
    values.assignments = assignments;
    const locale = turnLocale(step.context);
    return step.beginDialog(CARD_PROMPT, {
      card: 'access',
      help: t(locale, 'manage.access.help'),
      subject: { customerId: settings.customerId, reservationId: settings.reservationId },
      data: {
        ...headerOf(values.customer!, settings, whatText('access', locale), locale),
        more: assignments.length > ACCESS_LIST_LIMIT ? cardText(t(locale, 'manage.access.more', { count: assignments.length - ACCESS_LIST_LIMIT }), 120) : '',
        assignments: [...assignments.filter(revocable), ...assignments.filter((a) => !revocable(a))].slice(0, ACCESS_LIST_LIMIT).map((a) => ({
          id: a.assignmentId,
          principal: cardText(a.principalName ?? a.principalId, 120),
          // Role names, scopes and principal types are Azure's own, shown as Azure names them.
          detail: cardText(
            t(locale, 'manage.access.detail', {
              role: a.roleName,
              inherited: a.inherited ? 'yes' : 'no',
              scope: a.scope,
              principalType: a.principalType,
              principalId: a.principalId,
            }),
            300,
          ),
          revocable: revocable(a),
          button: plainText(t(locale, 'manage.access.revokeButton', { role: a.roleName }), 60),
          label: plainText(t(locale, 'manage.access.revokeLabel', { role: a.roleName, principal: a.principalName ?? a.principalId }), 100),
        })),
        principal: plainText(options.draft?.principal ?? '', 254),
        role: (GRANTABLE_ROLES as readonly string[]).includes(options.draft?.role ?? '') ? options.draft!.role : GRANTABLE_ROLES[0],
        roles: GRANTABLE_ROLES.map((r) => ({ title: r, value: r })),
      },
    });
  }

  private async takeAction(step: WaterfallStepContext<AccessOptions>): Promise<DialogTurnResult> {
    const values = step.values as AccessValues;
    const answer = step.result as CardAnswer;
    const settings = values.settings!;
    const subject = { customerId: settings.customerId, reservationId: settings.reservationId };
    const locale = turnLocale(step.context);
    if (answer.kind !== 'action' || (answer.action.action !== 'grant' && answer.action.action !== 'revoke')) {
      await step.context.sendActivity(t(locale, 'manage.access.done'));
      return step.endDialog();
    }
    const action = answer.action;
    if (!(await requireManagingAgent(this.services, step.context, action.action === 'grant' ? 'change-grant' : 'change-revoke', subject)))
      return step.endDialog();
    const again = (draft?: AccessOptions['draft']) =>
      step.replaceDialog(this.id, { customer: values.customer, reservationId: settings.reservationId, draft } satisfies AccessOptions);

    if (action.action === 'revoke') {
      const assignment = values.assignments?.find((a) => a.assignmentId === action.assignmentId);
      if (!assignment || !revocable(assignment)) {
        await step.context.sendActivity(t(locale, 'manage.access.notRevocable'));
        return again();
      }
      return step.beginDialog(CONFIRM_CHANGE, {
        customer: values.customer!,
        shown: settings,
        title: t(locale, 'manage.access.revokeTitle'),
        facts: [
          { title: t(locale, 'manage.access.fact.user'), value: cardText(assignment.principalName ?? assignment.principalId, 120) },
          { title: t(locale, 'manage.access.fact.role'), value: cardText(assignment.roleName, 60) },
          { title: t(locale, 'manage.access.fact.assignedAt'), value: cardText(assignment.scope, 200) },
        ],
        confirmLabel: t(locale, 'manage.access.revoke'),
        what: { kind: 'revoke', assignment },
      } satisfies ConfirmChangeOptions);
    }

    const text = typeof action.principal === 'string' ? action.principal.trim().slice(0, 254) : '';
    const role = typeof action.role === 'string' && (GRANTABLE_ROLES as readonly string[]).includes(action.role) ? (action.role as GrantableRole) : undefined;
    if (!text || !role) {
      await step.context.sendActivity(t(locale, 'manage.access.missing', { roles: eitherOf(GRANTABLE_ROLES, locale) }));
      return again({ principal: text, role: role ?? '' });
    }
    const found = await attempt(step.context, () => this.services.provider.management.findPrincipal(settings.customerId, text));
    if (!found.ok) return step.endDialog();
    const principal = found.value;
    if (!principal) {
      await step.context.sendActivity(t(locale, 'manage.access.noUser', { customer: values.customer!.name, text: plainText(text, 120) }));
      return again({ principal: text, role });
    }
    return step.beginDialog(CONFIRM_CHANGE, {
      customer: values.customer!,
      shown: settings,
      title: t(locale, 'manage.access.grantTitle'),
      facts: [
        { title: t(locale, 'manage.access.fact.user'), value: cardText(`${principal.displayName} (${principal.userPrincipalName})`, 160) },
        { title: t(locale, 'manage.access.fact.objectId'), value: cardText(principal.objectId, 80) },
        { title: t(locale, 'manage.access.fact.role'), value: role },
        { title: t(locale, 'manage.access.fact.on'), value: cardText(t(locale, 'manage.access.on', { id: settings.reservationOrderId }), 120) },
      ],
      confirmLabel: t(locale, 'manage.access.grant'),
      what: { kind: 'grant', principal, role },
    } satisfies ConfirmChangeOptions);
  }

  private async done(step: WaterfallStepContext<AccessOptions>): Promise<DialogTurnResult> {
    return step.endDialog();
  }
}
