import assert from 'node:assert/strict';
import type { App } from '../../src/app';
import type { SandboxProvider } from '../../src/providers/sandbox';
import { StandInConnector } from './standInConnector';
import { TeamsClient, cardsOf, type TeamsUser } from './teamsClient';
import { SlackStandIn } from './slackStandIn';
import { SlackClient, SIGNING_SECRET, textOfMessage, type SlackUser } from './slackClient';
import { dropPrefix, startBot, testPrefix } from './teamsApp';

const PARTNER_TENANT = '8d902246-5b47-453f-b6ee-545c6acbeb92';
const AVA: TeamsUser = { tenantId: PARTNER_TENANT, aadObjectId: '6e9ffb03-7d1b-4dc2-a550-0ce56d837065', name: 'Ava Lindqvist' };
const GUS_BILLING_ONLY: TeamsUser = { tenantId: PARTNER_TENANT, aadObjectId: '9a29d199-1674-4d1b-8d17-dee5ba1e4f6a', name: 'Gus Moreno' };
const SLACK_AVA: SlackUser = { team: 'T07NBEAM01', user: 'U07AVALIND' };
/** A Monday: the first digest is due the Monday after. */
const SANDBOX_CLOCK = '2026-06-15T10:00:00Z';
const DAY = 24 * 60 * 60 * 1000;

describe('e2e: the desk speaks first (SPEC section 9), Teams and Slack, two instances on one Redis', function () {
  this.timeout(60000);
  const connector = new StandInConnector();
  const slack = new SlackStandIn();
  let connectorUrl: string;
  let slackApi: string;
  let prefix: string;
  let bots: Array<{ app: App; url: string }> = [];

  before(async () => {
    connectorUrl = await connector.start();
    slackApi = await slack.start();
  });
  after(async () => {
    await connector.stop();
    await slack.stop();
  });
  const start = async () => {
    const bot = await startBot({ REDIS_KEY_PREFIX: prefix, SANDBOX_CLOCK, SANDBOX_CLOCK_MODE: 'frozen', CREDIT_POLL_SECONDS: '3600', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-e2e-token', SLACK_API_URL: slackApi });
    // The background passes off: the test runs every pass itself, on both instances.
    await bot.app.notifications.stop();
    return bot;
  };
  beforeEach(async () => {
    slack.reset();
    prefix = testPrefix();
    bots = [await start(), await start()];
  });
  afterEach(async () => {
    for (const bot of bots) await bot.app.close();
    await dropPrefix(prefix);
  });

  const clockOf = (bot: { app: App }) => (bot.app.services.provider as SandboxProvider).clock;
  const advanceAll = (ms: number) => bots.forEach((bot) => clockOf(bot).advance(ms));
  /** What every instance would do on its next timer: schedule, then deliver. */
  const passes = async () => {
    for (const bot of bots) await bot.app.notifications.topics.scheduler.runOnce();
    for (const bot of bots) await bot.app.notifications.topics.worker.runOnce();
  };
  const teamsCards = (conversationId: string, title: RegExp) =>
    connector.activities(conversationId).flatMap(({ activity }) => cardsOf(activity)).filter((card) => title.test(JSON.stringify(card)));
  const slackMessages = (client: SlackClient, title: RegExp) => client.messages().filter((m) => title.test(textOfMessage(m)));

  it('subscribed conversations get each reminder and digest once; moving the clock brings the next; unsubscribing stops them; a restart repeats nothing', async () => {
    const ava = new TeamsClient(bots[0].url, connector, connectorUrl, AVA);
    const slackAva = new SlackClient(bots[1].url, bots[1].app, slack, SLACK_AVA);
    assert.equal(await ava.say('/subscribe expiry underused all'), 200);
    assert.match(ava.lastText(), /subscribed to:\n• expiry for all customers/);
    assert.equal(await slackAva.command('/subscribe', 'expiry underused kestrel'), 200);
    assert.equal(await slackAva.command('/subscribe', 'underused lumen'), 200);
    assert.match(textOfMessage(slackAva.lastMessage()), /underused for Lumen Retail Group/);

    await passes();
    await passes();
    const expiryTitle = /Reservation expires within 7 days/;
    assert.equal(teamsCards(ava.conversationId, expiryTitle).length, 1, 'one 7-day reminder in Teams');
    assert.equal(slackMessages(slackAva, expiryTitle).length, 1, 'one 7-day reminder in Slack');
    assert.match(JSON.stringify(teamsCards(ava.conversationId, expiryTitle)[0]), /kh-vpn-d2s-expiring of Kestrel Health Partners expires in 6 days, on 2026-06-21\. Renewal is off\./);
    const digestTitle = /Underused reservations, week of/;
    assert.equal(teamsCards(ava.conversationId, digestTitle).length, 0, 'the first digest is next Monday\'s');

    advanceAll(7 * DAY);
    await passes();
    await passes();
    assert.equal(teamsCards(ava.conversationId, digestTitle).length, 1, 'one digest in Teams');
    assert.equal(slackMessages(slackAva, digestTitle).length, 1, 'one digest in Slack');
    assert.match(JSON.stringify(teamsCards(ava.conversationId, digestTitle)[0]), /lr-cdn-d4s-idle · Lumen Retail Group/);
    assert.match(textOfMessage(slackMessages(slackAva, digestTitle)[0]), /lr-cdn-d4s-idle/);

    // An entry's button opens the overview of its reservation.
    const entry = ava.findAction('Open the overview').data as { reservationId: string };
    await ava.click('Open the overview');
    assert.match(JSON.stringify(ava.lastCard()), /"title":"Reservation ID","value":"[^"]+"/);
    assert.ok(JSON.stringify(ava.lastCard()).includes(`"value":"${entry.reservationId}"`));

    // A restarted instance (same Redis) finds everything already sent for this period.
    await bots[0].app.close();
    bots[0] = await start();
    clockOf(bots[0]).advance(7 * DAY);
    await passes();
    assert.equal(teamsCards(ava.conversationId, digestTitle).length, 1);
    assert.equal(teamsCards(ava.conversationId, expiryTitle).length, 1);

    ava.retarget(bots[0].url);
    await ava.say('/unsubscribe underused all');
    assert.match(ava.lastText(), /ended: underused for all customers/);
    advanceAll(DAY);
    await passes();
    advanceAll(6 * DAY);
    await passes();
    await passes();
    assert.equal(teamsCards(ava.conversationId, digestTitle).length, 1, 'no digest after unsubscribing');
    assert.equal(slackMessages(slackAva, digestTitle).length, 2, 'Slack still gets the next week\'s');
  });

  it('an agent without an acting role cannot subscribe; a channel the bot was removed from loses its subscriptions', async () => {
    const gus = new TeamsClient(bots[0].url, connector, connectorUrl, GUS_BILLING_ONLY);
    await gus.say('/subscribe expiry all');
    assert.match(gus.lastText(), /only partner users with one of these roles/);
    assert.deepEqual(await bots[0].app.services.subscriptions.listByTopic('expiry'), []);

    const outside = new SlackClient(bots[1].url, bots[1].app, slack, SLACK_AVA, 'CNOTIN0001');
    await outside.command('/subscribe', 'expiry kestrel');
    assert.equal((await bots[1].app.services.subscriptions.listByTopic('expiry')).length, 1);
    await passes();
    assert.deepEqual(await bots[1].app.services.subscriptions.listByTopic('expiry'), []);
    const [event] = await bots[1].app.services.audit.list({ type: 'notification-undeliverable' });
    assert.equal(event.detail?.topic, 'expiry');
    assert.equal(event.detail?.subscriptionsEnded, 1);
  });
});
