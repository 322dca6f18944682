import { TurnContext } from 'botbuilder';
import type { RequestOrigin } from '../src/ports/requestStore';
import { turnFactsOf } from '../src/ports/turnFacts';

/** The channel that received this turn, from its adapter's stamp (filing needs an identified agent, so a stamped turn). */
function channelOf(context: TurnContext): RequestOrigin['channel'] {
  const facts = turnFactsOf(context);
  if (!facts) throw new Error('This turn was not stamped by a channel adapter.');
  return facts.channel;
}

/** Where a request was filed from, so its credit can be announced in the same conversation later. */
export function originOf(context: TurnContext): RequestOrigin {
  const reference = TurnContext.getConversationReference(context.activity);
  return { channel: channelOf(context), conversation: JSON.parse(JSON.stringify(reference)) as Record<string, unknown> };
}

/**
 * Whether a turn comes from the conversation a request was filed from: the same channel (as the adapters stamped
 * both), conversation and (where the channel names one) tenant or workspace. A request key is only a key; what it
 * opens is shown only where the request was filed.
 */
export function isOriginOf(origin: RequestOrigin, context: TurnContext): boolean {
  const filedFrom = (origin.conversation as { conversation?: { id?: string; tenantId?: string } }).conversation;
  const here = context.activity.conversation;
  if (!here?.id || origin.channel !== turnFactsOf(context)?.channel || filedFrom?.id !== here.id) return false;
  return filedFrom.tenantId === undefined || filedFrom.tenantId === here.tenantId;
}
