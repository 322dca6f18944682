import type { Logger } from '../log';
import { PeriodicPass } from '../periodicPass';
import type { Customer } from '../ports/partnerDirectory';
import type { Provider } from '../ports/provider';
import type { RequestRecord, RequestStore } from '../ports/requestStore';
import type { Reservation } from '../ports/reservations';
import { ALL_CUSTOMERS, conversationKeyOf, type Subscription, type SubscriptionStore, type Topic } from '../ports/subscriptions';
import { creditNoticeActivity } from './creditNotice';
import type { DigestSchedule } from './digestSchedule';
import type { CreditNotification, NotificationQueue } from './notificationQueue';
import { expiryReminderActivity, underusedDigestActivity, type ExpiryStage, type UnderusedEntry } from '../cards/topicCards';
import type { TopicNotification } from './topicDelivery';
import { DEFAULT_LOCALE, isLocale, type Locale } from '../i18n';

const DAY_MS = 24 * 60 * 60 * 1000;
const WEEK_MS = 7 * DAY_MS;
/** SPEC section 9: the underused digest lists reservations below this utilization over 7 and 30 days. */
export const DEFAULT_UNDERUSED_THRESHOLD_PERCENT = 50;

/** Monday 00:00 UTC of the week `at` falls in: the digest's period. */
export function weekStartOf(at: Date): Date {
  const midnight = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  const sinceMonday = (new Date(midnight).getUTCDay() + 6) % 7;
  return new Date(midnight - sinceMonday * DAY_MS);
}

/** Which reminder a reservation is due at `now`: the 7-day one within 7 days, the 30-day one within 30. */
export function expiryStageOf(reservation: Reservation, now: Date): ExpiryStage | undefined {
  if (reservation.state !== 'Succeeded') return undefined;
  const left = reservation.expiry.getTime() - now.getTime();
  if (left <= 0) return undefined;
  return left <= 7 * DAY_MS ? 7 : left <= 30 * DAY_MS ? 30 : undefined;
}

export function isUnderused(reservation: Reservation, now: Date, thresholdPercent: number): boolean {
  const { day7, day30 } = reservation.utilization;
  if (reservation.state !== 'Succeeded' || reservation.expiry.getTime() <= now.getTime()) return false;
  if (day7 === undefined || day30 === undefined) return false;
  return Number(day7) < thresholdPercent && Number(day30) < thresholdPercent;
}

interface ConversationSubscriptions {
  conversationKey: string;
  first: Subscription;
  subscriptions: Subscription[];
}

function byConversation(subscriptions: Subscription[]): ConversationSubscriptions[] {
  const groups = new Map<string, ConversationSubscriptions>();
  for (const s of subscriptions) {
    const group = groups.get(s.conversationKey) ?? { conversationKey: s.conversationKey, first: s, subscriptions: [] };
    group.subscriptions.push(s);
    groups.set(s.conversationKey, group);
  }
  return [...groups.values()];
}

/** The language a conversation's notices are written in: its oldest subscription's subscriber's; English if none was stored. */
const subscriberLocale = (group: ConversationSubscriptions): Locale => (isLocale(group.first.locale) ? group.first.locale : DEFAULT_LOCALE);

const covers = (s: Subscription, customerId: string) => s.customerId === ALL_CUSTOMERS || s.customerId === customerId;

export interface ReminderSchedulerDeps {
  subscriptions: SubscriptionStore;
  provider: Pick<Provider, 'clock' | 'directory' | 'reservations'>;
  queue: NotificationQueue<TopicNotification>;
  schedule: DigestSchedule;
  log: Logger;
  underusedThresholdPercent?: number;
  /** Told after a pass that queued something, so delivery starts at once. */
  onEnqueued?: () => void;
}

/**
 * The messages the desk sends first (SPEC section 9). Each pass reads the provider's clock (the sandbox clock in
 * the sandbox) and the subscriptions, and queues what is due: a 30-day and a 7-day expiry reminder per reservation,
 * and one underused digest per conversation per week, whose due time is held in Redis (DigestSchedule). Queueing is
 * idempotent by the reminder's key (conversation, reservation or week, period), so passes on several instances, and
 * passes after a restart, queue each reminder once; the delivery worker posts it once.
 */
export class ReminderScheduler {
  private readonly periodic: PeriodicPass;
  private readonly threshold: number;

  constructor(private readonly deps: ReminderSchedulerDeps) {
    this.threshold = deps.underusedThresholdPercent ?? DEFAULT_UNDERUSED_THRESHOLD_PERCENT;
    this.periodic = new PeriodicPass(() => this.runOnce(), deps.log, 'topic-notice: scheduling pass failed');
  }

  /** One pass; returns how many notifications it queued (0 when everything due was queued before). */
  async runOnce(): Promise<number> {
    const now = this.deps.provider.clock.now();
    const customers = new CustomerCache(this.deps.provider);
    const queued = (await this.expiryPass(now, customers)) + (await this.digestPass(now, customers));
    if (queued > 0) this.deps.onEnqueued?.();
    return queued;
  }

  private async expiryPass(now: Date, customers: CustomerCache): Promise<number> {
    let queued = 0;
    for (const group of byConversation(await this.deps.subscriptions.listByTopic('expiry'))) {
      for (const { customer, reservations } of await customers.coveredBy(group.subscriptions)) {
        for (const reservation of reservations) {
          const stage = expiryStageOf(reservation, now);
          if (!stage) continue;
          const key = `expiry:${group.conversationKey}:${reservation.reservationId}:${stage}:${reservation.expiry.toISOString().slice(0, 10)}`;
          if (await this.enqueue(group, 'expiry', key, [customer.id], expiryReminderActivity(reservation, customer.name, stage, now, subscriberLocale(group))))
            queued++;
        }
      }
    }
    return queued;
  }

  private async digestPass(now: Date, customers: CustomerCache): Promise<number> {
    let queued = 0;
    const week = weekStartOf(now);
    for (const group of byConversation(await this.deps.subscriptions.listByTopic('underused'))) {
      // A conversation's first digest is the next Monday's: it covers a whole week of its subscription.
      const due = await this.deps.schedule.dueAt(group.conversationKey, week.getTime() + WEEK_MS);
      if (now.getTime() < due) continue;
      const entries: UnderusedEntry[] = [];
      for (const { customer, reservations } of await customers.coveredBy(group.subscriptions)) {
        for (const reservation of reservations) if (isUnderused(reservation, now, this.threshold)) entries.push({ reservation, customerName: customer.name });
      }
      entries.sort(
        (a, b) =>
          Number(a.reservation.utilization.day30) - Number(b.reservation.utilization.day30) ||
          a.reservation.displayName.localeCompare(b.reservation.displayName),
      );
      const key = `underused:${group.conversationKey}:${week.toISOString().slice(0, 10)}`;
      // A week with nothing underused sends nothing: a digest that says "nothing" every week teaches people to ignore it.
      if (
        entries.length > 0 &&
        (await this.enqueue(
          group,
          'underused',
          key,
          [...new Set(entries.map((e) => e.reservation.customerId))],
          underusedDigestActivity(entries, week, this.threshold, subscriberLocale(group)),
        ))
      )
        queued++;
      await this.deps.schedule.advance(group.conversationKey, week.getTime() + WEEK_MS);
    }
    return queued;
  }

  private async enqueue(
    group: ConversationSubscriptions,
    topic: Topic,
    key: string,
    customerIds: string[],
    activity: TopicNotification['activity'],
  ): Promise<boolean> {
    const subscriptionIds = group.subscriptions.filter((s) => customerIds.some((id) => covers(s, id))).map((s) => s.id);
    const added = await this.deps.queue.enqueue({
      key,
      topic,
      conversationKey: group.conversationKey,
      channel: group.first.origin.channel,
      conversation: group.first.origin.conversation,
      activity,
      subscriptionIds,
      customerIds,
    });
    if (added) this.deps.log.info({ topic, channel: group.first.origin.channel, customerIds }, 'topic-notice: queued');
    return added;
  }

  /** The interval only wakes the pass up; what is due comes from the provider's clock and Redis, not from timers. */
  start(intervalMs: number): void {
    this.periodic.start(intervalMs);
  }

  nudge(): void {
    this.periodic.nudge();
  }

  async stop(): Promise<void> {
    await this.periodic.stop();
  }
}

/** Customers and their reservations, read once per pass however many conversations need them. */
class CustomerCache {
  private all?: Promise<Customer[]>;
  private readonly reservations = new Map<string, Promise<Reservation[]>>();

  constructor(private readonly provider: Pick<Provider, 'directory' | 'reservations'>) {}

  async coveredBy(subscriptions: Subscription[]): Promise<Array<{ customer: Customer; reservations: Reservation[] }>> {
    const everyone = subscriptions.some((s) => s.customerId === ALL_CUSTOMERS);
    const customers = everyone
      ? await this.everyone()
      : (await Promise.all([...new Set(subscriptions.map((s) => s.customerId))].map((id) => this.provider.directory.getCustomer(id)))).filter(
          (c): c is Customer => c !== undefined,
        );
    return Promise.all(customers.map(async (customer) => ({ customer, reservations: await this.reservationsOf(customer.id) })));
  }

  private everyone(): Promise<Customer[]> {
    this.all ??= (async () => {
      const found: Customer[] = [];
      for (let page = 0; ; page++) {
        const batch = await this.provider.directory.searchCustomers('', page, 100);
        found.push(...batch.items);
        if (batch.items.length === 0 || found.length >= batch.total) return found;
      }
    })();
    return this.all;
  }

  private reservationsOf(customerId: string): Promise<Reservation[]> {
    let found = this.reservations.get(customerId);
    if (!found) {
      found = this.provider.reservations.listReservations(customerId);
      this.reservations.set(customerId, found);
    }
    return found;
  }
}

/**
 * The `credits` topic: a credit notice also goes to the conversations subscribed to credits for its customer (or
 * all), other than the one the request was filed from, which gets it anyway. Wraps the credit queue, so a credit
 * is fanned out exactly when it is first queued.
 */
export function withCreditFanOut(
  credits: NotificationQueue<CreditNotification>,
  deps: { requests: RequestStore; subscriptions: SubscriptionStore; topics: NotificationQueue<TopicNotification>; log: Logger; onEnqueued?: () => void },
): NotificationQueue<CreditNotification> {
  const fanOut = creditFanOut(deps);
  return {
    readNew: (consumer, count) => credits.readNew(consumer, count),
    claimStale: (consumer, minIdleMs, count) => credits.claimStale(consumer, minIdleMs, count),
    ack: (entryId) => credits.ack(entryId),
    pendingCount: () => credits.pendingCount(),
    backlog: () => credits.backlog(),
    async enqueue(notification) {
      const added = await credits.enqueue(notification);
      const record = await deps.requests.get(notification.requestId);
      if (record) await fanOut(record, notification);
      return added;
    },
  };
}

/**
 * The `credits` topic's fan-out of one queued credit notice (see withCreditFanOut), for a caller that queued the
 * notice itself (the credit store's script). Credits applied side by side share one read of the subscriptions
 * while it is under way (a read that starts later sees later subscriptions).
 */
export function creditFanOut(deps: {
  subscriptions: SubscriptionStore;
  topics: NotificationQueue<TopicNotification>;
  onEnqueued?: () => void;
}): (record: RequestRecord, notification: CreditNotification) => Promise<void> {
  let reading: Promise<Subscription[]> | undefined;
  const subscribed = (): Promise<Subscription[]> => {
    reading ??= deps.subscriptions.listByTopic('credits').finally(() => {
      reading = undefined;
    });
    return reading;
  };
  return async (record, notification) => {
    const origin = conversationKeyOf(record.origin);
    let fanned = 0;
    for (const group of byConversation((await subscribed()).filter((s) => covers(s, record.customerId) && s.conversationKey !== origin))) {
      const key = `credits:${group.conversationKey}:${record.id}`;
      // Idempotent by key: a credit queued again (a repeated feed) fans out nothing new.
      if (
        await deps.topics.enqueue({
          key,
          topic: 'credits',
          conversationKey: group.conversationKey,
          channel: group.first.origin.channel,
          conversation: group.first.origin.conversation,
          activity: creditNoticeActivity(record, notification, subscriberLocale(group)),
          subscriptionIds: group.subscriptions.map((s) => s.id),
          customerIds: [record.customerId],
        })
      )
        fanned++;
    }
    if (fanned > 0) deps.onEnqueued?.();
  };
}
