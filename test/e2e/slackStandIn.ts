import http from 'node:http';
import type { AddressInfo } from 'node:net';

type Json = Record<string, unknown>;

export interface SlackApiCall {
  method: string;
  params: Json;
}

/** A Slack message as the stand-in holds it: the latest text and blocks posted or updated under its ts. */
export interface StandInMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  text: string;
  blocks: Json[];
}

/** Web API params arrive as a form (nested values as JSON strings) or as JSON; both read back to objects. */
function parseParams(body: string, contentType: string | undefined): Json {
  if (contentType?.includes('application/json')) return JSON.parse(body || '{}') as Json;
  const params: Json = {};
  for (const [name, value] of new URLSearchParams(body)) {
    params[name] = (name === 'blocks' || name === 'attachments') && value.startsWith('[') ? JSON.parse(value) : value;
  }
  return params;
}

/**
 * A local stand-in for the Slack Web API (chat.postMessage, chat.update, chat.delete, users.info) and for response_url
 * posts. It records every call and answers as Slack does ({ ok: true, channel, ts }), keeping each message's latest
 * form; in a channel whose id starts with CNOTIN the bot is no member, and chat.postMessage fails with not_in_channel.
 * users.info answers a user object whose `locale` (from `userLocales`) is there only when `include_locale` is true,
 * as Slack documents; `usersInfoError` makes it fail as Slack does ({ ok: false, error }).
 */
export class SlackStandIn {
  readonly calls: SlackApiCall[] = [];
  readonly responseUrlPosts: Json[] = [];
  readonly messages = new Map<string, StandInMessage>();
  /** Slack user id → the locale Slack would report for them (e.g. 'de-DE'). */
  readonly userLocales = new Map<string, string>();
  /** Set: users.info fails with this error (e.g. 'missing_scope' when the app lacks users:read). */
  usersInfoError?: string;
  /** users.info calls, apart from `calls` (which holds what the bot posted, updated or deleted). */
  readonly usersInfoCalls: Json[] = [];
  private server?: http.Server;
  private sequence = 0;
  private url = '';

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const answer = this.handle(req.url ?? '', parseParams(body, req.headers['content-type']));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return `${this.url}/api/`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** A response_url the stand-in answers (Slack gives one with each command and click). */
  responseUrl(name: string): string {
    return `${this.url}/response/${name}`;
  }

  reset(): void {
    this.calls.length = 0;
    this.responseUrlPosts.length = 0;
    this.messages.clear();
    this.userLocales.clear();
    this.usersInfoCalls.length = 0;
    this.usersInfoError = undefined;
  }

  private handle(path: string, params: Json): Json {
    if (path.startsWith('/response/')) {
      this.responseUrlPosts.push(params);
      return { ok: true };
    }
    const method = path.replace(/^\/api\//, '');
    if (method === 'users.info') return this.usersInfo(params);
    this.calls.push({ method, params });
    const channel = String(params.channel ?? '');
    switch (method) {
      case 'chat.postMessage': {
        // Channels named CNOTIN… are ones the bot was never invited to.
        if (channel.startsWith('CNOTIN')) return { ok: false, error: 'not_in_channel' };
        this.sequence += 1;
        const ts = `1781517600.${String(this.sequence).padStart(6, '0')}`;
        this.messages.set(ts, {
          channel,
          ts,
          threadTs: params.thread_ts as string | undefined,
          text: String(params.text ?? ''),
          blocks: (params.blocks ?? []) as Json[],
        });
        return { ok: true, channel, ts, message: { text: params.text, ts } };
      }
      case 'chat.update': {
        const ts = String(params.ts ?? '');
        const message = this.messages.get(ts);
        if (!message || message.channel !== channel) return { ok: false, error: 'message_not_found' };
        message.text = String(params.text ?? '');
        message.blocks = (params.blocks ?? []) as Json[];
        return { ok: true, channel, ts, text: params.text };
      }
      case 'chat.delete': {
        const ts = String(params.ts ?? '');
        return this.messages.delete(ts) ? { ok: true, channel, ts } : { ok: false, error: 'message_not_found' };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private usersInfo(params: Json): Json {
    this.usersInfoCalls.push(params);
    if (this.usersInfoError)
      return {
        ok: false,
        error: this.usersInfoError,
        ...(this.usersInfoError === 'missing_scope' ? { needed: 'users:read', provided: 'commands,chat:write' } : {}),
      };
    const id = String(params.user ?? '');
    if (!id) return { ok: false, error: 'user_not_found' };
    const locale = this.userLocales.get(id);
    const withLocale = params.include_locale === true || params.include_locale === 'true';
    return { ok: true, user: { id, name: id.toLowerCase(), deleted: false, is_bot: false, tz: 'Europe/Berlin', ...(withLocale && locale ? { locale } : {}) } };
  }
}
