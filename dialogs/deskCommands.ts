import type { TurnContext } from 'botbuilder';
import { EXPORT_ACTION, TOPIC_ACTIONS, TOPIC_CARD_ID } from '../src/cards/topicCards';
import type { CardAction } from './cardPrompt';
import { showCap } from './capDialog';
import { listSubscriptions, subscribe, unsubscribe } from './subscriptionsDialog';
import { DESK_COMMANDS, type DeskCommandName } from './commands';
import type { Agent } from './roles';
import type { DeskServices } from './services';

export function isDeskCommand(name: string): name is DeskCommandName {
  return (DESK_COMMANDS as readonly string[]).includes(name);
}

/** The one-answer commands of SPEC section 9, run once the agent is known to hold an acting role. */
export async function runDeskCommand(services: DeskServices, context: TurnContext, agent: Agent, name: DeskCommandName, rest: string): Promise<void> {
  switch (name) {
    case 'cap':
      return showCap(services, context, rest);
    case 'subscribe':
      return subscribe(services, context, agent, rest);
    case 'subscriptions':
      return listSubscriptions(services, context);
    case 'unsubscribe':
      return unsubscribe(services, context, agent, rest);
  }
}

/** What a reminder's or digest's button asks for: a flow, started for the reservation the entry names. */
export interface TopicAction {
  flow: (typeof TOPIC_ACTIONS)[keyof typeof TOPIC_ACTIONS];
  customerId: string;
  reservationId: string;
}

export function topicActionOf(action: CardAction | undefined): TopicAction | undefined {
  if (!action || action.rd !== TOPIC_CARD_ID || !Object.prototype.hasOwnProperty.call(TOPIC_ACTIONS, action.action)) return undefined;
  const { customerId, reservationId } = action;
  if (
    typeof customerId !== 'string' ||
    typeof reservationId !== 'string' ||
    !customerId ||
    !reservationId ||
    customerId.length > 100 ||
    reservationId.length > 200
  )
    return undefined;
  return { flow: TOPIC_ACTIONS[action.action as keyof typeof TOPIC_ACTIONS], customerId, reservationId };
}

/** The requests card's export button: the customer it showed, '' for the agent's own list (everyone's). */
export function exportActionOf(action: CardAction | undefined): { customerId: string } | undefined {
  if (!action || action.rd !== TOPIC_CARD_ID || action.action !== EXPORT_ACTION) return undefined;
  const customerId = typeof action.customerId === 'string' && action.customerId.length <= 100 ? action.customerId : '';
  return { customerId };
}
