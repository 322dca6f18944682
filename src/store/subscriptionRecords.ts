import { createHash } from 'node:crypto';
import { InvalidInputError } from '../errors';
import { ALL_CUSTOMERS, conversationKeyOf, TOPICS, type NewSubscription, type Subscription, type Topic } from '../ports/subscriptions';
import { assertId, assertInstant } from './validation';
import { isLocale } from '../i18n/locale';

/** Rules both subscription stores share: the id, the record, what is valid. */

export function subscriptionId(conversationKey: string, topic: Topic, customerId: string): string {
  return createHash('sha256').update(`${conversationKey}\n${topic}\n${customerId}`).digest('hex').slice(0, 32);
}

export function assertTopic(topic: unknown): asserts topic is Topic {
  if (!(TOPICS as readonly unknown[]).includes(topic)) throw new InvalidInputError(`topic must be one of ${TOPICS.join(', ')}`, { topic: String(topic) });
}

export function assertCustomer(customerId: unknown): asserts customerId is string {
  if (customerId !== ALL_CUSTOMERS) assertId(customerId, 'customerId');
}

export function newSubscriptionRecord(input: NewSubscription, at: Date): Subscription {
  assertTopic(input.topic);
  assertCustomer(input.customerId);
  assertInstant(at, 'at');
  const conversationKey = conversationKeyOf(input.origin);
  if (conversationKey.endsWith(':')) throw new InvalidInputError('a subscription needs the conversation it was made in', { channel: input.origin.channel });
  assertId(input.createdBy.partnerUserId, 'createdBy.partnerUserId');
  return {
    id: subscriptionId(conversationKey, input.topic, input.customerId),
    conversationKey,
    topic: input.topic,
    customerId: input.customerId,
    ...(input.customerName !== undefined ? { customerName: input.customerName } : {}),
    origin: { channel: input.origin.channel, conversation: JSON.parse(JSON.stringify(input.origin.conversation)) as Record<string, unknown> },
    createdBy: { partnerUserId: input.createdBy.partnerUserId, chatUserId: input.createdBy.chatUserId },
    ...(isLocale(input.locale) ? { locale: input.locale } : {}),
    createdAt: at.toISOString(),
  };
}

export function oldestSubscriptionFirst(a: Subscription, b: Subscription): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
