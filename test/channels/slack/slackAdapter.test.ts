import assert from 'node:assert/strict';
import { TurnContext, type Activity } from 'botbuilder';
import { createLogger } from '../../../src/log';
import { createSlackChannel } from '../../../src/channels/slack';
import { SlackAdapter, type SlackChatApi } from '../../../src/channels/slack/slackAdapter';
import { SlackBridge } from '../../../src/channels/slack/bridge';
import { commandTurn } from '../../../src/channels/slack/activities';
import { MemoryIdempotencyStore } from '../../../src/store/memory/idempotency';
import type { TurnFacts } from '../../../src/ports/turnFacts';

type Call = { method: string; params: Record<string, unknown> };

/** Records Web API calls and answers as Slack does. */
function recordingApi(calls: Call[]): SlackChatApi {
  let n = 0;
  const answer = (method: string) => async (params: Record<string, unknown>) => {
    calls.push({ method, params });
    n += 1;
    return { ok: true, channel: params.channel, ts: (params.ts as string | undefined) ?? `1781517600.00000${n}` };
  };
  return { chat: { postMessage: answer('postMessage'), update: answer('update'), delete: answer('delete') } } as unknown as SlackChatApi;
}

const log = createLogger('silent');
const CARD = {
  type: 'AdaptiveCard',
  version: '1.5',
  body: [{ type: 'TextBlock', text: 'Customer <!channel>' }],
  actions: [{ type: 'Action.Submit', title: 'Continue', data: { rd: 'c1', action: 'continue' } }],
};
const FACTS: TurnFacts = { channel: 'slack', speaker: { channel: 'slack', tenant: 'T1', user: 'U1' }, verifiedBy: 'slack', privateConversation: false };
const activityIn = (conversationId: string): Partial<Activity> => ({
  type: 'message',
  channelId: 'slack',
  text: 'hi',
  from: { id: 'U1', name: 'U1' },
  recipient: { id: 'bot', name: 'bot' },
  conversation: { id: conversationId, tenantId: 'T1', isGroup: true, name: 'c', conversationType: 'slack' },
});

describe('SlackAdapter', () => {
  it('posts cards as Block Kit and text escaped, in the thread of the turn, and returns <channel>:<ts> ids', async () => {
    const calls: Call[] = [];
    const adapter = new SlackAdapter(recordingApi(calls), log);
    const ids: string[] = [];
    await adapter.processActivity(
      activityIn('C0DESK:1781517000.000001'),
      async (context) => {
        ids.push((await context.sendActivity('Tom & <!here>'))!.id);
        ids.push(
          (await context.sendActivity({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: CARD }] }))!.id,
        );
        await context.sendActivity({ type: 'typing' });
      },
      FACTS,
    );
    assert.equal(calls.length, 2);
    assert.deepEqual(
      calls.map((c) => [c.params.channel, c.params.thread_ts]),
      [
        ['C0DESK', '1781517000.000001'],
        ['C0DESK', '1781517000.000001'],
      ],
    );
    assert.equal(calls[0].params.text, 'Tom &amp; &lt;!here&gt;');
    const blocks = calls[1].params.blocks as Array<{ type: string; elements?: Array<{ value?: string }> }>;
    assert.ok(blocks.some((b) => b.type === 'actions' && b.elements?.[0].value === JSON.stringify({ rd: 'c1', action: 'continue' })));
    assert.ok(!JSON.stringify(blocks).includes('<!channel>'));
    assert.deepEqual(ids, ['C0DESK:1781517600.000001', 'C0DESK:1781517600.000002']);
  });

  it('replaces an answered card with chat.update on the channel and ts its id names', async () => {
    const calls: Call[] = [];
    const adapter = new SlackAdapter(recordingApi(calls), log);
    await adapter.processActivity(
      activityIn('C0DESK'),
      async (context) => {
        await context.updateActivity({
          type: 'message',
          id: 'C0OTHER:1781517600.000009',
          attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { ...CARD, actions: [] } }],
        });
      },
      FACTS,
    );
    assert.equal(calls.length, 1);
    assert.equal(calls[0].method, 'update');
    assert.equal(calls[0].params.channel, 'C0OTHER');
    assert.equal(calls[0].params.ts, '1781517600.000009');
    assert.ok(!JSON.stringify(calls[0].params.blocks).includes('"actions"'));
  });

  it('sends proactive messages into a referenced conversation', async () => {
    const calls: Call[] = [];
    const adapter = new SlackAdapter(recordingApi(calls), log);
    const reference = TurnContext.getConversationReference(activityIn('C0DESK'));
    await adapter.continueConversation(reference, async (context) => {
      await context.sendActivity('Credit arrived');
    });
    assert.deepEqual(
      calls.map((c) => [c.method, c.params.channel, c.params.text]),
      [['postMessage', 'C0DESK', 'Credit arrived']],
    );
  });
});

describe('SlackBridge', () => {
  it('runs a turn once per dedupe key and reports a failing turn to the log, not as a rejection', async () => {
    const calls: Call[] = [];
    const adapter = new SlackAdapter(recordingApi(calls), log);
    let turns = 0;
    const bridge = new SlackBridge({
      adapter,
      idempotency: new MemoryIdempotencyStore(),
      log,
      logic: async (context) => {
        turns += 1;
        if (context.activity.text === '/refund boom') throw new Error('boom');
        await context.sendActivity('ok');
      },
    });
    const command = { team_id: 'T1', user_id: 'U1', channel_id: 'C1', command: '/refund', text: 'x', trigger_id: 't1' };
    bridge.dispatch(commandTurn(command));
    bridge.dispatch(commandTurn(command));
    bridge.dispatch(commandTurn({ ...command, trigger_id: 't2', text: 'boom' }));
    await bridge.idle();
    assert.equal(turns, 2);
    // The failed turn apologised (adapter.onTurnError) instead of rejecting.
    assert.deepEqual(
      calls.map((c) => String(c.params.text).slice(0, 5)),
      ['ok', 'Sorry'],
    );
  });
});

describe('Slack channel wiring', () => {
  const settings = { signingSecret: 'secret', botToken: 'xoxb-1', apiUrl: 'http://127.0.0.1:9/api/' };
  const deps = { logic: async () => undefined, idempotency: new MemoryIdempotencyStore(), log };

  it('serves HTTP routes without an app token', () => {
    const channel = createSlackChannel(settings, deps);
    assert.ok(channel.routes);
    assert.equal(channel.socketApp, undefined);
  });

  it('builds a Socket Mode Bolt app instead of routes with an app token (connecting only on start)', () => {
    const channel = createSlackChannel({ ...settings, appToken: 'xapp-1-A1-1-abc' }, deps);
    assert.equal(channel.routes, undefined);
    assert.ok(channel.socketApp);
  });
});
