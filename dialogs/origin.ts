import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { RequestOrigin } from '../src/ports/requestStore';

/** Where a request was filed from, so its credit can be announced in the same conversation later. */
export function originOf(context: TurnContext): RequestOrigin {
  const reference = TurnContext.getConversationReference(context.activity);
  // Teams and the Emulator both speak Bot Framework: their replies go through the same CloudAdapter.
  const channel = context.activity.channelId === 'slack' ? 'slack' : context.activity.channelId === 'playground' ? 'playground' : 'teams';
  return { channel, conversation: JSON.parse(JSON.stringify(reference)) as Record<string, unknown> };
}

/**
 * Whether an activity comes from the conversation a request was filed from: the same channel, conversation and
 * (where the channel names one) tenant or workspace. A request key is only a key; what it opens is shown only
 * where the request was filed.
 */
export function isOriginOf(origin: RequestOrigin, activity: Partial<Activity>): boolean {
  const filedFrom = origin.conversation as Partial<ConversationReference>;
  const here = activity.conversation;
  if (!here?.id || filedFrom.channelId !== activity.channelId || filedFrom.conversation?.id !== here.id) return false;
  const tenant = filedFrom.conversation?.tenantId;
  return tenant === undefined || tenant === here.tenantId;
}
