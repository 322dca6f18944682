import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient, ErrorCode, LogLevel } from '@slack/web-api';
import { webApiFetch } from '../../../src/channels/slack/webApiFetch';

interface Seen {
  method?: string;
  url?: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A stand-in Slack Web API on 127.0.0.1: records each request and answers as `answer` says. */
async function standIn(answer: (seen: Seen, res: http.ServerResponse) => void): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry = { method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(entry);
      answer(entry, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
    seen,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const ok = (_seen: Seen, res: http.ServerResponse) => {
  res.writeHead(200, 'OK', [
    ['Content-Type', 'application/json; charset=utf-8'],
    ['X-OAuth-Scopes', 'chat:write, users:read'],
    ['Set-Cookie', 'a=1'],
    ['Set-Cookie', 'b=2'],
  ]);
  res.end(JSON.stringify({ ok: true, channel: 'C1', ts: '1.2', text: 'Grüße “x”' }));
};

describe('webApiFetch: the Slack Web API client over node:http with keep-alive', () => {
  it('sends what the global fetch sends of the client’s request: method, path, the client’s headers, body', async () => {
    const api = await standIn(ok);
    try {
      const init = {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: 'Bearer xoxb-1', 'User-Agent': 'desk' },
        body: 'channel=C1&text=Gr%C3%BC%C3%9Fe',
        redirect: 'error' as const,
      };
      await webApiFetch(`${api.url}chat.postMessage`, init);
      await fetch(`${api.url}chat.postMessage`, init);
      const [ours, global] = api.seen;
      assert.equal(ours.method, global.method);
      assert.equal(ours.url, global.url);
      assert.equal(ours.body, global.body);
      for (const name of ['content-type', 'authorization', 'user-agent', 'content-length']) assert.equal(ours.headers[name], global.headers[name], name);
    } finally {
      await api.close();
    }
  });

  it('answers as the global fetch’s Response does for what the client reads: ok, status, headers, text, JSON, bytes, url', async () => {
    const api = await standIn(ok);
    try {
      const url = `${api.url}auth.test`;
      const ours = await webApiFetch(url, { method: 'POST', body: 'x=1' });
      const global = await fetch(url, { method: 'POST', body: 'x=1' });
      assert.deepEqual([ours.ok, ours.status, ours.statusText, ours.url], [global.ok, global.status, global.statusText, global.url]);
      for (const name of ['content-type', 'X-OAuth-Scopes', 'set-cookie', 'retry-after']) assert.equal(ours.headers.get(name), global.headers.get(name), name);
      const text = await ours.text();
      assert.equal(text, await global.text());
      assert.deepEqual(await (await webApiFetch(url, { method: 'POST' })).json(), JSON.parse(text));
      assert.equal(Buffer.from(await (await webApiFetch(url, { method: 'POST' })).arrayBuffer()).toString('utf8'), text);
      assert.deepEqual(new Map(ours.headers.entries()).get('x-oauth-scopes'), 'chat:write, users:read');
    } finally {
      await api.close();
    }
  });

  it('carries a WebClient call end to end, its rate limit and its refusal of a redirect', async () => {
    let mode: 'ok' | 'limited' | 'moved' = 'ok';
    const api = await standIn((seen, res) => {
      if (mode === 'limited') {
        res.writeHead(429, { 'Retry-After': '7', 'Content-Type': 'application/json' });
        res.end('{"ok":false,"error":"ratelimited"}');
      } else if (mode === 'moved') {
        res.writeHead(302, { Location: 'http://127.0.0.1:9/elsewhere' });
        res.end();
      } else ok(seen, res);
    });
    try {
      const client = new WebClient('xoxb-1', {
        slackApiUrl: api.url,
        fetch: webApiFetch,
        logLevel: LogLevel.ERROR,
        rejectRateLimitedCalls: true,
        retryConfig: { retries: 0 },
      });
      const posted = await client.chat.postMessage({ channel: 'C1', text: 'Grüße' });
      assert.equal(posted.ts, '1.2');
      assert.deepEqual(posted.response_metadata?.scopes, ['chat:write', 'users:read']);
      assert.match(api.seen[0].body, /text=Gr%C3%BC%C3%9Fe/);
      assert.equal(api.seen[0].headers.authorization, 'Bearer xoxb-1');
      mode = 'limited';
      await assert.rejects(client.chat.postMessage({ channel: 'C1', text: 'x' }), (error: { code?: string; retryAfter?: number }) => {
        assert.equal(error.code, ErrorCode.RateLimitedError);
        assert.equal(error.retryAfter, 7);
        return true;
      });
      mode = 'moved';
      await assert.rejects(client.chat.postMessage({ channel: 'C1', text: 'x' }), (error: { code?: string }) => error.code === ErrorCode.RequestError);
    } finally {
      await api.close();
    }
  });

  it('fails a request that reaches nobody as the global fetch does (a TypeError with its cause), and the client says so', async () => {
    const api = await standIn(ok);
    const url = `${api.url}chat.postMessage`;
    await api.close();
    await assert.rejects(webApiFetch(url, { method: 'POST', body: 'x=1' }), (error: Error & { cause?: { code?: string } }) => {
      assert.ok(error instanceof TypeError);
      assert.equal(error.cause?.code, 'ECONNREFUSED');
      return true;
    });
    const client = new WebClient('xoxb-1', {
      slackApiUrl: url.replace('chat.postMessage', ''),
      fetch: webApiFetch,
      logLevel: LogLevel.ERROR,
      retryConfig: { retries: 0 },
    });
    await assert.rejects(client.chat.postMessage({ channel: 'C1', text: 'x' }), (error: { code?: string }) => error.code === ErrorCode.RequestError);
  });

  it('leaves a file upload’s form data to the global fetch', async () => {
    const api = await standIn(ok);
    try {
      const form = new FormData();
      form.append('file', new Blob(['a,b\n1,2']), 'export.csv');
      const answer = await webApiFetch(`${api.url}files.upload`, { method: 'POST', body: form });
      assert.equal(answer.status, 200);
      assert.match(String(api.seen[0].headers['content-type']), /^multipart\/form-data; boundary=/);
      assert.match(api.seen[0].body, /filename="export.csv"/);
    } finally {
      await api.close();
    }
  });
});
