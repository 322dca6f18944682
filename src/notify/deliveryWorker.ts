import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { mapLimitSettled } from '../concurrency';
import { PeriodicPass } from '../periodicPass';
import type { Logger } from '../log';
import type { AuditTrail } from '../ports/audit';
import type { Clock } from '../ports/clock';
import type { NotificationMetrics } from '../ports/metrics';
import type { ChannelName, RequestRecord, RequestStore } from '../ports/requestStore';
import type { Activity } from 'botbuilder';
import type { DeliveryLedger } from './coordination';
import { creditNoticeActivity } from './creditNotice';
import type { CreditNotification, NotificationQueue, QueueEntry } from './notificationQueue';
import { DeliveryError, type ProactiveSender } from './proactiveSenders';

/** One message to post: where, what, and the id of its delivery claim (what is posted at most once). */
export interface DeliveryTarget {
  key: string;
  channel: ChannelName;
  conversation: Record<string, unknown>;
  activity: Partial<Activity>;
  /** Ids for the log and the audit trail. */
  customerId?: string;
  requestId?: string;
}

/** What a queue's notifications are: how each becomes a message, and what a conversation that refuses it means. */
export interface DeliveryKind<T> {
  /** Names the kind in log lines, e.g. credit-notice. */
  label: string;
  /** Undefined: nothing to post any more (the entry is acked and dropped). */
  target(notification: T): Promise<DeliveryTarget | undefined>;
  /** The same for a whole pass at once, when the kind can read it in one go (credit notices: their requests). */
  targets?(notifications: T[]): Promise<Array<DeliveryTarget | undefined>>;
  /** The channel refused for good (403, 404, 400): report it; the entry is then acked, never retried. */
  unreachable(target: DeliveryTarget, err: DeliveryError, notification: T): Promise<void>;
}

export interface DeliveryWorkerOptions<T = CreditNotification> {
  queue: NotificationQueue<T>;
  senders: Partial<Record<ChannelName, ProactiveSender>>;
  /** The credit notices' requests, for the default kind. */
  requests?: RequestStore;
  /** Default: credit notices, posted where their request was filed from. */
  kind?: DeliveryKind<T>;
  ledger: DeliveryLedger;
  audit: AuditTrail;
  clock: Clock;
  log: Logger;
  /** This worker's consumer name in the stream's group; default host:pid:random. */
  consumer?: string;
  /** Injectable so tests never wait. */
  sleep?: (ms: number) => Promise<void>;
  /** Sends tried per entry per pass when the channel answers 429 (then the entry stays pending for later). */
  maxAttempts?: number;
  /** First backoff when a 429 names no Retry-After; doubles each attempt. */
  backoffMs?: number;
  /** Longest single wait, whatever Retry-After says. */
  maxWaitMs?: number;
  /** An entry pending this long belongs to a consumer presumed dead and is claimed. */
  claimIdleMs?: number;
  batchSize?: number;
  /** Told each entry's result, and for a posted notice how long it waited (src/ports/metrics.ts). */
  metrics?: NotificationMetrics;
  /** Entries of a batch delivered side by side (each has its own delivery lease, so none is sent twice). */
  concurrency?: number;
}

/** `held`: not tried, because an earlier entry of its conversation was not delivered in this pass (kept pending). */
export type DeliveryResult = 'sent' | 'duplicate' | 'busy' | 'unreachable' | 'retry-later' | 'dropped' | 'held';

/** Results after which later entries of the same conversation must wait (posting them would overtake this one). */
const BLOCKS_CONVERSATION: ReadonlySet<DeliveryResult> = new Set(['busy', 'retry-later']);

/**
 * Which conversation a message lands in, so two messages for one conversation are never posted side by side:
 * a Teams reference's conversation id, a Slack channel and thread, else the whole reference.
 */
export function conversationKey(target: Pick<DeliveryTarget, 'channel' | 'conversation'>): string {
  const { conversation } = target;
  const inner = conversation.conversation as { id?: unknown } | undefined;
  if (inner && typeof inner.id === 'string') return `${target.channel}:${inner.id}`;
  if (typeof conversation.channelId === 'string') return `${target.channel}:${conversation.channelId}:${String(conversation.threadTs ?? '')}`;
  return `${target.channel}:${JSON.stringify(conversation)}`;
}

/**
 * Answers that will not change by trying again: the bot may no longer post there (403), the conversation is
 * gone (404), or the channel refuses the message itself (400). They are reported and not retried.
 */
const PERMANENT_STATUSES: ReadonlySet<number> = new Set([400, 403, 404]);

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Reads credit notifications from the queue and posts the credit-notice card in the conversation each request was
 * filed from. A per-request delivery claim makes a redelivered entry (a crash after sending, a claimed entry)
 * post nothing twice; 429 waits Retry-After (or backs off) and tries again; 403, 404 and 400 mark the conversation
 * unreachable (audit + log) and are acked, never retried; other failures stay pending and are retried later.
 */
export class DeliveryWorker<T = CreditNotification> {
  readonly consumer: string;
  private readonly kind: DeliveryKind<T>;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly maxWaitMs: number;
  private readonly claimIdleMs: number;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly periodic: PeriodicPass;

  constructor(private readonly options: DeliveryWorkerOptions<T>) {
    this.kind = options.kind ?? (creditNoticeKind(options) as unknown as DeliveryKind<T>);
    this.periodic = new PeriodicPass(
      async (going) => {
        while (going() && (await this.runOnce()).length > 0);
      },
      options.log,
      `${this.kind.label}: delivery pass failed`,
    );
    this.consumer = options.consumer ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.sleep = options.sleep ?? realSleep;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.backoffMs = options.backoffMs ?? 1000;
    this.maxWaitMs = options.maxWaitMs ?? 60_000;
    this.claimIdleMs = options.claimIdleMs ?? 5 * 60_000;
    this.batchSize = options.batchSize ?? 100;
    this.concurrency = options.concurrency ?? 32;
  }

  /** One pass: entries a dead consumer left pending, then new ones. Returns what happened to each. */
  async runOnce(): Promise<DeliveryResult[]> {
    const { queue } = this.options;
    const entries = [...(await queue.claimStale(this.consumer, this.claimIdleMs, this.batchSize)), ...(await queue.readNew(this.consumer, this.batchSize))];
    const targets = this.kind.targets
      ? await this.kind.targets(entries.map((entry) => entry.notification))
      : await mapLimitSettled(entries, this.concurrency, (entry) => this.kind.target(entry.notification));
    // Conversations side by side, each one's entries one after another in stream order (stale ones are older).
    const groups = new Map<string, number[]>();
    entries.forEach((entry, index) => {
      const target = targets[index];
      const key = target ? conversationKey(target) : `none:${entry.entryId}`;
      const group = groups.get(key);
      if (group) group.push(index);
      else groups.set(key, [index]);
    });
    const results: DeliveryResult[] = new Array(entries.length);
    await mapLimitSettled([...groups.values()], this.concurrency, async (group) => {
      let blocked = false;
      for (const index of group) {
        const entry = entries[index];
        // Left pending: claimed again once idle, still behind the entry that blocked it.
        const result = blocked ? 'held' : await this.deliver(entry, targets[index]);
        blocked ||= BLOCKS_CONVERSATION.has(result);
        this.options.metrics?.noticeHandled(result, result === 'sent' ? (this.options.clock.now().getTime() - entry.enqueuedAtMs) / 1000 : undefined);
        results[index] = result;
      }
    });
    return results;
  }

  /** Delivers one entry; `target` when the caller already resolved it. */
  async deliver(entry: QueueEntry<T>, resolved?: DeliveryTarget): Promise<DeliveryResult> {
    const { queue, ledger, log } = this.options;
    const { label } = this.kind;
    const target = resolved ?? (await this.kind.target(entry.notification));
    const sender = target ? this.options.senders[target.channel] : undefined;
    if (!target || !sender) {
      log.warn({ entryId: entry.entryId, channel: target?.channel }, `${label}: nothing to post or no sender for its channel; dropped`);
      await queue.ack(entry.entryId);
      return 'dropped';
    }
    const ids = { requestId: target.requestId, customerId: target.customerId, channel: target.channel };
    // A lease a little longer than the longest this send may take (all waits included).
    const start = await ledger.begin(target.key, this.maxAttempts * this.maxWaitMs + 60_000);
    if (start === 'sent') {
      await queue.ack(entry.entryId);
      return 'duplicate';
    }
    if (start === 'busy') return 'busy';

    for (let attempt = 1; ; attempt++) {
      let failure: unknown;
      try {
        await sender.send(target.conversation, target.activity);
      } catch (err) {
        failure = err;
      }
      if (failure === undefined) {
        // Sent. Recording it is kept apart from the send: a failure to record must never post the notice again.
        await this.settle(target.key, entry.entryId);
        log.info({ ...ids, attempt }, `${label}: sent`);
        return 'sent';
      }
      const status = failure instanceof DeliveryError ? failure.status : undefined;
      if (status !== undefined && PERMANENT_STATUSES.has(status)) {
        log.warn({ ...ids, status, err: (failure as DeliveryError).message }, `${label}: conversation unreachable; not retried`);
        await this.kind.unreachable(target, failure as DeliveryError, entry.notification);
        await this.settle(target.key, entry.entryId);
        return 'unreachable';
      }
      if (status === 429 && attempt < this.maxAttempts) {
        const backoff = this.backoffMs * 2 ** (attempt - 1);
        await this.sleep(Math.min(this.maxWaitMs, Math.max((failure as DeliveryError).retryAfterMs ?? 0, backoff)));
        continue;
      }
      // Still limited, or a failure that may pass (5xx, network, auth being fixed): the entry stays pending and is
      // claimed again after claimIdleMs.
      log.warn({ ...ids, status, attempt, err: failure instanceof Error ? failure.message : String(failure) }, `${label}: send failed; will retry later`);
      await ledger.abandon(target.key);
      return 'retry-later';
    }
  }

  /** Records a finished delivery (sent, or given up) and acks its entry, retrying briefly: it must not be lost. */
  private async settle(key: string, entryId: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        // Side by side: the notice is out already, and whichever lands alone, nothing sends it again (acked: never
        // redelivered; finished: a redelivery finds it sent).
        await Promise.all([this.options.ledger.finish(key), this.options.queue.ack(entryId)]);
        return;
      } catch (err) {
        if (attempt >= 3) throw err;
        await this.sleep(200 * attempt);
      }
    }
  }

  start(intervalMs: number): void {
    this.periodic.start(intervalMs);
  }

  /**
   * Runs passes now unless one is running, until a pass finds nothing to deliver: a burst of credits drains at once
   * instead of one batch per tick. Entries left pending (busy, retry later) are not read again by the next pass (only
   * claimed once idle), so this ends.
   */
  nudge(): void {
    this.periodic.nudge();
  }

  /** Resolves when the passes running now have drained the queue (tests). */
  async idle(): Promise<void> {
    await this.periodic.idle();
  }

  async stop(): Promise<void> {
    await this.periodic.stop();
  }
}

function targetOf(record: RequestRecord, notification: CreditNotification): DeliveryTarget {
  return {
    key: record.id,
    channel: record.origin.channel,
    conversation: record.origin.conversation,
    activity: creditNoticeActivity(record, notification),
    customerId: record.customerId,
    requestId: record.id,
  };
}

/** Credit notices: posted where their request was filed from; a refusal is audited (SPEC section 5). */
export function creditNoticeKind(options: Pick<DeliveryWorkerOptions, 'requests' | 'audit' | 'clock'>): DeliveryKind<CreditNotification> {
  return {
    label: 'credit-notice',
    async target(notification) {
      const record = options.requests ? await options.requests.get(notification.requestId) : undefined;
      return record && targetOf(record, notification);
    },
    async targets(notifications) {
      if (!options.requests || notifications.length === 0) return notifications.map(() => undefined);
      const records = await options.requests.getMany(notifications.map((n) => n.requestId));
      return records.map((record, i) => record && targetOf(record, notifications[i]));
    },
    async unreachable(target, err) {
      await options.audit.record({
        at: options.clock.now().toISOString(),
        type: 'notification-undeliverable',
        actor: { chatUserId: 'system:credit-delivery' },
        customerId: target.customerId,
        requestId: target.requestId,
        detail: { channel: target.channel, status: err.status, reason: err.message.slice(0, 200) },
      });
    },
  };
}
