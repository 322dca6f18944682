import type { TurnContext } from 'botbuilder';
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
