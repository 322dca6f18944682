import { randomUUID } from 'node:crypto';
import { ConnectorSendError } from './transport';
import type { ConnectorAnswer, Policy } from './pipeline';

/**
 * The policies of the connector client's pipeline that touch the wire, each written for the one client the bot has
 * (botframework-connector 4.23 on @azure/core-rest-pipeline 1.24): the same headers in the same order, the same
 * retries, redirects and signing. Tests compare the requests with the connector's own, byte for byte.
 */

/** Headers every request carries, in the pipeline's order: Accept-Encoding, User-Agent, then a new client request id. */
export function standardHeaders(userAgent: string): Policy {
  return (request, next) => {
    request.headers['Accept-Encoding'] = 'gzip,deflate';
    request.headers['User-Agent'] = userAgent;
    request.headers['x-ms-client-request-id'] = randomUUID();
    return next(request);
  };
}

/** Fixed headers a client's own request policies add (botbuilder's connector factory asks for `accept: *\/*`). */
export function extraHeaders(headers: Readonly<Record<string, string>>): Policy {
  return (request, next) => {
    for (const name in headers) request.headers[name] = headers[name];
    return next(request);
  };
}

/** What signs a request: the connector client's own credentials (AppCredentials.signRequest and its kin). */
export interface RequestSigner {
  signRequest(webResource: { headers: { set(name: string, value: string): void } }): Promise<unknown>;
}

/**
 * Signs with the client's credentials exactly as the connector does: they decide whether a token is due (none
 * without an app id, nor for the anonymous skill id) and fetch or renew it. Once per call, before any retry.
 */
export function signing(credentials: RequestSigner): Policy {
  return async (request, next) => {
    const signed: Array<[string, string]> = [];
    await credentials.signRequest({ headers: { set: (name, value) => void signed.push([name, value]) } });
    for (const [name, value] of signed) request.headers[name] = value;
    return next(request);
  };
}

export interface RetryOptions {
  maxRetries: number;
  retryDelayMs: number;
  maxRetryDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => number;
}

/** The connector's defaults (core-rest-pipeline's default retry policy). */
export const CONNECTOR_RETRIES: RetryOptions = {
  maxRetries: 3,
  retryDelayMs: 1000,
  maxRetryDelayMs: 64_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
  now: Date.now,
};

const SYSTEM_ERRORS = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNREFUSED', 'ECONNRESET', 'ENOENT', 'ENOTFOUND']);

/** The pause a 429 or 503 asks for (retry-after-ms, x-ms-retry-after-ms, Retry-After in seconds or as a date). */
export function requestedPauseMs(answer: ConnectorAnswer, nowMs: number): number | undefined {
  if (answer.status !== 429 && answer.status !== 503) return undefined;
  for (const [name, factor] of [
    ['retry-after-ms', 1],
    ['x-ms-retry-after-ms', 1],
    ['retry-after', 1000],
  ] as const) {
    const value = answer.headers[name];
    if (!value) continue;
    const number = Number(value);
    if (!Number.isNaN(number)) return number * factor;
  }
  const date = answer.headers['retry-after'] ? Date.parse(answer.headers['retry-after']) - nowMs : NaN;
  return Number.isFinite(date) ? Math.max(0, date) : undefined;
}

/** 408 and the 5xx answers but 501 and 505: tried again after an exponential, jittered pause. */
function isRetriedStatus(status: number): boolean {
  return (status >= 500 || status === 408) && status !== 501 && status !== 505;
}

/**
 * Tries again as the connector's pipeline does, up to `maxRetries` more times: a throttled answer after the pause it
 * asks for; a 408/5xx or a lost connection after half to all of 1 s, 2 s, 4 s... The last answer or error stands.
 */
export function retry(options: RetryOptions = CONNECTOR_RETRIES): Policy {
  return async (request, next) => {
    for (let retryCount = 0; ; retryCount += 1) {
      let answer: ConnectorAnswer | undefined;
      let failure: unknown;
      try {
        answer = await next(request);
      } catch (error) {
        if (!(error instanceof ConnectorSendError)) throw error;
        failure = error;
      }
      if (retryCount >= options.maxRetries) {
        if (answer) return answer;
        throw failure;
      }
      const pause = answer && requestedPauseMs(answer, options.now());
      if (pause !== undefined && Number.isFinite(pause)) {
        await options.sleep(pause);
        continue;
      }
      const systemError = failure instanceof ConnectorSendError && failure.code !== undefined && SYSTEM_ERRORS.has(failure.code);
      if (systemError || (answer && isRetriedStatus(answer.status))) {
        const exponential = Math.min(options.maxRetryDelayMs, options.retryDelayMs * 2 ** retryCount);
        await options.sleep(exponential / 2 + Math.floor(options.random() * (Math.floor(exponential / 2) + 1)));
        continue;
      }
      if (answer) return answer;
      throw failure;
    }
  };
}

/**
 * Follows a redirect within the same origin as the connector's pipeline does (300 and 307 for any method, 301 and 302
 * for GET and HEAD, 303 turning a POST into a GET), at most 20 times, without the Authorization header.
 */
export function redirects(maxRedirects = 20): Policy {
  return async (request, next) => {
    let answer = await next(request);
    for (let followed = 0; followed < maxRedirects; followed += 1) {
      const location = answer.headers.location;
      const { status } = answer;
      const readOnly = request.method === 'GET' || request.method === 'HEAD';
      const follows = status === 300 || status === 307 || ((status === 301 || status === 302) && readOnly) || (status === 303 && request.method === 'POST');
      if (!location || !follows) return answer;
      const from = new URL(request.path, request.target.base);
      const to = new URL(location, from);
      if (to.origin !== from.origin) return answer;
      // In place, as the connector's pipeline does: a retry after a redirect goes where it was redirected.
      request.path = to.pathname + to.search;
      if (status === 303) {
        request.method = 'GET';
        delete request.headers['Content-Length'];
        delete request.body;
      }
      delete request.headers.Authorization;
      answer = await next(request);
    }
    return answer;
  };
}

/** Gives up on an attempt that has not been answered within `timeoutMs` (the connector sets none by default). */
export function timeout(timeoutMs: number): Policy {
  // Without a limit the attempt goes straight on (no async frame of its own around it).
  if (!(timeoutMs > 0)) return (request, next) => next(request);
  return async (request, next) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    request.signal = controller.signal;
    try {
      return await next(request);
    } finally {
      clearTimeout(timer);
      delete request.signal;
    }
  };
}

/** Content-Length of the body, set last as the connector's Node client does. */
export const contentLength: Policy = (request, next) => {
  if (request.body) request.headers['Content-Length'] = String(Buffer.byteLength(request.body));
  return next(request);
};
