import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Server } from 'restify';
import type { TurnContext } from 'botbuilder';
import { createHttpServer } from '../../../src/server';
import { createLogger } from '../../../src/log';
import { createTeamsAdapter, teamsRoutes } from '../../../src/channels/teams/teamsChannel';
import { turnAnswered } from '../../../src/ports/turnAnswered';
import { StandInConnector } from '../../e2e/standInConnector';

/**
 * What a client of POST /api/messages sees (status, the headers it reads, the body), recorded from the restify
 * route as it was before the route read and answered requests itself (inboundResponses.golden.json), and held to it
 * for every kind of answer: success, expected replies, invokes, 400s, 401s, 413s, 415s, 405 and 500. With
 * RECORD_INBOUND=1 the test writes the file instead of comparing (only ever from the old route).
 */
type Json = Record<string, unknown>;

const GOLDEN = path.join(__dirname, 'inboundResponses.golden.json');
const MAX = 256 * 1024;
const FIXED_SERVICE_URL = 'http://127.0.0.1:9/';
/** The only headers a client reads, and the ones restify adds on its own (Server). */
const SEEN_HEADERS = ['content-type', 'content-length', 'transfer-encoding', 'server', 'accept-encoding'];

interface Answer {
  status: number;
  headers: Record<string, string | undefined>;
  body: string;
}

interface Case {
  name: string;
  signed?: boolean;
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  /** One string, or chunks sent with chunked transfer encoding. */
  body?: string | string[];
}

const activity = (serviceUrl: string, fields: Json = {}): Json => ({
  type: 'message',
  id: 'act-in-1',
  timestamp: '2026-06-15T10:00:00.123Z',
  localTimestamp: '2026-06-15T12:00:00.123+02:00',
  channelId: 'msteams',
  serviceUrl,
  from: { id: '29:ava', aadObjectId: '6e9ffb03-7d1b-4dc2-a550-0ce56d837065', name: 'Ava Lindqvist' },
  recipient: { id: '28:bot', name: 'Reservation Desk' },
  conversation: { id: 'a:conv-1', tenantId: '8d902246-5b47-453f-b6ee-545c6acbeb92', conversationType: 'personal' },
  channelData: { tenant: { id: '8d902246-5b47-453f-b6ee-545c6acbeb92' } },
  locale: 'en-US',
  ...fields,
});

/** The bot's side of each case, chosen by the activity's text or invoke name. */
async function logic(context: TurnContext): Promise<void> {
  const { type, text, name } = context.activity;
  if (type === 'message' && text === 'answer early') {
    turnAnswered(context);
    await context.sendActivity('answered before the end of the turn');
    return;
  }
  if (type === 'message' && text === 'reply') {
    await context.sendActivity('a reply');
    return;
  }
  if (type === 'message' && text === 'fail') throw new Error('the turn failed');
  if (type === 'invoke' && name === 'adaptiveCard/action') {
    await context.sendActivity({
      type: 'invokeResponse',
      value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Done: ü €' } },
    });
    return;
  }
  if (type === 'invoke' && name === 'text/answer') {
    await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: 'plain text answer' } });
    return;
  }
  if (type === 'invoke' && name === 'status/only') {
    await context.sendActivity({ type: 'invokeResponse', value: { status: 202 } });
  }
}

function cases(serviceUrl: string): Case[] {
  const json = { 'content-type': 'application/json' };
  const post = (name: string, fields: Json, extra: Partial<Case> = {}): Case => ({
    name,
    headers: json,
    body: JSON.stringify(activity(serviceUrl, fields)),
    ...extra,
  });
  const big = JSON.stringify(activity(serviceUrl, { text: 'x'.repeat(MAX) }));
  return [
    post('a message', { text: 'hello' }),
    post('a message answered before its turn ends', { text: 'answer early' }),
    post('a message with a reply', { text: 'reply' }),
    // Nothing is sent to the connector for these two: a fixed service URL keeps their bodies (and digest) the same.
    post('a message with expected replies', { text: 'reply', deliveryMode: 'expectReplies', serviceUrl: FIXED_SERVICE_URL }),
    post('a message whose turn fails', { text: 'fail' }),
    post('a message with a card value', { value: { rd: 'card', action: 'cancel' } }),
    post('a conversation update', { type: 'conversationUpdate', membersAdded: [{ id: '28:bot' }] }),
    post('a message with a charset', { text: 'hello' }, { headers: { 'content-type': 'application/json; charset=utf-8' } }),
    post('a message typed in capitals', { text: 'hello' }, { headers: { 'content-type': 'Application/JSON' } }),
    post('a message with a query string', { text: 'hello' }, { path: '/api/messages?x=1' }),
    post('a message to a trailing slash', { text: 'hello' }, { path: '/api/messages/' }),
    post('a message with non-ASCII text', { text: 'Grüße, €, 日本' }),
    { name: 'a message sent in chunks', headers: json, body: chunked(JSON.stringify(activity(serviceUrl, { text: 'hello' }))) },
    post('an invoke with an answer', { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute' } } }),
    post('an invoke answering text', { type: 'invoke', name: 'text/answer' }),
    post('an invoke answering a status only', { type: 'invoke', name: 'status/only' }),
    post('an invoke without an answer', { type: 'invoke', name: 'nobody/answers' }),
    { name: 'malformed JSON', headers: json, body: '{not json' },
    { name: 'malformed JSON in chunks', headers: json, body: ['{"type":', '"message",'] },
    { name: 'JSON that is a list', headers: json, body: '[1,2]' },
    { name: 'JSON that is a number', headers: json, body: '7' },
    { name: 'JSON null', headers: json, body: 'null' },
    { name: 'an empty body', headers: json, body: '' },
    post('an activity without a channel', { channelId: undefined }),
    post('an activity with a bad field', { text: 12 }),
    post('an activity with a bad value', { value: 'x' }),
    { name: 'an oversized body', headers: json, body: big },
    { name: 'an oversized body in chunks', headers: json, body: chunked(big) },
    { name: 'text/plain', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(activity(serviceUrl, { text: 'hi' })) },
    { name: 'no content type', body: JSON.stringify(activity(serviceUrl, { text: 'hi' })) },
    { name: 'a form', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'type=message&text=hi' },
    { name: 'gzip that is not', headers: { ...json, 'content-encoding': 'gzip' }, body: '{}' },
    { name: 'an identity content encoding', headers: { ...json, 'content-encoding': 'identity' }, body: JSON.stringify(activity(FIXED_SERVICE_URL)) },
    { name: 'an unknown content encoding', headers: { ...json, 'content-encoding': 'br' }, body: '{}' },
    { name: 'a wrong content-md5', headers: { ...json, 'content-md5': 'AAAAAAAAAAAAAAAAAAAAAA==' }, body: JSON.stringify(activity(FIXED_SERVICE_URL)) },
    { name: 'a GET', method: 'GET', headers: json },
    post('unsigned with credentials set', { text: 'hello' }, { signed: true }),
    post(
      'forged with credentials set',
      { text: 'hello' },
      { signed: true, headers: { ...json, authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJmb3JnZWQifQ.c2lnbmF0dXJl' } },
    ),
    post('not a bearer token with credentials set', { text: 'hello' }, { signed: true, headers: { ...json, authorization: 'Basic Zm9vOmJhcg==' } }),
    { name: 'malformed JSON with credentials set', signed: true, headers: json, body: '{not json' },
    post('a bad activity with credentials set', { text: 12 }, { signed: true }),
  ];
}

function chunked(text: string): string[] {
  const third = Math.ceil(text.length / 3);
  return [text.slice(0, third), text.slice(third, 2 * third), text.slice(2 * third)];
}

function request(base: string, c: Case): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = new URL(c.path ?? '/api/messages', base);
    const headers: Record<string, string | number> = { ...(c.headers ?? {}) };
    if (typeof c.body === 'string') headers['content-length'] = Buffer.byteLength(c.body);
    const req = http.request(url, { method: c.method ?? 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const seen: Record<string, string | undefined> = {};
        for (const name of SEEN_HEADERS) {
          const value = res.headers[name];
          if (value !== undefined) seen[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        resolve({ status: res.statusCode ?? 0, headers: seen, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (Array.isArray(c.body)) for (const chunk of c.body) req.write(chunk);
    else if (c.body !== undefined) req.write(c.body);
    req.end();
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function botServer(signed: boolean): Server {
  const log = createLogger('silent');
  const settings = signed ? { appId: '00000000-0000-0000-0000-000000000001', appPassword: 'not-a-real-secret', appType: 'MultiTenant' } : undefined;
  const adapter = createTeamsAdapter(settings as Parameters<typeof createTeamsAdapter>[0], log);
  return createHttpServer(log, { liveness: [], readiness: [] }, [teamsRoutes(adapter, logic, log)]);
}

/** The Invalid JSON message names this Node version's parse error: the recording's is the same text on any version. */
function parseErrorOf(text: string): string {
  try {
    JSON.parse(text);
  } catch (err) {
    return (err as Error).message;
  }
  return '';
}

function portable(c: Case, answer: Answer): Answer {
  const text = Array.isArray(c.body) ? c.body.join('') : c.body;
  if (!c.name.startsWith('malformed JSON') || text === undefined) return answer;
  const message = parseErrorOf(text);
  const body = answer.body.replace(JSON.stringify(message).slice(1, -1), '<parse error>');
  const length = Number(answer.headers['content-length']) - Buffer.byteLength(answer.body) + Buffer.byteLength(body);
  return { ...answer, headers: { ...answer.headers, 'content-length': String(length) }, body };
}

describe('POST /api/messages: what a client sees', function () {
  const connector = new StandInConnector();
  let serviceUrl = '';
  const servers: Server[] = [];

  before(async () => {
    serviceUrl = await connector.start();
  });

  after(async () => {
    for (const server of servers) server.close();
    await connector.stop();
  });

  async function answers(): Promise<Record<string, Answer>> {
    const open = botServer(false);
    const signed = botServer(true);
    servers.push(open, signed);
    const bases = { open: await listen(open), signed: await listen(signed) };
    const found: Record<string, Answer> = {};
    for (const c of cases(serviceUrl)) found[c.name] = portable(c, await request(c.signed ? bases.signed : bases.open, c));
    return found;
  }

  it('answers every kind of request as the restify route did: status, content type and length, body', async () => {
    const now = await answers();
    if (process.env.RECORD_INBOUND === '1') {
      writeFileSync(GOLDEN, `${JSON.stringify(now, null, 2)}\n`);
      return;
    }
    const recorded = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, Answer>;
    assert.deepEqual(Object.keys(now), Object.keys(recorded), 'the same cases');
    for (const name of Object.keys(recorded)) assert.deepEqual(now[name], recorded[name], name);
  });

  it('serves a well-formed message without restify and leaves everything else to its route', async () => {
    const server = botServer(false);
    servers.push(server);
    const base = await listen(server);
    let routed = 0;
    server.on('routed', () => (routed += 1));
    const byName = new Map(cases(serviceUrl).map((c) => [c.name, c]));
    const taken = ['a message', 'a message with expected replies', 'a message whose turn fails', 'a message with a charset', 'a message typed in capitals'];
    for (const name of taken) await request(base, byName.get(name)!);
    assert.equal(routed, 0, 'no restify route ran');
    const left = ['a message sent in chunks', 'an invoke with an answer', 'malformed JSON', 'an activity with a bad field', 'text/plain', 'a form'];
    for (const name of left) await request(base, byName.get(name)!);
    assert.equal(routed, left.length, 'each went through the restify route');
  });

  it('survives a client that goes away in the middle of its body', async () => {
    const server = botServer(false);
    servers.push(server);
    const base = await listen(server);
    await new Promise<void>((resolve) => {
      const req = http.request(new URL('/api/messages', base), {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': 1000 },
      });
      req.on('error', () => resolve());
      req.write('{"type":"message",', () => setTimeout(() => req.destroy(), 20));
      req.on('close', () => resolve());
    });
    const answer = await request(base, cases(serviceUrl)[0]);
    assert.equal(answer.status, 200);
  });
});
