import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_VARIABLES, loadConfig } from '../src/config';
import { ConfigError } from '../src/errors';
import { AZURE_CONFIG_VARIABLES } from '../src/providers/azure/config';

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the configuration to be refused');
}

describe('configuration', () => {
  it('runs with nothing set: sandbox, memory, csp-2020, port 3978, playground on, Slack and the webhook off', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3978);
    assert.equal(config.provider, 'sandbox');
    assert.equal(config.refundPolicy, 'csp-2020');
    assert.equal(config.redisUrl, undefined);
    assert.equal(config.botFramework, undefined);
    assert.equal(config.slack, undefined);
    assert.equal(config.creditsWebhookSecret, undefined);
    assert.equal(config.playground, true);
    assert.equal(config.flowTimeoutMinutes, 30);
  });

  it('reads every value it is given', () => {
    const config = loadConfig({
      PORT: '8080', REDIS_URL: 'redis://cache:6379/2', REFUND_POLICY: 'azure-2023', FLOW_TIMEOUT_MINUTES: '45',
      MicrosoftAppId: 'app', MicrosoftAppPassword: 'secret', MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: 'tenant',
      SLACK_SIGNING_SECRET: 'signing', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_API_URL: 'http://127.0.0.1:9999/api',
      CREDITS_WEBHOOK_SECRET: 'a-long-enough-secret', SANDBOX_CLOCK: '2026-03-10T12:00:00Z', SANDBOX_CLOCK_MODE: 'running',
    });
    assert.equal(config.port, 8080);
    assert.equal(config.redisUrl, 'redis://cache:6379/2');
    assert.equal(config.refundPolicy, 'azure-2023');
    assert.deepEqual(config.botFramework, { appId: 'app', appPassword: 'secret', appType: 'SingleTenant', appTenantId: 'tenant' });
    assert.equal(config.slack?.apiUrl, 'http://127.0.0.1:9999/api/');
    assert.equal(config.playground, false, 'the playground is off once the bot is authenticated');
    assert.equal(config.sandbox.clock?.toISOString(), '2026-03-10T12:00:00.000Z');
    assert.equal(config.sandbox.clockMode, 'running');
  });

  for (const [env, variable, allowed] of [
    [{ PORT: 'http' }, 'PORT', /whole number from 0 to 65535/],
    [{ PROVIDER: 'aws' }, 'PROVIDER', /sandbox, azure/],
    [{ REFUND_POLICY: 'generous' }, 'REFUND_POLICY', /csp-2020, azure-2023/],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL', /redis:\/\/… or rediss:\/\/…/],
    [{ MicrosoftAppId: 'app' }, 'MicrosoftAppPassword', /required/],
    [{ MicrosoftAppId: 'app', MicrosoftAppPassword: 'p', MicrosoftAppType: 'SingleTenant' }, 'MicrosoftAppTenantId', /required/],
    [{ MicrosoftAppPassword: 'p' }, 'MicrosoftAppPassword', /MicrosoftAppId is not/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_SIGNING_SECRET', /required/],
    [{ SLACK_SIGNING_SECRET: 's' }, 'SLACK_BOT_TOKEN', /required/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-2' }, 'SLACK_APP_TOKEN', /xapp-/],
    [{ CREDITS_WEBHOOK_SECRET: 'short' }, 'CREDITS_WEBHOOK_SECRET', /16 characters/],
    [{ SANDBOX_CLOCK: '10 March 2026' }, 'SANDBOX_CLOCK', /ISO 8601/],
    [{ SANDBOX_CLOCK: '2026-02-30T00:00:00Z' }, 'SANDBOX_CLOCK', /ISO 8601/],
    [{ REDIS_KEY_PREFIX: 'desk{1}:' }, 'REDIS_KEY_PREFIX', /without braces/],
    [{ REDIS_CLUSTER: 'yes' }, 'REDIS_CLUSTER', /on, off/],
    [{ REDIS_COMMAND_TIMEOUT_MS: '0' }, 'REDIS_COMMAND_TIMEOUT_MS', /from 100 to 60000/],
    [{ REDIS_COMMAND_TIMEOUT_MS: '2s' }, 'REDIS_COMMAND_TIMEOUT_MS', /whole number/],
    [{ FLOW_TIMEOUT_MINUTES: '0' }, 'FLOW_TIMEOUT_MINUTES', /from 1/],
    [{ PROVIDER: 'azure' }, 'PROVIDER', /Bot Framework credentials/],
  ] as const) {
    it(`refuses ${JSON.stringify(env)}, naming ${variable} and what it accepts`, () => {
      const err = configError(env as Record<string, string>);
      const line = err.message.split('\n').find((l) => l.includes(variable));
      assert.ok(line, `the message names ${variable}: ${err.message}`);
      assert.match(line, allowed);
    });
  }

  it('lists every problem at once', () => {
    const err = configError({ PORT: 'x', PROVIDER: 'y', LOG_LEVEL: 'loud' });
    assert.equal(err.message.split('\n- ').length - 1, 3);
    assert.equal(err.variable, 'PORT');
  });

  it('is documented: the README table names every variable the code reads', () => {
    const readme = readFileSync(path.resolve(__dirname, '../README.md'), 'utf8');
    for (const { name } of [...CONFIG_VARIABLES, ...AZURE_CONFIG_VARIABLES]) {
      assert.ok(readme.includes(`| \`${name}\` |`), `README lists ${name}`);
    }
  });
});
