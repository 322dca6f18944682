import type { TurnContext } from 'botbuilder';
import { ACTING_ROLES } from '../src/domain/types';
import { actingRolesOf, type PartnerUser } from '../src/ports/partnerDirectory';
import { chatUserIdOfTurn, speakerOf } from './identity';
import type { DeskServices } from './services';

export const REFUSAL_TEXT = `Sorry, only partner users with one of these roles may quote or file refunds and exchanges: ${ACTING_ROLES.join(', ')}. Ask your partner admin for one of them.`;

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
  await context.sendActivity(user ? REFUSAL_TEXT : `${REFUSAL_TEXT} (You are not on this partner's roster.)`);
  return undefined;
}
