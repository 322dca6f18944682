import type { Activity } from 'botbuilder';
import type { TurnFacts } from '../../ports/turnFacts';
import { PLAYGROUND_TENANT } from '../../ports/partnerDirectory';

/**
 * What the Bot Framework endpoint knows about a turn. Teams: the AAD object id within the conversation's tenant,
 * verified by the Bot Framework token when credentials are set. The Bot Framework Emulator's user id is a roster
 * user's id only for local use (no credentials): with credentials nobody may act through it. Any other channel id
 * on this endpoint is nobody. Replies go through the CloudAdapter, so the channel is `teams` for all of them.
 */
export function botFrameworkTurnFacts(activity: Partial<Activity>, authenticated: boolean): TurnFacts {
  const verifiedBy = authenticated ? 'bot-framework' : 'none';
  switch (activity.channelId) {
    case 'msteams': {
      const tenant = activity.conversation?.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
      const user = activity.from?.aadObjectId;
      return {
        channel: 'teams',
        speaker: tenant && user ? { channel: 'teams', tenant, user } : undefined,
        verifiedBy,
        privateConversation: activity.conversation?.conversationType === 'personal',
      };
    }
    case 'emulator': {
      const user = authenticated ? undefined : activity.from?.id;
      return {
        channel: 'teams',
        speaker: user ? { channel: 'playground', tenant: PLAYGROUND_TENANT, user } : undefined,
        verifiedBy,
        privateConversation: true,
      };
    }
    default:
      return { channel: 'teams', verifiedBy, privateConversation: false };
  }
}
