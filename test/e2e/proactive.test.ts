import assert from 'node:assert/strict';
import type { App } from '../../src/app';
import type { SandboxProvider } from '../../src/providers/sandbox';
import { StandInConnector } from './standInConnector';
import { TeamsClient, AVA, CONTACT, cardsOf, type TeamsUser } from './teamsClient';
import { SlackStandIn } from './slackStandIn';
import { SlackClient, SIGNING_SECRET, textOfMessage, type SlackUser } from './slackClient';
import { dropPrefix, startBot, testPrefix } from './teamsApp';
import { parse } from 'csv-parse/sync';
import { money } from '../../src/cards/format';

const PARTNER_TENANT = '8d902246-5b47-453f-b6ee-545c6acbeb92';
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
    const bot = await startBot({
      REDIS_KEY_PREFIX: prefix,
      SANDBOX_CLOCK,
      SANDBOX_CLOCK_MODE: 'frozen',
      CREDIT_POLL_SECONDS: '3600',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-e2e-token',
      SLACK_API_URL: slackApi,
    });
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
    connector
      .activities(conversationId)
      .flatMap(({ activity }) => cardsOf(activity))
      .filter((card) => title.test(JSON.stringify(card)));
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
    assert.match(
      JSON.stringify(teamsCards(ava.conversationId, expiryTitle)[0]),
      /kh-vpn-d2s-expiring of Kestrel Health Partners expires in 6 days, on 2026-06-21\. Renewal is off\./,
    );
    const digestTitle = /Underused reservations, week of/;
    assert.equal(teamsCards(ava.conversationId, digestTitle).length, 0, "the first digest is next Monday's");

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

    // In Slack too: the button quotes an exchange for its reservation.
    assert.equal(await slackAva.click('Quote an exchange'), 200);
    assert.match(textOfMessage(slackAva.lastMessage()), /Choose the replacement/);

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
    assert.equal(slackMessages(slackAva, digestTitle).length, 2, "Slack still gets the next week's");
  });

  it("speaks first in the agent's language: a refund filed in German gets a German credit notice, a German subscriber German reminders, an English one English", async () => {
    const ava = new TeamsClient(bots[0].url, connector, connectorUrl, AVA);
    // The flow in English, the filing click from a German Teams client: the request takes the filing turn's language.
    await ava.say('/refund alder');
    await ava.click('Choose af-sql-gp8');
    await ava.click('Continue');
    assert.equal(await ava.post({ ...ava.clickActivity('File request', CONTACT), locale: 'de-DE' }), 200);
    const [request] = await bots[0].app.services.requests.listByAgent('ava.lindqvist');
    assert.equal(request.locale, 'de');
    advanceAll(10 * 60_000);
    // The sandbox's support desk that filed the ticket (instance 0) credits it; either instance may deliver the notice.
    assert.equal((await bots[0].app.notifications.sync.runOnce()).notified, 1);
    await bots[1].app.notifications.worker.runOnce();
    // The receipt of the German filing click is German too (and says it will be credited): the notice is the card with a credit date.
    const [notice, ...more] = teamsCards(ava.conversationId, /Gutgeschrieben am/);
    assert.match(
      JSON.stringify(teamsCards(ava.conversationId, /Antrag auf Rückerstattung eingereicht/)),
      /Supportticket/,
      'the receipt of the German filing click is German',
    );
    assert.equal(more.length, 0, 'one credit notice');
    const credited = await bots[0].app.services.requests.get(request.id);
    assert.ok(credited?.creditedAmount);
    const noticeText = JSON.stringify(notice);
    assert.match(noticeText, /Rückerstattung gutgeschrieben/);
    assert.match(noticeText, /Erstatten Sie ihn jetzt Ihrem Kunden/);
    assert.ok(noticeText.includes(`"title":"Gutgeschrieben","value":"${money(credited.creditedAmount, 'EUR', 'de')}"`), noticeText);
    assert.match(noticeText, /"title":"Gutgeschrieben am","value":"\d{2}\.\d{2}\.\d{4}"/);

    // /subscribe from a German client: the reminders come in German; Slack's English subscriber gets English.
    const avaInGerman = new TeamsClient(bots[0].url, connector, connectorUrl, AVA);
    assert.equal(await avaInGerman.post(avaInGerman.activity({ text: '/subscribe expiry kestrel', locale: 'de-DE' })), 200);
    const slackAva = new SlackClient(bots[1].url, bots[1].app, slack, SLACK_AVA);
    slack.userLocales.set(SLACK_AVA.user, 'en-US');
    await slackAva.command('/subscribe', 'expiry kestrel');
    await passes();
    const [reminder] = teamsCards(avaInGerman.conversationId, /Reservierung läuft innerhalb von 7 Tagen ab/);
    assert.ok(reminder, 'a German 7-day reminder in Teams');
    assert.match(JSON.stringify(reminder), /kh-vpn-d2s-expiring von Kestrel Health Partners läuft in 6 Tagen ab, am 21\.06\.2026/);
    assert.equal(slackMessages(slackAva, /Reservation expires within 7 days/).length, 1, 'an English reminder in Slack');
    // The German card's buttons still work: the click is language-neutral.
    assert.equal(await avaInGerman.click('Übersicht öffnen'), 200);
    assert.match(JSON.stringify(avaInGerman.lastCard()), /kh-vpn-d2s-expiring/);
  });

  it('the export of a filed and credited refund, from a chat link served by either instance, matches the request to the cent; an agent without a role gets no link', async () => {
    const ava = new TeamsClient(bots[0].url, connector, connectorUrl, AVA);
    await ava.say('/refund alder');
    await ava.click('Choose af-sql-gp8');
    await ava.click('Continue');
    await ava.click('File request', CONTACT);
    advanceAll(10 * 60_000);
    assert.equal((await bots[0].app.notifications.sync.runOnce()).notified, 1);
    const [request] = await bots[0].app.services.requests.listByAgent('ava.lindqvist');
    assert.equal(request.state, 'credited');

    ava.retarget(bots[1].url);
    await ava.say('/requests export alder');
    const link = /(http:\/\/\S+\/exports\/\S+\.csv)/.exec(ava.lastText())?.[1];
    assert.ok(link, ava.lastText());
    // Served from Redis: the other instance answers the same link.
    assert.equal(new URL(link).port, new URL(bots[1].url).port, 'the link names the instance that made it');
    const response = await fetch(`${bots[0].url}${new URL(link).pathname}`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/csv/);
    const [header, ...rows] = parse(await response.text(), { record_delimiter: '\r\n' }) as string[][];
    assert.equal(rows.length, 1);
    const row = Object.fromEntries(header.map((h, i) => [h, rows[0][i]]));
    const quote = request.quote.kind === 'refund' ? request.quote : assert.fail('a refund');
    assert.deepEqual(
      [row.requestId, row.state, row.credit, row.fee, row.refund, row.refundUsd, row.creditedAmount, row.creditedAt, row.ticketId, row.currency],
      [request.id, 'credited', quote.credit, quote.fee, quote.refund, quote.refundUsd, request.creditedAmount, request.creditedAt, request.ticketId, 'EUR'],
    );
    // The requests card's button gives the same file.
    await ava.say('/requests alder');
    await ava.click('Finance export (CSV)');
    const buttonLink = /(http:\/\/\S+\/exports\/\S+\.csv)/.exec(ava.lastText())?.[1];
    assert.ok(buttonLink && buttonLink !== link, ava.lastText());
    const again = await fetch(`${bots[1].url}${new URL(buttonLink).pathname}`);
    assert.deepEqual(parse(await again.text(), { record_delimiter: '\r\n' }), [header, ...rows]);
    assert.equal((await bots[1].app.services.audit.list({ type: 'exported' })).length, 2);
    assert.equal((await fetch(`${bots[0].url}/exports/${'x'.repeat(43)}.csv`)).status, 404);

    const gus = new TeamsClient(bots[0].url, connector, connectorUrl, GUS_BILLING_ONLY);
    await gus.say('/requests export');
    assert.match(gus.lastText(), /only partner users with one of these roles/);
    assert.doesNotMatch(gus.texts().join('\n'), /\/exports\//);
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
