import type { TurnContext } from 'botbuilder';
import type { Logger } from '../log';
import { DEFAULT_LOCALE, resolveLocale, t } from '../i18n';

/**
 * Every channel's answer to a turn that failed: one structured log line (ids only) and one apology that points the
 * agent to /requests, since a failure during filing may or may not have filed. In the language the channel reports
 * (the turn may have failed before the bot read the agent's /language choice).
 */
export function apologizeForFailedTurn(log: Logger, channel: string): (context: TurnContext, error: Error) => Promise<void> {
  return async (context, error) => {
    log.error(
      { channel, err: error.message, stack: error.stack, conversationId: context.activity.conversation?.id, activityId: context.activity.id },
      'turn failed',
    );
    await context.sendActivity(t(resolveLocale(context.activity.locale) ?? DEFAULT_LOCALE, 'channel.turnFailed')).catch(() => undefined);
  };
}
