import type { Activity } from 'botbuilder';
import type { AuditTrail } from '../ports/audit';
import type { Clock } from '../ports/clock';
import type { ChannelName } from '../ports/requestStore';
import type { SubscriptionStore, Topic } from '../ports/subscriptions';
import type { Logger } from '../log';
import type { DeliveryKind } from './deliveryWorker';
import type { StreamSpec } from './notificationQueue';

/** One reminder or digest for one conversation and period, rendered when it was scheduled. */
export interface TopicNotification {
  /** `<topic>:<conversation>:<what>:<period>`: the same reminder is enqueued and posted once. */
  key: string;
  topic: Topic;
  conversationKey: string;
  channel: ChannelName;
  conversation: Record<string, unknown>;
  activity: Partial<Activity>;
  /** The subscriptions it is for: when none is left at delivery time (unsubscribed), nothing is posted. */
  subscriptionIds: string[];
  customerIds: string[];
}

export const TOPIC_STREAM: StreamSpec<TopicNotification> = { name: 'topics', group: 'topic-delivery', keyOf: (n) => n.key };

/**
 * Topic notifications on the shared delivery worker: posted in the subscribed conversation while a subscription
 * for it stands; a conversation that refuses for good (403/404/400) loses its subscriptions, which is audited
 * and logged, as a refused credit notice is.
 */
export function topicDeliveryKind(deps: { subscriptions: SubscriptionStore; audit: AuditTrail; clock: Clock; log: Logger }): DeliveryKind<TopicNotification> {
  return {
    label: 'topic-notice',
    async target(notification) {
      const standing = new Set((await deps.subscriptions.listByConversation(notification.conversationKey)).map((s) => s.id));
      if (!notification.subscriptionIds.some((id) => standing.has(id))) {
        deps.log.info({ key: notification.key, topic: notification.topic }, 'topic-notice: unsubscribed since it was scheduled; not posted');
        return undefined;
      }
      return {
        key: `topic:${notification.key}`,
        channel: notification.channel,
        conversation: notification.conversation,
        activity: notification.activity,
        customerId: notification.customerIds.length === 1 ? notification.customerIds[0] : undefined,
      };
    },
    async unreachable(_target, err, notification) {
      const ended = await deps.subscriptions.removeConversation(notification.conversationKey);
      deps.log.warn(
        { topic: notification.topic, channel: notification.channel, status: err.status, ended: ended.length },
        'topic-notice: the bot can no longer post there; its subscriptions ended',
      );
      await deps.audit.record({
        at: deps.clock.now().toISOString(),
        type: 'notification-undeliverable',
        actor: { chatUserId: 'system:topic-delivery' },
        detail: {
          channel: notification.channel,
          topic: notification.topic,
          status: err.status,
          reason: err.message.slice(0, 200),
          subscriptionsEnded: ended.length,
        },
      });
    },
  };
}
