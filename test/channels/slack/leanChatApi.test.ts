import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { webApi } from '@slack/bolt';
import { createLogger } from '../../../src/log';
import { leanChatApi } from '../../../src/channels/slack/leanChatApi';
import { webApiFetch } from '../../../src/channels/slack/webApiFetch';

interface Seen {
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

type Script = (seen: Seen, res: http.ServerResponse) => void;

const ok: Script = (seen, res) => {
  const channel = new URLSearchParams(seen.body).get('channel');
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ ok: true, channel, ts: '1781517600.000100', message: { text: 'x' } }));
};

/**
 * chat.postMessage and chat.update without the Web API client's per-call work: the same request on the wire as the
 * client's, and for any answer but `ok: true` the client's own answer, retries and errors.
 */
describe('Slack chat calls past the Web API client', () => {
  const log = createLogger('silent');
  let server: http.Server;
  let apiUrl: string;
  const seen: Seen[] = [];
  let script: Script[] = [];

  before(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const request = { url: req.url ?? '', headers: { ...req.headers }, body: Buffer.concat(chunks).toString('utf8') };
        seen.push(request);
        (script.shift() ?? ok)(request, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  });

  after(() => {
    server.closeAllConnections();
    server.close();
  });

  beforeEach(() => {
    seen.length = 0;
    script = [];
  });

  const clientWith = (options: Partial<webApi.WebClientOptions> = {}) =>
    new webApi.WebClient('xoxb-test-token', {
      slackApiUrl: apiUrl,
      fetch: webApiFetch,
      logLevel: webApi.LogLevel.ERROR,
      retryConfig: { retries: 1, minTimeout: 1, maxTimeout: 1 },
      ...options,
    });
  const blocks = [
    { type: 'section', text: { type: 'mrkdwn', text: 'Refund *Alder* & <co> — 12 % ü' } },
    { type: 'actions', elements: [{ type: 'button', action_id: 'rd:submit:1', text: { type: 'plain_text', text: 'Go' }, value: '{"a":1}' }] },
  ];

  it('sends chat.postMessage and chat.update exactly as the client does, and answers what Slack answered', async () => {
    for (const options of [{}, { teamId: 'T0TEAM' }]) {
      const client = clientWith(options);
      const lean = leanChatApi(client, log);
      const post = { channel: 'C1', thread_ts: '1781517000.000100', text: 'Refund & <co>', blocks: blocks as never, unfurl_links: false, unfurl_media: false };
      const update = { channel: 'C1', ts: '1781517600.000100', text: 'Answered', blocks: blocks as never };
      const viaClient = [await client.chat.postMessage(post), await client.chat.update(update)];
      const viaLean = [await lean.chat.postMessage(post), await lean.chat.update(update)];
      assert.equal(seen.length, 4);
      const [clientPost, clientUpdate, leanPost, leanUpdate] = seen as [Seen, Seen, Seen, Seen];
      for (const [byClient, byLean] of [
        [clientPost, leanPost],
        [clientUpdate, leanUpdate],
      ] as const) {
        assert.equal(byLean.url, byClient.url);
        assert.equal(byLean.body, byClient.body);
        for (const name of ['user-agent', 'accept', 'authorization', 'content-type', 'content-length'])
          assert.equal(byLean.headers[name], byClient.headers[name], name);
      }
      assert.equal(leanPost.url, '/api/chat.postMessage');
      assert.equal(leanUpdate.url, '/api/chat.update');
      assert.equal(viaLean[0]?.ts, viaClient[0]?.ts);
      assert.equal(viaLean[0]?.channel, 'C1');
      assert.equal(viaLean[1]?.ok, true);
      seen.length = 0;
    }
  });

  it("answers a Slack error with the client's own error, from the client's own call", async () => {
    const client = clientWith();
    const notInChannel: Script = (_seen, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: 'not_in_channel' }));
    };
    script = [notInChannel, notInChannel, notInChannel];
    const viaClient = await client.chat.postMessage({ channel: 'C1', text: 'x' }).catch((err: unknown) => err);
    const viaLean = await leanChatApi(client, log)
      .chat.postMessage({ channel: 'C1', text: 'x' })
      .catch((err: unknown) => err);
    assert.ok(viaLean instanceof Error);
    assert.equal((viaLean as { code?: string }).code, (viaClient as { code?: string }).code);
    assert.deepEqual((viaLean as { data?: unknown }).data, (viaClient as { data?: unknown }).data);
    assert.equal((viaLean as unknown as { data: { error: string } }).data.error, 'not_in_channel');
    assert.equal(seen.length, 3, 'the client call, then the lean call and the client again');
  });

  it('hands a server error or a cut connection to the client, whose retry answers', async () => {
    const lean = leanChatApi(clientWith(), log);
    script = [
      (_seen, res) => {
        res.writeHead(503);
        res.end('unavailable');
      },
    ];
    assert.equal((await lean.chat.postMessage({ channel: 'C1', text: 'x' })).ok, true);
    assert.equal(seen.length, 2);
    seen.length = 0;
    script = [(_seen, res) => res.socket?.destroy()];
    assert.equal((await lean.chat.update({ channel: 'C1', ts: '1.2', text: 'x' })).ok, true);
    assert.equal(seen.length, 2);
  });

  it('sends every call through the client while Slack asks it to wait (429 Retry-After)', async () => {
    const lean = leanChatApi(clientWith({ rejectRateLimitedCalls: true }), log);
    const limited: Script = (_seen, res) => {
      res.writeHead(429, { 'retry-after': '30' });
      res.end();
    };
    script = [limited, limited, limited];
    const first = await lean.chat.postMessage({ channel: 'C1', text: 'x' }).catch((err: unknown) => err);
    assert.equal((first as { code?: string }).code, 'slack_webapi_rate_limited_error');
    assert.equal(seen.length, 2, 'the lean call, then the client, which gives up at once (rejectRateLimitedCalls)');
    const second = await lean.chat.postMessage({ channel: 'C1', text: 'x' }).catch((err: unknown) => err);
    assert.equal((second as { code?: string }).code, 'slack_webapi_rate_limited_error');
    assert.equal(seen.length, 3, 'within the wait, only the client calls');
  });
});
