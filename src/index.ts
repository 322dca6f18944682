import { createApp } from './app';
import { loadConfig } from './config';
import { ConfigError } from './errors';

/** `npm start`: read the configuration, start one bot instance, say what runs where. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  let app;
  try {
    app = await createApp(config);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message.includes(err.variable) ? err.message : `${err.variable}: ${err.message}`}\n`);
      process.exit(1);
    }
    throw err;
  }
  const { url, metricsUrl } = await app.listen();
  const slack = config.slack ? [config.slack.appToken ? 'Slack (Socket Mode)' : 'Slack (POST /api/slack/commands, /interactivity, /events)'] : [];
  const channels = ['Teams (POST /api/messages)', ...slack];
  app.log.info(
    {
      provider: config.provider,
      storage: config.redisUrl ? 'redis' : 'memory',
      policy: config.refundPolicy,
      channels,
      url,
      authenticated: Boolean(config.botFramework),
    },
    'reservation desk started',
  );
  const lines = [
    `Reservation Desk is running at ${url}`,
    `  provider: ${config.provider}${config.provider === 'sandbox' ? ' (fictional partner tenant)' : ''}`,
    ...(config.provider === 'sandbox' && config.sandbox.clock
      ? [
          `  sandbox clock: ${config.sandbox.clockMode} at ${config.sandbox.clock.toISOString()}${config.sandbox.clockMode === 'frozen' ? ' (time stands still: credits never come due; SANDBOX_CLOCK_MODE=running lets them)' : ''}`,
        ]
      : []),
    `  storage:  ${config.redisUrl ? 'Redis' : 'in memory (set REDIS_URL to keep state across restarts and instances)'}`,
    `  policy:   ${config.refundPolicy}`,
    `  channels: ${channels.join(', ')}`,
    `  health:   ${url}/healthz (liveness: the process${config.redisUrl ? ' and Redis' : ''}), ${url}/readyz (readiness: with the provider, probed at most once a minute)`,
    `  metrics:  ${config.metrics.enabled ? `${metricsUrl ?? url}/metrics` : 'off (METRICS=on or METRICS_PORT serves Prometheus metrics at /metrics)'}`,
    `  credits:  provider polled every ${config.creditPollSeconds} s${config.creditsWebhookSecret ? `; webhook POST ${url}/api/credits` : ''}`,
    config.botFramework ? '  Bot Framework authentication: on' : '  Bot Framework authentication: off (local use only)',
  ];
  if (config.playground) lines.splice(1, 0, `  playground: ${url}/`);
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = async () => {
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`reservation-desk failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
