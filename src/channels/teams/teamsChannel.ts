import type { ServerResponse } from 'node:http';
import restify, { type Request, type Response, type Server } from 'restify';
import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { BotFrameworkSettings } from '../../config';
import type { Logger } from '../../log';
import type { RouteModule } from '../../server';
import { activityProblem } from './activityShape';
import { CachingBotFrameworkAuthentication } from './connectorCache';
import { botFrameworkTurnFacts } from './turnFacts';
import { stampTurn } from '../../ports/turnFacts';
import { onTurnAnswered } from '../../ports/turnAnswered';
import { apologizeForFailedTurn } from '../turnError';
import { serveJsonPostsBeforeRestify } from './postsBeforeRestify';

/** Bot Framework activities are small; anything larger is refused before it reaches the dialogs. */
export const MAX_ACTIVITY_BYTES = 256 * 1024;

/**
 * POST /api/messages for Teams (and any Bot Framework channel) through botbuilder's CloudAdapter. With
 * credentials set, every request must carry a valid Bot Framework token (CloudAdapter answers 401 otherwise);
 * without them the adapter runs for local use only.
 */
function fixTimestamps(activity: Activity): Activity {
  const raw = activity as Activity & { rawTimestamp?: string; rawLocalTimestamp?: string; rawExpiration?: string };
  for (const [field, rawField] of [
    ['timestamp', 'rawTimestamp'],
    ['localTimestamp', 'rawLocalTimestamp'],
    ['expiration', 'rawExpiration'],
  ] as const) {
    const value = raw[field] as unknown;
    if (typeof value === 'string') {
      raw[rawField] = value;
      (raw as unknown as Record<string, unknown>)[field] = new Date(value);
    }
  }
  return activity;
}

/** CloudAdapter with its authenticate-and-run step reachable, so the route can answer and log in its own way. */
export class DeskCloudAdapter extends CloudAdapter {
  /** Bot Framework credentials are set: every request carries a verified token. */
  authenticated = false;

  runRequest(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

export function createTeamsAdapter(settings: BotFrameworkSettings | undefined, log: Logger): DeskCloudAdapter {
  const auth = new CachingBotFrameworkAuthentication({
    MicrosoftAppId: settings?.appId ?? '',
    MicrosoftAppPassword: settings?.appPassword ?? '',
    MicrosoftAppType: settings?.appType ?? 'MultiTenant',
    MicrosoftAppTenantId: settings?.appTenantId ?? '',
  });
  const adapter = new DeskCloudAdapter(auth);
  adapter.onTurnError = apologizeForFailedTurn(log, 'teams');
  adapter.authenticated = Boolean(settings?.appId);
  return adapter;
}

/** How one request is answered: through restify's response, or written directly (postsBeforeRestify.ts). */
interface Answer {
  send(status: number, body?: unknown): void;
  readonly sent: boolean;
}

/**
 * Runs one well-formed activity's turn and answers it. CloudAdapter.process would print authentication failures to
 * stderr; these are the same steps, logged as JSON.
 */
async function runActivity(
  adapter: DeskCloudAdapter,
  logic: (context: TurnContext) => Promise<void>,
  log: Logger,
  body: Activity,
  authorization: string | undefined,
  answer: Answer,
): Promise<void> {
  let turnStarted = false;
  try {
    // As CloudAdapter.process does: timestamps become Dates, the raw text kept beside them.
    const activity = fixTimestamps(body);
    const invokeResponse = await adapter.runRequest(authorization ?? '', activity, async (context) => {
      turnStarted = true;
      stampTurn(context, botFrameworkTurnFacts(context.activity, adapter.authenticated));
      // A message's answer carries nothing: it is sent once the bot has replied and saved its state, before
      // the answered card's update (an invoke's answer carries its body, so it waits for the whole turn).
      if (context.activity.type === 'message') onTurnAnswered(context, () => answer.send(200));
      await logic(context);
    });
    if (!answer.sent) answer.send(invokeResponse?.status ?? 200, invokeResponse?.body);
  } catch (err) {
    // Anything that fails before the turn starts is the request's authentication (a bad or unverifiable token).
    if (!turnStarted || (err as { statusCode?: number }).statusCode === 401) {
      // The reason is logged (a token refused, or the sign-in keys out of reach); the caller only learns 401.
      log.warn(
        {
          route: '/api/messages',
          channelId: body.channelId,
          status: (err as { statusCode?: number }).statusCode,
          reason: err instanceof Error ? err.message.slice(0, 200) : String(err),
        },
        'bot framework request refused: authentication',
      );
      if (!answer.sent) answer.send(401, { error: 'Unauthorized' });
      return;
    }
    log.error({ err: err instanceof Error ? err.message : String(err) }, '/api/messages failed');
    if (!answer.sent) answer.send(500, { error: 'internal error' });
  }
}

/**
 * What restify's res.send writes for the answers a message activity gets (no body, or an object as JSON): the same
 * status, headers in the same order (Server, then Content-Type and Content-Length) and bytes, without its formatter
 * chain. An invoke's answer may be text, which restify words by content negotiation: invokes stay on restify.
 */
function directAnswer(res: ServerResponse, serverName: string): Answer {
  return {
    send(status, body) {
      const headers: Record<string, string | number> = serverName ? { Server: serverName } : {};
      if (body === undefined) {
        res.writeHead(status, headers);
        res.end();
        return;
      }
      const data = JSON.stringify(body);
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = Buffer.byteLength(data);
      res.writeHead(status, headers);
      res.end(data);
    },
    get sent() {
      return res.headersSent;
    },
  };
}

export function teamsRoutes(adapter: DeskCloudAdapter, logic: (context: TurnContext) => Promise<void>, log: Logger): RouteModule {
  return {
    register(server: Server) {
      // The usual request, a well-formed message activity, is read and answered before restify (the turns' CPU).
      serveJsonPostsBeforeRestify(server, {
        url: '/api/messages',
        maxBytes: MAX_ACTIVITY_BYTES,
        take(body, req, res) {
          if ((body as Partial<Activity> | null)?.type !== 'message' || activityProblem(body)) return false;
          const answer = directAnswer(res, server.name);
          runActivity(adapter, logic, log, body as Activity, req.headers.authorization, answer).catch((err: unknown) => {
            // Only writing the answer itself can fail here; the connection is then of no further use.
            log.error({ err: err instanceof Error ? err.message : String(err) }, '/api/messages failed to answer');
            if (!answer.sent) res.destroy();
          });
          return true;
        },
      });
      server.post(
        '/api/messages',
        restify.plugins.bodyParser({ maxBodySize: MAX_ACTIVITY_BYTES, mapParams: false, rejectUnknown: true }),
        async (req: Request, res: Response) => {
          const problem = activityProblem(req.body);
          if (problem) {
            res.send(400, { error: problem });
            return;
          }
          await runActivity(adapter, logic, log, req.body as Activity, req.headers.authorization, {
            send: (status, body) => res.send(status, body),
            get sent() {
              return res.headersSent;
            },
          });
        },
      );
    },
  };
}
