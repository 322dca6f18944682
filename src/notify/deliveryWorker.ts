import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { mapLimitSettled } from '../concurrency';
import type { Logger } from '../log';
import type { AuditTrail } from '../ports/audit';
import type { Clock } from '../ports/clock';
import type { NotificationMetrics } from '../ports/metrics';
import type { ChannelName, RequestStore } from '../ports/requestStore';
import type { DeliveryLedger } from './coordination';
import { creditNoticeActivity } from './creditNotice';
import type { NotificationQueue, QueueEntry } from './notificationQueue';
import { DeliveryError, type ProactiveSender } from './proactiveSenders';

export interface DeliveryWorkerOptions {
  queue: NotificationQueue;
  senders: Partial<Record<ChannelName, ProactiveSender>>;
  requests: RequestStore;
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

export type DeliveryResult = 'sent' | 'duplicate' | 'busy' | 'unreachable' | 'retry-later' | 'dropped';

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
export class DeliveryWorker {
  readonly consumer: string;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly maxWaitMs: number;
  private readonly claimIdleMs: number;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;

  constructor(private readonly options: DeliveryWorkerOptions) {
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
    return mapLimitSettled(entries, this.concurrency, async (entry) => {
      const result = await this.deliver(entry);
      this.options.metrics?.noticeHandled(result, result === 'sent' ? (this.options.clock.now().getTime() - entry.enqueuedAtMs) / 1000 : undefined);
      return result;
    });
  }

  async deliver(entry: QueueEntry): Promise<DeliveryResult> {
    const { queue, requests, ledger, log } = this.options;
    const { notification } = entry;
    const record = await requests.get(notification.requestId);
    const sender = record ? this.options.senders[record.origin.channel] : undefined;
    if (!record || !sender) {
      log.error({ requestId: notification.requestId, channel: record?.origin.channel }, 'credit-notice: no request or no sender for its channel; dropped');
      await queue.ack(entry.entryId);
      return 'dropped';
    }
    // A lease a little longer than the longest this send may take (all waits included).
    const start = await ledger.begin(record.id, this.maxAttempts * this.maxWaitMs + 60_000);
    if (start === 'sent') {
      await queue.ack(entry.entryId);
      return 'duplicate';
    }
    if (start === 'busy') return 'busy';

    const activity = creditNoticeActivity(record, notification);
    for (let attempt = 1; ; attempt++) {
      let failure: unknown;
      try {
        await sender.send(record.origin.conversation, activity);
      } catch (err) {
        failure = err;
      }
      if (failure === undefined) {
        // Sent. Recording it is kept apart from the send: a failure to record must never post the notice again.
        await this.settle(record.id, entry.entryId);
        log.info({ requestId: record.id, channel: record.origin.channel, attempt }, 'credit-notice: sent');
        return 'sent';
      }
      const status = failure instanceof DeliveryError ? failure.status : undefined;
      if (status !== undefined && PERMANENT_STATUSES.has(status)) {
        await this.markUnreachable(record.id, record.customerId, record.origin.channel, failure as DeliveryError);
        await this.settle(record.id, entry.entryId);
        return 'unreachable';
      }
      if (status === 429 && attempt < this.maxAttempts) {
        const backoff = this.backoffMs * 2 ** (attempt - 1);
        await this.sleep(Math.min(this.maxWaitMs, Math.max((failure as DeliveryError).retryAfterMs ?? 0, backoff)));
        continue;
      }
      // Still limited, or a failure that may pass (5xx, network, auth being fixed): the entry stays pending and is
      // claimed again after claimIdleMs.
      log.warn({ requestId: record.id, channel: record.origin.channel, status, attempt, err: failure instanceof Error ? failure.message : String(failure) }, 'credit-notice: send failed; will retry later');
      await ledger.abandon(record.id);
      return 'retry-later';
    }
  }

  /** Records a finished delivery (sent, or given up) and acks its entry, retrying briefly: it must not be lost. */
  private async settle(requestId: string, entryId: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        // Side by side: the notice is out already, and whichever lands alone, nothing sends it again (acked: never
        // redelivered; finished: a redelivery finds it sent).
        await Promise.all([this.options.ledger.finish(requestId), this.options.queue.ack(entryId)]);
        return;
      } catch (err) {
        if (attempt >= 3) throw err;
        await this.sleep(200 * attempt);
      }
    }
  }

  private async markUnreachable(requestId: string, customerId: string, channel: ChannelName, err: DeliveryError): Promise<void> {
    this.options.log.warn({ requestId, channel, status: err.status, err: err.message }, 'credit-notice: conversation unreachable; not retried');
    await this.options.audit.record({
      at: this.options.clock.now().toISOString(),
      type: 'notification-undeliverable',
      actor: { chatUserId: 'system:credit-delivery' },
      customerId,
      requestId,
      detail: { channel, status: err.status, reason: err.message.slice(0, 200) },
    });
  }

  start(intervalMs: number): void {
    if (this.timer) return;
    this.stopped = false;
    this.timer = setInterval(() => this.nudge(), intervalMs);
    this.timer.unref();
    this.nudge();
  }

  /**
   * Runs passes now unless one is running, until a pass finds nothing to deliver: a burst of credits drains at once
   * instead of one batch per tick. Entries left pending (busy, retry later) are not read again by the next pass (only
   * claimed once idle), so this ends.
   */
  nudge(): void {
    if (this.stopped || this.running) return;
    this.running = (async () => {
      while (!this.stopped && (await this.runOnce()).length > 0);
    })()
      .catch((err: unknown) => this.options.log.error({ err: err instanceof Error ? err.message : String(err) }, 'credit-notice: delivery pass failed'))
      .finally(() => {
        this.running = undefined;
      });
  }

  /** Resolves when the passes running now have drained the queue (tests). */
  async idle(): Promise<void> {
    await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
