import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { cardText, plainText } from '../../src/cards/text';
import { GRANTABLE_ROLES, revocableFromChat as revocable, type GrantableRole, type RoleAssignment } from '../../src/ports/reservationManagement';
import { CARD_PROMPT, type CardAnswer } from '../cardPrompt';
import { addFlowDialogs, pickCustomerStep, pickedReservation, pickReservationStep, type FlowOptions } from '../flowSteps';
import { requireManagingAgent } from '../roles';
import type { DeskServices } from '../services';
import { CONFIRM_CHANGE, ConfirmChangeDialog, type ConfirmChangeOptions } from './confirmChange';
import { attempt, headerOf, loadSettings, type ManageValues } from './manageSteps';

export const ACCESS_DIALOG = 'access';
/** Assignments one card lists (a Slack message holds 50 blocks); revocable ones first. */
export const ACCESS_LIST_LIMIT = 12;

type AccessValues = ManageValues & { assignments?: RoleAssignment[] };

interface AccessOptions extends FlowOptions {
  draft?: { principal: string; role: string };
}

const HELP = 'Type a user\u2019s email, UPN or object ID, pick a role and click "Grant access"; "Revoke" removes a direct assignment; "Done" closes the list.';


/**
 * /access: customer → reservation → who may manage or read its order (role assignments, direct and inherited) →
 * grant Reservations Reader or Administrator to a user of the customer's tenant, or revoke a direct assignment,
 * each confirmed on a card.
 */
export class AccessDialog extends ComponentDialog {
  constructor(private readonly services: DeskServices) {
    super(ACCESS_DIALOG);
    addFlowDialogs(this, services);
    this.addDialog(new ConfirmChangeDialog(services));
    this.addDialog(new WaterfallDialog('accessFlow', [pickCustomerStep(), pickReservationStep('overview'), this.showAccess.bind(this), this.takeAction.bind(this), this.done.bind(this)]));
    this.initialDialogId = 'accessFlow';
  }

  private async showAccess(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = (step.options ?? {}) as AccessOptions;
    const values = step.values as AccessValues;
    values.reservationId = step.result as string | undefined;
    const reservation = await pickedReservation(this.services, step);
    const settings = reservation ? await loadSettings(this.services, step) : undefined;
    if (!settings) return step.endDialog();
    const listed = await attempt(step.context, () => this.services.provider.management.roleAssignments(settings.customerId, settings.reservationId));
    if (!listed.ok) return step.endDialog();
    const assignments = listed.value;
    values.assignments = assignments;
    return step.beginDialog(CARD_PROMPT, {
      card: 'access',
      help: HELP,
      subject: { customerId: settings.customerId, reservationId: settings.reservationId },
      data: {
        ...headerOf(values.customer!, settings, 'Access'),
        more: assignments.length > ACCESS_LIST_LIMIT ? cardText(`And ${assignments.length - ACCESS_LIST_LIMIT} more: the Azure portal shows them all.`, 120) : '',
        assignments: [...assignments.filter(revocable), ...assignments.filter((a) => !revocable(a))].slice(0, ACCESS_LIST_LIMIT).map((a) => ({
          id: a.assignmentId,
          principal: cardText(a.principalName ?? a.principalId, 120),
          detail: cardText(`${a.roleName} · ${a.inherited ? 'inherited from' : 'assigned at'} ${a.scope} · ${a.principalType} ${a.principalId}`, 300),
          revocable: revocable(a),
          button: plainText(`Revoke ${a.roleName}`, 60),
          label: plainText(`Revoke ${a.roleName} from ${a.principalName ?? a.principalId}`, 100),
        })),
        principal: plainText(options.draft?.principal ?? '', 254),
        role: (GRANTABLE_ROLES as readonly string[]).includes(options.draft?.role ?? '') ? options.draft!.role : GRANTABLE_ROLES[0],
        roles: GRANTABLE_ROLES.map((r) => ({ title: r, value: r })),
      },
    });
  }

  private async takeAction(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as AccessValues;
    const answer = step.result as CardAnswer;
    const settings = values.settings!;
    const subject = { customerId: settings.customerId, reservationId: settings.reservationId };
    if (answer.kind !== 'action' || (answer.action.action !== 'grant' && answer.action.action !== 'revoke')) {
      await step.context.sendActivity('Done. Nothing changed.');
      return step.endDialog();
    }
    const action = answer.action;
    if (!(await requireManagingAgent(this.services, step.context, action.action === 'grant' ? 'change-grant' : 'change-revoke', subject))) return step.endDialog();
    const again = (draft?: AccessOptions['draft']) => step.replaceDialog('accessFlow', { customer: values.customer, reservationId: settings.reservationId, draft } satisfies AccessOptions);

    if (action.action === 'revoke') {
      const assignment = values.assignments?.find((a) => a.assignmentId === action.assignmentId);
      if (!assignment || !revocable(assignment)) {
        await step.context.sendActivity('That is not a direct assignment to a user that can be revoked from chat (inherited ones and groups stay with the Azure portal). Nothing changed.');
        return again();
      }
      return step.beginDialog(CONFIRM_CHANGE, {
        customer: values.customer!,
        shown: settings,
        title: 'Revoke access?',
        facts: [
          { title: 'User', value: cardText(assignment.principalName ?? assignment.principalId, 120) },
          { title: 'Role', value: cardText(assignment.roleName, 60) },
          { title: 'Assigned at', value: cardText(assignment.scope, 200) },
        ],
        confirmLabel: 'Revoke',
        what: { kind: 'revoke', assignment },
      } satisfies ConfirmChangeOptions);
    }

    const text = typeof action.principal === 'string' ? action.principal.trim().slice(0, 254) : '';
    const role = typeof action.role === 'string' && (GRANTABLE_ROLES as readonly string[]).includes(action.role) ? (action.role as GrantableRole) : undefined;
    if (!text || !role) {
      await step.context.sendActivity(`Type the user\u2019s email, UPN or object ID and pick ${GRANTABLE_ROLES.join(' or ')}. Nothing changed.`);
      return again({ principal: text, role: role ?? '' });
    }
    const found = await attempt(step.context, () => this.services.provider.management.findPrincipal(settings.customerId, text));
    if (!found.ok) return step.endDialog();
    const principal = found.value;
    if (!principal) {
      await step.context.sendActivity(`${values.customer!.name}'s tenant has no user "${plainText(text, 120)}". Check the email, UPN or object ID; nothing changed.`);
      return again({ principal: text, role });
    }
    return step.beginDialog(CONFIRM_CHANGE, {
      customer: values.customer!,
      shown: settings,
      title: 'Grant access?',
      facts: [
        { title: 'User', value: cardText(`${principal.displayName} (${principal.userPrincipalName})`, 160) },
        { title: 'Object ID', value: cardText(principal.objectId, 80) },
        { title: 'Role', value: role },
        { title: 'On', value: cardText(`reservation order ${settings.reservationOrderId}`, 120) },
      ],
      confirmLabel: 'Grant access',
      what: { kind: 'grant', principal, role },
    } satisfies ConfirmChangeOptions);
  }

  private async done(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.endDialog();
  }
}
