import assert from 'node:assert/strict';
import Redis from 'ioredis';
import type { App } from '../../src/app';
import { keysUnder } from '../../src/store/redis/keyspace';
import { StandInConnector } from './standInConnector';
import { TeamsClient, AVA } from './teamsClient';
import { dropPrefix, REDIS_URL, startBot, testPrefix } from './teamsApp';

/** What a turn leaves in Redis and at the connector: small dialog state, small answered cards. */
describe('e2e: the turn path, with state in Redis', function () {
  this.timeout(30000);
  const connector = new StandInConnector();
  const redis = new Redis(REDIS_URL);
  let connectorUrl: string;
  let prefix: string;
  let bot: { app: App; url: string };

  before(async () => {
    connectorUrl = await connector.start();
  });
  after(async () => {
    await connector.stop();
    redis.disconnect();
  });
  beforeEach(async () => {
    prefix = testPrefix();
    bot = await startBot({ REDIS_KEY_PREFIX: prefix, SANDBOX_CLOCK: '2026-06-15T10:00:00Z' });
  });
  afterEach(async () => {
    await bot.app.close();
    await dropPrefix(prefix);
  });

  /** The stored conversation state (JSON) of the one conversation under this test's prefix. */
  const conversationState = async (): Promise<string> => {
    const keys = await keysUnder(redis, `${prefix}bot:state:`);
    assert.equal(keys.length, 1, 'one conversation state');
    return (await redis.hget(keys[0], 'value')) ?? '';
  };

  it('keeps ids and choices in the conversation state, not the card: at most 1 KB after /refund', async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    assert.equal(await ava.say('/refund'), 200);
    const state = await conversationState();
    assert.ok(Buffer.byteLength(state) <= 1024, `conversation state is ${Buffer.byteLength(state)} bytes`);
    // The picker's buttons (names and domains) are on the card, not in the state.
    assert.ok(!state.includes('onmicrosoft.com'), 'no customer domains in the state');
    assert.ok(!state.includes('"data"'), 'no card data in the state');
  });

  it('replaces an answered card with a small one: its heading, the choice, no buttons', async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    await ava.say('/refund');
    const pickerId = connector.activities(ava.conversationId).at(-1)!.id;
    await ava.click('Alder & Finch Logistics · alderfinch.onmicrosoft.com');
    const puts = connector.calls.filter((call) => call.method === 'PUT' && call.activityId === pickerId);
    assert.equal(puts.length, 1, 'the picker was updated once');
    const card = JSON.stringify((puts[0].activity.attachments as Array<{ content: unknown }>)[0].content);
    assert.match(card, /Pick a customer/);
    assert.match(card, /Answered: Customer: Alder & Finch Logistics/);
    assert.doesNotMatch(card, /Action\.Submit/);
    assert.doesNotMatch(card, /Brightwater/, 'the other choices are not repeated');
    // The update goes out after the turn's reply (the reservation picker) was posted.
    const order = connector.calls.filter((call) => call.conversationId === ava.conversationId).map((call) => call.method);
    assert.deepEqual(order.slice(-2), ['POST', 'PUT']);
  });
});
