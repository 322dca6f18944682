import type { CloudAdapter, BotAdapter } from 'botbuilder';
import type { Logger } from '../log';
import type { AuditTrail } from '../ports/audit';
import type { CapLedger } from '../ports/capLedger';
import type { Clock } from '../ports/clock';
import type { CreditFeed } from '../ports/credits';
import type { CreditMetrics, NotificationMetrics } from '../ports/metrics';
import type { ChannelName, RequestStore } from '../ports/requestStore';
import type { RedisClient } from '../store/redis/redisKeys';
import { MemoryCursorStore, MemoryDeliveryLedger, MemoryPollLock, RedisCursorStore, RedisDeliveryLedger, RedisPollLock } from './coordination';
import { CreditSync } from './creditSync';
import { DeliveryWorker } from './deliveryWorker';
import { MemoryNotificationQueue, RedisNotificationQueue, type NotificationQueue } from './notificationQueue';
import type { Provider } from '../ports/provider';
import type { SubscriptionStore } from '../ports/subscriptions';
import { MemoryDigestSchedule, RedisDigestSchedule } from './digestSchedule';
import { creditFanOut, ReminderScheduler, withCreditFanOut } from './reminderScheduler';
import { RedisCreditStore } from './creditStore';
import { RedisAuditTrail } from '../store/redis/auditTrail';
import { RedisCapLedger } from '../store/redis/capLedger';
import { RedisRequestStore } from '../store/redis/requestStore';
import { TOPIC_STREAM, topicDeliveryKind, type TopicNotification } from './topicDelivery';
import { adapterSender, deliveryErrorOfSlack, teamsSender, type ProactiveSender } from './proactiveSenders';

export { CreditSync } from './creditSync';
export { DeliveryWorker } from './deliveryWorker';
export { creditsWebhookRoutes } from './webhook';

export interface CreditNotifications {
  queue: NotificationQueue;
  /** Proactive senders per channel (also used to tell an agent how an interrupted filing ended). */
  senders: Partial<Record<ChannelName, ProactiveSender>>;
  sync: CreditSync;
  worker: DeliveryWorker;
  /** The messages the desk sends first (SPEC section 9): scheduled reminders and digests, and their delivery. */
  topics: { queue: NotificationQueue<TopicNotification>; scheduler: ReminderScheduler; worker: DeliveryWorker<TopicNotification> };
  /** `schedulerIntervalMs`: how often reminders are looked for (each pass reads every subscribed customer's reservations). */
  start(intervalMs: number, schedulerIntervalMs?: number): void;
  stop(): Promise<void>;
}

export interface CreditNotificationDeps {
  redis?: RedisClient;
  prefix: string;
  feed: CreditFeed;
  requests: RequestStore;
  capLedger: CapLedger;
  audit: AuditTrail;
  clock: Clock;
  log: Logger;
  teams?: { adapter: CloudAdapter; appId: string };
  slackAdapter?: BotAdapter;
  playgroundAdapter?: BotAdapter;
  subscriptions: SubscriptionStore;
  /** Its clock drives the reminders; its directory and reservations fill them. */
  provider: Pick<Provider, 'clock' | 'directory' | 'reservations'>;
  metrics?: CreditMetrics & NotificationMetrics;
}

/** Wires credit polling and notification delivery on Redis (several instances) or in memory (one process). */
export function createCreditNotifications(deps: CreditNotificationDeps): CreditNotifications {
  const { redis, prefix } = deps;
  const queue = redis
    ? new RedisNotificationQueue(redis, {
        prefix,
        onLost: (entryIds) =>
          deps.log.error(
            { entryIds },
            'credit-notice: pending notices were trimmed from the stream before delivery; their credits are in /requests and the audit trail',
          ),
      })
    : new MemoryNotificationQueue();
  const senders: Partial<Record<ChannelName, ProactiveSender>> = {};
  if (deps.teams) senders.teams = teamsSender(deps.teams.adapter, deps.teams.appId);
  if (deps.slackAdapter) senders.slack = adapterSender(deps.slackAdapter, deliveryErrorOfSlack);
  if (deps.playgroundAdapter) senders.playground = adapterSender(deps.playgroundAdapter);
  const worker = new DeliveryWorker({
    queue,
    senders,
    requests: deps.requests,
    ledger: redis ? new RedisDeliveryLedger(redis, { prefix }) : new MemoryDeliveryLedger(),
    audit: deps.audit,
    clock: deps.clock,
    log: deps.log,
    metrics: deps.metrics,
  });
  const topicQueue: NotificationQueue<TopicNotification> = redis
    ? new RedisNotificationQueue(redis, {
        prefix,
        stream: TOPIC_STREAM,
        onLost: (entryIds) => deps.log.error({ entryIds }, 'topic-notice: pending reminders were trimmed from the stream before delivery'),
      })
    : new MemoryNotificationQueue<TopicNotification>(Date.now, TOPIC_STREAM.keyOf);
  const topicWorker = new DeliveryWorker<TopicNotification>({
    queue: topicQueue,
    senders,
    kind: topicDeliveryKind({ subscriptions: deps.subscriptions, audit: deps.audit, clock: deps.clock, log: deps.log }),
    ledger: redis ? new RedisDeliveryLedger(redis, { prefix }) : new MemoryDeliveryLedger(),
    audit: deps.audit,
    clock: deps.clock,
    log: deps.log,
  });
  const scheduler = new ReminderScheduler({
    subscriptions: deps.subscriptions,
    provider: deps.provider,
    queue: topicQueue,
    schedule: redis ? new RedisDigestSchedule(redis, { prefix }) : new MemoryDigestSchedule(),
    log: deps.log,
    onEnqueued: () => topicWorker.nudge(),
  });
  const fanOutDeps = { requests: deps.requests, subscriptions: deps.subscriptions, topics: topicQueue, log: deps.log, onEnqueued: () => topicWorker.nudge() };
  // On a standalone Redis each credit is one script (its keys span Cluster slots: a Cluster takes the steps one by one).
  const creditStore =
    redis && !redis.isCluster && queue instanceof RedisNotificationQueue
      ? new RedisCreditStore(redis, {
          requests: new RedisRequestStore(redis, { prefix }),
          capLedger: new RedisCapLedger(redis, { prefix }),
          audit: new RedisAuditTrail(redis, { prefix }),
          queue,
        })
      : undefined;
  const sync = new CreditSync({
    feed: deps.feed,
    requests: deps.requests,
    capLedger: deps.capLedger,
    audit: deps.audit,
    queue: withCreditFanOut(queue, fanOutDeps),
    creditStore,
    afterQueued: creditFanOut(fanOutDeps),
    cursor: redis ? new RedisCursorStore(redis, { prefix }) : new MemoryCursorStore(),
    lock: redis ? new RedisPollLock(redis, { prefix }) : new MemoryPollLock(),
    log: deps.log,
    metrics: deps.metrics,
    onEnqueued: () => worker.nudge(),
  });
  return {
    queue,
    senders,
    sync,
    worker,
    topics: { queue: topicQueue, scheduler, worker: topicWorker },
    start(intervalMs, schedulerIntervalMs = intervalMs) {
      sync.start(intervalMs);
      worker.start(intervalMs);
      scheduler.start(schedulerIntervalMs);
      topicWorker.start(intervalMs);
    },
    async stop() {
      await sync.stop();
      await scheduler.stop();
      await worker.stop();
      await topicWorker.stop();
    },
  };
}
