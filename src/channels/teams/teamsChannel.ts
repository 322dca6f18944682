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

export function teamsRoutes(adapter: DeskCloudAdapter, logic: (context: TurnContext) => Promise<void>, log: Logger): RouteModule {
  return {
    register(server: Server) {
      server.post(
        '/api/messages',
        restify.plugins.bodyParser({ maxBodySize: MAX_ACTIVITY_BYTES, mapParams: false, rejectUnknown: true }),
        async (req: Request, res: Response) => {
          const problem = activityProblem(req.body);
          if (problem) {
            res.send(400, { error: problem });
            return;
          }
          // CloudAdapter.process would print authentication failures to stderr; the same steps, logged as JSON.
          let turnStarted = false;
          try {
            // As CloudAdapter.process does: timestamps become Dates, the raw text kept beside them.
            const activity = fixTimestamps(req.body as Activity);
            const invokeResponse = await adapter.runRequest(req.headers.authorization ?? '', activity, async (context) => {
              turnStarted = true;
              stampTurn(context, botFrameworkTurnFacts(context.activity, adapter.authenticated));
              // A message's answer carries nothing: it is sent once the bot has replied and saved its state, before
              // the answered card's update (an invoke's answer carries its body, so it waits for the whole turn).
              if (context.activity.type === 'message') onTurnAnswered(context, () => res.send(200));
              await logic(context);
            });
            if (!res.headersSent) res.send(invokeResponse?.status ?? 200, invokeResponse?.body);
          } catch (err) {
            // Anything that fails before the turn starts is the request's authentication (a bad or unverifiable token).
            if (!turnStarted || (err as { statusCode?: number }).statusCode === 401) {
              // The reason is logged (a token refused, or the sign-in keys out of reach); the caller only learns 401.
              log.warn(
                {
                  route: '/api/messages',
                  channelId: (req.body as Activity).channelId,
                  status: (err as { statusCode?: number }).statusCode,
                  reason: err instanceof Error ? err.message.slice(0, 200) : String(err),
                },
                'bot framework request refused: authentication',
              );
              if (!res.headersSent) res.send(401, { error: 'Unauthorized' });
              return;
            }
            log.error({ err: err instanceof Error ? err.message : String(err) }, '/api/messages failed');
            if (!res.headersSent) res.send(500, { error: 'internal error' });
          }
        },
      );
    },
  };
}
