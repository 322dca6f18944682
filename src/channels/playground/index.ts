import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import restify, { type Next, type Request, type Response, type Server } from 'restify';
import { apologizeForFailedTurn } from '../turnError';
import type { Activity, TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Logger } from '../../log';
import type { Provider } from '../../ports/provider';
import type { RouteModule } from '../../server';
import { cardValueSchema } from '../cardValue';
import { PLAYGROUND_TENANT } from '../../ports/partnerDirectory';
import { PlaygroundAccess } from './access';
import { PlaygroundConversations, type SequencedEvent } from './conversations';
import { PLAYGROUND_BOT, PLAYGROUND_CHANNEL_ID, PLAYGROUND_SERVICE_URL, PlaygroundAdapter } from './playgroundAdapter';

export { PlaygroundAdapter, PLAYGROUND_CHANNEL_ID } from './playgroundAdapter';
export { PlaygroundConversations, type PlaygroundEvent, type PlaygroundMessage } from './conversations';

/** A typed command or a card click is small; anything larger is refused before it reaches the dialogs. */
export const MAX_PLAYGROUND_BODY_BYTES = 64 * 1024;
/** SSE comment lines keep idle connections (and proxies) from timing out. */
const HEARTBEAT_MS = 20_000;

export interface PlaygroundUser {
  id: string;
  displayName: string;
  roles: string[];
}

/** Roster users the page may act as: the sandbox roster (ids, names, roles; never emails). Other providers: none. */
export function playgroundUsersOf(provider: Provider): PlaygroundUser[] {
  const roster = (provider as Provider & { roster?: { users: PlaygroundUser[] } }).roster;
  return (roster?.users ?? []).map((u) => ({ id: u.id, displayName: u.displayName, roles: [...u.roles] }));
}

const conversationIdSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/, 'letters, digits and . _ : - only, at most 100');

/** What the page may say. Everything else in the body (channelId, recipient, serviceUrl, …) is ignored. */
const incomingSchema = z.object({
  type: z.literal('message'),
  text: z.string().max(4000).optional(),
  value: cardValueSchema.optional(),
  replyToId: z.string().max(100).optional(),
  /** The page's language selector (a BCP 47 tag such as de-DE), handed to the bot as Teams hands `activity.locale`. */
  locale: z.string().max(35).optional(),
  from: z.object({ id: z.string().min(1).max(100) }),
  /** The key the server gave the page with the conversation (POST /playground/api/conversations). */
  conversation: z.object({ id: conversationIdSchema, key: z.string().max(100) }),
});

const UNAUTHORIZED = { error: 'The playground needs its token: open /?token=… once in this browser, or send Authorization: Bearer ….' };
const NOT_YOUR_CONVERSATION = { error: 'conversation: not a conversation of this page (start one with POST /playground/api/conversations).' };

/** Public files of the page, by the name the page asks for. A fixed list: no path from a request reaches the disk. */
function publicDirectory(): string {
  // Beside this file in src/, or from dist/src/channels/playground back to the repository's src/.
  for (const candidate of [path.join(__dirname, 'public'), path.resolve(__dirname, '../../../../src/channels/playground/public')]) {
    try {
      readFileSync(path.join(candidate, 'index.html'));
      return candidate;
    } catch {
      // try the next layout
    }
  }
  throw new Error('the playground page (src/channels/playground/public) was not found');
}

interface Asset {
  type: string;
  body: Buffer;
}

function loadAssets(): { page: Asset; assets: Map<string, Asset> } {
  const dir = publicDirectory();
  const file = (name: string, type: string): Asset => ({ type, body: readFileSync(path.join(dir, name)) });
  return {
    page: file('index.html', 'text/html; charset=utf-8'),
    assets: new Map([
      ['app.js', file('app.js', 'text/javascript; charset=utf-8')],
      ['styles.css', file('styles.css', 'text/css; charset=utf-8')],
      ['adaptivecards.min.js', { type: 'text/javascript; charset=utf-8', body: readFileSync(require.resolve('adaptivecards/dist/adaptivecards.min.js')) }],
    ]),
  };
}

// The renderer styles elements through the DOM, so inline styles are allowed; scripts only from here.
const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

function sendAsset(res: Response, asset: Asset): void {
  res.writeHead(200, { 'Content-Type': asset.type, 'Content-Length': asset.body.length, 'Cache-Control': 'no-cache', ...SECURITY_HEADERS });
  res.end(asset.body);
}

export interface PlaygroundChannel {
  adapter: PlaygroundAdapter;
  conversations: PlaygroundConversations;
  routes: RouteModule;
  /** Ends the open event streams (an open stream would keep the HTTP server from closing). */
  close(): void;
}

/**
 * The local chat page and its API: GET / (the page), /playground/assets/* (its files),
 * GET /playground/api/roster, POST /playground/api/messages (one turn of the same DeskBot.run Teams runs),
 * GET /playground/api/events?conversation=… (Server-Sent Events: every message the bot sends, prompted or not).
 */
export function createPlaygroundChannel(options: {
  provider: Provider;
  logic: (context: TurnContext) => Promise<void>;
  log: Logger;
  token?: string;
}): PlaygroundChannel {
  const { logic, log } = options;
  const access = new PlaygroundAccess(options.token);
  const conversations = new PlaygroundConversations();
  const adapter = new PlaygroundAdapter(conversations);
  adapter.onTurnError = apologizeForFailedTurn(log, 'playground');
  const users = playgroundUsersOf(options.provider);
  const userIds = new Set(users.map((u) => u.id));
  const streams = new Set<Response>();
  const { page, assets } = loadAssets();

  const onMessage = async (req: Request, res: Response) => {
    const parsed = incomingSchema.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      res.send(400, { error: `The body must be a message activity: ${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}` });
      return;
    }
    const body = parsed.data;
    if (!access.keyMatches(body.conversation.id, body.conversation.key)) {
      res.send(403, NOT_YOUR_CONVERSATION);
      return;
    }
    if (!userIds.has(body.from.id)) {
      res.send(403, { error: `${JSON.stringify(body.from.id)} is not a user of the sandbox roster.` });
      return;
    }
    const user = users.find((u) => u.id === body.from.id)!;
    // Built here, not taken from the body: a page cannot claim another channel, bot or service URL.
    const activity: Partial<Activity> = {
      type: 'message',
      id: randomUUID(),
      timestamp: new Date(),
      channelId: PLAYGROUND_CHANNEL_ID,
      serviceUrl: PLAYGROUND_SERVICE_URL,
      from: { id: user.id, name: user.displayName },
      recipient: { ...PLAYGROUND_BOT },
      conversation: { id: body.conversation.id, isGroup: false, conversationType: 'personal', name: 'playground' },
      ...(body.text !== undefined ? { text: body.text } : {}),
      ...(body.value !== undefined ? { value: body.value } : {}),
      ...(body.replyToId !== undefined ? { replyToId: body.replyToId } : {}),
      ...(body.locale !== undefined ? { locale: body.locale } : {}),
    };
    try {
      // A roster user picked on the page (the sandbox's playground identities), admitted by the token when one is set.
      await adapter.processActivity(activity, logic, {
        channel: 'playground',
        speaker: { channel: 'playground', tenant: PLAYGROUND_TENANT, user: user.id },
        verifiedBy: access.needsToken ? 'playground-token' : 'none',
        privateConversation: true,
      });
      res.send(200, { id: activity.id });
    } catch (err) {
      log.error({ err: err instanceof Error ? err.message : String(err) }, 'playground message failed');
      if (!res.headersSent) res.send(500, { error: 'internal error' });
    }
  };

  const onEvents = async (req: Request, res: Response) => {
    const query = new URL(req.url ?? '/', 'http://playground.invalid').searchParams;
    const conversation = conversationIdSchema.safeParse(query.get('conversation'));
    if (!conversation.success) {
      res.send(400, { error: 'conversation: a conversation id is required (letters, digits and . _ : - only, at most 100).' });
      return;
    }
    if (!access.keyMatches(conversation.data, query.get('key'))) {
      res.send(403, NOT_YOUR_CONVERSATION);
      return;
    }
    const lastEventId = req.header('last-event-id') || (query.get('after') ?? undefined);
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 1000\n\n');
    const write = ({ seq, event }: SequencedEvent) => {
      res.write(`id: ${conversations.eventId(seq)}\nevent: ${event.kind}\ndata: ${JSON.stringify(event)}\n\n`);
    };
    const unsubscribe = conversations.subscribe(conversation.data, conversations.resumePoint(lastEventId), write);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    streams.add(res);
    const stop = () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    };
    req.once('close', stop);
    res.once('close', stop);
  };

  /** Every route but the page's token exchange answers 401 to a caller without the token (when one is set). */
  const tokenGate = (req: Request, res: Response, next: Next): void => {
    if (access.allows(req)) return next();
    res.send(401, UNAUTHORIZED);
    return next(false);
  };

  const onPage = async (req: Request, res: Response) => {
    // `/?token=…` once: the token becomes an HttpOnly cookie and leaves the address bar.
    const cookie = access.cookieFor(req, new URL(req.url ?? '/', 'http://playground.invalid').searchParams.get('token'));
    if (cookie) {
      res.writeHead(303, { 'Set-Cookie': cookie, Location: '/', 'Cache-Control': 'no-store', ...SECURITY_HEADERS });
      res.end();
      return;
    }
    if (!access.allows(req)) {
      res.send(401, UNAUTHORIZED);
      return;
    }
    sendAsset(res, page);
  };

  const onNewConversation = async (_req: Request, res: Response) => {
    const id = `pg-${randomUUID()}`;
    res.send(201, { id, key: access.conversationKey(id) });
  };

  const routes: RouteModule = {
    register(server: Server) {
      server.get('/', onPage);
      server.get('/playground/assets/:name', tokenGate, async (req: Request, res: Response) => {
        const asset = assets.get(String(req.params.name));
        if (!asset) res.send(404, { error: 'no such asset' });
        else sendAsset(res, asset);
      });
      server.get('/playground/api/roster', tokenGate, async (_req: Request, res: Response) => {
        res.send(200, { users });
      });
      server.post('/playground/api/conversations', tokenGate, onNewConversation);
      server.get('/playground/api/events', tokenGate, onEvents);
      server.post(
        '/playground/api/messages',
        tokenGate,
        restify.plugins.bodyParser({ maxBodySize: MAX_PLAYGROUND_BODY_BYTES, mapParams: false, rejectUnknown: true }),
        onMessage,
      );
    },
  };

  return {
    adapter,
    conversations,
    routes,
    close() {
      for (const res of streams) res.end();
      streams.clear();
    },
  };
}
