import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Logger } from '../../../log';
import { secondsSince, type ProviderCallMetrics } from '../../../ports/metrics';
import type { CredentialFor } from '../credentials';
import {
  AzureForbiddenError,
  AzureMalformedAnswerError,
  AzureNotFoundError,
  AzureRejectedError,
  AzureThrottledError,
  AzureUnavailableError,
  type AzureFailureContext,
  type AzureService,
  type CallIntent,
  type NotFoundSubject,
} from '../errors';
import { backoffMs, isTransientStatus, retryAfterMs, type RetryLimits } from './retryPolicy';

/**
 * The one HTTP layer of the azure provider. Every call to Partner Center, Resource Manager and the Support
 * API goes through `send`, which adds the bearer token for the call's tenant, enforces a per-attempt
 * timeout, retries 429/5xx/timeouts/network failures (honouring Retry-After, otherwise exponential backoff
 * with jitter) up to a cap, refuses to follow links to hosts it was not configured for, and turns every
 * failure into a typed AzureServiceError. `json` adds parsing and validation of the answer.
 *
 * Raw fetch rather than @azure/core-rest-pipeline: the pipeline's bearer-token policy refuses any non-https
 * URL, which rules out the loopback stand-in the tests run against (docs/azure-provider.md).
 */
export interface HttpDeps {
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => number;
  credentialFor: CredentialFor;
  logger?: Logger;
  /** Told of every attempt: service, method, status and latency (src/ports/metrics.ts). */
  metrics?: ProviderCallMetrics;
}

export interface HttpLimits extends RetryLimits {
  timeoutMs: number;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiCall {
  service: AzureService;
  method: HttpMethod;
  url: URL;
  /** Tenant whose token authorises the call. */
  tenantId: string;
  scope: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** `write` when the call may change something at Microsoft (filing a ticket, changing a reservation or its access). */
  intent?: CallIntent;
  /** Statuses the caller interprets itself (e.g. 404 → undefined, 409 → read back) instead of an error. */
  passStatuses?: readonly number[];
  /** Overrides the attempt cap (a health probe tries once). */
  maxAttempts?: number;
  /** Words for "the thing" in a not-found message, e.g. "this customer". */
  subject?: NotFoundSubject;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  url: URL;
  requestId?: string;
}

type AttemptOutcome = { kind: 'response'; response: ApiResponse } | { kind: 'timeout' } | { kind: 'network'; message: string };

export class AzureHttpClient {
  private readonly allowedOrigins: Set<string>;

  constructor(
    private readonly deps: HttpDeps,
    private readonly limits: HttpLimits,
    allowedBaseUrls: readonly string[],
  ) {
    this.allowedOrigins = new Set(allowedBaseUrls.map((u) => new URL(u).origin));
  }

  /** Sends with retries; resolves for 2xx and `passStatuses`, throws a typed error for everything else. */
  async send(call: ApiCall): Promise<ApiResponse> {
    const context = this.contextOf(call);
    if (!this.allowedOrigins.has(call.url.origin)) {
      // A nextLink or polling URL on another host would receive our bearer token: never follow it.
      throw new AzureMalformedAnswerError(context, `refused to call ${call.url.origin}, which is not a configured base URL`);
    }
    const maxAttempts = Math.max(1, call.maxAttempts ?? this.limits.maxAttempts);
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    const clientRequestId = call.headers?.['x-ms-client-request-id'] ?? randomUUID();
    let lastFailure = 'no attempt made';

    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      const token = await this.token(call, context);
      const started = performance.now();
      const outcome = await this.attempt(call, token, body, clientRequestId);
      this.deps.metrics?.providerCall(
        call.service,
        call.method,
        outcome.kind === 'response' ? String(outcome.response.status) : outcome.kind,
        secondsSince(started),
      );
      const isLast = attempt === maxAttempts;

      if (outcome.kind === 'response') {
        const { response } = outcome;
        if ((response.status >= 200 && response.status < 300) || call.passStatuses?.includes(response.status)) return response;
        const failed = { ...context, status: response.status, requestId: response.requestId, attempts: attempt };
        if (response.status >= 300 && response.status < 400) {
          // A redirect would carry the bearer token to wherever it points: never followed.
          throw new AzureMalformedAnswerError(failed, `redirected (HTTP ${response.status}); redirects are not followed`);
        }
        if (response.status === 429 || isTransientStatus(response.status)) {
          const requested = retryAfterMs(response.headers, this.deps.now());
          lastFailure = `HTTP ${response.status}`;
          // Out of attempts, or asked to wait longer than an agent should: fail now and say when to come back.
          if (isLast || (requested !== undefined && requested > this.limits.maxDelayMs)) {
            throw response.status === 429 ? new AzureThrottledError(failed, requested) : new AzureUnavailableError(failed, lastFailure);
          }
          const wait = requested ?? backoffMs(attempt, this.limits, this.deps.random);
          this.log('retrying', call, { attempt, status: response.status, waitMs: wait, requestId: response.requestId });
          await this.deps.sleep(wait);
          continue;
        }
        throw this.failureFor(call, failed, response);
      }

      lastFailure = outcome.kind === 'timeout' ? `no answer within ${this.limits.timeoutMs} ms` : `network error: ${outcome.message}`;
      if (isLast) break;
      const wait = backoffMs(attempt, this.limits, this.deps.random);
      this.log('retrying', call, { attempt, failure: lastFailure, waitMs: wait });
      await this.deps.sleep(wait);
    }
    throw new AzureUnavailableError({ ...context, attempts: maxAttempts }, lastFailure);
  }

  /** Sends, then parses and validates a 2xx answer against `schema`. */
  async json<T>(call: ApiCall, schema: z.ZodType<T>): Promise<T> {
    return this.parse(call, await this.send(call), schema);
  }

  parse<T>(call: ApiCall, response: ApiResponse, schema: z.ZodType<T>): T {
    const context = { ...this.contextOf(call), status: response.status, requestId: response.requestId };
    let data: unknown;
    try {
      data = JSON.parse(response.text);
    } catch {
      this.log('malformed', call, { status: response.status, problem: 'not JSON', requestId: response.requestId });
      throw new AzureMalformedAnswerError(context, 'the answer is not JSON');
    }
    const result = schema.safeParse(data);
    if (!result.success) {
      const problem = result.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ');
      this.log('malformed', call, { status: response.status, problem, requestId: response.requestId });
      throw new AzureMalformedAnswerError(context, problem);
    }
    return result.data;
  }

  contextOf(call: ApiCall): AzureFailureContext {
    return { service: call.service, intent: call.intent ?? 'read', method: call.method, path: call.url.pathname + call.url.search };
  }

  private async token(call: ApiCall, context: AzureFailureContext): Promise<string> {
    try {
      const token = await this.deps.credentialFor(call.tenantId).getToken(call.scope);
      if (!token?.token) throw new Error('the credential returned no token');
      return token.token;
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.log('token-failed', call, { tenantId: call.tenantId, reason: reason.slice(0, 300) });
      throw new AzureForbiddenError({ ...context, attempts: 0 }, `no token for tenant ${call.tenantId}: ${reason.slice(0, 300)}`);
    }
  }

  private async attempt(call: ApiCall, token: string, body: string | undefined, clientRequestId: string): Promise<AttemptOutcome> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.limits.timeoutMs);
    try {
      const headers: Record<string, string> = {
        Accept: 'application/json',
        'x-ms-client-request-id': clientRequestId,
        ...call.headers,
        Authorization: `Bearer ${token}`,
      };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const res = await this.deps.fetch(call.url, { method: call.method, headers, body, signal: controller.signal, redirect: 'manual' });
      // The body is read under the same timer: a server that sends headers and then stalls is also a timeout.
      const text = await res.text();
      const requestId = res.headers.get('x-ms-request-id') ?? res.headers.get('ms-requestid') ?? undefined;
      return { kind: 'response', response: { status: res.status, headers: res.headers, text, url: call.url, requestId } };
    } catch (error) {
      if (controller.signal.aborted) return { kind: 'timeout' };
      return { kind: 'network', message: error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  private failureFor(call: ApiCall, context: AzureFailureContext, response: ApiResponse): Error {
    const { code, message } = azureErrorOf(response.text);
    const withCode = { ...context, azureCode: code };
    this.log('failed', call, { status: response.status, azureCode: code, requestId: response.requestId });
    if (response.status === 401 || response.status === 403) return new AzureForbiddenError(withCode, `HTTP ${response.status}${code ? ` ${code}` : ''}`);
    if (response.status === 404) return new AzureNotFoundError(withCode, call.subject);
    if (response.status >= 500) return new AzureUnavailableError(withCode, `HTTP ${response.status}`);
    return new AzureRejectedError(withCode, message ?? '');
  }

  private log(event: string, call: ApiCall, fields: Record<string, unknown>): void {
    // A 404 is an ordinary answer (a reservation that is gone); every other failure or retry is worth a warning.
    const level = event === 'failed' && fields.status === 404 ? 'info' : 'warn';
    this.deps.logger?.[level]({ event: `azure-http-${event}`, service: call.service, method: call.method, path: call.url.pathname, ...fields });
  }
}

/** Azure's error body: ARM `{ error: { code, message } }`, Partner Center `{ code, description, errorName }`. */
export function azureErrorOf(text: string): { code?: string; message?: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return {};
  }
  if (!data || typeof data !== 'object') return {};
  const record = data as Record<string, unknown>;
  const inner = record.error && typeof record.error === 'object' ? (record.error as Record<string, unknown>) : record;
  const code = firstString(inner.code, inner.errorName, record.errorName);
  const message = firstString(inner.message, inner.description, record.description);
  return { code, message };
}

function firstString(...values: unknown[]): string | undefined {
  for (const value of values) {
    if (typeof value === 'string' && value.trim()) return value.trim();
    if (typeof value === 'number') return String(value);
  }
  return undefined;
}
