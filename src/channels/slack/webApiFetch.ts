import type { FetchFunction } from '@slack/web-api';
import { AnswerReadError, sendOverNode } from '../../http/nodeRequest';

/** What the client reads of an answer (its FetchResponse, not exported by name). */
type FetchResponse = Awaited<ReturnType<FetchFunction>>;

/**
 * The fetch the Slack Web API client sends with (its `fetch` option, typed by the client's own FetchFunction). The
 * global fetch builds a WHATWG Request, Response, streams and an abort controller for every call, about 5% of a
 * Slack turn's CPU in a profile (docs/benchmarks.md, "Targets: what is left"); the client sends a URL-encoded string
 * and reads the status, headers and text. That goes here through src/http/nodeRequest.ts (node:http(s), keep-alive) and
 * comes back as the small answer the client's FetchResponse describes. A file upload's form data or a call with an
 * abort signal (the client sets one only with a `timeout`, which the desk does not) goes to the global fetch.
 */
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

async function send(target: URL, method: string, headers: Record<string, string>, body: string | undefined): Promise<Answer> {
  try {
    const answer = await sendOverNode({
      secure: target.protocol === 'https:',
      hostname: target.hostname,
      port: target.port,
      path: target.pathname + target.search,
      method,
      headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      body,
    });
    const answerHeaders = new Map<string, string>();
    const raw = answer.rawHeaders;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = raw[i]!.toLowerCase();
      const earlier = answerHeaders.get(name);
      answerHeaders.set(name, earlier === undefined ? raw[i + 1]! : `${earlier}, ${raw[i + 1]!}`);
    }
    return { status: answer.status, statusText: answer.statusText, headers: answerHeaders, body: answer.body };
  } catch (error) {
    // As the global fetch fails: a TypeError whose cause is the network error (the client wraps it as a request error).
    throw new TypeError('fetch failed', { cause: error instanceof AnswerReadError ? error.cause : error });
  }
}
