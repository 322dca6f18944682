/** The desk's dialogs on botbuilder's TestAdapter, shared by the dialog tests. */
import { TestAdapter, type Activity } from 'botbuilder';
import { DeskBot } from '../../dialogs/deskBot';
import { PLAYGROUND_TENANT } from '../../src/ports/partnerDirectory';
import { stampTurn, type TurnFacts } from '../../src/ports/turnFacts';
import type { DeskServices } from '../../dialogs/services';
import { createLogger } from '../../src/log';
import { createSandboxProvider } from '../../src/providers/sandbox';
import type { Provider } from '../../src/ports/provider';
import { FilingService } from '../../src/services/filing';
import { EXPORT_LINK_TTL_MS, ExportLinks } from '../../src/services/exportLinks';
import { MemoryAuditTrail } from '../../src/store/memory/auditTrail';
import { MemoryBotStorage } from '../../src/store/memory/botStorage';
import { MemoryCapLedger } from '../../src/store/memory/capLedger';
import { MemoryIdempotencyStore } from '../../src/store/memory/idempotency';
import { MemoryLeases } from '../../src/store/memory/leases';
import { MemoryRequestStore } from '../../src/store/memory/requestStore';
import { MemorySubscriptionStore } from '../../src/store/memory/subscriptions';

export type Json = Record<string, unknown>;

/** What the playground's adapter would stamp: the roster user the test speaks as. */
export const playgroundFacts = (activity: Partial<Activity>): TurnFacts => ({
  channel: 'playground',
  speaker: { channel: 'playground', tenant: PLAYGROUND_TENANT, user: activity.from!.id },
  verifiedBy: 'none',
  privateConversation: true,
});

/** The dialogs on botbuilder's TestAdapter, with a wall clock the test moves (idle expiry). */
export function deskOnTestAdapter(
  withProvider: (sandbox: Provider) => Provider = (sandbox) => sandbox,
  factsOf: (activity: Partial<Activity>) => TurnFacts = playgroundFacts,
  /** Bot state; pass one storage to two desks to play a restart or a second instance. */
  storage = new MemoryBotStorage(),
) {
  let wallNow = Date.parse('2026-06-15T10:00:00Z');
  const provider = withProvider(createSandboxProvider({ now: '2026-06-15T10:00:00Z' }));
  const log = createLogger('silent');
  const requests = new MemoryRequestStore();
  const capLedger = new MemoryCapLedger();
  const audit = new MemoryAuditTrail();
  // On the wall clock the test moves, so a card's quiet window after a click can be passed.
  const idempotency = new MemoryIdempotencyStore({ now: () => new Date(wallNow) });
  const services: DeskServices = {
    provider,
    requests,
    subscriptions: new MemorySubscriptionStore(),
    exportLinks: new ExportLinks(new MemoryBotStorage({ ttlMs: EXPORT_LINK_TTL_MS }), requests, () => 'http://127.0.0.1:3978'),
    capLedger,
    audit,
    idempotency,
    filing: new FilingService({ requests, capLedger, supportDesk: provider.supportDesk, leases: new MemoryLeases(), audit, clock: provider.clock, log }),
    policy: 'csp-2020',
    wallClock: { now: () => new Date(wallNow) },
    flowTimeoutMs: 30 * 60_000,
    log,
  };
  const bot = new DeskBot(services, storage);
  const sent: Array<Partial<Activity>> = [];
  const updated: Array<Partial<Activity>> = [];
  const adapter = new TestAdapter(async (context) => {
    await bot.run(context);
  });
  // What a channel's adapter does before the bot runs: stamp the turn.
  adapter.use(async (context, next) => {
    stampTurn(context, factsOf(context.activity));
    await next();
  });
  adapter.use(async (context, next) => {
    context.onSendActivities(async (_ctx, activities, nextSend) => {
      sent.push(...activities);
      return nextSend();
    });
    context.onUpdateActivity(async (_ctx, activity, nextUpdate) => {
      updated.push(activity);
      return nextUpdate();
    });
    await next();
  });
  const user = (id: string) => ({ channelId: 'playground', from: { id, name: id }, conversation: { id: `conv-${id}` } });
  return {
    services,
    sent,
    updated,
    advanceWallClock: (ms: number) => (wallNow += ms),
    say: async (id: string, text: string) => adapter.send({ ...user(id), type: 'message', text } as Partial<Activity>).startTest(),
    /** A message with more activity fields (a client's `locale`, another `conversation`). */
    sayWith: async (id: string, text: string, fields: Partial<Activity>) =>
      adapter.send({ ...user(id), type: 'message', text, ...fields } as Partial<Activity>).startTest(),
    click: async (id: string, value: Json) => adapter.send({ ...user(id), type: 'message', value } as Partial<Activity>).startTest(),
    texts: () => sent.map((a) => a.text).filter((t): t is string => typeof t === 'string'),
    lastCard: () => {
      const withCard = sent.filter((a) => a.attachments?.length);
      return withCard[withCard.length - 1]?.attachments?.[0]?.content as Json;
    },
    /** Clicks the button with this title on the newest card of this user's conversation that has it. */
    clickButton: async (id: string, title: string, inputs: Json = {}) => {
      const cards = sent.filter((a) => a.conversation?.id === `conv-${id}` && a.attachments?.length).map((a) => a.attachments![0].content as Json);
      const button = cards
        .reverse()
        .flatMap((card) => actionsOf(card))
        .find((a) => a.title === title);
      if (!button) throw new Error(`no button ${title}`);
      return adapter.send({ ...user(id), type: 'message', value: { ...(button.data as Json), ...inputs } } as Partial<Activity>).startTest();
    },
    textsOf: (id: string) => sent.filter((a) => a.conversation?.id === `conv-${id}` && typeof a.text === 'string').map((a) => a.text as string),
    lastCardOf: (id: string) => sent.filter((a) => a.conversation?.id === `conv-${id}` && a.attachments?.length).at(-1)?.attachments?.[0]?.content as Json,
  };
}

export const CONTACT = {
  firstName: 'Ava',
  lastName: 'Lindqvist',
  email: 'ava@example.com',
  preferredContactMethod: 'email',
  timeZone: 'UTC',
  country: 'SWE',
  language: 'en-us',
  severity: 'minimal',
};

export function factsOf(card: Json): Record<string, string> {
  const facts: Record<string, string> = {};
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const el = node as Json;
    if (el.type === 'FactSet') for (const f of el.facts as Array<{ title: string; value: string }>) facts[f.title] = f.value;
    Object.values(el).forEach(walk);
  };
  walk(card);
  return facts;
}

export function actionsOf(card: Json): Json[] {
  const found: Json[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const el = node as Json;
    if (el.type === 'Action.Submit') found.push(el);
    Object.values(el).forEach(walk);
  };
  walk(card);
  return found;
}
