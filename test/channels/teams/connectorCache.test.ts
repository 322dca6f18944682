import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { CachingBotFrameworkAuthentication } from '../../../src/channels/teams/connectorCache';

describe('Teams connector clients', () => {
  const auth = new CachingBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '' });
  const activity = (serviceUrl: string) => ({ type: 'message', channelId: 'msteams', serviceUrl, conversation: { id: 'c-1' } }) as unknown as Activity;

  it('are made once per service URL and audience and reused on later turns', async () => {
    const first = await auth.authenticateRequest(activity('https://smba.example/emea/'), '');
    const second = await auth.authenticateRequest(activity('https://smba.example/emea/'), '');
    const a = await first.connectorFactory!.create('https://smba.example/emea/', first.audience);
    const b = await second.connectorFactory!.create('https://smba.example/emea/', second.audience);
    assert.equal(a, b, 'one client for the same service URL');
    const other = await second.connectorFactory!.create('https://smba.example/amer/', second.audience);
    assert.notEqual(other, a, 'another service URL gets its own client');
  });

  it('reuses them for proactive sends too', async () => {
    const reactive = await auth.authenticateRequest(activity('https://smba.example/apac/'), '');
    const client = await reactive.connectorFactory!.create('https://smba.example/apac/', reactive.audience);
    const proactive = auth.createConnectorFactory(reactive.claimsIdentity);
    assert.equal(await proactive.create('https://smba.example/apac/', reactive.audience), client);
  });
});
