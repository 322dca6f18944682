import type { TurnContext } from 'botbuilder';
import { ACTING_ROLES } from '../src/domain/types';
import { actingRolesOf, type PartnerUser } from '../src/ports/partnerDirectory';
import { chatIdentityOf, chatUserIdOf } from './identity';
import { turnText } from './language';
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
  const identity = chatIdentityOf(context.activity);
  const user = identity ? await services.provider.directory.resolveUser(identity) : undefined;
  const chatUserId = identity ? chatUserIdOf(identity) : `unknown:${context.activity.channelId ?? ''}:${context.activity.from?.id ?? ''}`;
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
