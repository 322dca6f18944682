import type { NewSubscription, Subscription, SubscriptionStore, Topic } from '../../ports/subscriptions';
import { assertCustomer, assertTopic, newSubscriptionRecord, oldestSubscriptionFirst, subscriptionId } from '../subscriptionRecords';

/** Subscriptions in process memory (no REDIS_URL), kept as JSON text like the Redis twin's. */
export class MemorySubscriptionStore implements SubscriptionStore {
  private readonly byId = new Map<string, string>();

  async add(input: NewSubscription, at: Date): Promise<{ created: boolean; subscription: Subscription }> {
    const record = newSubscriptionRecord(input, at);
    const first = this.byId.get(record.id);
    if (first !== undefined) return { created: false, subscription: JSON.parse(first) as Subscription };
    this.byId.set(record.id, JSON.stringify(record));
    return { created: true, subscription: record };
  }

  async remove(conversationKey: string, topic: Topic, customerId: string): Promise<Subscription | undefined> {
    assertTopic(topic);
    assertCustomer(customerId);
    const id = subscriptionId(conversationKey, topic, customerId);
    const json = this.byId.get(id);
    this.byId.delete(id);
    return json === undefined ? undefined : (JSON.parse(json) as Subscription);
  }

  async listByConversation(conversationKey: string): Promise<Subscription[]> {
    return this.all().filter((s) => s.conversationKey === conversationKey);
  }

  async listByTopic(topic: Topic): Promise<Subscription[]> {
    assertTopic(topic);
    return this.all().filter((s) => s.topic === topic);
  }

  async removeConversation(conversationKey: string): Promise<Subscription[]> {
    const ended = await this.listByConversation(conversationKey);
    for (const s of ended) this.byId.delete(s.id);
    return ended;
  }

  private all(): Subscription[] {
    return [...this.byId.values()].map((json) => JSON.parse(json) as Subscription).sort(oldestSubscriptionFirst);
  }
}
