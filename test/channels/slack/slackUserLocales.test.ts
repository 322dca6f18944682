import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import restify from 'restify';
import { createLogger } from '../../../src/log';
import { SlackAdapter, type SlackChatApi } from '../../../src/channels/slack/slackAdapter';
import { SlackBridge } from '../../../src/channels/slack/bridge';
import { slackRoutes } from '../../../src/channels/slack/slackRoutes';
import { SlackUserLocales, type SlackUsersApi } from '../../../src/channels/slack/userLocales';
import { MemoryIdempotencyStore } from '../../../src/store/memory/idempotency';
import { sign, SIGNING_SECRET } from '../../e2e/slackClient';

/** A users.info that answers from a table, counts its calls, and can be made to fail or to wait. */
class UsersInfo {
  readonly calls: Array<{ user: string; include_locale?: boolean }> = [];
  readonly locales = new Map<string, string>();
  error?: string;
  gate?: Promise<void>;

  api(): SlackUsersApi {
    return {
      users: {
        info: async (args: { user: string; include_locale?: boolean }) => {
          this.calls.push(args);
          if (this.gate) await this.gate;
          if (this.error)
            throw Object.assign(new Error(`An API error occurred: ${this.error}`), {
              code: 'slack_webapi_platform_error',
              data: { ok: false, error: this.error },
            });
          const locale = args.include_locale ? this.locales.get(args.user) : undefined;
          return { ok: true, user: { id: args.user, ...(locale ? { locale } : {}) } };
        },
      },
    } as unknown as SlackUsersApi;
  }
}

/** The log lines written, parsed. */
function capturingLog(): { log: ReturnType<typeof createLogger>; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { log: createLogger('info', sink), lines };
}

describe('Slack user locales (users.info with include_locale, cached)', () => {
  it("reads the user's locale with include_locale and asks Slack once per user until the entry expires", async () => {
    const slack = new UsersInfo();
    slack.locales.set('U1', 'de-DE');
    slack.locales.set('U2', 'en-US');
    let now = 1_000_000;
    const locales = new SlackUserLocales(slack.api(), createLogger('silent'), { ttlMs: 60_000, now: () => now });
    assert.equal(await locales.localeOf('T1', 'U1'), 'de-DE');
    assert.equal(await locales.localeOf('T1', 'U1'), 'de-DE');
    assert.equal(await locales.localeOf('T1', 'U2'), 'en-US');
    assert.deepEqual(slack.calls, [
      { user: 'U1', include_locale: true },
      { user: 'U2', include_locale: true },
    ]);
    // The same user id in another workspace is another person.
    assert.equal(await locales.localeOf('T2', 'U1'), 'de-DE');
    assert.equal(slack.calls.length, 3);
    now += 60_001;
    slack.locales.set('U1', 'en-GB');
    assert.equal(await locales.localeOf('T1', 'U1'), 'en-GB', 'an expired entry is asked again');
    assert.equal(slack.calls.length, 4);
  });

  it('shares one call between concurrent turns of one person', async () => {
    const slack = new UsersInfo();
    slack.locales.set('U1', 'de-DE');
    let open!: () => void;
    slack.gate = new Promise((resolve) => (open = resolve));
    const locales = new SlackUserLocales(slack.api(), createLogger('silent'));
    const both = Promise.all([locales.localeOf('T1', 'U1'), locales.localeOf('T1', 'U1')]);
    open();
    assert.deepEqual(await both, ['de-DE', 'de-DE']);
    assert.equal(slack.calls.length, 1);
  });

  it('holds at most maxEntries users, dropping the least recently looked-up first', async () => {
    const slack = new UsersInfo();
    const locales = new SlackUserLocales(slack.api(), createLogger('silent'), { maxEntries: 2 });
    await locales.localeOf('T1', 'U1');
    await locales.localeOf('T1', 'U2');
    await locales.localeOf('T1', 'U1'); // U1 is now the most recent
    await locales.localeOf('T1', 'U3'); // drops U2
    assert.equal(locales.size, 2);
    assert.equal(slack.calls.length, 3);
    await locales.localeOf('T1', 'U1');
    assert.equal(slack.calls.length, 3, 'U1 was kept');
    await locales.localeOf('T1', 'U2');
    assert.equal(slack.calls.length, 4, 'U2 was dropped and asked again');
  });

  it('answers no locale when users.info fails (missing users:read), remembers that for a while, and logs it once', async () => {
    const slack = new UsersInfo();
    slack.error = 'missing_scope';
    let now = 0;
    const { log, lines } = capturingLog();
    const locales = new SlackUserLocales(slack.api(), log, { failureTtlMs: 1000, now: () => now });
    assert.equal(await locales.localeOf('T1', 'U1'), undefined);
    assert.equal(await locales.localeOf('T1', 'U1'), undefined);
    assert.equal(slack.calls.length, 1, 'the failure is remembered');
    assert.equal(await locales.localeOf('T1', 'U2'), undefined);
    now += 1001;
    assert.equal(await locales.localeOf('T1', 'U1'), undefined);
    assert.equal(slack.calls.length, 3);
    const warnings = lines.filter((line) => String(line.msg).includes('users.info failed'));
    assert.equal(warnings.length, 1, JSON.stringify(lines));
    assert.equal(warnings[0].error, 'missing_scope');
    assert.doesNotMatch(JSON.stringify(warnings[0]), /U1|U2/, 'no user id in the log');
    // Once the scope is granted, the next lookup after the remembered failure finds the locale.
    slack.error = undefined;
    slack.locales.set('U1', 'de-DE');
    now += 1001;
    assert.equal(await locales.localeOf('T1', 'U1'), 'de-DE');
  });

  it('lets a turn go on without a locale when users.info is slower than waitMs, and keeps the answer for the next turn', async () => {
    const slack = new UsersInfo();
    slack.locales.set('U1', 'de-DE');
    let open!: () => void;
    slack.gate = new Promise((resolve) => (open = resolve));
    const locales = new SlackUserLocales(slack.api(), createLogger('silent'), { waitMs: 1 });
    assert.equal(await locales.localeOf('T1', 'U1'), undefined);
    open();
    await slack.gate;
    // The lookup finished after the turn gave up on it; its answer is cached.
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(await locales.localeOf('T1', 'U1'), 'de-DE');
    assert.equal(slack.calls.length, 1);
  });
});

describe('Slack adapter: the locale reaches the turn, after the ack', () => {
  let server: restify.Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it('acks the command before users.info answers, then runs the turn with activity.locale from Slack', async () => {
    const log = createLogger('silent');
    const slack = new UsersInfo();
    slack.locales.set('U07AVALIND', 'de-DE');
    let open!: () => void;
    slack.gate = new Promise((resolve) => (open = resolve));
    const chat = { chat: { postMessage: async () => ({ ok: true, ts: '1781517600.000001' }) } } as unknown as SlackChatApi;
    // waitMs far beyond the test: the turn waits for users.info, the ack must not.
    const adapter = new SlackAdapter(chat, log, undefined, new SlackUserLocales(slack.api(), log, { waitMs: 600_000 }));
    const seen: Array<string | undefined> = [];
    const bridge = new SlackBridge({
      adapter,
      idempotency: new MemoryIdempotencyStore(),
      log,
      logic: async (context) => void seen.push(context.activity.locale),
    });
    server = restify.createServer();
    slackRoutes(SIGNING_SECRET, bridge, log).register(server);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const body = new URLSearchParams({
      command: '/refund',
      text: '',
      team_id: 'T07NBEAM01',
      user_id: 'U07AVALIND',
      channel_id: 'C0DESK0001',
      trigger_id: 'trig-1',
      response_url: 'http://127.0.0.1:9/unused',
    }).toString();
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await fetch(`${url}/api/slack/commands`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': sign(body, timestamp),
      },
      body,
    });
    assert.equal(response.status, 200);
    // Acked while users.info is still unanswered: the turn has not run.
    assert.deepEqual(seen, []);
    open();
    await bridge.idle();
    assert.deepEqual(seen, ['de-DE']);
    assert.equal(slack.calls.length, 1);
  });
});
