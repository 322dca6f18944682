import type { TurnContext } from 'botbuilder';
import type { ChatIdentity } from '../src/ports/partnerDirectory';
import { turnFactsOf } from '../src/ports/turnFacts';

/**
 * The stable identity of the person behind a turn (SPEC section 1), as the channel's adapter stamped it
 * (dialogs/turnFacts.ts): Teams, the AAD object id within the conversation's tenant; Slack, the user id within the
 * team; the playground and the local Bot Framework Emulator, roster user ids. A turn no adapter vouched for is nobody.
 */
export function speakerOf(context: TurnContext): ChatIdentity | undefined {
  return turnFactsOf(context)?.speaker;
}

export function chatUserIdOf(identity: ChatIdentity): string {
  return `${identity.channel}:${identity.tenant}:${identity.user}`;
}

/** The audit trail's chat user id for a turn; an unidentified one is named by the channel that received it. */
export function chatUserIdOfTurn(context: TurnContext): string {
  const identity = speakerOf(context);
  return identity ? chatUserIdOf(identity) : `unknown:${turnFactsOf(context)?.channel ?? 'unstamped'}:${context.activity.from?.id ?? ''}`;
}

/** The audit trail's actor for a turn: the chat identity (the partner user id is added where known). */
export function chatActorOf(context: TurnContext, partnerUserId?: string): { chatUserId: string; partnerUserId?: string } {
  const chatUserId = chatUserIdOfTurn(context);
  return partnerUserId ? { chatUserId, partnerUserId } : { chatUserId };
}

/** True where only the agent and the bot see the messages, as the adapter says; unknown counts as shared. */
export function isPrivateConversation(context: TurnContext): boolean {
  return turnFactsOf(context)?.privateConversation ?? false;
}
