import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { ConfigError } from '../../src/errors';
import type { App } from '../../src/app';
import type { SandboxProvider } from '../../src/providers/sandbox';
import { parseSamples, scrape, valueOf, type Sample } from '../metrics/scrape';
import { StandInConnector } from './standInConnector';
import { TeamsClient, AVA, CONTACT } from './teamsClient';
import { dropPrefix, REDIS_URL, startBot, testPrefix } from './teamsApp';

// A long poll interval: the test drives the credit sync and the delivery itself.
const ENV = { SANDBOX_CLOCK: '2026-06-15T10:00:00Z', SANDBOX_CLOCK_MODE: 'frozen', CREDIT_POLL_SECONDS: '3600' };

describe('e2e: Prometheus metrics at /metrics after a refund (Teams over HTTP, state in Redis)', function () {
  this.timeout(30000);
  const connector = new StandInConnector();
  let connectorUrl: string;
  const started: Array<{ app: App; prefix: string }> = [];

  async function start(env: Record<string, string>) {
    const prefix = testPrefix();
    const bot = await startBot({ REDIS_KEY_PREFIX: prefix, ...ENV, ...env });
    started.push({ app: bot.app, prefix });
    return bot;
  }

  before(async () => {
    connectorUrl = await connector.start();
  });
  after(async () => connector.stop());
  afterEach(async () => {
    for (const { app, prefix } of started.splice(0)) {
      await app.close();
      await dropPrefix(prefix);
    }
  });

  it('counts a return through Azure as a self-service return, not as a support-request filing', async () => {
    const bot = await start({ METRICS: 'on' });
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    await ava.say('/refund lumen');
    await ava.click('Choose lr-redis-p2-unused');
    await ava.click('Continue');
    await ava.click('Return now through Azure', CONTACT);
    const [request] = await bot.app.services.requests.listByAgent('ava.lindqvist');
    assert.equal(request.settleVia, 'azure-return');
    assert.equal(request.state, 'filed');
    const after = await scrape(bot.url);
    assert.equal(valueOf(after, 'desk_self_service_returns_total', { kind: 'refund', outcome: 'filed' }), 1);
    assert.equal(valueOf(after, 'desk_filings_total'), 0);
  });

  it('counts the turns, the filing, Redis commands, the credit and its notice; another app in the process counts nothing of it', async () => {
    const bot = await start({ METRICS: 'on' });
    const other = await start({ METRICS: 'on' });
    const before = await scrape(bot.url);
    assert.equal(valueOf(before, 'desk_turns_total'), 0);

    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    await ava.say('/refund alder');
    await ava.click('Choose af-sql-gp8');
    await ava.click('Continue');
    await ava.click('File request', CONTACT);
    await bot.app.notifications.stop();
    (bot.app.services.provider as SandboxProvider).clock.advance(10 * 60_000);
    assert.equal((await bot.app.notifications.sync.runOnce()).notified, 1);
    const queued = await scrape(bot.url);
    assert.equal(valueOf(queued, 'desk_notification_queue_length', { state: 'waiting' }), 1, 'the notice waits in the stream until a worker reads it');
    assert.deepEqual(await bot.app.notifications.worker.runOnce(), ['sent']);

    const after = await scrape(bot.url);
    assert.equal(valueOf(after, 'desk_turns_total', { channel: 'teams', outcome: 'ok' }), 4, 'one per message and card click');
    assert.equal(valueOf(after, 'desk_turns_total', { outcome: 'error' }), 0);
    assert.equal(valueOf(after, 'desk_turn_duration_seconds_count', { channel: 'teams' }), 4);
    assert.equal(valueOf(after, 'desk_filings_total', { kind: 'refund', outcome: 'filed' }), 1);
    assert.equal(valueOf(after, 'desk_credits_applied_total', { kind: 'refund' }), 1);
    assert.equal(valueOf(after, 'desk_notifications_total', { result: 'sent' }), 1);
    assert.equal(valueOf(after, 'desk_notification_delivery_lag_seconds_count'), 1);
    assert.equal(valueOf(after, 'desk_notification_queue_length', { state: 'waiting' }), 0);
    assert.equal(valueOf(after, 'desk_notification_queue_length', { state: 'pending' }), 0, 'acknowledged once posted');
    assert.equal(valueOf(after, 'desk_cap_refusals_total'), 0);
    const redisCommands = valueOf(after, 'desk_redis_command_duration_seconds_count');
    assert.ok(redisCommands > valueOf(before, 'desk_redis_command_duration_seconds_count'), 'the refund went through Redis');
    assert.ok(
      valueOf(after, 'desk_redis_command_duration_seconds_count', { command: 'xadd' }) +
        valueOf(after, 'desk_redis_command_duration_seconds_count', { command: 'eval' }) +
        valueOf(after, 'desk_redis_command_duration_seconds_count', { command: 'evalsha' }) >
        0,
    );
    assert.equal(valueOf(after, 'desk_redis_command_errors_total', { kind: 'connection' }), 0);
    assert.ok(valueOf(after, 'process_cpu_user_seconds_total') > 0, 'the process metrics come along');

    // No customer, person, amount or request id in any label.
    const [request] = await bot.app.services.requests.listByAgent('ava.lindqvist');
    const quote = request.quote;
    const forbidden = [
      request.customerId,
      request.customerName,
      'Alder',
      request.reservationId,
      request.id,
      request.ticketId!,
      'Ava',
      'ava@example.com',
      quote.kind === 'refund' ? quote.refund! : '',
      request.capUsd,
    ];
    for (const sample of after) {
      for (const value of Object.values(sample.labels)) {
        for (const word of forbidden) assert.ok(!value.includes(word), `${sample.name} carries ${word} in a label`);
      }
    }

    // Per app instance: the other app in this process saw none of it.
    const untouched = await scrape(other.url);
    assert.equal(valueOf(untouched, 'desk_turns_total'), 0);
    assert.equal(valueOf(untouched, 'desk_filings_total'), 0);
    assert.equal(valueOf(untouched, 'desk_credits_applied_total'), 0);
  });

  it('is off by default: /metrics is not served', async () => {
    const bot = await start({});
    assert.equal((await fetch(`${bot.url}/metrics`)).status, 404);
    assert.equal(bot.app.prometheus, undefined);
  });

  it("with METRICS_PORT: served on that port only, not on the bot's port", async () => {
    const bot = await start({ METRICS_PORT: '0' });
    assert.ok(bot.metricsUrl, 'listen() says where the metrics are');
    assert.notEqual(bot.metricsUrl, bot.url);
    assert.equal((await fetch(`${bot.url}/metrics`)).status, 404);
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    await ava.say('/help');
    const samples: Sample[] = parseSamples(await (await fetch(`${bot.metricsUrl}/metrics`)).text());
    assert.equal(valueOf(samples, 'desk_turns_total', { channel: 'teams', outcome: 'ok' }), 1);
    assert.equal((await fetch(`${bot.metricsUrl}/api/messages`, { method: 'POST' })).status, 404, 'the metrics port serves nothing else');
  });

  it("refuses to start when METRICS_PORT is taken, naming it, and leaves the bot's port closed again", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    const prefix = testPrefix();
    const app = await createApp(
      loadConfig({ PORT: '0', HOST: '127.0.0.1', REDIS_URL, REDIS_KEY_PREFIX: prefix, LOG_LEVEL: 'silent', METRICS_PORT: String(port) }),
    );
    started.push({ app, prefix });
    try {
      await assert.rejects(
        app.listen(),
        (err: unknown) => err instanceof ConfigError && err.variable === 'METRICS_PORT' && /already in use: set METRICS_PORT to a free port/.test(err.message),
      );
      assert.equal(app.server.server.listening, false, "the bot's own port was closed again");
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });
});
