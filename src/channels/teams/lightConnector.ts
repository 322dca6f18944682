import type { ConnectorClient } from 'botframework-connector';
import { createHttpHeaders, createPipelineRequest, type PipelinePolicy } from '@azure/core-rest-pipeline';
import * as Mappers from 'botframework-connector/lib/connectorApi/models/mappers';
import { ConversationIdHttpHeaderName } from 'botframework-connector/lib/conversationConstants';
import { resultOf, sendFailureOf } from './connectorHttp/answers';
import { pipelineOf, type ConnectorTarget, type SendRequest } from './connectorHttp/pipeline';
import {
  contentLength,
  extraHeaders,
  redirects,
  retry,
  signing,
  standardHeaders,
  timeout,
  type RequestSigner,
  type RetryOptions,
} from './connectorHttp/policies';
import { nodeTransport } from './connectorHttp/transport';

type Json = Record<string, unknown>;

/** The Activity fields the Bot Connector API knows: what its serializer would send, and nothing else. */
const ACTIVITY_FIELDS: ReadonlySet<string> = new Set(Object.keys((Mappers.Activity.type as { modelProperties: Json }).modelProperties));

/** The activity as the API takes it: its known top-level fields that are set. */
export function wireActivity(activity: Json): Json {
  const wire: Json = {};
  for (const key in activity) if (ACTIVITY_FIELDS.has(key) && activity[key] !== undefined) wire[key] = activity[key];
  return wire;
}

/** What a connector client keeps to itself and the light sends reuse: its base URL, options, credentials, pipeline. */
interface ConnectorInternals {
  baseUri?: string;
  requestContentType?: string;
  credentials?: RequestSigner;
  options?: { requestPolicyFactories?: unknown; httpClient?: unknown; proxySettings?: unknown };
  client?: { pipeline?: { getOrderedPolicies(): PipelinePolicy[] } };
}

export interface LightSendOptions {
  /** Per-attempt limit in ms; the connector sets none, nor does the bot by default. */
  timeoutMs?: number;
  retries?: RetryOptions;
  transport?: SendRequest;
}

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'];

/**
 * Gives a connector client its own sends for what a bot does on every turn: send, reply, update. They make the
 * requests the client's pipeline makes (same URL, headers in the same order, body, signing, retries, redirects) over
 * node:http/https with keep-alive, without the pipeline's per-request machinery (core-client's operation and
 * serializer, core-rest-pipeline's policies, tracing, abort controllers: ~70 µs a turn in a profile). The client's
 * other operations are untouched. A client configured in a way the light path does not reproduce (a proxy, its own
 * HTTP client or request policies) keeps the connector's own sends.
 */
export async function lightenConnector(client: ConnectorClient, options: LightSendOptions = {}): Promise<ConnectorClient> {
  const internals = client as unknown as ConnectorInternals;
  const send = await lightSender(internals, options);
  if (!send) return client;
  const conversations = client.conversations as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  conversations.sendToConversation = (id, activity) => send('POST', `v3/conversations/${encodeURIComponent(String(id))}/activities`, activity as Json);
  conversations.replyToActivity = (id, replyTo, activity) =>
    send('POST', `v3/conversations/${encodeURIComponent(String(id))}/activities/${encodeURIComponent(String(replyTo))}`, activity as Json, String(id));
  conversations.updateActivity = (id, updated, activity) =>
    send('PUT', `v3/conversations/${encodeURIComponent(String(id))}/activities/${encodeURIComponent(String(updated))}`, activity as Json);
  return client;
}

type LightSend = (method: string, path: string, activity: Json, conversationHeader?: string) => Promise<Json>;

async function lightSender(client: ConnectorInternals, options: LightSendOptions): Promise<LightSend | undefined> {
  const target = targetOf(client.baseUri);
  const userAgent = (await probe(client, 'userAgentPolicy'))?.['User-Agent'];
  const extra = await extraHeadersOf(client);
  if (!target || userAgent === undefined || extra === undefined || !client.credentials) return undefined;
  if (client.options?.httpClient || client.options?.proxySettings || PROXY_VARIABLES.some((name) => process.env[name])) return undefined;
  const contentType = client.requestContentType ?? 'application/json; charset=utf-8';
  const pipeline = pipelineOf(
    [
      standardHeaders(userAgent),
      extraHeaders(extra),
      signing(client.credentials),
      retry(options.retries),
      redirects(),
      timeout(options.timeoutMs ?? 0),
      contentLength,
    ],
    options.transport ?? nodeTransport,
  );
  return async (method, path, activity, conversationHeader) => {
    const headers: Record<string, string> = { 'Content-Type': contentType };
    if (conversationHeader !== undefined) headers[ConversationIdHttpHeaderName] = conversationHeader;
    const request = { method, target, path: target.path + path, headers, body: JSON.stringify(wireActivity(activity)) };
    let answer;
    try {
      answer = await pipeline({ method, target, path: request.path, headers, body: request.body });
    } catch (error) {
      throw sendFailureOf(request, error);
    }
    return resultOf(request, answer);
  };
}

/** Where a client sends, split once: protocol, host, port and the service URL's path ending in '/'. */
function targetOf(baseUri: string | undefined): (ConnectorTarget & { path: string }) | undefined {
  if (!baseUri) return undefined;
  let url: URL;
  try {
    url = new URL(baseUri);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.username || url.password) return undefined;
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return { secure: url.protocol === 'https:', hostname: url.hostname, port: url.port, base: url.origin + path, path };
}

/**
 * The headers one of the client's own pipeline policies adds, asked of it once with an empty request that goes no
 * further; undefined when the client has no such policy.
 */
async function probe(client: ConnectorInternals, policyName: string): Promise<Record<string, string> | undefined> {
  const policy = client.client?.pipeline?.getOrderedPolicies().find((p) => p.name === policyName);
  if (!policy) return undefined;
  let seen: Record<string, string> | undefined;
  await policy.sendRequest(createPipelineRequest({ url: 'https://localhost/', headers: createHttpHeaders() }), async (request) => {
    seen = request.headers.toJSON({ preserveCase: true });
    return { status: 200, headers: createHttpHeaders(), request };
  });
  return seen;
}

/**
 * What the client's own request policies add: nothing, or `accept: *\/*` from botbuilder's connector factory. A
 * client with any other request policy keeps the connector's sends (undefined).
 */
async function extraHeadersOf(client: ConnectorInternals): Promise<Record<string, string> | undefined> {
  if (client.options?.requestPolicyFactories === undefined) return {};
  const added = await probe(client, 'ServiceClientContext_RequestPolicyFactories');
  if (!added) return undefined;
  const names = Object.keys(added);
  return names.length === 1 && names[0] === 'accept' && added.accept === '*/*' ? added : undefined;
}
