import type { ChatIdentity } from './partnerDirectory';
import type { ChannelName } from './requestStore';

/**
 * What a channel's adapter knows about a turn and stamps on it before the bot runs (as vercel/chat's adapters
 * give each message its verified author and `isDM`): who is speaking, how the channel verified that, and whether
 * the conversation is private. The dialogs read this stamp, never the activity's `channelId`, so a forged channel
 * id in a payload cannot change who an agent is: only the adapter that received the turn decides.
 */
export interface TurnFacts {
  /** The channel that received the turn (and answers it). */
  channel: ChannelName;
  /** Who is speaking; undefined when the channel cannot say who (nobody may act then). */
  speaker?: ChatIdentity;
  /** How the speaker was verified: a Bot Framework token, Slack's signature (or Socket Mode), the playground's token, or nothing (local use). */
  verifiedBy: 'bot-framework' | 'slack' | 'playground-token' | 'none';
  /** Only the agent and the bot see the conversation (Teams personal chat, Slack DM, the playground). */
  privateConversation: boolean;
}

const TURN_FACTS = Symbol('reservation-desk.turnFacts');

/** A botbuilder TurnContext, as far as the stamp needs one (ports do not import botbuilder). */
export interface StampableTurn {
  turnState: Map<unknown, unknown>;
}

/** Called by a channel adapter before the turn runs, once. */
export function stampTurn(context: StampableTurn, facts: TurnFacts): void {
  if (context.turnState.has(TURN_FACTS)) throw new Error('A turn is stamped once, by the adapter that received it.');
  context.turnState.set(TURN_FACTS, Object.freeze({ ...facts, speaker: facts.speaker && Object.freeze({ ...facts.speaker }) }));
}

/** The adapter's stamp; a turn nobody stamped has no speaker and counts as shared. */
export function turnFactsOf(context: StampableTurn): TurnFacts | undefined {
  return context.turnState.get(TURN_FACTS) as TurnFacts | undefined;
}
