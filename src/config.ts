import { ConfigError } from './errors';
import { parseIsoInstant } from './domain/dates';
import { POLICY_NAMES, type PolicyName } from './domain/types';

/**
 * Environment → typed configuration. Every variable the product reads is read here (the azure provider's own
 * settings are read by src/providers/azure/config.ts, only when PROVIDER=azure),
 * and every bad value stops start-up with a message naming the variable and what it accepts.
 * The README's configuration table lists the same variables (a test keeps the two in step).
 */
export interface BotFrameworkSettings {
  appId: string;
  appPassword: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  appTenantId: string;
}

export interface SlackSettings {
  signingSecret: string;
  botToken: string;
  /** Set: Socket Mode instead of HTTP. */
  appToken?: string;
  apiUrl: string;
}

export interface SandboxSettings {
  /** The sandbox's time; undefined = real time. */
  clock?: Date;
  /** With `clock` set: `frozen` (stands still) or `running` (moves on from it, so credits arrive by themselves). */
  clockMode: 'frozen' | 'running';
  creditDelayMs: number;
  rosterFile?: string;
}

export interface MetricsSettings {
  enabled: boolean;
  /** Set: /metrics is served on this port only (0 = any free port), not on PORT. */
  port?: number;
}

export interface Config {
  port: number;
  host: string;
  redisUrl?: string;
  redisKeyPrefix: string;
  /** REDIS_URL names one node of a Redis Cluster (ioredis Cluster client instead of a single connection). */
  redisCluster: boolean;
  /** The deadline of every Redis command: a Redis that does not answer fails the turn instead of hanging it. */
  redisCommandTimeoutMs: number;
  provider: 'sandbox' | 'azure';
  refundPolicy: PolicyName;
  /** Unset = local, unauthenticated use only. */
  botFramework?: BotFrameworkSettings;
  /** Unset = Slack off. */
  slack?: SlackSettings;
  /** Unset = POST /api/credits off. */
  creditsWebhookSecret?: string;
  /** Where people reach this bot over HTTPS (export links in chat); unset: the address it listens on. */
  publicUrl?: string;
  /** Seconds between polls of the provider's credit feed (and passes of the notification delivery worker's timer). */
  creditPollSeconds: number;
  /** Seconds a request may stay `filing` before the recovery worker finishes it from the support desk. */
  filingRecoverySeconds: number;
  flowTimeoutMinutes: number;
  /** The local chat page: on by default only when Bot Framework credentials are unset. */
  playground: boolean;
  /** Callers of the playground must present it; required to serve the playground with Bot Framework credentials. */
  playgroundToken?: string;
  sandbox: SandboxSettings;
  /** Prometheus metrics: off, at /metrics on PORT (METRICS=on), or on a port of their own (METRICS_PORT). */
  metrics: MetricsSettings;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

/** Variable → one-line description, default; the README table is generated from / checked against this. */
export const CONFIG_VARIABLES: ReadonlyArray<{ name: string; meaning: string; default: string }> = [
  { name: 'PORT', meaning: 'HTTP port', default: '3978' },
  { name: 'HOST', meaning: 'address to listen on', default: '0.0.0.0 with Bot Framework credentials, else 127.0.0.1' },
  { name: 'REDIS_URL', meaning: 'Redis for state, ledger, requests, streams (redis:// or rediss://)', default: 'unset: in memory' },
  { name: 'REDIS_CLUSTER', meaning: '`on` when REDIS_URL is a node of a Redis Cluster', default: 'off' },
  { name: 'REDIS_KEY_PREFIX', meaning: 'prefix of every Redis key (several deployments on one Redis)', default: 'rd:' },
  {
    name: 'REDIS_COMMAND_TIMEOUT_MS',
    meaning: 'deadline of each Redis command (ms, 100–60000); a turn that cannot reach Redis answers instead of hanging',
    default: '2000',
  },
  { name: 'PROVIDER', meaning: '`sandbox` or `azure`', default: 'sandbox' },
  { name: 'REFUND_POLICY', meaning: '`csp-2020` or `azure-2023`', default: 'csp-2020' },
  { name: 'MicrosoftAppId', meaning: 'Bot Framework app id', default: 'unset: local use only' },
  { name: 'MicrosoftAppPassword', meaning: 'Bot Framework client secret', default: 'unset' },
  { name: 'MicrosoftAppType', meaning: '`MultiTenant`, `SingleTenant` or `UserAssignedMSI`', default: 'MultiTenant' },
  { name: 'MicrosoftAppTenantId', meaning: 'bot tenant (required for SingleTenant and UserAssignedMSI)', default: 'unset' },
  { name: 'SLACK_SIGNING_SECRET', meaning: 'Slack signing secret (HTTP mode)', default: 'Slack off' },
  { name: 'SLACK_BOT_TOKEN', meaning: 'Slack bot token (xoxb-…)', default: 'Slack off' },
  { name: 'SLACK_APP_TOKEN', meaning: 'Slack app-level token (xapp-…): Socket Mode', default: 'unset: HTTP mode' },
  { name: 'SLACK_API_URL', meaning: 'Slack Web API base URL', default: 'https://slack.com/api/' },
  { name: 'CREDITS_WEBHOOK_SECRET', meaning: 'shared secret enabling `POST /api/credits`', default: 'webhook off' },
  { name: 'PUBLIC_URL', meaning: 'the address people reach the bot at, for `/requests export` links', default: 'the listening address' },
  { name: 'CREDIT_POLL_SECONDS', meaning: 'seconds between polls of the provider for credits', default: '5' },
  { name: 'FILING_RECOVERY_SECONDS', meaning: 'seconds a filing may stay unfinished before it is finished from the support desk', default: '120' },
  { name: 'FLOW_TIMEOUT_MINUTES', meaning: 'idle minutes before a flow expires', default: '30' },
  { name: 'PLAYGROUND', meaning: '`on`, `off` or `auto`: the local chat page at `/`', default: 'auto: on without Bot Framework credentials' },
  {
    name: 'PLAYGROUND_TOKEN',
    meaning: 'secret (16+ characters) every playground caller presents (open `/?token=…` once); required for `PLAYGROUND=on` with Bot Framework credentials',
    default: 'unset: no token asked (local use only)',
  },
  { name: 'SANDBOX_CLOCK', meaning: 'fixed sandbox time (ISO 8601, e.g. 2026-03-10T12:00:00Z)', default: 'real time' },
  { name: 'SANDBOX_CLOCK_MODE', meaning: '`frozen` or `running`: whether a set sandbox clock moves on', default: 'frozen' },
  { name: 'SANDBOX_CREDIT_DELAY_MS', meaning: 'sandbox: ms from filing to credit', default: '5000' },
  { name: 'SANDBOX_ROSTER_FILE', meaning: 'sandbox: a roster JSON file of your own', default: 'the shipped roster' },
  { name: 'METRICS', meaning: '`on`: Prometheus metrics at `GET /metrics` on PORT', default: 'off' },
  { name: 'METRICS_PORT', meaning: 'serve `GET /metrics` on this port of its own instead (metrics on, not on PORT)', default: 'unset' },
  { name: 'LOG_LEVEL', meaning: '`fatal` `error` `warn` `info` `debug` `trace` `silent`', default: 'info' },
];

type Env = Record<string, string | undefined>;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  text(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.text(name);
    if (value === undefined) return fallback;
    const match = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
    if (!match) this.problems.push(`${name}=${JSON.stringify(value)} is not allowed: use one of ${allowed.join(', ')}`);
    return match ?? fallback;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.text(name);
    if (value === undefined) return fallback;
    if (!/^[0-9]+$/.test(value) || Number(value) < min || Number(value) > max) {
      this.problems.push(`${name}=${JSON.stringify(value)} is not allowed: use a whole number from ${min} to ${max}`);
      return fallback;
    }
    return Number(value);
  }

  url(name: string, protocols: readonly string[]): string | undefined {
    const value = this.text(name);
    if (value === undefined) return undefined;
    let ok = false;
    try {
      ok = protocols.includes(new URL(value).protocol);
    } catch {
      ok = false;
    }
    if (!ok) this.problems.push(`${name} is not a valid URL: use ${protocols.map((p) => `${p}//…`).join(' or ')}`);
    return ok ? value : undefined;
  }

  instant(name: string): Date | undefined {
    const value = this.text(name);
    if (value === undefined) return undefined;
    // The domain's parser: a zone is required and impossible dates (30 February) are refused, not rolled over.
    const date = parseIsoInstant(value);
    if (!date) {
      this.problems.push(`${name}=${JSON.stringify(value)} is not allowed: use an ISO 8601 time with a zone, e.g. 2026-03-10T12:00:00Z`);
      return undefined;
    }
    return date;
  }

  /** Braces would let a prefix pick a Redis Cluster slot; the stores place their own hash tags. */
  keyPrefix(name: string, fallback: string): string {
    const value = this.text(name) ?? fallback;
    if (/[{}\s*?[\]]/.test(value) || value.length > 64) {
      this.problems.push(`${name}=${JSON.stringify(value)} is not allowed: use up to 64 characters without braces, spaces or glob characters`);
      return fallback;
    }
    return value;
  }

  require(name: string, why: string): string {
    const value = this.text(name);
    if (value === undefined) this.problems.push(`${name} is required ${why}`);
    return value ?? '';
  }
}

function readBotFramework(r: Reader): BotFrameworkSettings | undefined {
  const appId = r.text('MicrosoftAppId');
  const appType = r.oneOf('MicrosoftAppType', ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const, 'MultiTenant');
  if (!appId) {
    for (const name of ['MicrosoftAppPassword', 'MicrosoftAppTenantId']) {
      if (r.text(name)) r.problems.push(`${name} is set but MicrosoftAppId is not: set MicrosoftAppId too, or unset ${name}`);
    }
    return undefined;
  }
  const appPassword =
    appType === 'UserAssignedMSI'
      ? (r.text('MicrosoftAppPassword') ?? '')
      : r.require('MicrosoftAppPassword', `when MicrosoftAppId is set and MicrosoftAppType is ${appType}`);
  const appTenantId =
    appType === 'MultiTenant' ? (r.text('MicrosoftAppTenantId') ?? '') : r.require('MicrosoftAppTenantId', `when MicrosoftAppType is ${appType}`);
  return { appId, appPassword, appType, appTenantId };
}

function readSlack(r: Reader): SlackSettings | undefined {
  const signingSecret = r.text('SLACK_SIGNING_SECRET');
  const botToken = r.text('SLACK_BOT_TOKEN');
  const appToken = r.text('SLACK_APP_TOKEN');
  const apiUrl = r.url('SLACK_API_URL', ['http:', 'https:']) ?? 'https://slack.com/api/';
  if (!signingSecret && !botToken && !appToken) return undefined;
  if (!botToken) r.problems.push('SLACK_BOT_TOKEN is required when Slack is enabled (SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set)');
  if (!appToken && !signingSecret) r.problems.push('SLACK_SIGNING_SECRET is required for Slack in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)');
  if (appToken && !appToken.startsWith('xapp-')) r.problems.push('SLACK_APP_TOKEN is not an app-level token: it starts with xapp-');
  return { signingSecret: signingSecret ?? '', botToken: botToken ?? '', appToken, apiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` };
}

function readMetrics(r: Reader, port: number): MetricsSettings {
  const enabled = r.oneOf('METRICS', ['on', 'off'] as const, 'off') === 'on';
  if (r.text('METRICS_PORT') === undefined) return { enabled };
  const metricsPort = r.integer('METRICS_PORT', 0, 0, 65535);
  if (r.text('METRICS')?.toLowerCase() === 'off') r.problems.push('METRICS_PORT is set but METRICS=off: unset one of the two');
  if (metricsPort !== 0 && metricsPort === port)
    r.problems.push(`METRICS_PORT=${metricsPort} is PORT too: use another port, or unset METRICS_PORT and set METRICS=on to serve /metrics on PORT`);
  return { enabled: true, port: metricsPort };
}

/** Reads the configuration; throws one ConfigError listing every problem found. */
export function loadConfig(env: Env = process.env): Config {
  const r = new Reader(env);
  const botFramework = readBotFramework(r);
  const playgroundSetting = r.oneOf('PLAYGROUND', ['on', 'off', 'auto'] as const, 'auto');
  const port = r.integer('PORT', 3978, 0, 65535);
  const config: Config = {
    port,
    // Without Bot Framework credentials the bot is for local use: it listens on loopback unless told otherwise.
    host: r.text('HOST') ?? (botFramework ? '0.0.0.0' : '127.0.0.1'),
    redisUrl: r.url('REDIS_URL', ['redis:', 'rediss:']),
    redisKeyPrefix: r.keyPrefix('REDIS_KEY_PREFIX', 'rd:'),
    redisCluster: r.oneOf('REDIS_CLUSTER', ['on', 'off'] as const, 'off') === 'on',
    redisCommandTimeoutMs: r.integer('REDIS_COMMAND_TIMEOUT_MS', 2000, 100, 60_000),
    provider: r.oneOf('PROVIDER', ['sandbox', 'azure'] as const, 'sandbox'),
    refundPolicy: r.oneOf('REFUND_POLICY', POLICY_NAMES, 'csp-2020'),
    botFramework,
    slack: readSlack(r),
    creditsWebhookSecret: r.text('CREDITS_WEBHOOK_SECRET'),
    publicUrl: r.url('PUBLIC_URL', ['http:', 'https:'])?.replace(/\/+$/, ''),
    creditPollSeconds: r.integer('CREDIT_POLL_SECONDS', 5, 1, 3600),
    filingRecoverySeconds: r.integer('FILING_RECOVERY_SECONDS', 120, 1, 24 * 3600),
    flowTimeoutMinutes: r.integer('FLOW_TIMEOUT_MINUTES', 30, 1, 24 * 60),
    playground: playgroundSetting === 'auto' ? !botFramework : playgroundSetting === 'on',
    playgroundToken: r.text('PLAYGROUND_TOKEN'),
    sandbox: {
      clock: r.instant('SANDBOX_CLOCK'),
      clockMode: r.oneOf('SANDBOX_CLOCK_MODE', ['frozen', 'running'] as const, 'frozen'),
      creditDelayMs: r.integer('SANDBOX_CREDIT_DELAY_MS', 5000, 0, 7 * 24 * 3600 * 1000),
      rosterFile: r.text('SANDBOX_ROSTER_FILE'),
    },
    metrics: readMetrics(r, port),
    logLevel: r.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
  };
  if (config.creditsWebhookSecret !== undefined && config.creditsWebhookSecret.length < 16) {
    r.problems.push('CREDITS_WEBHOOK_SECRET is too short: use at least 16 characters');
  }
  if (config.playgroundToken !== undefined && config.playgroundToken.length < 16) {
    r.problems.push('PLAYGROUND_TOKEN is too short: use at least 16 characters');
  }
  // With credentials the bot is reachable from outside: the page lets anyone act as any roster user, so it needs a token.
  if (config.playground && botFramework && config.playgroundToken === undefined) {
    r.problems.push('PLAYGROUND_TOKEN is required for PLAYGROUND=on with Bot Framework credentials: set a secret of 16+ characters, or PLAYGROUND=off');
  }
  if (config.provider === 'azure' && !botFramework) {
    r.problems.push(
      'PROVIDER=azure needs Bot Framework credentials (MicrosoftAppId, MicrosoftAppPassword): real money actions are never served unauthenticated',
    );
  }
  if (r.problems.length > 0) {
    const first = /^([A-Za-z_]+)/.exec(r.problems[0])?.[1] ?? 'configuration';
    throw new ConfigError(first, `Configuration error:\n- ${r.problems.join('\n- ')}`);
  }
  return config;
}
