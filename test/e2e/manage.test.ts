import assert from 'node:assert/strict';
import type { App } from '../../src/app';
import { sandboxSubscriptionId } from '../../src/providers/sandbox/management';
import { SlackStandIn } from './slackStandIn';
import { SIGNING_SECRET, SlackClient, textOfMessage, type SlackUser } from './slackClient';
import { StandInConnector } from './standInConnector';
import { TeamsClient, AVA, factsOf, type TeamsUser } from './teamsClient';
import { dropPrefix, startBot, testPrefix } from './teamsApp';

const PARTNER_TENANT = '8d902246-5b47-453f-b6ee-545c6acbeb92';
const BEN: TeamsUser = { tenantId: PARTNER_TENANT, aadObjectId: '59911ffc-d5a0-4274-9878-e52cf594ea0e', name: 'Ben Okafor' }; // Global admin
const DEV: TeamsUser = { tenantId: PARTNER_TENANT, aadObjectId: '451d2083-d456-43ac-bbdb-d490e1b2c0e4', name: 'Dev Raman' }; // Sales agent
const SANDBOX_CLOCK = '2026-06-15T10:00:00Z';
const ONLY_ADMINS = /only partner users with Admin agent or Global admin may change/;

/** Reservation changes over HTTP: Teams through the stand-in connector, Slack through its stand-in, state in Redis. */
describe('e2e: managing reservations over HTTP with state in Redis', function () {
  this.timeout(30000);
  let prefix: string;
  let bot: { app: App; url: string };

  const settingsOf = async (name: string) => {
    const management = bot.app.services.provider.management;
    const customerId = (await bot.app.services.provider.directory.searchCustomers('alder', 0, 1)).items[0].id;
    const reservation = (await bot.app.services.provider.reservations.listReservations(customerId)).find((r) => r.displayName === name)!;
    return (await management.settings(customerId, reservation.reservationId))!;
  };
  const changesAudited = async (type: string) => (await bot.app.services.audit.list({ type })).length;

  describe('Teams', () => {
    const connector = new StandInConnector();
    let connectorUrl: string;
    before(async () => {
      connectorUrl = await connector.start();
    });
    after(async () => connector.stop());
    beforeEach(async () => {
      prefix = testPrefix();
      bot = await startBot({ REDIS_KEY_PREFIX: prefix, SANDBOX_CLOCK });
    });
    afterEach(async () => {
      await bot.app.close();
      await dropPrefix(prefix);
    });

    /** Clicks a button twice at once, as an impatient agent on a slow connection would: two activities, one card. */
    async function doubleClick(client: TeamsClient, title: string): Promise<void> {
      const first = client.clickActivity(title);
      const second = client.clickActivity(title);
      const statuses = await Promise.all([client.post(first), client.post(second)]);
      assert.deepEqual(statuses, [200, 200]);
    }

    it("changes the scope once on a double click, after Azure's check; a Sales agent is refused", async () => {
      const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
      await ava.say('/scope alder');
      await ava.say('af-web');
      assert.equal(factsOf(ava.lastCard()).Scope, 'Shared');
      await ava.click('Single subscription');
      await ava.click(`Alder Shared Services · ${sandboxSubscriptionId('alder', 'shared').slice(0, 8)}`);
      assert.match(factsOf(ava.lastCard()).After.replace(/\\/g, ''), /Alder Shared Services/);
      await doubleClick(ava, 'Change scope');
      assert.deepEqual((await settingsOf('af-web-d4s-fresh')).scope, { type: 'Single', subscriptionId: sandboxSubscriptionId('alder', 'shared') });
      assert.equal(await changesAudited('reservation-changed'), 1);

      const dev = new TeamsClient(bot.url, connector, connectorUrl, DEV);
      await dev.say('/scope alder');
      await dev.say('af-web');
      await dev.click('Shared');
      assert.match(dev.lastText(), ONLY_ADMINS);
      assert.equal((await settingsOf('af-web-d4s-fresh')).scope.type, 'Single');
      assert.equal(await changesAudited('refused'), 1);
    });

    it('turns renewal off and on again, each once on a double click; a Sales agent is refused', async () => {
      const ben = new TeamsClient(bot.url, connector, connectorUrl, BEN);
      assert.equal((await settingsOf('af-sql-gp8')).renew, true);
      await ben.say('/renew alder');
      await ben.say('af-sql');
      await ben.click('Turn renewal off');
      await doubleClick(ben, 'Turn renewal off');
      assert.equal((await settingsOf('af-sql-gp8')).renew, false);
      await ben.say('/renew alder');
      await ben.say('af-sql');
      await ben.click('Turn renewal on');
      await doubleClick(ben, 'Turn renewal on');
      assert.equal((await settingsOf('af-sql-gp8')).renew, true);
      const changes = await bot.app.services.audit.list({ type: 'reservation-changed' });
      assert.deepEqual(
        changes.map((e) => e.detail?.after),
        ['renews automatically', 'does not renew'],
      );

      const dev = new TeamsClient(bot.url, connector, connectorUrl, DEV);
      await dev.say('/renew alder');
      await dev.say('af-sql');
      await dev.click('Turn renewal off');
      assert.match(dev.lastText(), ONLY_ADMINS);
      assert.equal((await settingsOf('af-sql-gp8')).renew, true);
    });

    it('grants and revokes access once each on a double click; an unknown user and a Sales agent are refused', async () => {
      const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
      const { customerId, reservationId } = await settingsOf('af-web-d4s-fresh');
      const direct = async () =>
        (await bot.app.services.provider.management.roleAssignments(customerId, reservationId))
          .filter((a) => !a.inherited)
          .map((a) => `${a.roleName}:${a.principalName}`);
      await ava.say('/access alder');
      await ava.say('af-web');
      await ava.click('Grant access', { principal: 'nobody@alderfinch.onmicrosoft.com', role: 'Reservations Reader' });
      assert.match(ava.lastText(), /tenant has no user "nobody@alderfinch\.onmicrosoft\.com"/);
      await ava.click('Grant access', { principal: 'finance@alderfinch.onmicrosoft.com', role: 'Reservations Administrator' });
      await doubleClick(ava, 'Grant access');
      assert.deepEqual(await direct(), [
        'Reservations Reader:ops.lead@alderfinch.onmicrosoft.com',
        'Reservations Administrator:finance@alderfinch.onmicrosoft.com',
      ]);

      await ava.say('/access alder');
      await ava.say('af-web');
      await ava.click('Revoke Reservations Administrator');
      await doubleClick(ava, 'Revoke');
      assert.deepEqual(await direct(), ['Reservations Reader:ops.lead@alderfinch.onmicrosoft.com']);
      assert.equal(await changesAudited('access-granted'), 1);
      assert.equal(await changesAudited('access-revoked'), 1);

      const dev = new TeamsClient(bot.url, connector, connectorUrl, DEV);
      await dev.say('/access alder');
      await dev.say('af-web');
      assert.match(JSON.stringify(dev.lastCard()), /ops\.lead@alderfinch\.onmicrosoft\.com/, 'a Sales agent may see who has access');
      await dev.click('Grant access', { principal: 'finance@alderfinch.onmicrosoft.com', role: 'Reservations Reader' });
      assert.match(dev.lastText(), ONLY_ADMINS);
      assert.deepEqual(await direct(), ['Reservations Reader:ops.lead@alderfinch.onmicrosoft.com']);
    });
  });

  describe('Slack', () => {
    const slack = new SlackStandIn();
    let apiUrl: string;
    const TEAM = 'T07NBEAM01';
    const SLACK_AVA: SlackUser = { team: TEAM, user: 'U07AVALIND' };
    const SLACK_DEV: SlackUser = { team: TEAM, user: 'U07DEVRAMN' };
    before(async () => {
      apiUrl = await slack.start();
    });
    after(async () => slack.stop());
    beforeEach(async () => {
      slack.reset();
      prefix = testPrefix();
      bot = await startBot({
        REDIS_KEY_PREFIX: prefix,
        SANDBOX_CLOCK,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: 'xoxb-e2e-token',
        SLACK_API_URL: apiUrl,
      });
    });
    afterEach(async () => {
      await bot.app.close();
      await dropPrefix(prefix);
    });

    async function doubleClick(client: SlackClient, title: string, inputs: Record<string, string> = {}): Promise<void> {
      const body = client.clickBody(title, inputs);
      const second = client.clickBody(title, inputs, `${Date.now() / 1000 + 1}`);
      const answers = await Promise.all([
        client.post({ path: '/api/slack/interactivity', body }),
        client.post({ path: '/api/slack/interactivity', body: second }),
      ]);
      assert.deepEqual(
        answers.map((a) => a.status),
        [200, 200],
      );
    }

    it('changes scope, renewal and access from slash commands, each once on a double click; a Sales agent is refused', async () => {
      const ava = new SlackClient(bot.url, bot.app, slack, SLACK_AVA);
      await ava.command('/scope', 'alder');
      await ava.click('Choose af-web-d4s-fresh');
      await ava.click('Single resource group');
      await ava.click(`Alder Production · ${sandboxSubscriptionId('alder', 'prod').slice(0, 8)}`);
      await ava.click('rg-web');
      await doubleClick(ava, 'Change scope');
      assert.deepEqual((await settingsOf('af-web-d4s-fresh')).scope, {
        type: 'ResourceGroup',
        subscriptionId: sandboxSubscriptionId('alder', 'prod'),
        resourceGroup: 'rg-web',
      });
      assert.match(textOfMessage(ava.lastMessage()), /Changed in Azure|already/);

      await ava.command('/renew', 'alder');
      await ava.click('Choose af-web-d4s-fresh');
      await ava.click('Turn renewal on');
      await doubleClick(ava, 'Turn renewal on');
      assert.equal((await settingsOf('af-web-d4s-fresh')).renew, true);
      await ava.command('/renew', 'alder');
      await ava.click('Choose af-web-d4s-fresh');
      await ava.click('Turn renewal off');
      await doubleClick(ava, 'Turn renewal off');
      assert.equal((await settingsOf('af-web-d4s-fresh')).renew, false);
      assert.equal(await changesAudited('reservation-changed'), 3);

      await ava.command('/access', 'alder');
      await ava.click('Choose af-web-d4s-fresh');
      await ava.click('Grant access', { principal: 'finance@alderfinch.onmicrosoft.com', role: 'Reservations Reader' });
      await doubleClick(ava, 'Grant access');
      await ava.command('/access', 'alder');
      await ava.click('Choose af-web-d4s-fresh');
      const { customerId, reservationId } = await settingsOf('af-web-d4s-fresh');
      const readers = async () =>
        (await bot.app.services.provider.management.roleAssignments(customerId, reservationId)).filter((a) => a.roleName === 'Reservations Reader').length;
      assert.equal(await readers(), 2);
      await ava.click('Revoke Reservations Reader');
      await doubleClick(ava, 'Revoke');
      assert.equal(await readers(), 1);
      assert.equal(await changesAudited('access-granted'), 1);
      assert.equal(await changesAudited('access-revoked'), 1);

      const dev = new SlackClient(bot.url, bot.app, slack, SLACK_DEV, ava.channel);
      await dev.command('/renew', 'alder');
      await dev.click('Choose af-web-d4s-fresh');
      await dev.click('Turn renewal on');
      assert.match(textOfMessage(dev.lastMessage()), ONLY_ADMINS);
      assert.equal((await settingsOf('af-web-d4s-fresh')).renew, false);
    });
  });
});
