import { BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../log';
import { renderCardToBlockKit } from './blockKit';
import { withLiteralDisplayText } from '../../cards/text';
import { apologizeForFailedTurn } from '../turnError';
import { messageIdOf, parseConversationId, parseMessageId } from './activities';
import { stampTurn, type TurnFacts } from '../../ports/turnFacts';
import type { SlackUserLocales } from './userLocales';
import { DEFAULT_LOCALE, resolveLocale, t } from '../../i18n';

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/**
 * Slack reads `&`, `<` and `>` as markup (`<!channel>`, `<@U…>`, links), so plain text the bot sends (which may quote
 * customer data) has them escaped, the way Slack documents. The card renderer does the same for cards.
 */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The Slack message for one outgoing activity: Block Kit for a card, escaped text otherwise. */
export function slackMessageOf(activity: Partial<Activity>): { text: string; blocks?: unknown[] } | undefined {
  const card = activity.attachments?.find((attachment) => attachment.contentType === ADAPTIVE_CARD)?.content as unknown;
  if (card !== undefined) {
    // Card texts are markdown-escaped for Teams; the Block Kit renderer treats text as literal and escapes itself.
    const rendered = renderCardToBlockKit(withLiteralDisplayText(card));
    return { text: rendered.text, blocks: rendered.blocks };
  }
  if (typeof activity.text === 'string' && activity.text.length > 0) return { text: escapeSlackText(activity.text) };
  return undefined;
}

/** The Web API calls the adapter makes; a WebClient satisfies it. */
export type SlackChatApi = Pick<webApi.WebClient, 'chat'>;

/** Posts a message to a command's or click's response_url (Slack's answer channel that needs no membership). */
export type ResponseUrlPoster = (responseUrl: string, message: { response_type: 'ephemeral'; text: string }) => Promise<void>;

export const postToResponseUrl: ResponseUrlPoster = async (responseUrl, message) => {
  const response = await fetch(responseUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message) });
  if (!response.ok) throw new Error(`response_url answered ${response.status}`);
};

/** Slack's answers when the bot may not post where a command was typed (it is not a member there). */
const NOT_A_MEMBER = new Set(['not_in_channel', 'channel_not_found']);
export const NOT_A_MEMBER_TEXT = t(DEFAULT_LOCALE, 'channel.slack.notAMember');
const toldNotAMember = Symbol('slackToldNotAMember');

function slackErrorCode(err: unknown): string | undefined {
  const data = (err as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/**
 * The botbuilder adapter for Slack: DeskBot's turns run unchanged, and what they send becomes chat.postMessage
 * (in the channel, or the thread, the turn came from) and chat.update (an answered card replaced in place).
 * An activity id is `<channel>:<ts>`, because chat.update needs both.
 */
export class SlackAdapter extends BotAdapter {
  constructor(
    private readonly api: SlackChatApi,
    private readonly log: Logger,
    private readonly respond: ResponseUrlPoster = postToResponseUrl,
    /** The person's Slack locale for `activity.locale` (absent: turns carry no locale and answer in English). */
    private readonly locales?: SlackUserLocales,
  ) {
    super();
    this.onTurnError = apologizeForFailedTurn(log, 'slack');
  }

  /** Runs one turn for an activity built from a verified Slack payload, stamped with what the payload says. */
  async processActivity(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>, facts: TurnFacts): Promise<void> {
    // Slack payloads carry no locale: users.info has it (cached). This runs in the turn, after the ack went out.
    if (this.locales && activity.locale === undefined && facts.speaker) {
      const locale = await this.locales.localeOf(facts.speaker.tenant, facts.speaker.user);
      if (locale !== undefined) activity = { ...activity, locale };
    }
    const context = new TurnContext(this, activity);
    stampTurn(context, facts);
    await this.runMiddleware(context, logic);
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      const message = activity.type === 'message' ? slackMessageOf(activity) : undefined;
      if (!message) {
        // Delays, typing indicators and invoke responses have no Slack counterpart.
        responses.push({ id: '' });
        continue;
      }
      const where = parseConversationId(activity.conversation?.id);
      const result = await this.api.chat
        .postMessage({
          channel: where.channel,
          ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
          text: message.text,
          ...(message.blocks ? { blocks: message.blocks as never } : {}),
          unfurl_links: false,
          unfurl_media: false,
        })
        .catch(async (err: unknown) => {
          await this.tellNotAMember(context, err);
          throw err;
        });
      const channel = typeof result.channel === 'string' ? result.channel : where.channel;
      responses.push({ id: result.ts ? messageIdOf(channel, result.ts) : '' });
    }
    return responses;
  }

  /**
   * A slash command works in any channel, but the bot can post only where it is a member; the command's response_url
   * still reaches the person who typed it, so they learn what to do (once per turn).
   */
  private async tellNotAMember(context: TurnContext, err: unknown): Promise<void> {
    const code = slackErrorCode(err);
    const responseUrl = (context.activity.channelData as { responseUrl?: unknown } | undefined)?.responseUrl;
    if (!code || !NOT_A_MEMBER.has(code) || typeof responseUrl !== 'string' || context.turnState.get(toldNotAMember)) return;
    context.turnState.set(toldNotAMember, true);
    await this.respond(responseUrl, {
      response_type: 'ephemeral',
      text: t(resolveLocale(context.activity.locale) ?? DEFAULT_LOCALE, 'channel.slack.notAMember'),
    }).catch((respondErr: unknown) => {
      this.log.warn({ err: respondErr instanceof Error ? respondErr.message : String(respondErr) }, 'slack: response_url post failed');
    });
  }

  /**
   * A note to the person a turn came from, seen by them only: to the turn's response_url when it has one (commands,
   * clicks), else chat.postEphemeral in its conversation.
   */
  async tellOnly(activity: Partial<Activity>, text: string): Promise<void> {
    const responseUrl = (activity.channelData as { responseUrl?: unknown } | undefined)?.responseUrl;
    if (typeof responseUrl === 'string') return this.respond(responseUrl, { response_type: 'ephemeral', text: escapeSlackText(text) });
    const where = parseConversationId(activity.conversation?.id);
    await this.api.chat.postEphemeral({
      channel: where.channel,
      ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
      user: String(activity.from?.id ?? ''),
      text: escapeSlackText(text),
    });
  }

  override async updateActivity(_context: TurnContext, activity: Partial<Activity>): Promise<ResourceResponse | void> {
    const { channel, ts } = parseMessageId(activity.id);
    const message = slackMessageOf({ ...activity, type: 'message' });
    if (!message) return;
    await this.api.chat.update({ channel, ts, text: message.text, blocks: (message.blocks ?? []) as never });
    return { id: activity.id as string };
  }

  override async deleteActivity(_context: TurnContext, reference: Partial<ConversationReference>): Promise<void> {
    const { channel, ts } = parseMessageId(reference.activityId);
    await this.api.chat.delete({ channel, ts });
  }

  /** Proactive messages (a credit notice): whatever `logic` sends is posted in the referenced conversation. */
  override async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    parseConversationId(reference.conversation?.id);
    const activity = TurnContext.applyConversationReference({ type: 'event', name: 'continueConversation' }, reference, true);
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }
}
