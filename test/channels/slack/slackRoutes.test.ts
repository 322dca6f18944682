import assert from 'node:assert/strict';
import net, { type AddressInfo } from 'node:net';
import type { Server } from 'restify';
import { createLogger } from '../../../src/log';
import { createHttpServer } from '../../../src/server';
import type { SlackBridge } from '../../../src/channels/slack/bridge';
import type { SlackTurn } from '../../../src/channels/slack/activities';
import { slackRoutes, SLACK_ROUTES } from '../../../src/channels/slack/slackRoutes';
import { sign, SIGNING_SECRET } from '../../e2e/slackClient';

/**
 * The Slack routes take their usual requests before restify (a plain Content-Length); a chunked body goes through the
 * restify route. Both must answer every case with the same bytes, and queue the same turns.
 */
describe('Slack routes before restify and through it', () => {
  const log = createLogger('silent');
  let server: Server;
  let port: number;
  let busy = false;
  const dispatched: string[] = [];
  const toldBusy: string[] = [];
  let restifySaw = 0;
  const bridge = {
    dispatch: (turn: SlackTurn) => {
      if (busy) return false;
      dispatched.push(turn.dedupeKey);
      return true;
    },
    tellBusy: (turn: SlackTurn) => toldBusy.push(turn.dedupeKey),
  } as unknown as SlackBridge;

  before(async () => {
    server = createHttpServer(log, { liveness: [], readiness: [] }, [slackRoutes(SIGNING_SECRET, bridge, log)]);
    server.pre((_req, _res, next) => {
      restifySaw += 1;
      next();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  after(() => server.close());

  beforeEach(() => {
    busy = false;
    dispatched.length = 0;
    toldBusy.length = 0;
    restifySaw = 0;
  });

  /** The raw answer to one request on its own connection, its Date header blanked. */
  const exchange = (request: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.end(request));
      let answer = '';
      socket.on('data', (data: Buffer) => (answer += data.toString('latin1')));
      socket.on('error', reject);
      socket.on('close', () => resolve(answer.replace(/\r\nDate: [^\r]*/, '\r\nDate: -')));
    });
  const requestOf = (path: string, body: string, how: 'length' | 'chunked', extra: Record<string, string> = {}, signed = true) => {
    const timestamp = Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      Host: 'desk',
      'Content-Type': 'application/x-www-form-urlencoded',
      Connection: 'close',
      ...(signed ? { 'X-Slack-Request-Timestamp': String(timestamp), 'X-Slack-Signature': sign(body, timestamp) } : {}),
      ...(how === 'length' ? { 'Content-Length': String(Buffer.byteLength(body)) } : { 'Transfer-Encoding': 'chunked' }),
      ...extra,
    };
    const head = `POST ${path} HTTP/1.1\r\n${Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('')}\r\n`;
    return how === 'length' ? head + body : `${head}${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n`;
  };
  const command = (fields: Record<string, string> = {}) =>
    new URLSearchParams({
      command: '/refund',
      text: 'alder',
      team_id: 'T1',
      user_id: 'U1',
      channel_id: 'C1',
      trigger_id: 'trigger-1',
      response_url: 'http://127.0.0.1:9/response',
      ...fields,
    }).toString();
  const mention = JSON.stringify({
    type: 'event_callback',
    team_id: 'T1',
    event_id: 'Ev1',
    event: { type: 'app_mention', channel: 'C4', user: 'U4', text: '<@UBOT> /refund', ts: '1781517000.000100' },
  });

  const cases: Array<{ name: string; path: string; body: string; signed?: boolean; extra?: Record<string, string>; setBusy?: boolean; status: number }> = [
    { name: 'a command', path: SLACK_ROUTES.commands, body: command(), status: 200 },
    { name: 'an unsigned command', path: SLACK_ROUTES.commands, body: command(), signed: false, status: 401 },
    { name: 'a command the bot does not serve', path: SLACK_ROUTES.commands, body: command({ command: '/nope' }), status: 200 },
    { name: "Slack's certificate check", path: SLACK_ROUTES.commands, body: 'ssl_check=1&token=x', signed: false, status: 200 },
    { name: 'a command past the queue bound', path: SLACK_ROUTES.commands, body: command(), setBusy: true, status: 200 },
    { name: 'an interaction without a payload', path: SLACK_ROUTES.interactivity, body: 'a=b', status: 400 },
    { name: 'an event that is not JSON', path: SLACK_ROUTES.events, body: '{nope', extra: { 'Content-Type': 'application/json' }, status: 400 },
    {
      name: 'a url_verification',
      path: SLACK_ROUTES.events,
      body: JSON.stringify({ type: 'url_verification', challenge: 'c' }),
      extra: { 'Content-Type': 'application/json' },
      status: 200,
    },
    { name: 'a mention', path: SLACK_ROUTES.events, body: mention, extra: { 'Content-Type': 'application/json' }, status: 200 },
    {
      name: 'a mention past the queue bound',
      path: SLACK_ROUTES.events,
      body: mention,
      extra: { 'Content-Type': 'application/json' },
      setBusy: true,
      status: 200,
    },
    { name: 'a compressed body', path: SLACK_ROUTES.commands, body: command(), extra: { 'Content-Encoding': 'gzip' }, status: 415 },
  ];

  for (const c of cases) {
    it(`answers ${c.name} with the same bytes either way, and queues the same`, async () => {
      const outcomes: Array<{ answer: string; dispatched: string[]; toldBusy: string[]; restifySaw: number }> = [];
      for (const how of ['length', 'chunked'] as const) {
        busy = c.setBusy ?? false;
        dispatched.length = 0;
        toldBusy.length = 0;
        restifySaw = 0;
        const answer = await exchange(requestOf(c.path, c.body, how, c.extra, c.signed ?? true));
        outcomes.push({ answer, dispatched: [...dispatched], toldBusy: [...toldBusy], restifySaw });
      }
      const [plain, chunked] = outcomes as [(typeof outcomes)[0], (typeof outcomes)[0]];
      assert.equal(plain.answer.split(' ')[1], String(c.status), plain.answer);
      assert.equal(plain.answer, chunked.answer);
      assert.deepEqual(plain.dispatched, chunked.dispatched);
      assert.deepEqual(plain.toldBusy, chunked.toldBusy);
      if (c.name === 'a compressed body') {
        // The server's own pre check (refuseEncodedBodies, before the counting one) answers it either way.
        assert.deepEqual([plain.restifySaw, chunked.restifySaw], [0, 0]);
        return;
      }
      assert.equal(chunked.restifySaw, 1, 'a chunked body goes through restify');
      // Taken before restify, but for the certificate check: restify answers that (a chunked empty 200) as before.
      assert.equal(plain.restifySaw, c.name === "Slack's certificate check" ? 1 : 0);
    });
  }

  it('answers an ack with an empty 200 and queues its turn once', async () => {
    const answer = await exchange(requestOf(SLACK_ROUTES.commands, command(), 'length'));
    assert.match(answer, /^HTTP\/1\.1 200 OK\r\nServer: reservation-desk\r\nDate: -\r\nConnection: close\r\nContent-Length: 0\r\n\r\n$/);
    assert.deepEqual(dispatched, ['slack:command:T1:C1:U1:trigger-1']);
  });

  it('leaves other methods, paths with a query and oversized bodies to restify', async () => {
    assert.match(await exchange(`GET ${SLACK_ROUTES.commands} HTTP/1.1\r\nHost: desk\r\nConnection: close\r\n\r\n`), /^HTTP\/1\.1 405 /);
    const large = `text=${'a'.repeat(300 * 1024)}`;
    assert.match(await exchange(requestOf(SLACK_ROUTES.commands, large, 'length')), /^HTTP\/1\.1 413 /);
    assert.deepEqual(dispatched, []);
    // restify's router ignores the query string, so its route acks such a command as it always has.
    assert.match(await exchange(requestOf(`${SLACK_ROUTES.commands}?x=1`, command(), 'length')), /^HTTP\/1\.1 200 /);
    assert.deepEqual(dispatched, ['slack:command:T1:C1:U1:trigger-1']);
    assert.equal(restifySaw, 3);
  });
});
