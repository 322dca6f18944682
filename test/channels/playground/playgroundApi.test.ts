import assert from 'node:assert/strict';
import http from 'node:http';
import type { ConversationReference } from 'botbuilder';
import { createApp, type App } from '../../../src/app';
import { loadConfig } from '../../../src/config';
import { LOCALES, resolveLocale } from '../../../src/i18n';

/** Reads a Server-Sent Events stream over real HTTP; `next(kind)` resolves with the next event of that kind. */
class EventStream {
  private buffer = '';
  private readonly queue: Array<{ id: string; kind: string; data: Record<string, unknown> }> = [];
  private waiter?: () => void;
  private request?: http.ClientRequest;
  status = 0;

  open(url: string, headers: Record<string, string> = {}): Promise<void> {
    return new Promise((resolve, reject) => {
      this.request = http.get(url, { headers }, (res) => {
        this.status = res.statusCode ?? 0;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          this.buffer += chunk;
          let end: number;
          while ((end = this.buffer.indexOf('\n\n')) >= 0) {
            const block = this.buffer.slice(0, end);
            this.buffer = this.buffer.slice(end + 2);
            const field = (name: string) =>
              block
                .split('\n')
                .find((l) => l.startsWith(`${name}: `))
                ?.slice(name.length + 2);
            const data = field('data');
            if (data) this.queue.push({ id: field('id') ?? '', kind: field('event') ?? 'message', data: JSON.parse(data) as Record<string, unknown> });
            this.waiter?.();
          }
        });
        resolve();
      });
      this.request.on('error', reject);
    });
  }

  async next(kind?: string): Promise<{ id: string; kind: string; data: Record<string, unknown> }> {
    for (;;) {
      const index = this.queue.findIndex((e) => !kind || e.kind === kind);
      if (index >= 0) return this.queue.splice(index, 1)[0];
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }

  pending(): number {
    return this.queue.length;
  }

  close(): void {
    this.request?.destroy();
  }
}

async function postRaw(url: string, body: string, contentType = 'application/json'): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': contentType }, body });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

describe('playground: HTTP API', function () {
  let app: App;
  let base: string;
  const streams: EventStream[] = [];
  const stream = () => {
    const s = new EventStream();
    streams.push(s);
    return s;
  };
  // Conversations are created by the server, each with the key that makes it one page's alone; tests name them.
  const conversations = new Map<string, { id: string; key: string }>();
  const conversation = async (name: string) => {
    if (!conversations.has(name)) {
      const created = await fetch(`${base}/playground/api/conversations`, { method: 'POST' });
      assert.equal(created.status, 201);
      conversations.set(name, (await created.json()) as { id: string; key: string });
    }
    return conversations.get(name)!;
  };
  const eventsUrl = async (name: string) => {
    const { id, key } = await conversation(name);
    return `${base}/playground/api/events?conversation=${encodeURIComponent(id)}&key=${encodeURIComponent(key)}`;
  };
  const say = async (name: string, from: string, fields: Record<string, unknown>) =>
    postRaw(`${base}/playground/api/messages`, JSON.stringify({ type: 'message', from: { id: from }, conversation: await conversation(name), ...fields }));

  before(async () => {
    // No REDIS_URL: in-memory state. No Bot Framework credentials: the playground is on.
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', SANDBOX_CLOCK: '2026-06-15T10:00:00Z' });
    app = await createApp(config);
    const { port } = await app.listen();
    base = `http://127.0.0.1:${port}`;
  });
  afterEach(() => streams.splice(0).forEach((s) => s.close()));
  after(async () => app.close());

  it('serves the page and its local assets, including the official adaptivecards renderer', async () => {
    const page = await fetch(`${base}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    const html = await page.text();
    for (const asset of ['/playground/assets/app.js', '/playground/assets/styles.css', '/playground/assets/adaptivecards.min.js']) {
      assert.ok(html.includes(asset), `the page loads ${asset}`);
      const res = await fetch(`${base}${asset}`);
      assert.equal(res.status, 200, asset);
      assert.ok((await res.text()).length > 0);
    }
    assert.match(await (await fetch(`${base}/playground/assets/adaptivecards.min.js`)).text(), /AdaptiveCard/);
    assert.equal((await fetch(`${base}/playground/assets/..%2F..%2Fpackage.json`)).status, 404);
    assert.equal((await fetch(`${base}/playground/assets/index.ts`)).status, 404);
  });

  it('lists roster users with their roles and without emails', async () => {
    const res = await fetch(`${base}/playground/api/roster`);
    const body = (await res.json()) as { users: Array<{ id: string; displayName: string; roles: string[] }> };
    const ava = body.users.find((u) => u.id === 'ava.lindqvist');
    assert.deepEqual(ava, { id: 'ava.lindqvist', displayName: 'Ava Lindqvist', roles: ['Admin agent'] });
    assert.equal(body.users.length, (app.services.provider as unknown as { roster: { users: unknown[] } }).roster.users.length);
    assert.doesNotMatch(JSON.stringify(body), /@/);
  });

  it('runs a turn of the same bot and streams its card; a card click replaces the answered card in place', async () => {
    const events = stream();
    await events.open(await eventsUrl('c-refund'));
    assert.equal(events.status, 200);
    const sent = await say('c-refund', 'ava.lindqvist', { text: '/refund alder' });
    assert.equal(sent.status, 200);
    let picker: { id: string; attachments?: Array<{ content: unknown }> } | undefined;
    while (!picker) {
      const { data } = await events.next('activity');
      const activity = data.activity as { id: string; text?: string; attachments?: Array<{ content: unknown }> };
      if (JSON.stringify(activity.attachments ?? []).includes('Choose af-sql-gp8')) picker = activity;
    }
    const action = JSON.stringify(picker.attachments).match(/"title":"Choose af-sql-gp8","data":(\{[^}]*\})/);
    assert.ok(action, 'the picker has a Choose button with Action.Submit data');
    assert.equal((await say('c-refund', 'ava.lindqvist', { value: JSON.parse(action[1]), replyToId: picker.id })).status, 200);
    const update = await events.next('update');
    assert.equal((update.data.activity as { id: string }).id, picker.id);
    assert.doesNotMatch(JSON.stringify(update.data), /Choose af-sql-gp8/);
    const quote = await events.next('activity');
    assert.match(JSON.stringify(quote.data), /Refund quote/);
  });

  it('runs the manage dialogs too: /renew turns renewal on after the confirmation card', async () => {
    const events = stream();
    await events.open(await eventsUrl('c-renew'));
    /** Waits for the bot's card with a button of this title and clicks it. */
    const click = async (title: string) => {
      for (;;) {
        const { data } = await events.next('activity');
        const activity = data.activity as { id: string; attachments?: unknown[] };
        const button = JSON.stringify(activity.attachments ?? []).match(new RegExp(`"title":"${title}",(?:"style":"\\w+",)?"data":(\\{[^}]*\\})`));
        if (button) return say('c-renew', 'ava.lindqvist', { value: JSON.parse(button[1]), replyToId: activity.id });
      }
    };
    await say('c-renew', 'ava.lindqvist', { text: '/renew alder' });
    await click('Choose af-web-d4s-fresh');
    await click('Turn renewal on');
    assert.equal((await click('Turn renewal on')).status, 200);
    const result = await events.next('activity');
    assert.match(JSON.stringify(result.data), /Changed in Azure/);
    const customerId = (await app.services.provider.directory.searchCustomers('alder', 0, 1)).items[0].id;
    const web = (await app.services.provider.reservations.listReservations(customerId)).find((r) => r.displayName === 'af-web-d4s-fresh')!;
    assert.equal((await app.services.provider.management.settings(customerId, web.reservationId))!.renew, true);
  });

  it('forces the channel to playground: an activity claiming to be Teams still runs as the roster user', async () => {
    const events = stream();
    await events.open(await eventsUrl('c-claim'));
    const res = await say('c-claim', 'ava.lindqvist', { text: 'help', channelId: 'msteams', serviceUrl: 'http://evil.invalid/', recipient: { id: 'x' } });
    assert.equal(res.status, 200);
    const { data } = await events.next('activity');
    assert.match(String((data.activity as { text: string }).text), /\/refund \[customer\]/);
    const seen: string[] = [];
    app.playground!.adapter.use(async (context, next) => {
      seen.push(`${context.activity.channelId} ${context.activity.serviceUrl} ${context.activity.recipient.id}`);
      await next();
    });
    await say('c-claim', 'ava.lindqvist', { text: 'help', channelId: 'msteams', serviceUrl: 'http://evil.invalid/' });
    assert.deepEqual(seen, ['playground playground: reservation-desk']);
  });

  it('refuses users outside the roster, malformed JSON, non-message bodies and bodies over 64 KiB', async () => {
    assert.equal((await say('c-bad', 'mallory', { text: 'help' })).status, 403);
    assert.equal((await postRaw(`${base}/playground/api/messages`, '{"type": "message", ')).status, 400);
    assert.equal(
      (await postRaw(`${base}/playground/api/messages`, JSON.stringify({ type: 'event', from: { id: 'ava.lindqvist' }, conversation: { id: 'c' } }))).status,
      400,
    );
    assert.equal(
      (
        await postRaw(
          `${base}/playground/api/messages`,
          JSON.stringify({ type: 'message', from: { id: 'ava.lindqvist' }, conversation: { id: 'bad conversation id!', key: 'k' }, text: 'help' }),
        )
      ).status,
      400,
    );
    for (const value of [
      { rd: 'card', action: 'pick', customerId: { nested: true } },
      { rd: 'card', action: 3 },
      { rd: 'card', action: 'continue', label: ['x'] },
    ]) {
      assert.equal((await say('c-bad-value', 'ava.lindqvist', { value })).status, 400, JSON.stringify(value));
    }
    const big = await say('c-big', 'ava.lindqvist', { text: 'x', value: { pad: 'y'.repeat(70 * 1024) } });
    assert.equal(big.status, 413);
    assert.equal((await fetch(`${base}/playground/api/events`)).status, 400);
  });

  it('delivers messages the bot sends later, unprompted, to the open page, and replays missed ones on reconnect', async () => {
    const events = stream();
    await events.open(await eventsUrl('c-later'));
    await say('c-later', 'ben.okafor', { text: 'hello' });
    const first = await events.next('activity');
    // A proactive message (as a credit notice will be): continueConversation on the stored reference.
    const reference = {
      channelId: 'playground',
      serviceUrl: 'playground:',
      conversation: { id: (await conversation('c-later')).id },
      user: { id: 'ben.okafor' },
      bot: { id: 'reservation-desk' },
    } as Partial<ConversationReference>;
    await app.playground!.adapter.continueConversation(reference, async (context) => {
      await context.sendActivity('Credit arrived for request R-1.');
    });
    const later = await events.next('activity');
    assert.equal((later.data.activity as { text: string }).text, 'Credit arrived for request R-1.');
    // A page reconnecting with Last-Event-ID gets only what came after it.
    const again = stream();
    await again.open(await eventsUrl('c-later'), { 'Last-Event-ID': first.id });
    const replayed = await again.next('activity');
    assert.equal((replayed.data.activity as { text: string }).text, 'Credit arrived for request R-1.');
  });

  it('keeps each conversation to its own page: its event stream and its messages need the key it was created with', async () => {
    const mine = await conversation('c-mine');
    const events = stream();
    await events.open(await eventsUrl('c-mine'));
    assert.equal(events.status, 200);
    // Another page that learnt the id (from a log line, say) can neither read the stream nor write into it.
    const theirs = await conversation('c-theirs');
    for (const query of [`conversation=${mine.id}`, `conversation=${mine.id}&key=${theirs.key}`, `conversation=${mine.id}&key=`]) {
      const spy = stream();
      await spy.open(`${base}/playground/api/events?${query}`);
      assert.equal(spy.status, 403, query);
    }
    for (const key of [theirs.key, '', mine.key.slice(1)]) {
      const res = await postRaw(
        `${base}/playground/api/messages`,
        JSON.stringify({ type: 'message', from: { id: 'ava.lindqvist' }, conversation: { id: mine.id, key }, text: '/requests' }),
      );
      assert.equal(res.status, 403, key);
    }
    assert.equal(events.pending(), 0, 'nothing was posted into the conversation');
    // Its own page can.
    assert.equal((await say('c-mine', 'ava.lindqvist', { text: 'help' })).status, 200);
    assert.match(String(((await events.next('activity')).data.activity as { text: string }).text), /\/refund \[customer\]/);
  });

  it('answers in the language the page selected, in English for a malformed one, and refuses a locale that is not text', async () => {
    const events = stream();
    await events.open(await eventsUrl('c-locale'));
    const textOf = async () => String(((await events.next('activity')).data.activity as { text: string }).text);
    assert.equal((await say('c-locale', 'ava.lindqvist', { text: 'cancel', locale: 'de-DE' })).status, 200);
    assert.equal(await textOf(), 'Es gibt nichts abzubrechen.');
    assert.equal((await say('c-locale', 'ava.lindqvist', { text: 'cancel', locale: 'de!!' })).status, 200);
    assert.equal(await textOf(), 'There is nothing to cancel.');
    for (const locale of [42, ['de'], 'x'.repeat(36)])
      assert.equal((await say('c-locale', 'ava.lindqvist', { text: 'cancel', locale })).status, 400, JSON.stringify(locale));
    assert.equal(events.pending(), 0, 'a refused body ran no turn');
  });

  it("offers a language selector on the page whose every choice the API takes as the turn's locale", async () => {
    const html = await (await fetch(`${base}/`)).text();
    const select = /<select id="locale"[^>]*>([\s\S]*?)<\/select>/.exec(html);
    assert.ok(select, 'the page has the language selector');
    assert.match(html, /<label for="locale"[^>]*>[^<]+<\/label>/, 'the selector has a label');
    const values = [...select[1].matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(values.map((v) => resolveLocale(v)).sort(), [...LOCALES].sort(), `one choice per language the bot speaks: ${values.join(', ')}`);
    // app.js sends the selected value with every message (the browser test clicks through it where chromium is installed).
    assert.match(await (await fetch(`${base}/playground/assets/app.js`)).text(), /locale: localeSelect\.value/);
    const events = stream();
    await events.open(await eventsUrl('c-selector'));
    const expected: Record<string, string> = { en: 'There is nothing to cancel.', de: 'Es gibt nichts abzubrechen.' };
    for (const value of values) {
      assert.equal((await say('c-selector', 'ava.lindqvist', { text: 'cancel', locale: value })).status, 200);
      assert.equal(String(((await events.next('activity')).data.activity as { text: string }).text), expected[resolveLocale(value)!], value);
    }
  });

  it('with Bot Framework credentials is served only with PLAYGROUND_TOKEN, and then only to callers presenting it', async () => {
    const credentials = { MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-a-real-secret' };
    assert.throws(() => loadConfig({ ...credentials, PLAYGROUND: 'on' }), /PLAYGROUND_TOKEN is required for PLAYGROUND=on with Bot Framework credentials/);
    assert.throws(() => loadConfig({ ...credentials, PLAYGROUND: 'on', PLAYGROUND_TOKEN: 'short' }), /PLAYGROUND_TOKEN is too short/);
    const token = 'playground-token-of-the-operator';
    const guarded = await createApp(
      loadConfig({
        ...credentials,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        PLAYGROUND: 'on',
        PLAYGROUND_TOKEN: token,
        SANDBOX_CLOCK: '2026-06-15T10:00:00Z',
      }),
    );
    const url = `http://127.0.0.1:${(await guarded.listen()).port}`;
    try {
      const message = (created: { id: string; key: string }, headers: Record<string, string>) =>
        fetch(`${url}/playground/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ type: 'message', from: { id: 'ava.lindqvist' }, conversation: created, text: 'help' }),
        });
      // Without the token (or with another one) nothing is served.
      for (const headers of [{}, { authorization: 'Bearer not-the-token-at-all' }, { cookie: 'rd_playground=not-the-token-at-all' }] as Array<
        Record<string, string>
      >) {
        for (const path of ['/', '/playground/assets/app.js', '/playground/api/roster', '/playground/api/events?conversation=pg-x&key=k']) {
          assert.equal((await fetch(`${url}${path}`, { headers })).status, 401, `${path} ${JSON.stringify(headers)}`);
        }
        assert.equal((await fetch(`${url}/playground/api/conversations`, { method: 'POST', headers })).status, 401);
        assert.equal((await message({ id: 'pg-x', key: 'k' }, headers)).status, 401);
      }
      const wrongLink = await fetch(`${url}/?token=not-the-token-at-all`, { redirect: 'manual' });
      assert.equal(wrongLink.status, 401);
      assert.equal(wrongLink.headers.get('set-cookie'), null);

      // A program presents it as a bearer token.
      const bearer = { authorization: `Bearer ${token}` };
      assert.equal((await fetch(`${url}/playground/api/roster`, { headers: bearer })).status, 200);
      // A browser opens /?token=… once: an HttpOnly cookie, and the token leaves the address bar.
      const link = await fetch(`${url}/?token=${token}`, { redirect: 'manual' });
      assert.equal(link.status, 303);
      assert.equal(link.headers.get('location'), '/');
      const setCookie = link.headers.get('set-cookie') ?? '';
      assert.match(setCookie, /^rd_playground=[^;]+; Path=\/; HttpOnly; SameSite=Strict/);
      const cookie = { cookie: setCookie.split(';')[0] };
      const page = await fetch(`${url}/`, { headers: cookie });
      assert.equal(page.status, 200);
      assert.match(await page.text(), /playground\/assets\/app\.js/);
      const created = (await (await fetch(`${url}/playground/api/conversations`, { method: 'POST', headers: cookie })).json()) as { id: string; key: string };
      const events = stream();
      await events.open(`${url}/playground/api/events?conversation=${created.id}&key=${created.key}`, cookie);
      assert.equal(events.status, 200);
      assert.equal((await message(created, cookie)).status, 200);
      assert.match(String(((await events.next('activity')).data.activity as { text: string }).text), /\/refund \[customer\]/);
      // The token alone does not open another page's conversation.
      const spy = stream();
      await spy.open(`${url}/playground/api/events?conversation=${created.id}&key=guess`, bearer);
      assert.equal(spy.status, 403);
    } finally {
      await guarded.close();
    }
  });

  it('is not served when the playground is off', async () => {
    const off = await createApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', PLAYGROUND: 'off' }));
    const { port } = await off.listen();
    try {
      assert.equal(off.playground, undefined);
      assert.equal((await fetch(`http://127.0.0.1:${port}/`)).status, 404);
      assert.equal(
        (
          await postRaw(
            `http://127.0.0.1:${port}/playground/api/messages`,
            JSON.stringify({ type: 'message', from: { id: 'ava.lindqvist' }, conversation: { id: 'c' }, text: 'help' }),
          )
        ).status,
        404,
      );
    } finally {
      await off.close();
    }
  });
});
