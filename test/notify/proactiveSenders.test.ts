import assert from 'node:assert/strict';
import { createLogger } from '../../src/log';
import { createTeamsAdapter } from '../../src/channels/teams/teamsChannel';
import { DeliveryError, teamsSender } from '../../src/notify/proactiveSenders';
import { StandInConnector } from '../e2e/standInConnector';

describe('the Teams proactive sender', () => {
  let connector: StandInConnector;
  let serviceUrl: string;
  beforeEach(async () => {
    connector = new StandInConnector();
    serviceUrl = await connector.start();
  });
  afterEach(async () => {
    await connector.stop();
  });

  const reference = () => ({
    channelId: 'msteams',
    serviceUrl,
    conversation: { id: 'a:conv-1', tenantId: 'tenant-1' },
    bot: { id: '28:bot', name: 'Desk' },
    user: { id: '29:ava', name: 'Ava' },
    locale: 'de-DE',
  });
  const card = {
    type: 'message',
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', version: '1.5', body: [] } }],
  };
  /** What reached the connector, less the reply-to id each continuation makes up afresh. */
  const posted = () =>
    connector.calls.map((call) => ({
      ...call,
      activityId: undefined,
      activity: { ...call.activity, replyToId: typeof call.activity.replyToId } as Record<string, unknown>,
    }));

  it("posts exactly what the adapter's own proactive turn posts, send after send", async () => {
    const adapter = createTeamsAdapter(undefined, createLogger('silent'));
    await teamsSender(adapter, '', { viaAdapter: true }).send(reference(), card);
    const viaAdapter = posted();
    connector.calls.length = 0;
    const direct = teamsSender(adapter, '');
    await direct.send(reference(), card);
    await direct.send(reference(), card);
    assert.deepEqual(posted(), [...viaAdapter, ...viaAdapter]);
    assert.equal(viaAdapter.length, 1);
    assert.equal(viaAdapter[0].conversationId, 'a:conv-1');
    assert.deepEqual(viaAdapter[0].activity.from, { id: '28:bot', name: 'Desk' });
  });

  it("reports the channel's refusal with its status, as the adapter path does", async () => {
    const adapter = createTeamsAdapter(undefined, createLogger('silent'));
    for (const sender of [teamsSender(adapter, '', { viaAdapter: true }), teamsSender(adapter, '')]) {
      connector.refuseCards = 1;
      await assert.rejects(sender.send(reference(), card), (err: unknown) => err instanceof DeliveryError && err.status === 400);
    }
  });
});
