import restify from 'restify';
import {
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  MemoryStorage,
  UserState,
  type Storage,
  type StoreItems,
  type TurnContext,
} from 'botbuilder';
import { DialogSet, DialogTurnStatus, WaterfallDialog, type DialogState, type WaterfallStepContext } from 'botbuilder-dialogs';
import type Redis from 'ioredis';

/**
 * The baseline of `npm run bench`: a minimal plain botbuilder bot, as the Bot Framework samples build one. CloudAdapter
 * without auth behind restify's body parser, a 4-step WaterfallDialog sending one small Adaptive Card per step,
 * ConversationState + UserState on MemoryStorage or on SimpleRedisStorage. It checks nothing (no roles, no
 * dedupe, no expiry) and its Redis storage has no compare-and-set: it is the floor, not a peer.
 */

/** The simplest Redis Storage: one JSON string per item, MGET to read, SET to write, last writer wins (no eTag check). */
export class SimpleRedisStorage implements Storage {
  private sequence = 0;
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    const found = await this.redis.mget(...keys.map((k) => this.prefix + k));
    const items: StoreItems = {};
    keys.forEach((key, i) => {
      const json = found[i];
      if (json) items[key] = JSON.parse(json) as unknown;
    });
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await Promise.all(
      Object.entries(changes).map(([key, item]) =>
        this.redis.set(this.prefix + key, JSON.stringify({ ...(item as object), eTag: String(++this.sequence) }), 'PX', 7 * 24 * 3600 * 1000),
      ),
    );
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((k) => this.redis.del(this.prefix + k)));
  }
}

function stepCard(step: number, title: string, button?: string): ReturnType<typeof CardFactory.adaptiveCard> {
  return CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: title, weight: 'Bolder', wrap: true },
      {
        type: 'FactSet',
        facts: [
          { title: 'Step', value: `${step} of 4` },
          { title: 'Customer', value: 'Alder & Finch Logistics' },
        ],
      },
    ],
    actions: button ? [{ type: 'Action.Submit', title: button, data: { step } }] : [],
  });
}

const FLOW = 'flow';

export function plainBotLogic(storage: Storage): (context: TurnContext) => Promise<void> {
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const dialogState = conversationState.createProperty<DialogState>('dialogState');
  const profile = userState.createProperty<{ flows: number }>('profile');
  const dialogs = new DialogSet(dialogState);
  const send = (step: number, title: string, button?: string) => async (step_: WaterfallStepContext) => {
    await step_.context.sendActivity({ attachments: [stepCard(step, title, button)] });
    return step === 4 ? step_.endDialog() : WaterfallDialog.EndOfTurn;
  };
  dialogs.add(
    new WaterfallDialog(FLOW, [
      async (step) => {
        const p = await profile.get(step.context, { flows: 0 });
        await profile.set(step.context, { flows: p.flows + 1 });
        return send(1, 'Pick a customer', 'Choose customer')(step);
      },
      send(2, 'Pick a reservation', 'Choose reservation'),
      send(3, 'Quote', 'Cancel'),
      send(4, 'Done'),
    ]),
  );
  return async (context) => {
    if (context.activity.type !== 'message') return;
    const dc = await dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(FLOW);
    await conversationState.saveChanges(context);
    await userState.saveChanges(context);
  };
}

export function plainBotServer(redis?: Redis, prefix = 'plain:'): restify.Server {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const logic = plainBotLogic(redis ? new SimpleRedisStorage(redis, prefix) : new MemoryStorage());
  const server = restify.createServer();
  server.post('/api/messages', restify.plugins.bodyParser({ mapParams: false }), async (req, res) => {
    await adapter.process(req, res, logic);
  });
  return server;
}
