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
  start(intervalMs: number): void;
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
  metrics?: CreditMetrics & NotificationMetrics;
}

/** Wires credit polling and notification delivery on Redis (several instances) or in memory (one process). */
export function createCreditNotifications(deps: CreditNotificationDeps): CreditNotifications {
  const { redis, prefix } = deps;
  const queue = redis
    ? new RedisNotificationQueue(redis, { prefix, onLost: (entryIds) => deps.log.error({ entryIds }, 'credit-notice: pending notices were trimmed from the stream before delivery; their credits are in /requests and the audit trail') })
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
  const sync = new CreditSync({
    feed: deps.feed,
    requests: deps.requests,
    capLedger: deps.capLedger,
    audit: deps.audit,
    queue,
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
    start(intervalMs) {
      sync.start(intervalMs);
      worker.start(intervalMs);
    },
    async stop() {
      await sync.stop();
      await worker.stop();
    },
  };
}
