import { mapLimitSettled } from '../concurrency';
import { Decimal, parseMoney } from '../domain/money';
import { IllegalTransitionError } from '../errors';
import type { Logger } from '../log';
import { PeriodicPass } from '../periodicPass';
import type { AuditEvent, AuditTrail } from '../ports/audit';
import type { CapLedger } from '../ports/capLedger';
import type { CreditEvent, CreditFeed, SettlementFailure } from '../ports/credits';
import type { RequestRecord, RequestStore } from '../ports/requestStore';
import { systemClock, type Clock } from '../ports/clock';
import type { CreditMetrics } from '../ports/metrics';
import type { CursorStore, PollLock } from './coordination';
import type { CreditNotification, NotificationQueue } from './notificationQueue';
import type { CreditStore } from './creditStore';
import { usdAtQuoteRate } from '../services/azureSettlement';

export type CreditOutcome =
  | { kind: 'credited'; record: RequestRecord; notified: boolean }
  | { kind: 'already-credited'; record: RequestRecord; notified: boolean }
  | { kind: 'unknown-ticket' }
  | { kind: 'not-creditable'; record: RequestRecord }
  /** The credit does not fit its request (currency, amount or time): nothing was changed. */
  | { kind: 'implausible'; record: RequestRecord; reason: string };

/**
 * Why a credit cannot be the one its request expects, or undefined when it can: the same currency as the quote,
 * an amount in that currency's minor units and not above what was requested, and not before the filing.
 * A credit that fails this changes nothing (one forged or garbled credit must not fill a customer's cap).
 */
export function implausibleCredit(record: RequestRecord, credit: Pick<CreditEvent, 'amount' | 'currency' | 'creditedAt'>): string | undefined {
  const quote = record.quote;
  if (credit.currency !== quote.currency) return `currency ${credit.currency} is not the request's ${quote.currency}`;
  const amount = parseMoney(credit.amount, quote.currency);
  if (!amount) return `amount ${String(credit.amount).slice(0, 40)} is not an amount in ${quote.currency}`;
  // A return Azure made itself refunds what Azure stated and the agent confirmed (it may differ from our quote).
  const azure =
    record.settleVia === 'azure-return' && record.confirmedAzureRefund?.currency === quote.currency ? record.confirmedAzureRefund.amount : undefined;
  const requested = azure ?? (quote.kind === 'refund' ? quote.refund : quote.credit);
  if (requested !== undefined && amount.greaterThan(new Decimal(requested))) return `amount ${credit.amount} is above the ${requested} requested`;
  // The request's creation, not filedAt: a retried filing stamps filedAt after Microsoft already had the ticket.
  if (credit.creditedAt.getTime() < Date.parse(record.createdAt)) return 'credited before the request was made';
  return undefined;
}

export interface CreditSyncDeps {
  feed: CreditFeed;
  requests: RequestStore;
  capLedger: CapLedger;
  audit: AuditTrail;
  queue: NotificationQueue;
  cursor: CursorStore;
  lock: PollLock;
  log: Logger;
  /** Called after a credit queued a notice, so the delivery worker need not wait for its next tick. */
  onEnqueued?: () => void;
  /** Real time for audit events (the provider's clock is business time); the system clock by default. */
  wallClock?: Clock;
  /** Told of each credit applied or not applied (src/ports/metrics.ts). */
  metrics?: CreditMetrics;
  /**
   * The same stores' steps joined (Redis: a poll's requests read together, each credit one script), when the store
   * can; without it every step goes to its own port.
   */
  creditStore?: CreditStore;
  /** After the credit store queued a notice: what the queue's wrapper does on enqueue (the `credits` topic's fan-out). */
  afterQueued?: (record: RequestRecord, notification: CreditNotification) => Promise<void>;
}

/** Requests read per round trip when a poll's credits are read together. */
const READ_BATCH = 500;

/** Credits applied side by side in one poll (each is a handful of Redis round trips). */
const APPLY_CONCURRENCY = 32;

function groupByTicket(credits: CreditEvent[]): Map<string, CreditEvent[]> {
  const groups = new Map<string, CreditEvent[]>();
  for (const credit of credits) {
    const group = groups.get(credit.ticketId);
    if (group) group.push(credit);
    else groups.set(credit.ticketId, [credit]);
  }
  return groups;
}

/** A poll holds the lock at most this long: a crashed poller's instance is replaced within it. */
export const POLL_LOCK_TTL_MS = 60_000;

/**
 * The USD amount a credit uses of the cap: the quoted refundUsd when Microsoft credited exactly the quoted refund,
 * otherwise the credited amount at the quote's own rate (refundUsd / refund), rounded to cents.
 */
export function creditedUsd(record: RequestRecord, creditedAmount: Decimal): Decimal {
  const quote = record.quote;
  if (quote.kind !== 'refund' || quote.refund === undefined || quote.refundUsd === undefined) return new Decimal(record.capUsd);
  return usdAtQuoteRate(quote, creditedAmount);
}

/**
 * Turns credits (from the provider's feed or the signed webhook) into `credited` requests, cap-ledger credits, an
 * audit event and exactly one queued notification each. Every step is idempotent, so a credit seen again (the feed
 * repeats it, a crash happened midway, two instances race) finishes what is missing and duplicates nothing.
 */
export class CreditSync {
  private readonly periodic: PeriodicPass;

  constructor(private readonly deps: CreditSyncDeps) {
    this.periodic = new PeriodicPass(() => this.runOnce(), deps.log, 'credit-sync: poll failed');
  }

  private auditNow(): string {
    return (this.deps.wallClock ?? systemClock).now().toISOString();
  }

  /**
   * Applies one credit. The request's state decides: filed → credited; credited → only what is missing.
   * `read`: the ticket's request as a batch read found it (absent: read here).
   */
  async applyCredit(credit: CreditEvent, read?: { record: RequestRecord | undefined }): Promise<CreditOutcome> {
    const outcome = await this.applyOnce(credit, read);
    if (outcome.kind === 'credited') this.deps.metrics?.creditApplied(outcome.record.kind);
    else if (outcome.kind !== 'already-credited') this.deps.metrics?.creditNotApplied(outcome.kind);
    return outcome;
  }

  private async applyOnce(credit: CreditEvent, read?: { record: RequestRecord | undefined }): Promise<CreditOutcome> {
    const { requests, capLedger, audit, queue } = this.deps;
    let found = read ? read.record : await requests.getByTicket(credit.ticketId);
    if (!found) return { kind: 'unknown-ticket' };
    if (found.state !== 'filed' && found.state !== 'credited') return { kind: 'not-creditable', record: found };
    const implausible = found.state === 'filed' ? implausibleCredit(found, credit) : undefined;
    if (implausible) {
      // Kept for a person to review, whether it came from the poller or the webhook.
      await audit.record({
        at: this.auditNow(),
        type: 'credit-refused',
        actor: { chatUserId: 'system:credit-sync' },
        customerId: found.customerId,
        reservationId: found.reservationId,
        requestId: found.id,
        detail: { ticketId: credit.ticketId, creditId: credit.creditId, reason: implausible.slice(0, 200) },
      });
      return { kind: 'implausible', record: found, reason: implausible };
    }

    if (found.state === 'filed' && this.deps.creditStore) {
      const joined = await this.creditJoined(found, credit);
      if (joined) return joined;
      // The record moved since it was read: read again and take the steps one by one.
      found = await requests.get(found.id);
      if (!found) return { kind: 'unknown-ticket' };
      if (found.state !== 'filed' && found.state !== 'credited') return { kind: 'not-creditable', record: found };
    }

    const amount = new Decimal(found.state === 'credited' && found.creditedAmount ? found.creditedAmount : credit.amount);
    // The ledger first: it is idempotent for the same amount, and a crash after it leaves the request filed, to be retried.
    if (found.kind === 'refund') await capLedger.credit(found.customerId, found.id, creditedUsd(found, amount), credit.creditedAt);

    let record = found;
    let won = false;
    if (found.state === 'filed') {
      try {
        record = await requests.transition(
          found.id,
          'credited',
          { creditedAmount: credit.amount, creditedAt: credit.creditedAt.toISOString() },
          credit.creditedAt,
        );
        won = true;
      } catch (err) {
        if (!(err instanceof IllegalTransitionError)) throw err;
        record = (await requests.get(found.id)) ?? found;
        if (record.state !== 'credited') return { kind: 'not-creditable', record };
      }
    }
    if (won) await audit.record(this.creditedEvent(record, credit));
    const notified = await queue.enqueue(this.noticeOf(record, credit));
    if (notified) this.deps.onEnqueued?.();
    return { kind: won ? 'credited' : 'already-credited', record, notified };
  }

  /** A filed request credited through the credit store, in one step; undefined when the record moved since it was read. */
  private async creditJoined(found: RequestRecord, credit: CreditEvent): Promise<CreditOutcome | undefined> {
    const store = this.deps.creditStore!;
    const capUsd = found.kind === 'refund' ? creditedUsd(found, new Decimal(credit.amount)) : undefined;
    const done = await store.credit(
      found,
      { creditedAmount: credit.amount, creditedAt: credit.creditedAt.toISOString() },
      credit.creditedAt,
      capUsd,
      (record) => this.creditedEvent(record, credit),
      (record) => this.noticeOf(record, credit),
    );
    if (done === 'stale') return undefined;
    await this.deps.afterQueued?.(done.record, this.noticeOf(done.record, credit));
    if (done.notified) this.deps.onEnqueued?.();
    return { kind: 'credited', record: done.record, notified: done.notified };
  }

  private creditedEvent(record: RequestRecord, credit: CreditEvent): AuditEvent {
    return {
      at: this.auditNow(),
      type: 'credited',
      actor: { chatUserId: 'system:credit-sync' },
      customerId: record.customerId,
      reservationId: record.reservationId,
      requestId: record.id,
      currency: credit.currency,
      amounts: { credited: credit.amount, ...(record.kind === 'refund' ? { creditedUsd: creditedUsd(record, new Decimal(credit.amount)).toFixed(2) } : {}) },
      detail: { ticketId: credit.ticketId, creditId: credit.creditId, creditedAt: credit.creditedAt.toISOString() },
    };
  }

  private noticeOf(record: RequestRecord, credit: CreditEvent): CreditNotification {
    return {
      requestId: record.id,
      creditId: credit.creditId,
      ticketId: credit.ticketId,
      amount: record.creditedAmount ?? credit.amount,
      currency: credit.currency,
      creditedAt: record.creditedAt ?? credit.creditedAt.toISOString(),
    };
  }

  /**
   * Marks failed a filed request whose settlement ended without a refund (an Azure exchange Failed or Cancelled
   * after filing): it stops blocking its reservation, gives back any cap it held, and is audited once. The agent
   * is not messaged (the notification queue carries credit notices only); /status and the audit trail show it.
   */
  async applySettlementFailure(failure: SettlementFailure): Promise<RequestRecord | undefined> {
    const { requests, capLedger, audit, log } = this.deps;
    const found = await requests.getByTicket(failure.ticketId);
    if (!found || found.state !== 'filed') return undefined;
    const reason = `azure-exchange-${failure.status.toLowerCase()}`;
    let record: RequestRecord;
    try {
      record = await requests.transition(found.id, 'failed', { failureReason: reason }, (this.deps.wallClock ?? systemClock).now());
    } catch (err) {
      // Credited or failed by someone else meanwhile: nothing left to do here.
      if (err instanceof IllegalTransitionError) return undefined;
      throw err;
    }
    // Failed before released, as filing does: a crash in between leaves the cap held (safe), never spent twice.
    if (record.kind === 'refund') await capLedger.release(record.customerId, record.id);
    await audit.record({
      at: this.auditNow(),
      type: 'filing-failed',
      actor: { chatUserId: 'system:credit-sync' },
      customerId: record.customerId,
      reservationId: record.reservationId,
      requestId: record.id,
      detail: { reason, ticketId: failure.ticketId, finishedBy: 'credit-sync' },
    });
    log.warn(
      { requestId: record.id, ticketId: failure.ticketId, status: failure.status },
      'credit-sync: a settlement ended without a refund; request marked failed',
    );
    return record;
  }

  /**
   * One poll: under the lock (another instance polling = skip), reads the feed from the stored cursor, applies every
   * credit, then stores the new cursor. A failure leaves the cursor where it was, so the credits are seen again.
   */
  async runOnce(): Promise<{ polled: boolean; credits: number; notified: number }> {
    const release = await this.deps.lock.acquire(POLL_LOCK_TTL_MS);
    if (!release) return { polled: false, credits: 0, notified: 0 };
    try {
      const from = await this.deps.cursor.get();
      const { credits, cursor, failures = [] } = await this.deps.feed.creditsSince(from);
      for (const failure of failures) await this.applySettlementFailure(failure);
      // Credits of different tickets are independent (each step is idempotent and atomic per request), so they are
      // applied side by side; credits of one ticket keep their order. A failure leaves the cursor: all seen again.
      const groups = [...groupByTicket(credits).values()];
      // With a credit store, each group's request is read in batches; a group's later credits read it afresh.
      const read = this.deps.creditStore ? await this.readByTickets(groups.map((group) => group[0].ticketId)) : undefined;
      const outcomes = (
        await mapLimitSettled(
          groups.map((group, index) => ({ group, index })),
          APPLY_CONCURRENCY,
          async ({ group, index }) => {
            const applied: Array<[CreditEvent, CreditOutcome]> = [];
            for (const [k, credit] of group.entries())
              applied.push([credit, await this.applyCredit(credit, k === 0 && read ? { record: read[index] } : undefined)]);
            return applied;
          },
        )
      ).flat();
      let notified = 0;
      for (const [credit, outcome] of outcomes) {
        if (outcome.kind === 'unknown-ticket' || outcome.kind === 'not-creditable' || outcome.kind === 'implausible') {
          this.deps.log.warn(
            {
              ticketId: credit.ticketId,
              creditId: credit.creditId,
              outcome: outcome.kind,
              reason: outcome.kind === 'implausible' ? outcome.reason : undefined,
            },
            'credit-sync: a credit was not applied',
          );
        } else if (outcome.notified) {
          notified += 1;
        }
      }
      await this.deps.cursor.set(cursor);
      return { polled: true, credits: credits.length, notified };
    } finally {
      await release();
    }
  }

  private async readByTickets(ticketIds: string[]): Promise<Array<RequestRecord | undefined>> {
    const found: Array<RequestRecord | undefined> = [];
    for (let start = 0; start < ticketIds.length; start += READ_BATCH)
      found.push(...(await this.deps.creditStore!.byTickets(ticketIds.slice(start, start + READ_BATCH))));
    return found;
  }

  start(intervalMs: number): void {
    this.periodic.start(intervalMs);
  }

  async stop(): Promise<void> {
    await this.periodic.stop();
  }
}
