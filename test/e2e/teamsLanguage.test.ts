import assert from 'node:assert/strict';
import type { App } from '../../src/app';
import { StandInConnector } from './standInConnector';
import { TeamsClient, AVA, type TeamsUser } from './teamsClient';
import { dropPrefix, startBot, testPrefix } from './teamsApp';

const PARTNER_TENANT = '8d902246-5b47-453f-b6ee-545c6acbeb92';
const GUS_BILLING_ONLY: TeamsUser = { tenantId: PARTNER_TENANT, aadObjectId: '9a29d199-1674-4d1b-8d17-dee5ba1e4f6a', name: 'Gus Moreno' };

describe('e2e: Teams languages over HTTP with state in Redis', function () {
  this.timeout(30000);
  const connector = new StandInConnector();
  let connectorUrl: string;
  let prefix: string;
  let bot: { app: App; url: string };

  before(async () => {
    connectorUrl = await connector.start();
  });
  after(async () => connector.stop());
  beforeEach(async () => {
    prefix = testPrefix();
    bot = await startBot({ REDIS_KEY_PREFIX: prefix, SANDBOX_CLOCK: '2026-06-15T10:00:00Z' });
  });
  afterEach(async () => {
    await bot.app.close();
    await dropPrefix(prefix);
  });

  it('answers a Teams client in de-DE in German, and remembers /language en across a restart', async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    const inGerman = (text: string) => ava.post(ava.activity({ text, locale: 'de-DE' }));
    await inGerman('/refund alder');
    await inGerman('abbrechen');
    assert.equal(ava.lastText(), 'Der Vorgang /refund wurde abgebrochen. Es wurde nichts eingereicht.');
    await inGerman('/language en');
    assert.equal(ava.lastText(), 'I answer in English from now on.');

    await bot.app.close();
    bot = await startBot({ REDIS_KEY_PREFIX: prefix, SANDBOX_CLOCK: '2026-06-15T10:00:00Z' });
    ava.retarget(bot.url);
    await inGerman('hilfe');
    assert.match(ava.lastText(), /^I quote and file Azure reservation refunds/, 'the choice is in Redis, not in the process');
  });

  it('refuses a German user without an acting role in German, naming the roles', async () => {
    const gus = new TeamsClient(bot.url, connector, connectorUrl, GUS_BILLING_ONLY);
    await gus.post(gus.activity({ text: '/refund alder', locale: 'de-AT' }));
    assert.match(gus.lastText(), /^Leider dürfen nur Partnerbenutzer .*: Admin agent, Global admin, Helpdesk agent, Sales agent, User management admin\./);
  });

  it("apologizes for a failed turn in the client's language", async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    connector.refuseCards = 1;
    await ava.post(ava.activity({ text: '/refund', locale: 'de-DE' }));
    assert.equal(
      ava.lastText(),
      'Leider ist bei mir etwas schiefgegangen. Falls Sie gerade einen Antrag eingereicht haben, sehen Sie mit /requests nach, ob er eingereicht wurde.',
    );
  });
});
