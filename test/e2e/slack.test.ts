import assert from 'node:assert/strict';
import { CONTACT } from './teamsClient';
import type { App } from '../../src/app';
import { SlackStandIn } from './slackStandIn';
import { SlackClient, sign, SIGNING_SECRET, textOfMessage, type SlackUser } from './slackClient';
import { dropPrefix, startBot, testPrefix } from './teamsApp';

const TEAM = 'T07NBEAM01';
const AVA: SlackUser = { team: TEAM, user: 'U07AVALIND' };
const GUS_BILLING_ONLY: SlackUser = { team: TEAM, user: 'U07GUSMORE' };
const SANDBOX_CLOCK = '2026-06-15T10:00:00Z';

describe('e2e: Slack over HTTP with state in Redis', function () {
  this.timeout(30000);
  const slack = new SlackStandIn();
  let apiUrl: string;
  let prefix: string;
  let bot: { app: App; url: string };

  before(async () => {
    apiUrl = await slack.start();
  });
  after(async () => slack.stop());
  beforeEach(async () => {
    slack.reset();
    prefix = testPrefix();
    bot = await startBot({
      REDIS_KEY_PREFIX: prefix,
      SANDBOX_CLOCK,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-e2e-token',
      SLACK_API_URL: apiUrl,
    });
  });
  afterEach(async () => {
    await bot.app.close();
    await dropPrefix(prefix);
  });

  const customerId = async (name: string) => (await bot.app.services.provider.directory.searchCustomers(name, 0, 1)).items[0].id;
  const requestsOf = async (name: string) => bot.app.services.requests.listByCustomer(await customerId(name));

  it('files a full refund: command → card → clicks → chat.update of answered cards → one filed request and its receipt', async () => {
    const ava = new SlackClient(bot.url, bot.app, slack, AVA);
    assert.equal(await ava.command('/refund', 'alder'), 200);
    assert.match(textOfMessage(ava.lastMessage()), /Alder &amp; Finch Logistics|Alder & Finch Logistics/);
    const firstCall = slack.calls[0];
    assert.equal(firstCall.method, 'chat.postMessage');
    assert.equal(firstCall.params.channel, ava.channel);

    assert.equal(await ava.click('Choose af-sql-gp8'), 200);
    assert.match(textOfMessage(ava.lastMessage()), /Early termination fee/);
    assert.equal(await ava.click('Continue'), 200);
    // The answered quote was replaced in place (chat.update): its Continue button is gone.
    assert.ok(slack.calls.some((c) => c.method === 'chat.update'));
    assert.ok(!ava.buttonTitles().includes('Continue'));
    assert.equal(await ava.click('File request', CONTACT), 200);

    const requests = await requestsOf('alder');
    assert.equal(requests.length, 1);
    assert.equal(requests[0].state, 'filed');
    assert.equal(requests[0].kind, 'refund');
    assert.ok(requests[0].ticketId);
    assert.ok(textOfMessage(ava.lastMessage()).includes(requests[0].ticketId!), 'the receipt posted to Slack names the support ticket');
    assert.ok(!ava.buttonTitles().includes('File request'), 'the confirm card was closed');
  });

  it('files a full exchange with a replacement from the catalog', async () => {
    const ava = new SlackClient(bot.url, bot.app, slack, AVA);
    await ava.command('/exchange', 'alder');
    await ava.click('Choose af-batch-e8s-monthly');
    const picker = ava.lastMessage();
    const select = picker.blocks.find((b) => b.block_id === 'rdin:replacementId') as { element: { options: Array<{ value: string }> } } | undefined;
    assert.ok(select, 'the replacement picker is a Slack input');
    await ava.click('Quote exchange', { replacementId: select.element.options[0].value, quantity: '200' });
    assert.match(textOfMessage(ava.lastMessage()), /Net payable/);
    await ava.click('Continue');
    await ava.click('File request', CONTACT);
    const [request, ...others] = await requestsOf('alder');
    assert.equal(others.length, 0);
    assert.equal(request.kind, 'exchange');
    assert.equal(request.state, 'filed');
  });

  it("answers a Slack user in their Slack language: users.info's locale (asked with include_locale, looked up once) becomes the turn's", async () => {
    slack.userLocales.set(AVA.user, 'de-DE');
    const ava = new SlackClient(bot.url, bot.app, slack, AVA);
    assert.equal(await ava.command('/refund', ''), 200);
    assert.match(textOfMessage(ava.lastMessage()), /Kunden wählen/);
    assert.doesNotMatch(textOfMessage(ava.lastMessage()), /Pick a customer/);
    await ava.command('/refund', 'help');
    assert.match(ava.lastMessage().text, /Ich kalkuliere Rückerstattungen/);
    // The second turn read the cache: one Web API call per person, not per turn.
    assert.deepEqual(
      slack.usersInfoCalls.map((c) => [c.user, c.include_locale]),
      [[AVA.user, 'true']],
    );
    // /language still wins over the Slack locale.
    await ava.post({
      path: '/api/slack/events',
      contentType: 'application/json',
      body: JSON.stringify({
        type: 'event_callback',
        team_id: TEAM,
        event_id: 'EvLang1',
        event: { type: 'app_mention', user: AVA.user, team: TEAM, channel: ava.channel, text: '<@U0BOT0001> language en', ts: '1781517000.000200' },
      }),
    });
    await bot.app.slack!.bridge.idle();
    await ava.command('/refund', '');
    assert.match(textOfMessage(ava.lastMessage()), /Pick a customer/);
  });

  it('answers an en-US Slack user in English', async () => {
    slack.userLocales.set(AVA.user, 'en-US');
    const ava = new SlackClient(bot.url, bot.app, slack, AVA);
    await ava.command('/refund', '');
    assert.match(textOfMessage(ava.lastMessage()), /Pick a customer/);
    assert.equal(slack.usersInfoCalls.length, 1);
  });

  it('answers in English, and still answers, when users.info fails (the app lacks users:read)', async () => {
    slack.userLocales.set(AVA.user, 'de-DE');
    slack.usersInfoError = 'missing_scope';
    const ava = new SlackClient(bot.url, bot.app, slack, AVA);
    assert.equal(await ava.command('/refund', ''), 200);
    assert.match(textOfMessage(ava.lastMessage()), /Pick a customer/);
    await ava.command('/refund', 'alder');
    assert.ok(ava.buttonTitles().includes('Choose af-sql-gp8'));
    // The failure is remembered for a while: the second turn did not ask again.
    assert.equal(slack.usersInfoCalls.length, 1);
  });

  it('refuses a Slack user without an acting role (roles keyed on team and user id)', async () => {
    const gus = new SlackClient(bot.url, bot.app, slack, GUS_BILLING_ONLY);
    await gus.command('/refund', 'alder');
    assert.match(gus.lastMessage().text, /Admin agent, Global admin, Helpdesk agent/);
    assert.equal(gus.buttonTitles().length, 0);
    const refused = await bot.app.services.audit.list({ type: 'refused' });
    assert.equal(refused[0].actor.partnerUserId, 'gus.moreno');
    // The same user id in another workspace is nobody on the roster.
    const stranger = new SlackClient(bot.url, bot.app, slack, { team: 'T99OTHER99', user: AVA.user });
    await stranger.command('/refund', 'alder');
    assert.match(stranger.lastMessage().text, /not on this partner/);
  });

  it('answers 401 to a bad signature, a stale timestamp and an empty body, and changes nothing', async () => {
    const ava = new SlackClient(bot.url, bot.app, slack, AVA);
    const body = ava.commandBody('/refund', 'alder');
    // Each request's clock is read as it is sent: on a busy machine seconds can pass between two of them, and a
    // timestamp 301 s ahead of a clock read earlier would then fall inside the 5-minute window.
    const now = () => Math.floor(Date.now() / 1000);
    const refused = [
      () => ({ path: '/api/slack/commands', body, signature: sign(body, now(), 'not-the-secret') }),
      () => ({ path: '/api/slack/commands', body, timestamp: now() - 301 }),
      () => ({ path: '/api/slack/commands', body, timestamp: now() + 330 }),
      () => ({ path: '/api/slack/commands', body: '' }),
      () => ({ path: '/api/slack/interactivity', body: '' }),
      () => ({
        path: '/api/slack/events',
        body: JSON.stringify({ type: 'url_verification', challenge: 'x' }),
        contentType: 'application/json',
        signature: 'v0=00',
      }),
    ];
    for (const requestNow of refused) {
      const request = requestNow();
      assert.equal((await ava.post(request)).status, 401, JSON.stringify(request).slice(0, 120));
    }
    assert.equal(slack.calls.length, 0);
    assert.equal((await requestsOf('alder')).length, 0);
    // The same body, properly signed within the window, is served.
    assert.equal((await ava.post({ path: '/api/slack/commands', body, timestamp: now() - 200 })).status, 200);
    assert.ok(ava.buttonTitles().includes('Choose af-sql-gp8'));
  });

  it('runs a retried command once and files exactly one request for a double click', async () => {
    const ava = new SlackClient(bot.url, bot.app, slack, AVA);
    const command = ava.commandBody('/refund', 'alder', 'trigger-1');
    assert.equal((await ava.post({ path: '/api/slack/commands', body: command })).status, 200);
    const afterFirst = slack.calls.length;
    assert.ok(afterFirst > 0);
    assert.equal(
      (await ava.post({ path: '/api/slack/commands', body: command, headers: { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' } })).status,
      200,
    );
    assert.equal(slack.calls.length, afterFirst, 'the retry posted nothing');

    await ava.click('Choose af-sql-gp8');
    await ava.click('Continue');
    const fileClick = ava.clickBody('File request', CONTACT);
    const beforeClicks = slack.calls.length;
    const first = ava.post({ path: '/api/slack/interactivity', body: fileClick });
    const second = ava.post({ path: '/api/slack/interactivity', body: fileClick });
    assert.deepEqual(
      (await Promise.all([first, second])).map((r) => r.status),
      [200, 200],
    );
    await bot.app.slack!.bridge.idle();
    const requests = await requestsOf('alder');
    assert.equal(requests.length, 1);
    // The repeated payload ran no turn at all: one receipt, no "already" answer.
    const answers = slack.calls
      .slice(beforeClicks)
      .filter((c) => c.method === 'chat.postMessage')
      .map((c) => String(c.params.text));
    assert.equal(answers.filter((t) => /already/.test(t)).length, 0, answers.join(' | '));
    assert.equal(answers.filter((t) => /requested/.test(t)).length, 1, answers.join(' | '));
    // A second, distinct click on the same card right after files nothing either, and (one answer per card) says nothing.
    const posted = slack.calls.filter((c) => c.method === 'chat.postMessage').length;
    const replay = JSON.parse(new URLSearchParams(fileClick).get('payload')!);
    replay.actions[0].action_ts = '1781517999.000001';
    await ava.post({ path: '/api/slack/interactivity', body: new URLSearchParams({ payload: JSON.stringify(replay) }).toString() });
    await bot.app.slack!.bridge.idle();
    assert.equal((await requestsOf('alder')).length, 1);
    assert.equal(slack.calls.filter((c) => c.method === 'chat.postMessage').length, posted);
  });

  it('never lets typed or customer-entered text post a Slack mention or markup', async () => {
    const ava = new SlackClient(bot.url, bot.app, slack, AVA);
    await ava.command('/requests', '<!channel> <@U07BENOKAF> *x*');
    await ava.command('/refund', 'alder');
    await ava.click('Choose af-sql-gp8');
    await ava.click('Continue');
    await ava.click('File request', { ...CONTACT, firstName: '<!channel>', lastName: '<!here|here> <https://evil.example|click>' });
    const posted = JSON.stringify(slack.calls.map((c) => c.params));
    assert.ok(slack.calls.length > 4);
    assert.ok(!posted.includes('<!channel>'), 'no raw channel mention');
    assert.ok(!posted.includes('<!here'), 'no raw here mention');
    assert.ok(!posted.includes('<@U07BENOKAF>'), 'no raw user mention');
    assert.ok(!posted.includes('<https://evil'), 'no raw link');
    assert.ok(posted.includes('&lt;!channel&gt;'), 'the typed text is shown, escaped');
  });

  it('answers through response_url when the bot is not a member of the channel the command was typed in', async () => {
    const ava = new SlackClient(bot.url, bot.app, slack, AVA, 'CNOTIN0001');
    assert.equal(await ava.command('/refund', 'alder'), 200);
    assert.equal(slack.messages.size, 0);
    assert.equal(slack.responseUrlPosts.length, 1);
    assert.equal(slack.responseUrlPosts[0].response_type, 'ephemeral');
    assert.match(String(slack.responseUrlPosts[0].text), /Invite me with \/invite/);
    assert.equal((await requestsOf('alder')).length, 0);
    // A German Slack user reads the advice in German.
    slack.userLocales.set(GUS_BILLING_ONLY.user, 'de-DE');
    const gus = new SlackClient(bot.url, bot.app, slack, GUS_BILLING_ONLY, 'CNOTIN0002');
    await gus.command('/refund', 'alder');
    assert.match(String(slack.responseUrlPosts[1].text), /^Ich kann in diesem Kanal noch nicht posten\. Laden Sie mich mit \/invite/);
  });

  it('answers url_verification and turns an @mention into a command, ignoring bot messages and repeats', async () => {
    const ava = new SlackClient(bot.url, bot.app, slack, AVA);
    const challenge = await ava.post({
      path: '/api/slack/events',
      contentType: 'application/json',
      body: JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: 't' }),
    });
    assert.equal(challenge.status, 200);
    assert.equal(JSON.parse(challenge.body).challenge, 'c-123');
    const objectChallenge = await ava.post({
      path: '/api/slack/events',
      contentType: 'application/json',
      body: JSON.stringify({ type: 'url_verification', challenge: { x: 1 } }),
    });
    assert.equal(objectChallenge.status, 400);
    // Slack's unsigned certificate check on the command URL is answered 200 and runs nothing.
    const sslCheck = await fetch(`${bot.url}/api/slack/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'ssl_check=1&token=legacy',
    });
    assert.equal(sslCheck.status, 200);
    const mention = (eventId: string, extra: Record<string, unknown> = {}) =>
      JSON.stringify({
        type: 'event_callback',
        team_id: TEAM,
        event_id: eventId,
        event: { type: 'app_mention', user: AVA.user, team: TEAM, channel: ava.channel, text: '<@U0BOT0001> /refund alder', ts: '1781517000.000100', ...extra },
      });
    await ava.post({ path: '/api/slack/events', contentType: 'application/json', body: mention('Ev1') });
    const afterFirst = slack.calls.length;
    assert.ok(afterFirst > 0);
    await ava.post({ path: '/api/slack/events', contentType: 'application/json', body: mention('Ev1'), headers: { 'X-Slack-Retry-Num': '1' } });
    await ava.post({ path: '/api/slack/events', contentType: 'application/json', body: mention('Ev2', { bot_id: 'B0BOT', user: undefined }) });
    assert.equal(slack.calls.length, afterFirst, 'neither the retry nor the bot message ran a turn');
    assert.ok(ava.buttonTitles().includes('Choose af-sql-gp8'));
  });
});
