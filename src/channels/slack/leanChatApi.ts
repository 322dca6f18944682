import { stringify } from 'node:querystring';
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../log';
import type { SlackChatApi } from './slackAdapter';
import { webApiFetch } from './webApiFetch';

type WebClient = webApi.WebClient;
type Args = Record<string, unknown>;

/** The client's own request headers (User-Agent, Accept, Authorization) and team: fields its typings keep private. */
function privateFieldsOf(client: WebClient): { headers?: Record<string, string>; teamId?: string } {
  const fields = client as unknown as { defaultHeaders?: unknown; teamId?: unknown };
  return {
    headers: fields.defaultHeaders !== null && typeof fields.defaultHeaders === 'object' ? (fields.defaultHeaders as Record<string, string>) : undefined,
    teamId: typeof fields.teamId === 'string' ? fields.teamId : undefined,
  };
}

/**
 * The form body the client sends for these arguments: undefined and null dropped, objects and arrays as JSON, the
 * rest as they are, URL-encoded by node:querystring (the client's own serializeBody, for calls without files).
 * undefined when an argument is binary (the client sends those as multipart).
 */
function formBodyOf(args: Args): string | undefined {
  const fields: Record<string, string | number | boolean> = {};
  for (const [name, value] of Object.entries(args)) {
    if (value === undefined || value === null) continue;
    if (Buffer.isBuffer(value)) return undefined;
    fields[name] = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : JSON.stringify(value);
  }
  return stringify(fields);
}

/**
 * chat.postMessage and chat.update, the calls nearly every Slack turn makes, sent without the Web API client's
 * per-call work: it builds `JSON.stringify(redact(…))` debug strings of every body, header set and result whatever
 * the log level (redact copies the whole Block Kit tree), and wraps each call in p-queue and p-retry; together
 * 7–9% of the desk's CPU in a Slack turn (docs/benchmarks.md, "Session 5: perf-slack"). The request is the
 * client's, byte for byte (URL, headers, form body), sent through the same `webApiFetch`. Only an HTTP 200 whose
 * JSON says `ok: true` is answered here; anything else (a Slack error, a 429, a 5xx, a network error, a body that is
 * not JSON) is sent again through the client, which answers, retries, waits out rate limits and throws exactly as
 * it always has. After a 429 every call goes through the client until the wait Slack asked for is over.
 */
export function leanChatApi(client: WebClient, log: Logger): SlackChatApi {
  let throughClientUntil = 0;
  const send = async <T>(method: 'chat.postMessage' | 'chat.update', args: Args, viaClient: () => Promise<T>): Promise<T> => {
    const { headers, teamId } = privateFieldsOf(client);
    const body = formBodyOf({ team_id: teamId, ...args });
    if (!headers || body === undefined || Date.now() < throughClientUntil) return viaClient();
    let answer: Awaited<ReturnType<typeof webApiFetch>>;
    try {
      answer = await webApiFetch(`${client.slackApiUrl}${method}`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
        body,
        redirect: 'error',
      });
    } catch {
      return viaClient();
    }
    if (answer.status === 429) {
      const seconds = Number(answer.headers.get('retry-after'));
      throughClientUntil = Date.now() + (Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000);
    }
    if (answer.status !== 200) return viaClient();
    let result: unknown;
    try {
      result = JSON.parse(await answer.text());
    } catch {
      return viaClient();
    }
    if ((result as { ok?: unknown } | null)?.ok !== true) return viaClient();
    const metadata = (result as { response_metadata?: { warnings?: unknown; messages?: unknown } }).response_metadata;
    if (metadata?.warnings !== undefined || metadata?.messages !== undefined)
      log.warn({ method, warnings: metadata.warnings, messages: metadata.messages }, 'slack: Web API call answered with warnings');
    return result as T;
  };
  const chat = client.chat;
  return {
    chat: {
      ...chat,
      postMessage: (args) => send('chat.postMessage', args as unknown as Args, () => chat.postMessage(args)),
      update: (args) => send('chat.update', args as unknown as Args, () => chat.update(args)),
    },
  };
}
