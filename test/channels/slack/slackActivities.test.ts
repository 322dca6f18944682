import assert from 'node:assert/strict';
import { cardActionOf } from '../../../dialogs/cardPrompt';
import { blockActionTurn, commandTurn, eventTurn, parseConversationId, parseMessageId } from '../../../src/channels/slack/activities';
import { InvalidInputError } from '../../../src/errors';

const COMMAND = {
  team_id: 'T07NBEAM01',
  user_id: 'U07AVALIND',
  channel_id: 'C0DESK',
  command: '/refund',
  text: '  alder  ',
  trigger_id: '123.456.abc',
  response_url: 'https://hooks.slack.test/r/1',
};

function click(overrides: Record<string, unknown> = {}) {
  return {
    type: 'block_actions',
    team: { id: 'T07NBEAM01' },
    user: { id: 'U07AVALIND', team_id: 'T07NBEAM01' },
    container: { type: 'message', message_ts: '1781517600.000100', channel_id: 'C0DESK' },
    channel: { id: 'C0DESK' },
    state: { values: { 'rdin:email': { 'rdin:text': { type: 'plain_text_input', value: 'ava@example.com' } }, other: { x: { value: 'ignored' } } } },
    actions: [
      { type: 'button', action_id: 'rd:s:2', value: JSON.stringify({ rd: 'card-1', action: 'file', label: 'File request' }), action_ts: '1781517601.000200' },
    ],
    ...overrides,
  };
}

describe('Slack payloads → activities', () => {
  it('keeps one turn for a mention inside a DM, which Slack sends as app_mention and message.im', () => {
    const envelope = (type: string, extra: Record<string, unknown>) => ({
      type: 'event_callback',
      event_id: `Ev-${type}`,
      team_id: 'T07NBEAM01',
      event: { type, user: 'U07AVALIND', channel: 'D0AVA', text: '<@UBOT> /refund alder', ts: '1.2', ...extra },
    });
    assert.equal(eventTurn(envelope('app_mention', {})), undefined);
    assert.equal(eventTurn(envelope('message', { channel_type: 'im' }))?.activity.text, '/refund alder');
    assert.equal(eventTurn(envelope('app_mention', { channel: 'C0DESK' }))?.activity.text, '/refund alder', 'a mention in a channel counts');
  });

  it('turns a slash command into the same text turn Teams sends, with the Slack identity the roster knows', () => {
    const { activity, dedupeKey, facts } = commandTurn(COMMAND);
    assert.equal(activity.text, '/refund alder');
    assert.deepEqual(facts, {
      channel: 'slack',
      speaker: { channel: 'slack', tenant: 'T07NBEAM01', user: 'U07AVALIND' },
      verifiedBy: 'slack',
      privateConversation: false,
    });
    assert.equal(activity.conversation?.id, 'C0DESK');
    assert.equal(dedupeKey, 'slack:command:T07NBEAM01:C0DESK:U07AVALIND:123.456.abc');
    assert.equal(commandTurn({ ...COMMAND, text: '' }).activity.text, '/refund');
    assert.equal(commandTurn({ ...COMMAND, text: 'Cancel' }).activity.text, 'cancel', '/refund cancel cancels the flow');
    assert.equal(commandTurn({ ...COMMAND, text: 'help' }).activity.text, 'help');
    assert.equal(commandTurn({ ...COMMAND, text: 'helpful gmbh' }).activity.text, '/refund helpful gmbh');
  });

  it('refuses commands it does not serve and commands missing who sent them', () => {
    assert.throws(() => commandTurn({ ...COMMAND, command: '/deploy' }), InvalidInputError);
    assert.throws(() => commandTurn({ ...COMMAND, user_id: '' }), InvalidInputError);
    assert.throws(() => commandTurn({ ...COMMAND, trigger_id: undefined }), InvalidInputError);
  });

  it('turns a button click into a card action: the button data merged with the card inputs, the clicked card as replyToId', () => {
    const { activity, dedupeKey, facts } = blockActionTurn(click())!;
    assert.deepEqual(activity.value, { rd: 'card-1', action: 'file', label: 'File request', email: 'ava@example.com' });
    assert.deepEqual(cardActionOf(activity)?.action, 'file');
    assert.equal(activity.replyToId, 'C0DESK:1781517600.000100');
    assert.deepEqual(facts.speaker, { channel: 'slack', tenant: 'T07NBEAM01', user: 'U07AVALIND' });
    assert.equal(dedupeKey, 'slack:action:T07NBEAM01:C0DESK:1781517600.000100:1781517601.000200:U07AVALIND');
  });

  it('keeps a click in a thread in that thread, and ignores clicks that are no card submit', () => {
    const threaded = blockActionTurn(
      click({ container: { type: 'message', message_ts: '1781517600.000300', thread_ts: '1781517000.000001', channel_id: 'C0DESK' } }),
    )!;
    assert.deepEqual(parseConversationId(threaded.activity.conversation?.id), { channel: 'C0DESK', threadTs: '1781517000.000001' });
    assert.equal(blockActionTurn(click({ actions: [{ action_id: 'rd:u:0', action_ts: '1' }] })), undefined);
    assert.equal(blockActionTurn(click({ actions: [{ action_id: 'rdin:choice', action_ts: '1' }] })), undefined);
    assert.equal(blockActionTurn(click({ type: 'view_submission' })), undefined);
    assert.throws(() => blockActionTurn(click({ actions: [{ action_id: 'rd:s:0', value: 'not json', action_ts: '1' }] })), InvalidInputError);
    assert.throws(() => blockActionTurn(click({ actions: [{ action_id: 'rd:s:0', action_ts: '1' }] })), InvalidInputError);
  });

  it('turns mentions and direct messages into text turns, dropping the leading mention, and ignores bots and subtypes', () => {
    const envelope = (event: Record<string, unknown>) => ({
      type: 'event_callback',
      team_id: 'T07NBEAM01',
      event_id: 'Ev9',
      event: { user: 'U07AVALIND', channel: 'C0DESK', ts: '1.2', ...event },
    });
    const mention = eventTurn(envelope({ type: 'app_mention', text: '<@U0BOT> /refund alder' }))!;
    assert.equal(mention.activity.text, '/refund alder');
    assert.equal(mention.dedupeKey, 'slack:event:Ev9');
    assert.equal(eventTurn(envelope({ type: 'message', channel_type: 'im', channel: 'D0AVA', text: 'help' }))?.activity.text, 'help');
    assert.equal(eventTurn(envelope({ type: 'message', channel_type: 'channel', text: 'chatter' })), undefined);
    assert.equal(eventTurn(envelope({ type: 'message', channel_type: 'im', subtype: 'message_changed', text: 'x' })), undefined);
    assert.equal(eventTurn(envelope({ type: 'app_mention', bot_id: 'B1', text: '<@U0BOT> /refund' })), undefined);
  });

  it('reads message ids back and refuses ids it did not make', () => {
    assert.deepEqual(parseMessageId('C0DESK:1781517600.000100'), { channel: 'C0DESK', ts: '1781517600.000100' });
    assert.throws(() => parseMessageId('some-uuid'), InvalidInputError);
    assert.throws(() => parseConversationId(''), InvalidInputError);
  });
});
