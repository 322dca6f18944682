import http from 'node:http';
import https from 'node:https';
import type { FetchFunction } from '@slack/web-api';

/** What the client reads of an answer (its FetchResponse, not exported by name). */
type FetchResponse = Awaited<ReturnType<FetchFunction>>;

/**
 * The fetch the Slack Web API client sends with (its `fetch` option, typed by the client's own FetchFunction). The
 * global fetch builds a WHATWG Request, Response, streams and an abort controller for every call, about 5% of a
 * Slack turn's CPU in a profile (docs/benchmarks.md, "Targets: what is left"); the client sends a URL-encoded string
 * and reads the status, headers and text. That goes here over node:http(s) with a keep-alive agent per protocol and
 * comes back as the small answer the client's FetchResponse describes. A file upload's form data or a call with an
 * abort signal (the client sets one only with a `timeout`, which the desk does not) goes to the global fetch.
 */
const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };

export const webApiFetch: FetchFunction = async (input, init) => {
  const target = typeof input === 'string' ? new URL(input) : input;
  const body = init?.body;
  if (init?.signal || (body !== undefined && typeof body !== 'string') || (target.protocol !== 'http:' && target.protocol !== 'https:')) {
    // The client's own default (its typings describe less of a Response than the DOM's).
    return fetch(target, init as RequestInit) as unknown as Promise<FetchResponse>;
  }
  const answer = await send(target, init?.method ?? 'GET', init?.headers ?? {}, body);
  // The client refuses redirects (`redirect: 'error'`); the global fetch fails them with a TypeError.
  if (init?.redirect === 'error' && answer.status >= 300 && answer.status < 400) throw new TypeError('fetch failed: redirect refused');
  return answerOf(target.href, answer);
};

interface Answer {
  status: number;
  statusText: string;
  /** Header names in lower case; a repeated header's values joined with ", " (as fetch's Headers.get). */
  headers: Map<string, string>;
  body: Buffer;
}

function answerOf(url: string, answer: Answer): FetchResponse {
  return {
    ok: answer.status >= 200 && answer.status < 300,
    status: answer.status,
    statusText: answer.statusText,
    url,
    headers: { get: (name: string) => answer.headers.get(name.toLowerCase()) ?? null, entries: () => answer.headers.entries() },
    text: async () => answer.body.toString('utf8'),
    json: async () => JSON.parse(answer.body.toString('utf8')) as unknown,
    arrayBuffer: async () => answer.body.buffer.slice(answer.body.byteOffset, answer.body.byteOffset + answer.body.byteLength) as ArrayBuffer,
  };
}

function send(target: URL, method: string, headers: Record<string, string>, body: string | undefined): Promise<Answer> {
  const outgoing = body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) };
  const protocol = target.protocol as 'http:' | 'https:';
  return new Promise((resolve, reject) => {
    const request = (protocol === 'https:' ? https : http).request(
      { agent: agents[protocol], hostname: target.hostname, port: target.port, path: target.pathname + target.search, method, headers: outgoing },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('error', (error) => reject(new TypeError('fetch failed', { cause: error })));
        response.once('end', () => {
          const answerHeaders = new Map<string, string>();
          const raw = response.rawHeaders;
          for (let i = 0; i + 1 < raw.length; i += 2) {
            const name = raw[i]!.toLowerCase();
            const earlier = answerHeaders.get(name);
            answerHeaders.set(name, earlier === undefined ? raw[i + 1]! : `${earlier}, ${raw[i + 1]!}`);
          }
          resolve({ status: response.statusCode ?? 0, statusText: response.statusMessage ?? '', headers: answerHeaders, body: Buffer.concat(chunks) });
        });
      },
    );
    // As the global fetch fails: a TypeError whose cause is the network error (the client wraps it as a request error).
    request.once('error', (error) => reject(new TypeError('fetch failed', { cause: error })));
    request.end(body);
  });
}
