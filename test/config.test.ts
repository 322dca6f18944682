import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_VARIABLES, loadConfig } from '../src/config';
import { ConfigError } from '../src/errors';
import { AZURE_CONFIG_VARIABLES, azureSettingsFromEnv } from '../src/providers/azure/config';
import { ENV_EXAMPLE_FILE, renderEnvExample } from '../scripts/env-example';

/** An environment that remembers every variable name asked of it. */
function recordingEnv(): { env: Record<string, string | undefined>; read: Set<string> } {
  const read = new Set<string>();
  const env = new Proxy({} as Record<string, string | undefined>, {
    get: (_target, name) => {
      if (typeof name === 'string') read.add(name);
      return undefined;
    },
  });
  return { env, read };
}

/** `NAME=value` lines of a .env file (comments and blank lines skipped). */
function parseEnvFile(text: string): Array<[string, string]> {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const at = line.indexOf('=');
      assert.ok(at > 0, `not a NAME=value line: ${line}`);
      return [line.slice(0, at), line.slice(at + 1)];
    });
}

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
      PORT: '8080',
      REDIS_URL: 'redis://cache:6379/2',
      REFUND_POLICY: 'azure-2023',
      FLOW_TIMEOUT_MINUTES: '45',
      MicrosoftAppId: 'app',
      MicrosoftAppPassword: 'secret',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: 'tenant',
      SLACK_SIGNING_SECRET: 'signing',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_API_URL: 'http://127.0.0.1:9999/api',
      CREDITS_WEBHOOK_SECRET: 'a-long-enough-secret',
      SANDBOX_CLOCK: '2026-03-10T12:00:00Z',
      SANDBOX_CLOCK_MODE: 'running',
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
    [{ METRICS: 'yes' }, 'METRICS', /on, off/],
    [{ METRICS_PORT: 'metrics' }, 'METRICS_PORT', /whole number from 0 to 65535/],
    [{ METRICS_PORT: '9464', METRICS: 'off' }, 'METRICS_PORT', /METRICS=off/],
    [{ PORT: '9464', METRICS_PORT: '9464' }, 'METRICS_PORT', /is PORT too/],
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

  it('serves metrics only when asked: METRICS=on on PORT, METRICS_PORT on a port of its own', () => {
    assert.deepEqual(loadConfig({}).metrics, { enabled: false });
    assert.deepEqual(loadConfig({ METRICS: 'off' }).metrics, { enabled: false });
    assert.deepEqual(loadConfig({ METRICS: 'on' }).metrics, { enabled: true });
    assert.deepEqual(loadConfig({ METRICS_PORT: '9464' }).metrics, { enabled: true, port: 9464 });
    assert.deepEqual(loadConfig({ METRICS: 'on', METRICS_PORT: '9464' }).metrics, { enabled: true, port: 9464 });
  });

  it('tables exactly the variables the code reads (an unlisted one would be missing from the README and .env.example)', () => {
    const listed = new Set([...CONFIG_VARIABLES, ...AZURE_CONFIG_VARIABLES].map((v) => v.name));
    const bot = recordingEnv();
    loadConfig(bot.env);
    const azure = recordingEnv();
    azureSettingsFromEnv(azure.env);
    const read = new Set([...bot.read, ...azure.read]);
    assert.deepEqual(
      [...read].filter((name) => !listed.has(name)),
      [],
      'read by the code but not in CONFIG_VARIABLES / AZURE_CONFIG_VARIABLES',
    );
    assert.deepEqual(
      [...listed].filter((name) => !read.has(name)),
      [],
      'listed but never read',
    );
  });

  it('.env.example lists every variable with its default and meaning, as the configuration tables say (npm run env:example)', () => {
    const text = readFileSync(ENV_EXAMPLE_FILE, 'utf8');
    const lines = text.split('\n');
    for (const { name, meaning, default: fallback } of [...CONFIG_VARIABLES, ...AZURE_CONFIG_VARIABLES]) {
      const at = lines.indexOf(`${name}=`);
      assert.ok(at > 0, `.env.example lists ${name} (run npm run env:example)`);
      assert.equal(
        lines[at - 1],
        `# ${meaning.replace(/`/g, '')}. Default: ${fallback.replace(/`/g, '')}`,
        `${name}'s line above says its meaning and default (run npm run env:example)`,
      );
    }
    assert.equal(text, renderEnvExample(), '.env.example is what npm run env:example writes');
  });

  it('.env.example used as it is configures the defaults (an empty value is an unset one) and names nothing unknown', () => {
    const pairs = parseEnvFile(readFileSync(ENV_EXAMPLE_FILE, 'utf8'));
    const listed = new Set([...CONFIG_VARIABLES, ...AZURE_CONFIG_VARIABLES].map((v) => v.name));
    assert.deepEqual(
      pairs.map(([name]) => name).filter((name) => !listed.has(name)),
      [],
    );
    assert.equal(new Set(pairs.map(([name]) => name)).size, pairs.length, 'each variable once');
    const env = Object.fromEntries(pairs);
    assert.deepEqual(loadConfig(env), loadConfig({}));
    assert.deepEqual(azureSettingsFromEnv(env), {});
  });

  it('is documented: the README table names every variable the code reads', () => {
    const readme = readFileSync(path.resolve(__dirname, '../README.md'), 'utf8');
    for (const { name } of [...CONFIG_VARIABLES, ...AZURE_CONFIG_VARIABLES]) {
      assert.ok(readme.includes(`| \`${name}\` |`), `README lists ${name}`);
    }
  });
});
