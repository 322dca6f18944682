import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { MemoryDeliveryLedger } from '../../src/notify/coordination';
import { MemoryDigestSchedule } from '../../src/notify/digestSchedule';
import { DeliveryWorker } from '../../src/notify/deliveryWorker';
import { MemoryNotificationQueue } from '../../src/notify/notificationQueue';
import { DeliveryError, type ProactiveSender } from '../../src/notify/proactiveSenders';
import { ReminderScheduler, weekStartOf, withCreditFanOut } from '../../src/notify/reminderScheduler';
import { TOPIC_STREAM, topicDeliveryKind, type TopicNotification } from '../../src/notify/topicDelivery';
import { createSandboxProvider } from '../../src/providers/sandbox';
import { ALL_CUSTOMERS, type Topic } from '../../src/ports/subscriptions';
import { MemoryAuditTrail } from '../../src/store/memory/auditTrail';
import { MemoryCapLedger } from '../../src/store/memory/capLedger';
import { MemoryRequestStore } from '../../src/store/memory/requestStore';
import { MemorySubscriptionStore } from '../../src/store/memory/subscriptions';
import { filedRequest, silentLog } from './fixtures';
import type { Locale } from '../../src/i18n';

const MONDAY = '2026-06-15T10:00:00Z';
const DAY = 24 * 60 * 60 * 1000;

/** Posts, except into the conversations it is told refuse the bot. */
class FakeSender implements ProactiveSender {
  readonly sent: Array<{ conversation: Record<string, unknown>; activity: Partial<Activity> }> = [];
  constructor(private readonly refusing: Record<string, Error> = {}) {}
  async send(conversation: Record<string, unknown>, activity: Partial<Activity>): Promise<void> {
    const failure = this.refusing[(conversation as { conversation: { id: string } }).conversation.id];
    if (failure) throw failure;
    this.sent.push({ conversation, activity });
  }
}

const cardOf = (activity: Partial<Activity>) => JSON.stringify(activity.attachments?.[0]?.content);

function desk(sender = new FakeSender()) {
  const provider = createSandboxProvider({ now: MONDAY });
  const subscriptions = new MemorySubscriptionStore();
  const audit = new MemoryAuditTrail();
  const queue = new MemoryNotificationQueue<TopicNotification>(Date.now, TOPIC_STREAM.keyOf);
  const schedule = new MemoryDigestSchedule();
  const scheduler = () => new ReminderScheduler({ subscriptions, provider, queue, schedule, log: silentLog });
  const worker = new DeliveryWorker<TopicNotification>({
    queue,
    senders: { teams: sender },
    kind: topicDeliveryKind({ subscriptions, audit, clock: provider.clock, log: silentLog }),
    ledger: new MemoryDeliveryLedger(),
    audit,
    clock: provider.clock,
    log: silentLog,
    sleep: async () => undefined,
  });
  const subscribe = async (conversationId: string, topic: Topic, customerId = ALL_CUSTOMERS, locale?: Locale) =>
    (
      await subscriptions.add(
        {
          topic,
          customerId,
          origin: { channel: 'teams', conversation: { conversation: { id: conversationId } } },
          createdBy: { partnerUserId: 'ava.lindqvist', chatUserId: 'teams:t:ava' },
          ...(locale ? { locale } : {}),
        },
        new Date(),
      )
    ).subscription;
  const customerId = async (name: string) => (await provider.directory.searchCustomers(name, 0, 1)).items[0].id;
  return { provider, subscriptions, audit, queue, schedule, scheduler, worker, sender, subscribe, customerId };
}

describe('the reminder scheduler (SPEC section 9)', () => {
  it('queues the 30-day and then the 7-day expiry reminder once each, as the provider clock moves', async () => {
    const d = desk();
    await d.subscribe('conv-a', 'expiry', await d.customerId('kestrel'));
    d.provider.clock.set('2026-05-27T10:00:00Z'); // kh-vpn-d2s-expiring is then 25 days from expiry
    assert.equal(await d.scheduler().runOnce(), 1);
    assert.equal(await d.scheduler().runOnce(), 0, 'a second pass (another instance) queues nothing again');
    await d.worker.runOnce();
    assert.match(cardOf(d.sender.sent[0].activity), /Reservation expires within 30 days/);
    assert.match(cardOf(d.sender.sent[0].activity), /kh-vpn-d2s-expiring of Kestrel Health Partners expires in 25 days, on 2026-06-21. Renewal is off./);

    d.provider.clock.set(MONDAY);
    assert.equal(await d.scheduler().runOnce(), 1);
    d.provider.clock.advance(DAY);
    assert.equal(await d.scheduler().runOnce(), 0);
    await d.worker.runOnce();
    assert.equal(d.sender.sent.length, 2);
    const seven = cardOf(d.sender.sent[1].activity);
    assert.match(seven, /Reservation expires within 7 days/);
    assert.match(seven, /"action":"topic-overview"/);
    assert.match(seven, /"action":"topic-exchange"/);
    assert.match(seven, /"action":"topic-renew"/);
    assert.match(seven, /"action":"topic-scope"/);
    d.provider.clock.advance(10 * DAY);
    assert.equal(await d.scheduler().runOnce(), 0, 'nothing once it has expired');
  });

  it('sends the underused digest once a week, from the Monday after subscribing, least used first', async () => {
    const d = desk();
    await d.subscribe('conv-b', 'underused');
    assert.equal(await d.scheduler().runOnce(), 0, "the first digest is the next Monday's");
    d.provider.clock.advance(7 * DAY);
    assert.equal(await d.scheduler().runOnce(), 1);
    assert.equal(await d.scheduler().runOnce(), 0);
    d.provider.clock.advance(DAY);
    assert.equal(await d.scheduler().runOnce(), 0);
    await d.worker.runOnce();
    const digest = cardOf(d.sender.sent[0].activity);
    assert.match(digest, /Underused reservations, week of 2026-06-22/);
    assert.match(digest, /lr-cdn-d4s-idle · Lumen Retail Group/);
    assert.doesNotMatch(digest, /af-sql-gp8/, 'a well-used reservation is not listed');
    d.provider.clock.advance(6 * DAY);
    assert.equal(await d.scheduler().runOnce(), 1, "the next week's");
    assert.equal(weekStartOf(new Date('2026-06-21T23:59:59Z')).toISOString(), '2026-06-15T00:00:00.000Z');
  });

  it('posts nothing for a subscription ended after its reminder was queued', async () => {
    const d = desk();
    const kestrel = await d.customerId('kestrel');
    await d.subscribe('conv-a', 'expiry', kestrel);
    assert.equal(await d.scheduler().runOnce(), 1);
    await d.subscriptions.remove('teams:conv-a', 'expiry', kestrel);
    assert.deepEqual(await d.worker.runOnce(), ['dropped']);
    assert.equal(d.sender.sent.length, 0);
    assert.equal(await d.queue.pendingCount(), 0);
  });

  it('ends every subscription of a conversation the bot can no longer post to, and audits it', async () => {
    const d = desk(new FakeSender({ 'conv-a': new DeliveryError(403, 'the bot was removed') }));
    await d.subscribe('conv-a', 'expiry');
    await d.subscribe('conv-a', 'underused');
    await d.subscribe('conv-other', 'expiry');
    await d.scheduler().runOnce();
    assert.deepEqual((await d.worker.runOnce()).sort(), ['sent', 'unreachable']);
    assert.deepEqual(await d.subscriptions.listByConversation('teams:conv-a'), []);
    assert.equal((await d.subscriptions.listByConversation('teams:conv-other')).length, 1);
    const [event] = await d.audit.list({ type: 'notification-undeliverable' });
    assert.equal(event.detail?.subscriptionsEnded, 2);
    assert.equal(event.detail?.topic, 'expiry');
  });

  it('fans a credit out to the conversations subscribed to credits, other than the one it was filed from, once', async () => {
    const d = desk();
    const requests = new MemoryRequestStore();
    const record = await filedRequest(requests, new MemoryCapLedger());
    await d.subscribe('conv-1', 'credits'); // the request's own conversation: it gets the credit notice anyway
    await d.subscribe('conv-finance', 'credits');
    await d.subscribe('conv-other-customer', 'credits', 'cust-other');
    const credits = new MemoryNotificationQueue();
    const queue = withCreditFanOut(credits, { requests, subscriptions: d.subscriptions, topics: d.queue, log: silentLog });
    const notification = {
      requestId: record.id,
      creditId: 'c1',
      ticketId: record.ticketId!,
      amount: '5135.35',
      currency: 'EUR',
      creditedAt: new Date().toISOString(),
    };
    assert.equal(await queue.enqueue(notification), true);
    assert.equal(await queue.enqueue(notification), false);
    await d.worker.runOnce();
    assert.deepEqual(
      d.sender.sent.map((s) => (s.conversation as { conversation: { id: string } }).conversation.id),
      ['conv-finance'],
    );
    assert.match(cardOf(d.sender.sent[0].activity), /Refund credited/);
  });

  it("writes each conversation's reminders and digests in its subscriber's language, English for a subscription without one", async () => {
    const d = desk();
    const kestrel = await d.customerId('kestrel');
    await d.subscribe('conv-de', 'expiry', kestrel, 'de');
    await d.subscribe('conv-de', 'underused', ALL_CUSTOMERS, 'de');
    await d.subscribe('conv-old', 'expiry', kestrel);
    assert.equal(await d.scheduler().runOnce(), 2);
    await d.worker.runOnce();
    const sentTo = (id: string) =>
      d.sender.sent.filter((s) => (s.conversation as { conversation: { id: string } }).conversation.id === id).map((s) => cardOf(s.activity));
    const [german] = sentTo('conv-de');
    assert.match(german, /Reservierung läuft innerhalb von 7 Tagen ab/);
    assert.match(german, /kh-vpn-d2s-expiring von Kestrel Health Partners läuft in 6 Tagen ab, am 21\.06\.2026\. Automatische Verlängerung: aus\./);
    assert.match(german, /"title":"Übersicht öffnen","data":\{[^}]*"action":"topic-overview"[^}]*"label":"Übersicht öffnen"/);
    assert.doesNotMatch(german, /Open the overview|expires/);
    const [english] = sentTo('conv-old');
    assert.match(english, /kh-vpn-d2s-expiring of Kestrel Health Partners expires in 6 days, on 2026-06-21\. Renewal is off\./);
    assert.match(english, /"title":"Open the overview"/);

    d.provider.clock.advance(7 * DAY);
    assert.equal(await d.scheduler().runOnce(), 1);
    await d.worker.runOnce();
    const digest = sentTo('conv-de').find((card) => card.includes('Woche ab'));
    assert.ok(digest, 'the digest went out in German');
    assert.match(digest, /Gering ausgelastete Reservierungen, Woche ab 22\.06\.2026/);
    assert.match(digest, /Unter 50 % ausgelastet/);
    assert.match(digest, /7 Tage \d+(,\d+)? % · 30 Tage \d+(,\d+)? %/);
    assert.doesNotMatch(digest, /\d\.\d %|Underused/);
  });

  it("fans a credit out in the subscribed conversation's language, not the filing agent's", async () => {
    const d = desk();
    const requests = new MemoryRequestStore();
    const record = await filedRequest(requests, new MemoryCapLedger());
    await d.subscribe('conv-finanzen', 'credits', ALL_CUSTOMERS, 'de');
    const queue = withCreditFanOut(new MemoryNotificationQueue(), { requests, subscriptions: d.subscriptions, topics: d.queue, log: silentLog });
    await queue.enqueue({
      requestId: record.id,
      creditId: 'c1',
      ticketId: record.ticketId!,
      amount: '5135.35',
      currency: 'EUR',
      creditedAt: '2026-06-15T10:00:00Z',
    });
    await d.worker.runOnce();
    const card = cardOf(d.sender.sent[0].activity);
    assert.match(card, /Rückerstattung gutgeschrieben/);
    assert.match(card, /"title":"Gutgeschrieben","value":"5\.135,35 EUR"/);
    assert.match(card, /"title":"Gutgeschrieben am","value":"15\.06\.2026"/);
  });
});
