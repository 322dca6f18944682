import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MessageFactory, CardFactory, TurnContext, type Activity } from 'botbuilder';
import { ConnectorClient, MicrosoftAppCredentials } from 'botframework-connector';
import { createSerializer } from 'botbuilder-stdlib/lib/azureCoreHttpCompat';
import * as Mappers from 'botframework-connector/lib/connectorApi/models/mappers';
import { lightenConnector, wireActivity } from '../../../src/channels/teams/lightConnector';

/** What botframework-connector's own serializer makes of an activity: the reference the light sends must match. */
const serializer = createSerializer(Mappers as unknown as Parameters<typeof createSerializer>[0]);
const viaMapper = (activity: Partial<Activity>) => JSON.parse(JSON.stringify(serializer.serialize(Mappers.Activity, activity, 'activity'))) as unknown;

/** A reply as TurnContext builds it from a Teams activity: a card, the conversation reference, a locale. */
function teamsReply(): Partial<Activity> {
  const incoming = {
    type: 'message',
    id: 'in-1',
    channelId: 'msteams',
    serviceUrl: 'https://smba.example/emea/',
    locale: 'de-DE',
    timestamp: new Date('2026-06-15T10:00:00Z'),
    from: { id: '29:u', name: 'Ava', aadObjectId: 'aad-1' },
    recipient: { id: '28:bot', name: 'Desk' },
    conversation: { id: 'a:1', tenantId: 't-1', conversationType: 'personal' },
  } as Activity;
  const card = CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    version: '1.5',
    body: [{ type: 'TextBlock', text: 'Refund quote \\* 1' }],
    actions: [{ type: 'Action.Submit', title: 'Continue', data: { rd: 'c-1', action: 'continue' } }],
  });
  return TurnContext.applyConversationReference(MessageFactory.attachment(card), TurnContext.getConversationReference(incoming), false);
}

describe('Teams connector: light sends', () => {
  it("send the JSON the connector's serializer would, for a card reply and an answered-card update", () => {
    const reply = teamsReply();
    assert.deepEqual(JSON.parse(JSON.stringify(wireActivity(reply as Record<string, unknown>))), viaMapper(reply));
    const update = { ...reply, id: 'act-7', text: 'Answered: Continue' };
    assert.deepEqual(JSON.parse(JSON.stringify(wireActivity(update as Record<string, unknown>))), viaMapper(update));
  });

  it('leave out fields the Bot Connector API does not have, as its serializer does', () => {
    const reply = { ...teamsReply(), rawTimestamp: 'x', internalOnly: { secret: 1 } } as Record<string, unknown>;
    const wire = wireActivity(reply);
    assert.equal('rawTimestamp' in wire, false);
    assert.equal('internalOnly' in wire, false);
  });

  it("make the same requests as the connector's own operations, on the client's pipeline, and read the answer", async () => {
    const seen: Array<{ method?: string; url?: string; authorization?: string; conversation?: string; body: unknown }> = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({
          method: req.method,
          url: req.url,
          authorization: req.headers.authorization,
          conversation: req.headers['x-ms-conversation-id'] as string | undefined,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
        });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ id: 'sent-1' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const client = () => new ConnectorClient(new MicrosoftAppCredentials('', ''), { baseUri: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
      const reply = teamsReply();
      const sendAll = async (connector: ConnectorClient) => {
        const answer = await connector.conversations.replyToActivity('a:1', 'in-1', reply);
        assert.equal(answer.id, 'sent-1');
        await connector.conversations.updateActivity('a:1', 'act-7', { ...reply, id: 'act-7' });
        await connector.conversations.sendToConversation('a:1', reply);
      };
      await sendAll(client());
      const asTheConnectorSends = seen.splice(0);
      await sendAll(lightenConnector(client()));
      assert.deepEqual(
        seen.map((s) => `${s.method} ${s.url}`),
        ['POST /v3/conversations/a%3A1/activities/in-1', 'PUT /v3/conversations/a%3A1/activities/act-7', 'POST /v3/conversations/a%3A1/activities'],
      );
      assert.equal(seen[0].conversation, 'a:1');
      assert.deepEqual(seen, asTheConnectorSends);
    } finally {
      server.close();
    }
  });
});
