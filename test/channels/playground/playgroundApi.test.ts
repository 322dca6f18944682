import assert from 'node:assert/strict';
import http from 'node:http';
import type { ConversationReference } from 'botbuilder';
import { createApp, type App } from '../../../src/app';
import { loadConfig } from '../../../src/config';

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
            const field = (name: string) => block.split('\n').find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
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
  const say = (conversation: string, from: string, fields: Record<string, unknown>) =>
    postRaw(`${base}/playground/api/messages`, JSON.stringify({ type: 'message', from: { id: from }, conversation: { id: conversation }, ...fields }));

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
    await events.open(`${base}/playground/api/events?conversation=c-refund`);
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

  it('forces the channel to playground: an activity claiming to be Teams still runs as the roster user', async () => {
    const events = stream();
    await events.open(`${base}/playground/api/events?conversation=c-claim`);
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
    assert.equal((await postRaw(`${base}/playground/api/messages`, JSON.stringify({ type: 'event', from: { id: 'ava.lindqvist' }, conversation: { id: 'c' } }))).status, 400);
    assert.equal((await say('bad conversation id!', 'ava.lindqvist', { text: 'help' })).status, 400);
    for (const value of [{ rd: 'card', action: 'pick', customerId: { nested: true } }, { rd: 'card', action: 3 }, { rd: 'card', action: 'continue', label: ['x'] }]) {
      assert.equal((await say('c-bad-value', 'ava.lindqvist', { value })).status, 400, JSON.stringify(value));
    }
    const big = await say('c-big', 'ava.lindqvist', { text: 'x', value: { pad: 'y'.repeat(70 * 1024) } });
    assert.equal(big.status, 413);
    assert.equal((await fetch(`${base}/playground/api/events`)).status, 400);
  });

  it('delivers messages the bot sends later, unprompted, to the open page, and replays missed ones on reconnect', async () => {
    const events = stream();
    await events.open(`${base}/playground/api/events?conversation=c-later`);
    await say('c-later', 'ben.okafor', { text: 'hello' });
    const first = await events.next('activity');
    // A proactive message (as a credit notice will be): continueConversation on the stored reference.
    const reference = { channelId: 'playground', serviceUrl: 'playground:', conversation: { id: 'c-later' }, user: { id: 'ben.okafor' }, bot: { id: 'reservation-desk' } } as Partial<ConversationReference>;
    await app.playground!.adapter.continueConversation(reference, async (context) => {
      await context.sendActivity('Credit arrived for request R-1.');
    });
    const later = await events.next('activity');
    assert.equal((later.data.activity as { text: string }).text, 'Credit arrived for request R-1.');
    // A page reconnecting with Last-Event-ID gets only what came after it.
    const again = stream();
    await again.open(`${base}/playground/api/events?conversation=c-later`, { 'Last-Event-ID': first.id });
    const replayed = await again.next('activity');
    assert.equal((replayed.data.activity as { text: string }).text, 'Credit arrived for request R-1.');
  });

  it('is not served when the playground is off', async () => {
    const off = await createApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', PLAYGROUND: 'off' }));
    const { port } = await off.listen();
    try {
      assert.equal(off.playground, undefined);
      assert.equal((await fetch(`http://127.0.0.1:${port}/`)).status, 404);
      assert.equal((await postRaw(`http://127.0.0.1:${port}/playground/api/messages`, JSON.stringify({ type: 'message', from: { id: 'ava.lindqvist' }, conversation: { id: 'c' }, text: 'help' }))).status, 404);
    } finally {
      await off.close();
    }
  });
});
