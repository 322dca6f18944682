import type { TurnContext } from 'botbuilder';
import type { CardAction } from './cardPrompt';
import { isOriginOf } from './origin';
import { showReceipt } from './receipt';
import { requireActingAgent } from './roles';
import type { DeskServices } from './services';
import { turnText } from './language';

/**
 * A click on a card whose question was already answered (a second click, a redelivery, an old card): nothing
 * acts twice. When the card had filed something, the agent gets the original receipt, or is told plainly that
 * the request was not filed.
 */
export async function answerStaleAction(services: DeskServices, context: TurnContext, action: CardAction): Promise<void> {
  const found = typeof action.requestKey === 'string' ? await services.requests.getByKey(action.requestKey) : undefined;
  // A key from another conversation (copied or forged) opens nothing: the answer is the one for an unknown key.
  const record = found && isOriginOf(found.origin, context) ? found : undefined;
  if (found && !record)
    services.log.warn(
      { requestId: found.id, conversationId: context.activity.conversation?.id },
      'click carried a request key from another conversation: nothing shown',
    );
  // A request's receipt shows customer figures: only an agent with an acting role may see it (refusals audited).
  if (record && !(await requireActingAgent(services, context, 'view-receipt'))) return;
  if (record?.state === 'failed') {
    await context.sendActivity(turnText(context, 'stale.notFiled'));
    return;
  }
  if (record && record.state !== 'filing') {
    await context.sendActivity(turnText(context, 'stale.alreadyDone'));
    await showReceipt(context, record);
    return;
  }
  if (record) {
    await context.sendActivity(turnText(context, 'stale.filing'));
    return;
  }
  if (typeof action.changeKey === 'string') {
    // A confirmation of a reservation change: it was answered already (a second click) or a later card replaced it.
    await context.sendActivity(turnText(context, 'manage.staleChange'));
    return;
  }
  await context.sendActivity(turnText(context, 'stale.card'));
}
