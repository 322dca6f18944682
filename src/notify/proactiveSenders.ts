import { ActivityEx, TurnContext, type Activity, type BotAdapter, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { BotFrameworkAuthentication, ClaimsIdentity, ConnectorClient } from 'botframework-connector';
import { DeskError } from '../errors';

/** A send the channel refused; `status` follows HTTP (429 rate limited, 403 the bot may no longer post there). */
export class DeliveryError extends DeskError {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super('delivery-failed', message, { status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
  }
}

/** Posts one activity into a stored conversation (the request's origin), outside any user turn. */
export interface ProactiveSender {
  send(conversation: Record<string, unknown>, activity: Partial<Activity>): Promise<void>;
}

function headerOf(headers: unknown, name: string): string | undefined {
  if (!headers) return undefined;
  const h = headers as { get?: (n: string) => unknown } & Record<string, unknown>;
  const value = typeof h.get === 'function' ? h.get(name) : (h[name] ?? h[name.toLowerCase()]);
  return value === undefined || value === null ? undefined : String(value);
}

/** Retry-After is seconds or an HTTP date. */
export function retryAfterMsOf(value: string | undefined, nowMs = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** The Bot Framework connector's errors (RestError) carry statusCode and the response with its headers. */
export function deliveryErrorOfConnector(err: unknown): unknown {
  const e = err as { statusCode?: unknown; status?: unknown; response?: { status?: unknown; headers?: unknown }; message?: string } | undefined;
  const status = Number(e?.statusCode ?? e?.status ?? e?.response?.status);
  if (!Number.isInteger(status) || status < 400) return err;
  return new DeliveryError(status, e?.message ?? `the channel answered ${status}`, retryAfterMsOf(headerOf(e?.response?.headers, 'retry-after')));
}

// Slack's answers meaning the bot can no longer post in that channel.
const SLACK_UNREACHABLE = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'account_inactive', 'restricted_action', 'team_access_not_granted']);

/** Slack's WebClient errors: platform errors name a reason in data.error; rate limits carry retryAfter (seconds). */
export function deliveryErrorOfSlack(err: unknown): unknown {
  const e = err as { code?: unknown; data?: { error?: unknown }; retryAfter?: unknown; message?: string } | undefined;
  if (e?.code === 'slack_webapi_rate_limited_error') return new DeliveryError(429, 'Slack rate limited the post', Number(e.retryAfter) * 1000 || undefined);
  const reason = typeof e?.data?.error === 'string' ? e.data.error : undefined;
  if (reason && SLACK_UNREACHABLE.has(reason)) return new DeliveryError(403, `Slack refused the post: ${reason}`);
  return err;
}

/**
 * The turn logic for one proactive send. The error is kept rather than thrown: an adapter's onTurnError would
 * otherwise swallow it (and post an apology into the conversation), and the worker must see why the send failed.
 */
function sendCapturingError(activity: Partial<Activity>): { logic: (context: TurnContext) => Promise<void>; failure?: { error: unknown } } {
  const holder: { logic: (context: TurnContext) => Promise<void>; failure?: { error: unknown } } = {
    logic: async (context) => {
      try {
        await context.sendActivity(activity);
      } catch (error) {
        holder.failure = { error };
      }
    },
  };
  return holder;
}

/** What CloudAdapter keeps to itself and a proactive send needs: how it authenticates, and the bot's claims. */
interface CloudAdapterInternals {
  botFrameworkAuthentication?: BotFrameworkAuthentication;
  createClaimsIdentity?(botAppId: string): ClaimsIdentity;
}

/**
 * Teams (any Bot Framework channel): what CloudAdapter.continueConversationAsync does (the bot's claims, a connector
 * client for the reference's service URL, the activity addressed as TurnContext.sendActivity addresses it, then
 * reply or send), with the connector client the adapter's authentication keeps per service URL (the Teams channel's
 * CachingBotFrameworkAuthentication) instead of one built for every send (its pipeline is most of a proactive send's
 * CPU). The client's credentials fetch and renew their own tokens. The desk's adapters run
 * no middleware on proactive turns; should that change, `viaAdapter` keeps the adapter's own path.
 */
export function teamsSender(adapter: CloudAdapter, appId: string, options: { viaAdapter?: boolean } = {}): ProactiveSender {
  const internals = adapter as unknown as CloudAdapterInternals;
  const auth = internals.botFrameworkAuthentication;
  const direct = !options.viaAdapter && auth !== undefined && typeof internals.createClaimsIdentity === 'function';
  const connectorFor = (serviceUrl: string): Promise<ConnectorClient> =>
    auth!.createConnectorFactory(internals.createClaimsIdentity!.call(adapter, appId)).create(serviceUrl);
  return {
    async send(conversation, activity) {
      const reference = conversation as Partial<ConversationReference>;
      if (!direct) {
        const send = sendCapturingError(activity);
        try {
          await adapter.continueConversationAsync(appId, reference, send.logic);
        } catch (err) {
          throw deliveryErrorOfConnector(err);
        }
        if (send.failure) throw deliveryErrorOfConnector(send.failure.error);
        return;
      }
      const continuation = ActivityEx.getContinuationActivity(reference);
      const outgoing = TurnContext.applyConversationReference({ ...activity }, TurnContext.getConversationReference(continuation)) as Activity;
      outgoing.type ??= 'message';
      delete (outgoing as Partial<Activity>).id;
      try {
        const connector = await connectorFor(String(reference.serviceUrl ?? ''));
        if (outgoing.replyToId) await connector.conversations.replyToActivity(outgoing.conversation.id, outgoing.replyToId, outgoing);
        else await connector.conversations.sendToConversation(outgoing.conversation.id, outgoing);
      } catch (err) {
        throw deliveryErrorOfConnector(err);
      }
    },
  };
}

/** Slack and the playground: their botbuilder adapters' continueConversation posts into the referenced conversation. */
export function adapterSender(adapter: BotAdapter, mapError: (err: unknown) => unknown = (err) => err): ProactiveSender {
  return {
    async send(conversation, activity) {
      const send = sendCapturingError(activity);
      try {
        await adapter.continueConversation(conversation as Partial<ConversationReference>, send.logic);
      } catch (err) {
        throw mapError(err);
      }
      if (send.failure) throw mapError(send.failure.error);
    },
  };
}
