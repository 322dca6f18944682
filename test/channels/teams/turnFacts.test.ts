import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { botFrameworkTurnFacts } from '../../../src/channels/teams/turnFacts';
import { stampTurn, turnFactsOf } from '../../../src/ports/turnFacts';

const TENANT = '8d902246-5b47-453f-b6ee-545c6acbeb92';
const AAD = '6e9ffb03-7d1b-4dc2-a550-0ce56d837065';
const activity = (fields: Partial<Activity>): Partial<Activity> => ({
  type: 'message',
  from: { id: `29:${AAD}`, aadObjectId: AAD, name: 'Ava' },
  conversation: { id: 'a:1', tenantId: TENANT, conversationType: 'personal', isGroup: false, name: '' },
  ...fields,
});

describe('turn facts stamped by the Bot Framework endpoint', () => {
  it('names a Teams user by AAD object id within the tenant, private only in a personal chat', () => {
    assert.deepEqual(botFrameworkTurnFacts(activity({ channelId: 'msteams' }), true), {
      channel: 'teams',
      speaker: { channel: 'teams', tenant: TENANT, user: AAD },
      verifiedBy: 'bot-framework',
      privateConversation: true,
    });
    const inChannel = botFrameworkTurnFacts(
      activity({ channelId: 'msteams', conversation: { id: '19:x@thread.tacv2', tenantId: TENANT, conversationType: 'channel', isGroup: true, name: '' } }),
      true,
    );
    assert.equal(inChannel.privateConversation, false);
    // The tenant may come from channelData alone.
    assert.equal(
      botFrameworkTurnFacts(
        activity({
          channelId: 'msteams',
          conversation: { id: 'a:1', isGroup: false, conversationType: 'personal', name: '' },
          channelData: { tenant: { id: TENANT } },
        }),
        false,
      ).speaker?.tenant,
      TENANT,
    );
  });

  it('never makes a Slack, playground or unknown identity from a channel id in the payload', () => {
    for (const channelId of ['slack', 'playground', 'webchat', 'directline', 'MSTEAMS']) {
      const facts = botFrameworkTurnFacts(activity({ channelId, from: { id: 'ava.lindqvist', name: 'Ava' } }), false);
      assert.equal(facts.speaker, undefined, channelId);
      assert.equal(facts.channel, 'teams');
      assert.equal(facts.privateConversation, false);
    }
  });

  it("takes the Emulator's roster user ids for local use only, never with Bot Framework credentials", () => {
    const emulator = activity({ channelId: 'emulator', from: { id: 'ava.lindqvist', name: 'Ava' } });
    assert.deepEqual(botFrameworkTurnFacts(emulator, false).speaker, { channel: 'playground', tenant: 'playground', user: 'ava.lindqvist' });
    assert.equal(botFrameworkTurnFacts(emulator, true).speaker, undefined);
  });

  it('is stamped once per turn and kept as stamped', () => {
    const turn = { turnState: new Map<unknown, unknown>() };
    stampTurn(turn, { channel: 'slack', speaker: { channel: 'slack', tenant: 'T1', user: 'U1' }, verifiedBy: 'slack', privateConversation: false });
    assert.throws(() => stampTurn(turn, { channel: 'playground', verifiedBy: 'none', privateConversation: true }), /stamped once/);
    const facts = turnFactsOf(turn)!;
    assert.throws(() => Object.assign(facts.speaker!, { user: 'U2' }), TypeError, 'the stamp cannot be edited by a dialog');
    assert.equal(facts.speaker?.user, 'U1');
  });
});
