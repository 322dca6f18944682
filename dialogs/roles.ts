import type { TurnContext } from 'botbuilder';
import { MANAGING_ROLES } from '../src/domain/management';
import { ACTING_ROLES } from '../src/domain/types';
import { actingRolesOf, type PartnerUser } from '../src/ports/partnerDirectory';
import { chatUserIdOfTurn, speakerOf } from './identity';
import type { Locale } from '../src/i18n';
import { turnLocale, turnText } from './language';
import type { DeskServices } from './services';

export interface Agent {
  user: PartnerUser;
  chatUserId: string;
}

/**
 * The acting agent, or undefined after telling the person they may not act (and auditing the refusal).
 * Runs when a flow starts and again right before filing (SPEC section 1).
 */
export async function requireActingAgent(services: DeskServices, context: TurnContext, attempted: string): Promise<Agent | undefined> {
  const identity = speakerOf(context);
  const user = identity ? await services.provider.directory.resolveUser(identity) : undefined;
  const chatUserId = chatUserIdOfTurn(context);
  if (user && actingRolesOf(user, ACTING_ROLES).length > 0) return { user, chatUserId };
  await services.audit.record({
    at: services.wallClock.now().toISOString(),
    type: 'refused',
    actor: { partnerUserId: user?.id, chatUserId },
    detail: { attempted, known: Boolean(user), roles: user ? user.roles.join(', ') : '' },
  });
  services.log.info({ chatUserId, partnerUserId: user?.id, attempted }, 'refused: no acting role');
  const refusal = turnText(context, 'refusal.roles', { roles: ACTING_ROLES.join(', ') });
  await context.sendActivity(user ? refusal : turnText(context, 'refusal.notOnRoster', { refusal }));
  return undefined;
}

/** "A or B" / "A oder B": role names stay as Microsoft names them; only the joining word is the language's. */
export function eitherOf(items: readonly string[], locale: Locale): string {
  return new Intl.ListFormat(locale, { type: 'disjunction' }).format(items);
}

/**
 * An agent who may change a reservation (SPEC section 8: Admin agent or Global admin), or undefined after telling
 * the person which roles are needed (and auditing the refusal). Runs when a change is chosen and again right
 * before it is applied.
 */
export async function requireManagingAgent(
  services: DeskServices,
  context: TurnContext,
  attempted: string,
  subject: { customerId?: string; reservationId?: string } = {},
): Promise<Agent | undefined> {
  const agent = await requireActingAgent(services, context, attempted);
  if (!agent) return undefined;
  if (actingRolesOf(agent.user, MANAGING_ROLES).length > 0) return agent;
  await services.audit.record({
    at: services.wallClock.now().toISOString(),
    type: 'refused',
    actor: { partnerUserId: agent.user.id, chatUserId: agent.chatUserId },
    ...subject,
    detail: { attempted, known: true, roles: agent.user.roles.join(', '), rolesNeeded: MANAGING_ROLES.join(', ') },
  });
  services.log.info({ chatUserId: agent.chatUserId, partnerUserId: agent.user.id, attempted }, 'refused: no managing role');
  await context.sendActivity(
    turnText(context, 'manage.refusal', { roles: eitherOf(MANAGING_ROLES, turnLocale(context)), yourRoles: agent.user.roles.join(', ') }),
  );
  return undefined;
}
