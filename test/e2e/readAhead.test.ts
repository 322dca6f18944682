import assert from 'node:assert/strict';
import { CountingProxy } from '../../bench/countingProxy';
import type { App } from '../../src/app';
import { StandInConnector } from './standInConnector';
import { TeamsClient, AVA, CONTACT, type TeamsUser } from './teamsClient';
import { dropPrefix, startBot, testPrefix } from './teamsApp';

const SANDBOX_CLOCK = '2026-06-15T10:00:00Z';
const ALDER = 'Alder & Finch Logistics · alderfinch.onmicrosoft.com';
/** Another roster agent of the partner, in a conversation of her own. */
const BEN: TeamsUser = { tenantId: AVA.tenantId, aadObjectId: '59911ffc-d5a0-4274-9878-e52cf594ea0e', name: 'Ben Okafor' };

/**
 * The reads a click names (its customer's open requests and cap entries, the confirm card's request key) come with
 * the turn's start: counted through the bench's counting proxy in front of the real Redis, as `npm run bench -- rtt`.
 */
describe('e2e: reads ahead with the turn start, state in Redis behind a counting proxy', function () {
  this.timeout(30000);
  const connector = new StandInConnector();
  let connectorUrl: string;
  let proxy: CountingProxy;
  let prefix: string;
  let bot: { app: App; url: string };

  before(async () => {
    connectorUrl = await connector.start();
  });
  after(async () => connector.stop());
  beforeEach(async () => {
    proxy = new CountingProxy({ host: '127.0.0.1', port: 6379 });
    const port = await proxy.start();
    prefix = testPrefix();
    // No credit polling meanwhile: only the turns talk to Redis.
    bot = await startBot({ REDIS_KEY_PREFIX: prefix, SANDBOX_CLOCK, REDIS_URL: `redis://127.0.0.1:${port}`, CREDIT_POLL_SECONDS: '3600' });
  });
  afterEach(async () => {
    await bot.app.close();
    await proxy.stop();
    await dropPrefix(prefix);
  });

  /** Round trips and command names one step sent to Redis (the step's reply and answered-card update awaited). */
  const counted = async (step: () => Promise<number>): Promise<{ roundTrips: number; names: string[] }> => {
    const before = proxy.snapshot().roundTrips;
    const names = new Map(proxy.commandNames);
    assert.equal(await step(), 200);
    const sent: string[] = [];
    for (const [name, n] of proxy.commandNames) for (let k = 0; k < n - (names.get(name) ?? 0); k++) sent.push(name);
    return { roundTrips: proxy.snapshot().roundTrips - before, names: sent.sort() };
  };

  /** A card as JSON with its card ids (which differ between any two cards) taken out. */
  const withoutCardIds = (card: unknown): string => JSON.stringify(card).replace(/"rd":"[^"]*"/g, '"rd":""');

  it('files a refund in 12 round trips: 2 per dialog turn, 4 on File request (the turn, the two filing scripts)', async () => {
    // Warm-up in another conversation: the turn scripts reach this Redis and these connections.
    const ben = new TeamsClient(bot.url, connector, connectorUrl, BEN);
    await ben.say('/refund alder');
    await ben.say('cancel');

    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    const steps = [
      await counted(() => ava.say('/refund')),
      await counted(() => ava.click(ALDER)),
      await counted(() => ava.click('Choose af-sql-gp8')),
      await counted(() => ava.click('Continue')),
      await counted(() => ava.click('File request', CONTACT)),
    ];
    assert.match(JSON.stringify(ava.lastCard()), /Support ticket/, 'filed: the receipt is shown');
    assert.deepEqual(
      steps.map((s) => s.roundTrips),
      [2, 2, 2, 2, 4],
      JSON.stringify(steps),
    );
    // No step reads the requests index, the cap entries or the request key on its own: they came with the turn start.
    for (const name of ['ZREVRANGE', 'HGETALL', 'GET', 'MGET']) {
      assert.ok(!steps.some((s) => s.names.includes(name)), `${name} sent: ${JSON.stringify(steps)}`);
    }
  });

  it('shows the same quote card read ahead as read by its step, for a customer with cap used and a request open', async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    // A filed refund: the customer's cap entries and requests index are not empty.
    await ava.say('/refund alder');
    await ava.click('Choose af-sql-gp8');
    await ava.click('Continue');
    await ava.click('File request', CONTACT);

    // Clicked: the picker's and the quote's reads come with the turn start.
    await ava.say('/refund alder');
    const clicked = await counted(() => ava.click('Choose af-batch-e8s-monthly'));
    const quoteReadAhead = ava.lastCard();
    assert.ok(!clicked.names.includes('HGETALL') && !clicked.names.includes('ZREVRANGE'), JSON.stringify(clicked));

    // Typed: no button names the customer, so the steps read from Redis themselves.
    await ava.say('/refund alder');
    const typed = await counted(() => ava.say('af-batch-e8s-monthly'));
    const quoteReadByStep = ava.lastCard();
    assert.ok(typed.names.includes('HGETALL') && typed.names.includes('ZREVRANGE'), JSON.stringify(typed));

    assert.match(JSON.stringify(quoteReadAhead), /Cap consumed/);
    assert.equal(withoutCardIds(quoteReadAhead), withoutCardIds(quoteReadByStep));
  });

  it('shows the same reservation picker read ahead as read by its step: the reservation with a request open is not offered', async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    await ava.say('/refund alder');
    await ava.click('Choose af-sql-gp8');
    await ava.click('Continue');
    await ava.click('File request', CONTACT);

    // The customer clicked: their requests come with the turn start.
    await ava.say('/refund');
    const clicked = await counted(() => ava.click(ALDER));
    const pickerReadAhead = ava.lastCard();
    assert.ok(!clicked.names.includes('ZREVRANGE'), JSON.stringify(clicked));
    // The customer typed (one match, picked at once): the picker reads them itself.
    const typed = await counted(() => ava.say('/refund alder'));
    const pickerReadByStep = ava.lastCard();
    assert.ok(typed.names.includes('ZREVRANGE'), JSON.stringify(typed));

    assert.match(JSON.stringify(pickerReadAhead), /"text":"af-sql-gp8"[^\]]*"text":"Not available: a refund or exchange request for it is already open"/);
    assert.doesNotMatch(JSON.stringify(pickerReadAhead), /Choose af-sql-gp8/, 'no button for the reservation with an open request');
    assert.equal(withoutCardIds(pickerReadAhead), withoutCardIds(pickerReadByStep));
  });
});
