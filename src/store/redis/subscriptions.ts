import type { NewSubscription, Subscription, SubscriptionStore, Topic } from '../../ports/subscriptions';
import type { RedisClient } from './redisKeys';
import { assertKeyPrefix } from '../validation';
import { assertCustomer, assertTopic, newSubscriptionRecord, oldestSubscriptionFirst, subscriptionId } from '../subscriptionRecords';

/**
 * Subscriptions on Redis: one hash `<prefix>{subs}:all`, id → the subscription as JSON. Conversations subscribe a
 * handful of times each, so the whole set is read at once; HSETNX makes add idempotent across instances.
 */
export class RedisSubscriptionStore implements SubscriptionStore {
  private readonly key: string;

  constructor(
    private readonly redis: RedisClient,
    options: { prefix: string },
  ) {
    assertKeyPrefix(options.prefix);
    this.key = `${options.prefix}{subs}:all`;
  }

  async add(input: NewSubscription, at: Date): Promise<{ created: boolean; subscription: Subscription }> {
    const record = newSubscriptionRecord(input, at);
    if ((await this.redis.hsetnx(this.key, record.id, JSON.stringify(record))) === 1) return { created: true, subscription: record };
    const first = await this.redis.hget(this.key, record.id);
    return first === null ? this.add(input, at) : { created: false, subscription: JSON.parse(first) as Subscription };
  }

  async remove(conversationKey: string, topic: Topic, customerId: string): Promise<Subscription | undefined> {
    assertTopic(topic);
    assertCustomer(customerId);
    const id = subscriptionId(conversationKey, topic, customerId);
    const json = await this.redis.hget(this.key, id);
    if (json === null) return undefined;
    // Only the caller whose HDEL removed it reports it removed.
    return (await this.redis.hdel(this.key, id)) === 1 ? (JSON.parse(json) as Subscription) : undefined;
  }

  async listByConversation(conversationKey: string): Promise<Subscription[]> {
    return (await this.all()).filter((s) => s.conversationKey === conversationKey);
  }

  async listByTopic(topic: Topic): Promise<Subscription[]> {
    assertTopic(topic);
    return (await this.all()).filter((s) => s.topic === topic);
  }

  async removeConversation(conversationKey: string): Promise<Subscription[]> {
    const ended: Subscription[] = [];
    for (const s of await this.listByConversation(conversationKey)) {
      if ((await this.redis.hdel(this.key, s.id)) === 1) ended.push(s);
    }
    return ended;
  }

  private async all(): Promise<Subscription[]> {
    return Object.values(await this.redis.hgetall(this.key))
      .map((json) => JSON.parse(json) as Subscription)
      .sort(oldestSubscriptionFirst);
  }
}
