import type { Activity } from 'botbuilder';
import type { ChatIdentity } from '../src/ports/partnerDirectory';

/**
 * The stable identity of the person behind an activity (SPEC section 1). Teams: the AAD object id within the
 * conversation's tenant; Slack: user id within the team (the Slack adapter puts the team id in
 * conversation.tenantId); the local playground and the Bot Framework Emulator: roster user ids. Any other
 * channel is nobody.
 */
export function chatIdentityOf(activity: Partial<Activity>): ChatIdentity | undefined {
  const channelData = (activity.channelData ?? {}) as { tenant?: { id?: string } };
  switch (activity.channelId) {
    case 'msteams': {
      const tenant = activity.conversation?.tenantId ?? channelData.tenant?.id;
      const user = activity.from?.aadObjectId;
      return tenant && user ? { channel: 'teams', tenant, user } : undefined;
    }
    case 'slack': {
      const tenant = activity.conversation?.tenantId;
      const user = activity.from?.id;
      return tenant && user ? { channel: 'slack', tenant, user } : undefined;
    }
    // The Bot Framework Emulator, for local use: its user ID (Emulator settings) is a roster user's id, as in
    // the playground. The azure provider never recognises playground identities.
    case 'playground':
    case 'emulator': {
      const user = activity.from?.id;
      return user ? { channel: 'playground', tenant: 'playground', user } : undefined;
    }
    default:
      return undefined;
  }
}

export function chatUserIdOf(identity: ChatIdentity): string {
  return `${identity.channel}:${identity.tenant}:${identity.user}`;
}

/** The audit trail's actor for a turn: the chat identity (the partner user id is added where known). */
export function chatActorOf(activity: Partial<Activity>, partnerUserId?: string): { chatUserId: string; partnerUserId?: string } {
  const identity = chatIdentityOf(activity);
  const chatUserId = identity ? chatUserIdOf(identity) : `unknown:${activity.channelId ?? ''}:${activity.from?.id ?? ''}`;
  return partnerUserId ? { chatUserId, partnerUserId } : { chatUserId };
}

/** True where only the agent and the bot see the messages: a Teams personal chat, a Slack DM, the playground. */
export function isPrivateConversation(activity: Partial<Activity>): boolean {
  switch (activity.channelId) {
    case 'msteams':
      return activity.conversation?.conversationType === 'personal';
    case 'slack':
      return activity.conversation?.isGroup === false;
    case 'playground':
    case 'emulator':
      return true;
    default:
      return false;
  }
}
