import assert from 'node:assert/strict';
import { TestAdapter, type Activity, type StoreItems } from 'botbuilder';
import { DeskBot } from '../../dialogs/deskBot';
import type { DeskServices } from '../../dialogs/services';
import { StorageUnavailableError } from '../../src/errors';
import { createLogger } from '../../src/log';
import { createSandboxProvider } from '../../src/providers/sandbox';
import { FilingService } from '../../src/services/filing';
import { MemoryAuditTrail } from '../../src/store/memory/auditTrail';
import { MemoryBotStorage } from '../../src/store/memory/botStorage';
import { MemoryCapLedger } from '../../src/store/memory/capLedger';
import { MemoryIdempotencyStore } from '../../src/store/memory/idempotency';
import { MemoryLeases } from '../../src/store/memory/leases';
import { MemoryRequestStore } from '../../src/store/memory/requestStore';
import { MemorySubscriptionStore } from '../../src/store/memory/subscriptions';
import { EXPORT_LINK_TTL_MS, ExportLinks } from '../../src/services/exportLinks';
import { stampTurn } from '../../src/ports/turnFacts';
import { playgroundFacts } from './deskHarness';

/** Storage that counts reads and writes. */
class CountingStorage extends MemoryBotStorage {
  reads = 0;
  writes = 0;
  override async read(keys: string[]): Promise<StoreItems> {
    this.reads += 1;
    return super.read(keys);
  }
  override async write(changes: StoreItems): Promise<void> {
    this.writes += 1;
    return super.write(changes);
  }
}

/**
 * The turn's store I/O through the generic turn start (memory stores): the claims in order, the state read only
 * once they were won, each state read once. On Redis the same order is one script (test/store/turnStart.test.ts).
 */
describe('DeskBot turn I/O', () => {
  const provider = createSandboxProvider({ now: '2026-06-15T10:00:00Z' });
  const log = createLogger('silent');
  const storage = new CountingStorage();
  const idempotency = new MemoryIdempotencyStore();
  const readsWhenClaimAnswered: number[] = [];
  const unreachable = new Set<string>();
  const slowClaims: typeof idempotency = Object.assign(Object.create(idempotency) as MemoryIdempotencyStore, {
    // Answers one event-loop turn later, noting whether the state read had started meanwhile.
    claim: async (key: string, ttlMs: number) => {
      if (unreachable.has(key)) throw new StorageUnavailableError('Storage (Redis) is not answering.', { command: 'set' });
      const first = await idempotency.claim(key, ttlMs);
      await new Promise((resolve) => setImmediate(resolve));
      readsWhenClaimAnswered.push(storage.reads);
      return first;
    },
  });
  const requests = new MemoryRequestStore();
  const capLedger = new MemoryCapLedger();
  const audit = new MemoryAuditTrail();
  const services: DeskServices = {
    provider,
    requests,
    subscriptions: new MemorySubscriptionStore(),
    exportLinks: new ExportLinks(new MemoryBotStorage({ ttlMs: EXPORT_LINK_TTL_MS }), requests, () => 'http://127.0.0.1:3978'),
    capLedger,
    audit,
    idempotency: slowClaims,
    filing: new FilingService({ requests, capLedger, supportDesk: provider.supportDesk, leases: new MemoryLeases(), audit, clock: provider.clock, log }),
    policy: 'csp-2020',
    wallClock: { now: () => new Date('2026-06-15T10:00:00Z') },
    flowTimeoutMs: 30 * 60_000,
    log,
  };
  const bot = new DeskBot(services, storage);
  const sent: Array<Partial<Activity>> = [];
  const adapter = new TestAdapter(async (context) => bot.run(context));
  // What the playground's adapter does before the bot runs: stamp the turn.
  adapter.use(async (context, next) => {
    stampTurn(context, playgroundFacts(context.activity));
    await next();
  });
  adapter.use(async (context, next) => {
    context.onSendActivities(async (_ctx, activities, nextSend) => {
      sent.push(...activities);
      return nextSend();
    });
    await next();
  });
  const activity = (id: string, text: string) =>
    ({ id, type: 'message', text, channelId: 'playground', from: { id: 'ava.lindqvist', name: 'Ava' }, conversation: { id: 'conv-io' } }) as Partial<Activity>;
  const click = (id: string) => ({ ...activity(id, ''), text: undefined, value: { rd: 'card-io', action: 'continue' } }) as Partial<Activity>;

  it('reads the state after the dedupe claim, and reads it once', async () => {
    await adapter.send(activity('a-1', 'help')).startTest();
    // Two reads: the conversation state and the agent's user state (their /language), both once.
    assert.deepEqual(readsWhenClaimAnswered, [0], 'no read had started before the claim answered');
    assert.equal(storage.reads, 2, 'the dialogs use the state read with the claim, not a second read');
    assert.ok(sent.length > 0, 'the turn ran');
  });

  it('drops a repeated activity: nothing sent, nothing written', async () => {
    const [sentBefore, writesBefore] = [sent.length, storage.writes];
    await adapter.send(activity('a-1', 'help')).startTest();
    assert.equal(sent.length, sentBefore);
    assert.equal(storage.writes, writesBefore);
  });

  it('claims a click (its activity and its card) before reading any state', async () => {
    readsWhenClaimAnswered.length = 0;
    const readsBefore = storage.reads;
    await adapter.send(click('k-1')).startTest();
    assert.deepEqual(readsWhenClaimAnswered, [readsBefore, readsBefore], 'both claims answered before the read started');
    assert.equal(storage.reads, readsBefore + 2, 'the conversation and the agent state, once each');
  });

  it('never takes the card claim for a repeated click activity, so the card can still be answered', async () => {
    await idempotency.claim('activity:playground:conv-io:k-2', 60_000); // the first delivery of k-2 was seen
    const sentBefore = sent.length;
    await adapter.send({ ...click('k-2'), value: { rd: 'card-io-2', action: 'continue' } } as Partial<Activity>).startTest();
    assert.equal(sent.length, sentBefore, 'the repeat did nothing');
    assert.equal(await idempotency.claim('card-click:playground:conv-io:ava.lindqvist:card-io-2', 1000), true, 'the card claim is free');
  });

  it('writes the user state only on a turn that changed it, as botbuilder decides', async () => {
    const userStorage = new CountingStorage();
    const userBot = new DeskBot(services, new MemoryBotStorage(), userStorage);
    const userAdapter = new TestAdapter(async (context) => userBot.run(context));
    userAdapter.use(async (context, next) => {
      stampTurn(context, playgroundFacts(context.activity));
      await next();
    });
    const say = async (id: string, text: string) =>
      userAdapter.send({ ...activity(id, text), conversation: { id: 'conv-user' } } as Partial<Activity>).startTest();
    await say('u-1', 'help');
    assert.equal(userStorage.writes, 0, 'nothing changed: no item written');
    await say('u-2', '/language de');
    assert.equal(userStorage.writes, 1, 'the choice is written');
    await say('u-3', 'help');
    await say('u-4', '/language de');
    assert.equal(userStorage.writes, 1, 'neither a turn that only read it nor the same choice again writes it');
    await say('u-5', '/language en');
    assert.equal(userStorage.writes, 2, 'another choice is written');
    const stored = await userStorage.read(['playground/users/ava.lindqvist/']);
    assert.equal(stored['playground/users/ava.lindqvist/']?.agentLanguage, 'en');
  });

  it("leaves another click's card claim alone when its own activity claim fails", async () => {
    const cardKey = 'card-click:playground:conv-io:ava.lindqvist:card-io-3';
    await idempotency.claim(cardKey, 60_000); // another click on this card is running
    unreachable.add('activity:playground:conv-io:k-3');
    const sentBefore = sent.length;
    await adapter.send({ ...click('k-3'), value: { rd: 'card-io-3', action: 'continue' } } as Partial<Activity>).startTest();
    assert.match(String(sent[sentBefore]?.text), /\S/, 'the agent was told storage is not answering');
    assert.equal(await idempotency.claim(cardKey, 1000), false, 'the other click still holds its card');
  });
});
