import assert from 'node:assert/strict';
import http from 'node:http';
import { deflateSync, gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { ConfigurationBotFrameworkAuthentication, MessageFactory, CardFactory, TurnContext, type Activity } from 'botbuilder';
import { AppCredentials, ClaimsIdentity, ConnectorClient, MicrosoftAppCredentials } from 'botframework-connector';
import { createSerializer } from 'botbuilder-stdlib/lib/azureCoreHttpCompat';
import * as Mappers from 'botframework-connector/lib/connectorApi/models/mappers';
import { lightenConnector, wireActivity } from '../../../src/channels/teams/lightConnector';
import { pipelineSends } from './pipelineSends';

/** What botframework-connector's own serializer makes of an activity: the reference the light sends must match. */
const serializer = createSerializer(Mappers as unknown as Parameters<typeof createSerializer>[0]);
const viaMapper = (activity: Partial<Activity>) => JSON.parse(JSON.stringify(serializer.serialize(Mappers.Activity, activity, 'activity'))) as unknown;

/** A reply as TurnContext builds it from a Teams activity: a card, the conversation reference, a locale. */
function teamsReply(): Partial<Activity> {
  const incoming = {
    type: 'message',
    id: 'in-1',
    channelId: 'msteams',
    serviceUrl: 'https://smba.example/emea/',
    locale: 'de-DE',
    timestamp: new Date('2026-06-15T10:00:00Z'),
    from: { id: '29:u', name: 'Ava', aadObjectId: 'aad-1' },
    recipient: { id: '28:bot', name: 'Desk' },
    conversation: { id: 'a:1', tenantId: 't-1', conversationType: 'personal' },
  } as Activity;
  const card = CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    version: '1.5',
    body: [{ type: 'TextBlock', text: 'Refund quote \\* 1' }],
    actions: [{ type: 'Action.Submit', title: 'Continue', data: { rd: 'c-1', action: 'continue' } }],
  });
  return TurnContext.applyConversationReference(MessageFactory.attachment(card), TurnContext.getConversationReference(incoming), false);
}

describe('Teams connector: light sends', () => {
  it("send the JSON the connector's serializer would, for a card reply and an answered-card update", () => {
    const reply = teamsReply();
    assert.deepEqual(JSON.parse(JSON.stringify(wireActivity(reply as Record<string, unknown>))), viaMapper(reply));
    const update = { ...reply, id: 'act-7', text: 'Answered: Continue' };
    assert.deepEqual(JSON.parse(JSON.stringify(wireActivity(update as Record<string, unknown>))), viaMapper(update));
  });

  it('leave out fields the Bot Connector API does not have, as its serializer does', () => {
    const reply = { ...teamsReply(), rawTimestamp: 'x', internalOnly: { secret: 1 } } as Record<string, unknown>;
    const wire = wireActivity(reply);
    assert.equal('rawTimestamp' in wire, false);
    assert.equal('internalOnly' in wire, false);
  });

  it("make the same requests as the connector's own operations and read the answer", async () => {
    const seen: Array<{ method?: string; url?: string; authorization?: string; conversation?: string; body: unknown }> = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({
          method: req.method,
          url: req.url,
          authorization: req.headers.authorization,
          conversation: req.headers['x-ms-conversation-id'] as string | undefined,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
        });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ id: 'sent-1' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const client = () => new ConnectorClient(new MicrosoftAppCredentials('', ''), { baseUri: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
      const reply = teamsReply();
      const sendAll = async (connector: ConnectorClient) => {
        const answer = await connector.conversations.replyToActivity('a:1', 'in-1', reply);
        assert.equal(answer.id, 'sent-1');
        await connector.conversations.updateActivity('a:1', 'act-7', { ...reply, id: 'act-7' });
        await connector.conversations.sendToConversation('a:1', reply);
      };
      await sendAll(client());
      const asTheConnectorSends = seen.splice(0);
      await sendAll(await lightenConnector(client()));
      assert.deepEqual(
        seen.map((s) => `${s.method} ${s.url}`),
        ['POST /v3/conversations/a%3A1/activities/in-1', 'PUT /v3/conversations/a%3A1/activities/act-7', 'POST /v3/conversations/a%3A1/activities'],
      );
      assert.equal(seen[0].conversation, 'a:1');
      assert.deepEqual(seen, asTheConnectorSends);
    } finally {
      server.close();
    }
  });
});

/** A stand-in Bot Connector on 127.0.0.1 that records every request as it arrived and answers as told. */
interface Seen {
  line: string;
  headers: string[];
  body: string;
}
interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}
async function standIn() {
  const seen: Seen[] = [];
  let answers: Answer[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      // The request id is new on every request: its value is masked, its place kept.
      const headers = req.rawHeaders.map((v, i) => (i % 2 === 1 && req.rawHeaders[i - 1] === 'x-ms-client-request-id' ? '<uuid>' : v));
      seen.push({ line: `${req.method} ${req.url} HTTP/${req.httpVersion}`, headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer =
        answers.length > 1 ? answers.shift()! : (answers[0] ?? { status: 200, headers: { 'content-type': 'application/json' }, body: '{"id":"sent-1"}' });
      res.writeHead(answer.status, answer.headers ?? {});
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    answerWith(...next: Answer[]) {
      answers = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A token in botframework-connector's own cache, so credentials sign without reaching Microsoft Entra. */
function cacheToken(appId: string, token: string): void {
  const scope = 'https://api.botframework.com';
  (AppCredentials as unknown as { cache: Map<string, unknown> }).cache.set(`${appId}${scope}-cache`, {
    accessToken: token,
    expiresOn: new Date(Date.now() + 3_600_000),
  });
}

/** A client as botbuilder's connector factory makes it for the desk: with or without the bot's credentials. */
async function factoryClient(url: string, appId: string): Promise<ConnectorClient> {
  const auth = new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: appId, MicrosoftAppPassword: appId ? 'secret' : '' });
  const claims = new ClaimsIdentity(appId ? [{ type: 'aud', value: appId }] : [], true);
  return auth.createConnectorFactory(claims).create(url, 'https://api.botframework.com');
}

/** The error fields callers read (botbuilder, the proactive delivery worker), or the result. */
async function outcome(call: Promise<unknown>): Promise<unknown> {
  try {
    const result = await call;
    return { result };
  } catch (e) {
    const error = e as {
      name?: string;
      message?: string;
      code?: string;
      statusCode?: number;
      details?: unknown;
      response?: { status: number; bodyAsText?: string; parsedBody?: unknown; headers: { get(name: string): string | undefined } };
    };
    return {
      name: error.name,
      message: error.message,
      code: error.code,
      statusCode: error.statusCode,
      details: error.details,
      status: error.response?.status,
      bodyAsText: error.response?.bodyAsText,
      parsedBody: error.response?.parsedBody,
      retryAfter: error.response?.headers.get('retry-after'),
    };
  }
}

describe('Teams connector: our own sender', () => {
  let stand: Awaited<ReturnType<typeof standIn>>;
  beforeEach(async () => {
    stand = await standIn();
  });
  afterEach(() => stand.close());

  const calls = (connector: ConnectorClient) => {
    const reply = teamsReply();
    return [
      () => connector.conversations.replyToActivity('a:1;messageid=17', 'in-1', reply),
      () => connector.conversations.updateActivity('a:1;messageid=17', 'act-7', { ...reply, id: 'act-7', text: 'Answered: Continue ✓' }),
      () => connector.conversations.sendToConversation('a:1', reply),
    ];
  };

  for (const [label, appId] of [
    ['with the bot credentials: signed', 'app-light-1'],
    ['without credentials: no token', ''],
  ] as const) {
    it(`sends byte for byte what the connector factory's client sent on its own pipeline, ${label}`, async () => {
      if (appId) cacheToken(appId, 'token-for-light');
      for (const path of ['', '/emea', '/emea/']) {
        const own = pipelineSends(await factoryClient(stand.url + path, appId));
        for (const call of calls(own)) await call();
        const asTheConnectorSends = stand.seen.splice(0);
        const light = await lightenConnector(await factoryClient(stand.url + path, appId));
        for (const call of calls(light)) await call();
        assert.deepEqual(stand.seen.splice(0), asTheConnectorSends);
        const authorization = asTheConnectorSends[0].headers.indexOf('Authorization');
        if (appId) assert.equal(asTheConnectorSends[0].headers[authorization + 1], 'Bearer token-for-light');
        else assert.equal(authorization, -1, 'no token where the connector sends none');
        assert.ok(asTheConnectorSends[0].headers.includes('x-ms-conversation-id'));
        assert.ok(!asTheConnectorSends[2].headers.includes('x-ms-conversation-id'));
      }
    });
  }

  // Each answer as the connector reads it: a result, or an error with the fields callers read. 429 and 503 with a
  // Retry-After are tried again by both (3 more times); other statuses are not.
  const answers: Array<[string, Answer[]]> = [
    ['gzipped 200', [{ status: 200, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gzipSync('{"id":"zipped"}') }]],
    [
      'deflated 403',
      [
        {
          status: 403,
          headers: { 'content-type': 'application/json', 'content-encoding': 'deflate' },
          body: deflateSync('{"error":{"code":"Forbidden","message":"no"}}'),
        },
      ],
    ],
    ['201 with an id', [{ status: 201, headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"id":"x-2","extra":1}' }]],
    ['200 with no body', [{ status: 200 }]],
    ['200 with plain text', [{ status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' }]],
    ['200 with broken JSON', [{ status: 200, headers: { 'content-type': 'application/json' }, body: '{"id":' }]],
    ['204', [{ status: 204 }]],
    [
      '400 with an error body',
      [{ status: 400, headers: { 'content-type': 'application/json' }, body: '{"error":{"code":"BadArgument","message":"Activity is invalid"}}' }],
    ],
    [
      '403 bot not in conversation',
      [
        {
          status: 403,
          headers: { 'content-type': 'application/json' },
          body: '{"error":{"code":"BotNotInConversationRoster","message":"The bot is not part of the conversation roster."}}',
        },
      ],
    ],
    ['404 with no body', [{ status: 404 }]],
    ['404 with XML', [{ status: 404, headers: { 'content-type': 'application/xml' }, body: '<error/>' }]],
    ['401 with plain text', [{ status: 401, headers: { 'content-type': 'text/plain' }, body: 'Unauthorized' }]],
    [
      '429 with Retry-After, then sent',
      [
        { status: 429, headers: { 'retry-after': '0' } },
        { status: 200, headers: { 'content-type': 'application/json' }, body: '{"id":"after-wait"}' },
      ],
    ],
    [
      '429 with Retry-After every time',
      [
        {
          status: 429,
          headers: { 'retry-after': '0', 'content-type': 'application/json' },
          body: '{"error":{"code":"Throttled","message":"Too many requests"}}',
        },
      ],
    ],
    ['429 without Retry-After', [{ status: 429 }]],
    ['503 with retry-after-ms', [{ status: 503, headers: { 'retry-after-ms': '1' } }]],
    ['501', [{ status: 501 }]],
  ];
  for (const [label, answerList] of answers) {
    it(`reads a ${label} as the connector does, after as many requests`, async () => {
      const own = pipelineSends(await factoryClient(stand.url, ''));
      const light = await lightenConnector(await factoryClient(stand.url, ''));
      const results: unknown[] = [];
      for (const connector of [own, light]) {
        for (const call of calls(connector)) {
          stand.answerWith(...answerList);
          results.push(await outcome(call()));
          results.push(stand.seen.splice(0).length);
        }
      }
      assert.deepEqual(results.slice(6), results.slice(0, 6));
    });
  }

  it('tries a 5xx again after an exponential pause, 4 requests in all, and reports the last answer', async () => {
    const pauses: number[] = [];
    const retries = {
      maxRetries: 3,
      retryDelayMs: 1000,
      maxRetryDelayMs: 64_000,
      random: () => 0.5,
      now: Date.now,
      sleep: async (ms: number) => void pauses.push(ms),
    };
    const light = await lightenConnector(await factoryClient(stand.url, ''), { retries });
    stand.answerWith({ status: 500, headers: { 'content-type': 'application/json' }, body: '{"error":{"code":"ServiceError","message":"boom"}}' });
    const error = (await outcome(light.conversations.sendToConversation('a:1', teamsReply()))) as { statusCode: number; code: string; message: string };
    assert.equal(stand.seen.length, 4);
    assert.deepEqual(pauses, [750, 1500, 3000]);
    assert.deepEqual([error.statusCode, error.code, error.message], [500, 'ServiceError', 'boom']);
  });

  it('gives a network failure as the connector does: a RestError with the system code, after 3 more tries', async () => {
    const pauses: number[] = [];
    const retries = { maxRetries: 3, retryDelayMs: 1, maxRetryDelayMs: 4, random: () => 0, now: Date.now, sleep: async (ms: number) => void pauses.push(ms) };
    const url = stand.url;
    await stand.close();
    const light = await lightenConnector(await factoryClient(url, ''), { retries });
    const own = pipelineSends(await factoryClient(url, ''));
    const fromLight = (await outcome(light.conversations.sendToConversation('a:1', teamsReply()))) as Record<string, unknown>;
    const fromOwn = (await outcome(own.conversations.sendToConversation('a:1', teamsReply()))) as Record<string, unknown>;
    assert.equal(pauses.length, 3);
    assert.deepEqual([fromLight.name, fromLight.code, fromLight.statusCode], [fromOwn.name, fromOwn.code, fromOwn.statusCode]);
    assert.equal(fromLight.code, 'ECONNREFUSED');
    stand = await standIn();
  });

  it('abandons an attempt past its timeout', async () => {
    const light = await lightenConnector(await factoryClient(stand.url, ''), { timeoutMs: 50 });
    stand.answerWith({ status: 200 });
    const slow = http.createServer(() => undefined);
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    try {
      const stalled = await lightenConnector(await factoryClient(`http://127.0.0.1:${(slow.address() as AddressInfo).port}`, ''), { timeoutMs: 50 });
      const error = (await outcome(stalled.conversations.sendToConversation('a:1', teamsReply()))) as { name: string };
      assert.equal(error.name, 'AbortError');
      assert.deepEqual(await outcome(light.conversations.sendToConversation('a:1', teamsReply())), { result: {} });
    } finally {
      slow.closeAllConnections();
      slow.close();
    }
  });

  it('keeps the connector sends for a client behind a proxy', async () => {
    const client = await factoryClient(stand.url, '');
    const before = client.conversations.sendToConversation;
    process.env.HTTPS_PROXY = 'http://127.0.0.1:9';
    try {
      assert.equal((await lightenConnector(client)).conversations.sendToConversation, before);
    } finally {
      delete process.env.HTTPS_PROXY;
    }
  });
});
