import type { ChannelName, RequestAgent, RequestOrigin } from './requestStore';
import type { Locale } from '../i18n/locale';

/** What a conversation may subscribe to (SPEC section 9). */
export const TOPICS = ['expiry', 'underused', 'credits'] as const;
export type Topic = (typeof TOPICS)[number];

/** The customer id of a subscription that covers every customer. */
export const ALL_CUSTOMERS = '*';

export interface NewSubscription {
  topic: Topic;
  /** A customer id, or ALL_CUSTOMERS. */
  customerId: string;
  /** For listing; ALL_CUSTOMERS has none. */
  customerName?: string;
  /** Where reminders go: the conversation it was made in (same shape as a request's origin). */
  origin: RequestOrigin;
  createdBy: RequestAgent;
  /** The subscriber's language (their turn's), for the reminders, digests and credit notices sent; none: English. */
  locale?: Locale;
}

export interface Subscription extends NewSubscription {
  /** Derived from conversation, topic and customer: one subscription per such triple. */
  id: string;
  /** `<channel>:<conversation id>`: what a conversation's subscriptions are listed and ended by. */
  conversationKey: string;
  createdAt: string;
}

/**
 * Subscriptions of conversations to topics. `add` is idempotent per (conversation, topic, customer): a repeat
 * returns the first subscription with created false. Redis when configured (shared by every instance), memory
 * otherwise; both are held to one contract.
 */
export interface SubscriptionStore {
  add(subscription: NewSubscription, at: Date): Promise<{ created: boolean; subscription: Subscription }>;
  /** The removed subscription, or undefined when there was none. */
  remove(conversationKey: string, topic: Topic, customerId: string): Promise<Subscription | undefined>;
  /** Oldest first. */
  listByConversation(conversationKey: string): Promise<Subscription[]>;
  /** Every subscription to `topic`, oldest first: what the scheduler delivers to. */
  listByTopic(topic: Topic): Promise<Subscription[]>;
  /** Ends every subscription of a conversation (the bot can no longer post there); returns what was ended. */
  removeConversation(conversationKey: string): Promise<Subscription[]>;
}

export function conversationKeyOf(origin: RequestOrigin): string {
  const id = (origin.conversation as { conversation?: { id?: unknown } }).conversation?.id;
  return `${origin.channel}:${typeof id === 'string' ? id : ''}`;
}

export type { ChannelName };
