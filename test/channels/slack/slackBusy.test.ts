import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import { createLogger } from '../../../src/log';
import { SlackAdapter, type SlackChatApi } from '../../../src/channels/slack/slackAdapter';
import { SLACK_BUSY_TEXT, SlackBridge } from '../../../src/channels/slack/bridge';
import type { LaneQueueLimits } from '../../../src/channels/slack/laneQueue';
import { slackRoutes, SLACK_ROUTES } from '../../../src/channels/slack/slackRoutes';
import { MemoryIdempotencyStore } from '../../../src/store/memory/idempotency';
import { sign, SIGNING_SECRET } from '../../e2e/slackClient';

type Call = { method: string; params: Record<string, unknown> };

/**
 * Slack's turn queue past its bound, over the real HTTP routes: one turn may run and one may wait; the next person
 * is told at once that the bot is busy, and that turn never runs (nor claims its dedupe key, so trying again works).
 */
describe('Slack turn queue past its bound', () => {
  const log = createLogger('silent');
  let server: restify.Server;
  let url: string;
  let bridge: SlackBridge;
  let idempotency: MemoryIdempotencyStore;
  const calls: Call[] = [];
  const responses: Array<{ url: string; text: string }> = [];
  const ran: string[] = [];
  let release!: () => void;
  let blocked: Promise<void>;
  let limits: LaneQueueLimits = { maxRunning: 1, maxWaiting: 1 };

  beforeEach(async () => {
    calls.length = 0;
    responses.length = 0;
    ran.length = 0;
    blocked = new Promise((resolve) => (release = resolve));
    const answer = (method: string) => async (params: Record<string, unknown>) => {
      calls.push({ method, params });
      return { ok: true, channel: params.channel, ts: '1781517600.000001' };
    };
    const api = {
      chat: { postMessage: answer('postMessage'), update: answer('update'), delete: answer('delete'), postEphemeral: answer('postEphemeral') },
    } as unknown as SlackChatApi;
    const adapter = new SlackAdapter(api, log, async (responseUrl, message) => {
      responses.push({ url: responseUrl, text: message.text });
    });
    idempotency = new MemoryIdempotencyStore();
    bridge = new SlackBridge({
      adapter,
      idempotency,
      log,
      limits,
      logic: async (context) => {
        ran.push(String(context.activity.text));
        await blocked;
      },
    });
    server = restify.createServer();
    slackRoutes(SIGNING_SECRET, bridge, log).register(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    release();
    await bridge.idle();
    server.close();
  });

  const post = async (path: string, body: string, contentType = 'application/x-www-form-urlencoded') => {
    const timestamp = Math.floor(Date.now() / 1000);
    const res = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sign(body, timestamp) },
      body,
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };
  const command = (channel: string, text: string) =>
    new URLSearchParams({
      command: '/refund',
      text,
      team_id: 'T1',
      user_id: 'U1',
      channel_id: channel,
      trigger_id: `trigger-${channel}-${text}`,
      response_url: `http://127.0.0.1:9/response/${channel}`,
    }).toString();
  const waitUntil = async (done: () => boolean) => {
    while (!done()) await new Promise((resolve) => setImmediate(resolve));
  };

  it('answers a command past the bound with the busy note in its ack, and never runs it', async () => {
    assert.deepEqual(await post(SLACK_ROUTES.commands, command('C1', 'alder')), { status: 200, body: undefined });
    await waitUntil(() => ran.length === 1);
    assert.deepEqual(await post(SLACK_ROUTES.commands, command('C2', 'kestrel')), { status: 200, body: undefined });
    const busy = await post(SLACK_ROUTES.commands, command('C3', 'lumen'));
    assert.deepEqual(busy, { status: 200, body: { response_type: 'ephemeral', text: SLACK_BUSY_TEXT } });

    release();
    await bridge.idle();
    assert.deepEqual(ran, ['/refund alder', '/refund kestrel'], 'the refused command never ran');
    // Nothing was claimed for it: the same command, tried again, runs.
    assert.equal(await idempotency.claim('slack:command:T1:C3:U1:trigger-C3-lumen', 1000), true);
  });

  it('tells the person privately (chat.postEphemeral) when a message event is refused, since its ack says nothing', async () => {
    await post(SLACK_ROUTES.commands, command('C1', 'alder'));
    await waitUntil(() => ran.length === 1);
    await post(SLACK_ROUTES.commands, command('C2', 'kestrel'));
    const event = {
      type: 'event_callback',
      team_id: 'T1',
      event_id: 'Ev1',
      event: { type: 'app_mention', channel: 'C4', user: 'U4', text: '<@UBOT> /refund', ts: '1781517000.000100' },
    };
    assert.equal((await post(SLACK_ROUTES.events, JSON.stringify(event), 'application/json')).status, 200);
    await waitUntil(() => calls.length === 1);
    assert.deepEqual(calls, [{ method: 'postEphemeral', params: { channel: 'C4', user: 'U4', text: SLACK_BUSY_TEXT } }]);
    release();
    await bridge.idle();
    assert.equal(ran.length, 2);
  });

  describe('one person past their own lane cap', () => {
    before(() => (limits = { maxRunning: 1, maxWaiting: 100, maxWaitingPerLane: 1 }));
    after(() => (limits = { maxRunning: 1, maxWaiting: 1 }));

    it('tells only that person the bot is busy; someone else in the same channel still gets in', async () => {
      const as = (user: string, text: string) =>
        new URLSearchParams({
          command: '/refund',
          text,
          team_id: 'T1',
          user_id: user,
          channel_id: 'C1',
          trigger_id: `trigger-${user}-${text}`,
          response_url: 'http://127.0.0.1:9/response/C1',
        }).toString();
      await post(SLACK_ROUTES.commands, as('U1', 'one'));
      await waitUntil(() => ran.length === 1);
      assert.deepEqual(await post(SLACK_ROUTES.commands, as('U1', 'two')), { status: 200, body: undefined });
      assert.deepEqual(await post(SLACK_ROUTES.commands, as('U1', 'three')), { status: 200, body: { response_type: 'ephemeral', text: SLACK_BUSY_TEXT } });
      assert.deepEqual(await post(SLACK_ROUTES.commands, as('U2', 'four')), { status: 200, body: undefined });
      release();
      await bridge.idle();
      assert.deepEqual([...ran].sort(), ['/refund four', '/refund one', '/refund two'], "lanes take turns; only U1's third turn was refused");
    });
  });
});
