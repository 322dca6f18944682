import { TurnContext } from 'botbuilder';
import type { RequestOrigin } from '../src/ports/requestStore';

/** Where a request was filed from, so its credit can be announced in the same conversation later. */
export function originOf(context: TurnContext): RequestOrigin {
  const reference = TurnContext.getConversationReference(context.activity);
  // Teams and the Emulator both speak Bot Framework: their replies go through the same CloudAdapter.
  const channel = context.activity.channelId === 'slack' ? 'slack' : context.activity.channelId === 'playground' ? 'playground' : 'teams';
  return { channel, conversation: JSON.parse(JSON.stringify(reference)) as Record<string, unknown> };
}
