import restify, { type Request, type Response, type Server } from 'restify';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { BotFrameworkSettings } from '../../config';
import type { Logger } from '../../log';
import type { RouteModule } from '../../server';
import { activityProblem } from './activityShape';

/** Bot Framework activities are small; anything larger is refused before it reaches the dialogs. */
export const MAX_ACTIVITY_BYTES = 256 * 1024;

/**
 * POST /api/messages for Teams (and any Bot Framework channel) through botbuilder's CloudAdapter. With
 * credentials set, every request must carry a valid Bot Framework token (CloudAdapter answers 401 otherwise);
 * without them the adapter runs for local use only.
 */
export function createTeamsAdapter(settings: BotFrameworkSettings | undefined, log: Logger): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: settings?.appId ?? '',
    MicrosoftAppPassword: settings?.appPassword ?? '',
    MicrosoftAppType: settings?.appType ?? 'MultiTenant',
    MicrosoftAppTenantId: settings?.appTenantId ?? '',
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    log.error({ err: error.message, stack: error.stack, conversationId: context.activity.conversation?.id, activityId: context.activity.id }, 'turn failed');
    await context.sendActivity('Sorry, something went wrong on my side. If you were filing a request, type /requests to see whether it was filed.').catch(() => undefined);
  };
  return adapter;
}

export function teamsRoutes(adapter: CloudAdapter, logic: (context: TurnContext) => Promise<void>, log: Logger): RouteModule {
  return {
    register(server: Server) {
      server.post('/api/messages', restify.plugins.bodyParser({ maxBodySize: MAX_ACTIVITY_BYTES, mapParams: false, rejectUnknown: true }), async (req: Request, res: Response) => {
        const problem = activityProblem(req.body);
        if (problem) {
          res.send(400, { error: problem });
          return;
        }
        try {
          await adapter.process(req, res, logic);
        } catch (err) {
          log.error({ err: err instanceof Error ? err.message : String(err) }, '/api/messages failed');
          if (!res.headersSent) res.send(500, { error: 'internal error' });
        }
      });
    },
  };
}
