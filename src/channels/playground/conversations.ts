import { randomUUID } from 'node:crypto';

/** What the page is told: a new message, a message replaced in place, or a message removed. */
export type PlaygroundEvent =
  { kind: 'activity'; activity: PlaygroundMessage } | { kind: 'update'; activity: PlaygroundMessage } | { kind: 'delete'; id: string };

/** The part of a bot activity the page renders. */
export interface PlaygroundMessage {
  id: string;
  type: string;
  text?: string;
  attachments?: Array<{ contentType: string; content?: unknown }>;
  replyToId?: string;
  timestamp: string;
}

/** An event with its place in the conversation, as sent over Server-Sent Events (`id:` is `<epoch>:<seq>`). */
export interface SequencedEvent {
  seq: number;
  event: PlaygroundEvent;
}

type Listener = (sequenced: SequencedEvent) => void;

interface Conversation {
  seq: number;
  backlog: SequencedEvent[];
  listeners: Set<Listener>;
  /** Ids of messages sent here: only those may be updated or deleted. */
  messageIds: Set<string>;
}

export interface ConversationLimits {
  /** Conversations kept; the least recently used one without an open page is forgotten first. */
  maxConversations: number;
  /** Events kept per conversation for a page that (re)connects late. */
  maxBacklog: number;
}

const DEFAULT_LIMITS: ConversationLimits = { maxConversations: 500, maxBacklog: 500 };

/**
 * The playground's conversations in this process: an ordered event log per conversation with live listeners.
 * A page that connects after the bot already answered (or reconnects after a network blip) is replayed what
 * it missed, so one path (the event stream) carries every message, prompted or not.
 */
export class PlaygroundConversations {
  /** Changes every start: an event id from an earlier process must not hide this process's first events. */
  readonly epoch = randomUUID().slice(0, 8);
  private readonly conversations = new Map<string, Conversation>();
  private readonly limits: ConversationLimits;

  constructor(limits: Partial<ConversationLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  private conversation(id: string): Conversation {
    let conversation = this.conversations.get(id);
    if (conversation) {
      // Map order is insertion order: re-inserting marks it most recently used.
      this.conversations.delete(id);
    } else {
      conversation = { seq: 0, backlog: [], listeners: new Set(), messageIds: new Set() };
      this.evictIfFull();
    }
    this.conversations.set(id, conversation);
    return conversation;
  }

  private evictIfFull(): void {
    if (this.conversations.size < this.limits.maxConversations) return;
    for (const [id, conversation] of this.conversations) {
      if (conversation.listeners.size === 0) {
        this.conversations.delete(id);
        return;
      }
    }
  }

  publish(conversationId: string, event: PlaygroundEvent): void {
    const conversation = this.conversation(conversationId);
    if (event.kind === 'activity') conversation.messageIds.add(event.activity.id);
    if (event.kind === 'delete') conversation.messageIds.delete(event.id);
    conversation.seq += 1;
    const sequenced = { seq: conversation.seq, event };
    conversation.backlog.push(sequenced);
    if (conversation.backlog.length > this.limits.maxBacklog) conversation.backlog.shift();
    for (const listener of conversation.listeners) listener(sequenced);
  }

  hasMessage(conversationId: string, messageId: string): boolean {
    return this.conversations.get(conversationId)?.messageIds.has(messageId) ?? false;
  }

  /** Replays events after `afterSeq`, then calls `listener` for each new one until the returned function is called. */
  subscribe(conversationId: string, afterSeq: number, listener: Listener): () => void {
    const conversation = this.conversation(conversationId);
    for (const sequenced of conversation.backlog) if (sequenced.seq > afterSeq) listener(sequenced);
    conversation.listeners.add(listener);
    return () => conversation.listeners.delete(listener);
  }

  /** The sequence number to resume after, from an SSE `Last-Event-ID` (0 = from the start). */
  resumePoint(lastEventId: string | undefined): number {
    const match = /^([0-9a-f]{8}):(\d{1,12})$/.exec(lastEventId ?? '');
    return match && match[1] === this.epoch ? Number(match[2]) : 0;
  }

  eventId(seq: number): string {
    return `${this.epoch}:${seq}`;
  }
}
