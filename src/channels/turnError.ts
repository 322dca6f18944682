import type { TurnContext } from 'botbuilder';
import type { Logger } from '../log';

/**
 * Every channel's answer to a turn that failed: one structured log line (ids only) and one apology that points the
 * agent to /requests, since a failure during filing may or may not have filed.
 */
export function apologizeForFailedTurn(log: Logger, channel: string): (context: TurnContext, error: Error) => Promise<void> {
  return async (context, error) => {
    log.error({ channel, err: error.message, stack: error.stack, conversationId: context.activity.conversation?.id, activityId: context.activity.id }, 'turn failed');
    await context.sendActivity('Sorry, something went wrong on my side. If you were filing a request, type /requests to see whether it was filed.').catch(() => undefined);
  };
}
