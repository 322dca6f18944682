import { randomUUID } from 'node:crypto';
import { BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';
import { InvalidInputError } from '../../errors';
import type { PlaygroundConversations, PlaygroundMessage } from './conversations';
import { stampTurn, type TurnFacts } from '../../ports/turnFacts';

/** The channel id every playground activity carries; dialogs/identity.ts resolves it to roster users. */
export const PLAYGROUND_CHANNEL_ID = 'playground';
export const PLAYGROUND_BOT = { id: 'reservation-desk', name: 'Reservation Desk' } as const;
/** Conversation references need a service URL; the playground has no connector, so this names the channel. */
export const PLAYGROUND_SERVICE_URL = 'playground:';

/** A `delay` activity longer than this is shortened: the page should never look stuck. */
const MAX_DELAY_MS = 5000;

function messageOf(activity: Partial<Activity>, id: string): PlaygroundMessage {
  // A JSON round trip keeps only what the page can receive (no functions, no undefined).
  const attachments = activity.attachments ? (JSON.parse(JSON.stringify(activity.attachments)) as PlaygroundMessage['attachments']) : undefined;
  return {
    id,
    type: activity.type ?? 'message',
    ...(typeof activity.text === 'string' ? { text: activity.text } : {}),
    ...(attachments && attachments.length ? { attachments } : {}),
    ...(activity.replyToId ? { replyToId: activity.replyToId } : {}),
    timestamp: new Date().toISOString(),
  };
}

function conversationIdOf(activity: Partial<Activity> | Partial<ConversationReference>): string {
  const id = activity.conversation?.id;
  if (!id) throw new InvalidInputError('A playground activity needs a conversation id.');
  return id;
}

/**
 * The botbuilder adapter for the local chat page. The bot's turn logic (DeskBot.run) is the same as for
 * Teams; this adapter only turns what the bot sends into events on the page's conversation stream.
 */
export class PlaygroundAdapter extends BotAdapter {
  constructor(private readonly conversations: PlaygroundConversations) {
    super();
  }

  /** Runs one turn for an activity the HTTP route checked and built, stamped with what the route vouches for. */
  async processActivity(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>, facts: TurnFacts): Promise<void> {
    const context = new TurnContext(this, activity);
    stampTurn(context, facts);
    await this.runMiddleware(context, logic);
  }

  override async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === 'delay') {
        const ms = Math.min(MAX_DELAY_MS, Math.max(0, Number(activity.value) || 0));
        await new Promise((resolve) => setTimeout(resolve, ms));
        responses.push({ id: '' });
        continue;
      }
      // Invoke responses belong to Teams' HTTP exchange; the page has nothing to show for them.
      if (activity.type === 'invokeResponse') {
        responses.push({ id: '' });
        continue;
      }
      const id = randomUUID();
      this.conversations.publish(conversationIdOf(activity), { kind: 'activity', activity: messageOf(activity, id) });
      responses.push({ id });
    }
    return responses;
  }

  override async updateActivity(_context: TurnContext, activity: Partial<Activity>): Promise<ResourceResponse | void> {
    const conversationId = conversationIdOf(activity);
    if (!activity.id || !this.conversations.hasMessage(conversationId, activity.id)) {
      throw new InvalidInputError('There is no such message in this playground conversation to update.', { id: activity.id });
    }
    this.conversations.publish(conversationId, { kind: 'update', activity: messageOf(activity, activity.id) });
    return { id: activity.id };
  }

  override async deleteActivity(_context: TurnContext, reference: Partial<ConversationReference>): Promise<void> {
    const conversationId = conversationIdOf(reference);
    if (!reference.activityId || !this.conversations.hasMessage(conversationId, reference.activityId)) {
      throw new InvalidInputError('There is no such message in this playground conversation to delete.', { id: reference.activityId });
    }
    this.conversations.publish(conversationId, { kind: 'delete', id: reference.activityId });
  }

  /** Proactive messages (e.g. a credit notice): whatever `logic` sends appears in the open page. */
  override async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    conversationIdOf(reference);
    const activity = TurnContext.applyConversationReference({ type: 'event', name: 'continueConversation' }, reference, true);
    const context = new TurnContext(this, activity);
    await this.runMiddleware(context, logic);
  }
}
