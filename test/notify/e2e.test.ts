import assert from 'node:assert/strict';
import type { SandboxProvider } from '../../src/providers/sandbox';
import { StandInConnector } from '../e2e/standInConnector';
import { TeamsClient, AVA, CONTACT, cardsOf } from '../e2e/teamsClient';
import { dropPrefix, startBot, testPrefix } from '../e2e/teamsApp';

describe('e2e: a credit is announced once in the Teams conversation the request was filed from', function () {
  this.timeout(30000);
  const connector = new StandInConnector();
  const prefix = testPrefix();

  after(async () => {
    await connector.stop();
    await dropPrefix(prefix);
  });

  it('files over HTTP, the sandbox credits it, one sync + delivery posts one proactive card; /requests shows it credited', async () => {
    const connectorUrl = await connector.start();
    // A long poll interval: the test drives the sync and the delivery itself.
    const bot = await startBot({ REDIS_KEY_PREFIX: prefix, SANDBOX_CLOCK: '2026-06-15T10:00:00Z', SANDBOX_CLOCK_MODE: 'frozen', CREDIT_POLL_SECONDS: '3600' });
    try {
      const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
      await ava.say('/refund alder');
      await ava.click('Choose af-sql-gp8');
      await ava.click('Continue');
      await ava.click('File request', CONTACT);
      const before = connector.activities(ava.conversationId).length;
      // The background timers off: the test runs each cycle itself.
      await bot.app.notifications.stop();

      // Nothing credited yet: a cycle posts nothing.
      await bot.app.notifications.sync.runOnce();
      assert.deepEqual(await bot.app.notifications.worker.runOnce(), []);

      (bot.app.services.provider as SandboxProvider).clock.advance(10 * 60_000);
      const polled = await bot.app.notifications.sync.runOnce();
      assert.equal(polled.notified, 1);
      assert.deepEqual(await bot.app.notifications.worker.runOnce(), ['sent']);
      // Another cycle finds nothing new.
      await bot.app.notifications.sync.runOnce();
      assert.deepEqual(await bot.app.notifications.worker.runOnce(), []);

      const posted = connector.activities(ava.conversationId).slice(before);
      assert.equal(posted.length, 1);
      const card = JSON.stringify(cardsOf(posted[0].activity));
      assert.match(card, /Refund credited/);
      assert.match(card, /Now refund your customer/);

      await ava.say('/requests');
      assert.match(JSON.stringify(ava.lastCard()), /credited/);
      const [request] = (await bot.app.services.requests.listByAgent('ava.lindqvist')).filter((r) => r.state === 'credited');
      assert.ok(request, 'the request is credited');
      assert.match(card, new RegExp(request.ticketId!));
    } finally {
      await bot.app.close();
    }
  });
});
