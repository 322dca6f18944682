import type { Activity } from 'botbuilder';
import { decodeButtonActionId, decodeButtonValue, inputValuesFromState } from './blockKit';
import { InvalidInputError } from '../../errors';
import type { TurnFacts } from '../../ports/turnFacts';

/**
 * Slack payloads → the Bot Framework activities DeskBot runs on, plus the key that makes each one run once.
 * Pure: no I/O. The identity dialogs/identity.ts reads: channelId 'slack', conversation.tenantId = team id,
 * from.id = user id. The conversation is the Slack channel (plus the thread, when the message is in one), so a
 * click on a card and the command that made it share one dialog state.
 */

export const SLACK_CHANNEL_ID = 'slack';
export const SLACK_COMMANDS = [
  '/refund',
  '/exchange',
  '/reservation',
  '/requests',
  '/scope',
  '/renew',
  '/access',
  '/cap',
  '/subscribe',
  '/subscriptions',
  '/unsubscribe',
] as const;

/** One turn to run: the activity, and the dedupe key claimed before it runs. */
export interface SlackTurn {
  activity: Partial<Activity>;
  /** Stamped on the turn by the Slack adapter (dialogs/turnFacts.ts). */
  facts: TurnFacts;
  dedupeKey: string;
}

/** Where the bot answers: a channel, and a thread in it when the turn came from one. */
export interface SlackConversation {
  channel: string;
  threadTs?: string;
}

export function conversationIdOf(where: SlackConversation): string {
  return where.threadTs ? `${where.channel}:${where.threadTs}` : where.channel;
}

export function parseConversationId(id: string | undefined): SlackConversation {
  const [channel, threadTs] = (id ?? '').split(':');
  if (!channel) throw new InvalidInputError('A Slack activity needs a conversation id naming its channel.');
  return threadTs ? { channel, threadTs } : { channel };
}

/** A posted message's activity id carries its channel, since chat.update needs both. */
export function messageIdOf(channel: string, ts: string): string {
  return `${channel}:${ts}`;
}

export function parseMessageId(id: string | undefined): { channel: string; ts: string } {
  const match = /^([^:]+):(\d+\.\d+)$/.exec(id ?? '');
  if (!match) throw new InvalidInputError('Not the id of a Slack message this bot posted.', { id });
  return { channel: match[1] as string, ts: match[2] as string };
}

function baseActivity(team: string, user: string, where: SlackConversation, extra: Partial<Activity>): Partial<Activity> {
  return {
    type: 'message',
    channelId: SLACK_CHANNEL_ID,
    serviceUrl: 'slack:',
    timestamp: new Date(),
    from: { id: user, name: user },
    recipient: { id: 'reservation-desk', name: 'Reservation Desk' },
    conversation: { id: conversationIdOf(where), tenantId: team, isGroup: !where.channel.startsWith('D'), name: where.channel, conversationType: 'slack' },
    ...extra,
  };
}

/**
 * The facts the Slack adapter vouches for: the request was verified (signature or Socket Mode) before this runs, and
 * the speaker and conversation are read from that payload by this module, never from a channel id in it.
 */
function slackTurn(turn: Omit<SlackTurn, 'facts'>): SlackTurn {
  const team = turn.activity.conversation?.tenantId ?? '';
  const user = turn.activity.from?.id ?? '';
  return {
    ...turn,
    facts: {
      channel: 'slack',
      speaker: { channel: 'slack', tenant: team, user },
      verifiedBy: 'slack',
      privateConversation: turn.activity.conversation?.isGroup === false,
    },
  };
}

function text(record: Record<string, unknown>, field: string): string | undefined {
  const value = record[field];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function required(record: Record<string, unknown>, field: string, what: string): string {
  const value = text(record, field);
  if (value === undefined) throw new InvalidInputError(`A Slack ${what} without ${field}.`, { field });
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A slash command (form fields) → "/refund <text>". Commands the bot does not serve are refused. */
export function commandTurn(form: Record<string, unknown>): SlackTurn {
  const command = required(form, 'command', 'command');
  if (!(SLACK_COMMANDS as readonly string[]).includes(command))
    throw new InvalidInputError(`The command ${command.slice(0, 40)} is not one this bot serves.`, { command });
  const team = required(form, 'team_id', 'command');
  const user = required(form, 'user_id', 'command');
  const channel = required(form, 'channel_id', 'command');
  const triggerId = required(form, 'trigger_id', 'command');
  const argument = (text(form, 'text') ?? '').trim();
  const responseUrl = text(form, 'response_url');
  return slackTurn({
    activity: baseActivity(
      team,
      user,
      { channel },
      {
        id: triggerId,
        // `/refund cancel` and `/refund help` reach the flow's cancel and help: in a channel, typed words need an
        // @mention, so the slash command is the quickest way to them.
        text: argument && /^(help|cancel)$/i.test(argument) ? argument.toLowerCase() : argument ? `${command} ${argument}` : command,
        channelData: { kind: 'command', responseUrl },
      },
    ),
    dedupeKey: `slack:command:${team}:${channel}:${user}:${triggerId}`,
  });
}

/**
 * A block_actions payload → a card action turn: the clicked button's value is the Action.Submit data, merged with
 * the card's input values (as Teams would). undefined for clicks that are no card submit (links, input changes).
 */
export function blockActionTurn(payload: Record<string, unknown>): SlackTurn | undefined {
  if (payload.type !== 'block_actions') return undefined;
  const actions = Array.isArray(payload.actions) ? payload.actions.filter(isRecord) : [];
  const clicked = actions.find((action) => {
    const decoded = decodeButtonActionId(String(action.action_id ?? ''));
    return decoded !== undefined && decoded.kind !== 'openUrl';
  });
  if (!clicked) return undefined;
  const data = decodeButtonValue(text(clicked, 'value'));
  if (!isRecord(data)) throw new InvalidInputError('A Slack button carried no card action data.', { reason: 'button-without-data' });

  const user = isRecord(payload.user) ? payload.user : {};
  const team = isRecord(payload.team) ? payload.team : {};
  const container = isRecord(payload.container) ? payload.container : {};
  const channelRecord = isRecord(payload.channel) ? payload.channel : {};
  const userId = required(user, 'id', 'click');
  const teamId = text(team, 'id') ?? required(user, 'team_id', 'click');
  const channel = text(container, 'channel_id') ?? required(channelRecord, 'id', 'click');
  const messageTs = required(container, 'message_ts', 'click');
  const threadTs = text(container, 'thread_ts');
  const actionTs = required(clicked, 'action_ts', 'click');
  const state = isRecord(payload.state) ? payload.state.values : undefined;
  const value = { ...data, ...inputValuesFromState(state) };
  return slackTurn({
    activity: baseActivity(teamId, userId, threadTs && threadTs !== messageTs ? { channel, threadTs } : { channel }, {
      id: `${messageTs}:${actionTs}`,
      text: '',
      value,
      replyToId: messageIdOf(channel, messageTs),
      channelData: { kind: 'action', responseUrl: text(payload, 'response_url') },
    }),
    dedupeKey: `slack:action:${teamId}:${channel}:${messageTs}:${actionTs}:${userId}`,
  });
}

/** A leading mention of the bot ("<@U123> /refund alder") is how a channel message addresses it, not text. */
function withoutLeadingMentions(value: string): string {
  return value.replace(/^(\s*<@[A-Z0-9]+(\|[^>]*)?>)+\s*/, '');
}

/**
 * An Events API callback → a text turn for app_mention and direct messages; undefined for everything else,
 * including messages from bots (the bot's own among them) and message subtypes (edits, joins, deletions).
 */
export function eventTurn(envelope: Record<string, unknown>): SlackTurn | undefined {
  if (envelope.type !== 'event_callback' || !isRecord(envelope.event)) return undefined;
  const event = envelope.event;
  // A mention inside a DM arrives twice (app_mention and message.im): the DM message is the one kept.
  const isMention = event.type === 'app_mention' && !String(event.channel ?? '').startsWith('D');
  const isDirect = event.type === 'message' && event.channel_type === 'im';
  if (!isMention && !isDirect) return undefined;
  if (event.subtype !== undefined || event.bot_id !== undefined || event.bot_profile !== undefined) return undefined;
  const eventId = required(envelope, 'event_id', 'event');
  const team = text(event, 'team') ?? required(envelope, 'team_id', 'event');
  const user = text(event, 'user');
  const channel = text(event, 'channel');
  if (!user || !channel) return undefined;
  const threadTs = text(event, 'thread_ts');
  return slackTurn({
    activity: baseActivity(team, user, threadTs ? { channel, threadTs } : { channel }, {
      id: text(event, 'ts') ?? eventId,
      text: withoutLeadingMentions(text(event, 'text') ?? ''),
      channelData: { kind: 'event' },
    }),
    dedupeKey: `slack:event:${eventId}`,
  });
}
