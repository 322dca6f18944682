import type { Server } from 'restify';
import type { Storage } from 'botbuilder';
import type { Config } from './config';
import { ConfigError } from './errors';
import { createLogger, type Logger } from './log';
import { Decimal } from './domain/money';
import { systemClock } from './ports/clock';
import type { Provider } from './ports/provider';
import type { CapLedger } from './ports/capLedger';
import type { RequestStore } from './ports/requestStore';
import type { IdempotencyStore } from './ports/idempotency';
import type { Leases } from './ports/leases';
import type { FilingStore } from './ports/filingStore';
import { MemoryLeases } from './store/memory/leases';
import { RedisLeases } from './store/redis/leases';
import { RedisFilingStore } from './store/redis/filingStore';
import type { AuditTrail } from './ports/audit';
import { MemoryAuditTrail } from './store/memory/auditTrail';
import { MemoryBotStorage } from './store/memory/botStorage';
import { MemoryCapLedger } from './store/memory/capLedger';
import { MemoryIdempotencyStore } from './store/memory/idempotency';
import { MemoryRequestStore } from './store/memory/requestStore';
import { RedisAuditTrail } from './store/redis/auditTrail';
import { RedisBotStorage } from './store/redis/botStorage';
import { RedisTurnStart } from './store/redis/turnStart';
import { RedisCapLedger } from './store/redis/capLedger';
import { RedisIdempotencyStore } from './store/redis/idempotency';
import { RedisRequestStore } from './store/redis/requestStore';
import { RedisSubscriptionStore } from './store/redis/subscriptions';
import { MemorySubscriptionStore } from './store/memory/subscriptions';
import type { SubscriptionStore } from './ports/subscriptions';
import type { RedisClient } from './store/redis/redisKeys';
import { connectRedis } from './store/redis/connect';
import { warnIfNothingOnDisk } from './store/redis/persistence';
import { createSandboxProvider, type SandboxProvider } from './providers/sandbox';

/** The sandbox's prior refunds, seeded into the cap ledger (their ids start so). */
const SANDBOX_HISTORY_PREFIX = 'sandbox-history-';
import { FilingService } from './services/filing';
import { FilingRecovery } from './services/filingRecovery';
import { recoveryNoticeActivity } from '../dialogs/recoveryNotice';
import { EXPORT_LINK_TTL_MS, ExportLinks } from './services/exportLinks';
import { exportRoutes } from './exportRoutes';
import { createHttpServer, type RouteModule } from './server';
import { cachedProbe, processProbe, PROVIDER_PROBE_TTL_MS, type HealthProbe } from './health';
import { noMetrics, type ProviderCallMetrics } from './ports/metrics';
import type { PrometheusMetrics } from './metrics/prometheus';
import { observeRedisCommands } from './metrics/redisCommands';
import { meteredTurns } from './metrics/turns';
import { meteredCapLedger, meteredFilingStore } from './metrics/meteredCapLedger';
import { createMetricsServer, metricsRoutes } from './metrics/routes';
import { createTeamsAdapter, teamsRoutes } from './channels/teams/teamsChannel';
import { createPlaygroundChannel, type PlaygroundChannel } from './channels/playground';
import { createSlackChannel, type SlackChannel } from './channels/slack';
import { createCreditNotifications, creditsWebhookRoutes, type CreditNotifications } from './notify';
import { DeskBot } from '../dialogs/deskBot';
import type { DeskServices } from '../dialogs/services';

export interface Stores {
  /** Dialog stacks: short-lived. */
  storage: Storage;
  /** Agent profiles (contact details asked once): kept a year from the last change. */
  profileStorage: Storage;
  capLedger: CapLedger;
  requests: RequestStore;
  idempotency: IdempotencyStore;
  leases: Leases;
  audit: AuditTrail;
  subscriptions: SubscriptionStore;
  /** A filing's storage steps joined (standalone Redis only); FilingService takes them one by one without it. */
  filingStore?: FilingStore;
  /** `/requests export` links: minutes-long. */
  exportLinkStorage: Storage;
  redis?: RedisClient;
}

const PROFILE_TTL_MS = 365 * 24 * 60 * 60 * 1000;
/** In memory mode, expired conversation state and profiles are swept this often (Redis expires its own keys). */
const MEMORY_SWEEP_EVERY_MS = 60_000;
/** The longest interval between reminder passes against a real provider. */
const REMINDER_PASS_MS = 15 * 60 * 1000;

export function createStores(config: Config): Stores {
  if (!config.redisUrl) {
    return {
      storage: new MemoryBotStorage({ sweepEveryMs: MEMORY_SWEEP_EVERY_MS }),
      profileStorage: new MemoryBotStorage({ ttlMs: PROFILE_TTL_MS, sweepEveryMs: MEMORY_SWEEP_EVERY_MS }),
      capLedger: new MemoryCapLedger(),
      requests: new MemoryRequestStore(),
      idempotency: new MemoryIdempotencyStore(),
      leases: new MemoryLeases(),
      audit: new MemoryAuditTrail(),
      subscriptions: new MemorySubscriptionStore(),
      exportLinkStorage: new MemoryBotStorage({ ttlMs: EXPORT_LINK_TTL_MS, sweepEveryMs: MEMORY_SWEEP_EVERY_MS }),
    };
  }
  const redis = connectRedis(config.redisUrl, config.redisCluster, { commandTimeoutMs: config.redisCommandTimeoutMs });
  const prefix = config.redisKeyPrefix;
  const filingParts = {
    capLedger: new RedisCapLedger(redis, { prefix }),
    requests: new RedisRequestStore(redis, { prefix }),
    leases: new RedisLeases(redis, { prefix }),
    audit: new RedisAuditTrail(redis, { prefix }),
  };
  return {
    storage: new RedisBotStorage(redis, { prefix: `${prefix}bot:` }),
    profileStorage: new RedisBotStorage(redis, { prefix: `${prefix}profile:`, ttlMs: PROFILE_TTL_MS }),
    ...filingParts,
    // Its scripts cross hash slots: on a Cluster the filing takes its steps one by one.
    filingStore: config.redisCluster ? undefined : new RedisFilingStore(redis, filingParts),
    idempotency: new RedisIdempotencyStore(redis, { prefix }),
    subscriptions: new RedisSubscriptionStore(redis, { prefix }),
    exportLinkStorage: new RedisBotStorage(redis, { prefix: `${prefix}export:`, ttlMs: EXPORT_LINK_TTL_MS }),
    redis,
  };
}

export async function createProvider(
  config: Config,
  deps: { filedRequests: RequestStore; logger: Logger; metrics?: ProviderCallMetrics },
): Promise<Provider & { capHistory?: () => Array<{ customerId: string; requestId: string; amountUsd: Decimal; at: Date }> }> {
  if (config.provider === 'sandbox') {
    return createSandboxProvider({
      now: config.sandbox.clock, // Without a set time the sandbox runs on real time; the mode only applies to a set clock.
      clockMode: config.sandbox.clock ? config.sandbox.clockMode : undefined,
      creditDelayMs: config.sandbox.creditDelayMs,
      rosterFile: config.sandbox.rosterFile,
    });
  }
  const azure = await import('./providers/azure');
  return azure.createAzureProviderFromEnv(process.env, deps);
}

/** Refunds the sandbox says were given before it started count against the cap; idempotent by request id. */
async function seedCapHistory(provider: Awaited<ReturnType<typeof createProvider>>, capLedger: CapLedger): Promise<void> {
  const history = provider.capHistory?.() ?? [];
  if (history.length === 0) return;
  // The history is dated from the sandbox's today. Seeds carry that day in their ids, and seeds of a run anchored
  // on another day (a persistent Redis, a restart days later) are released, so the stories hold on any day.
  const anchor = (provider as Partial<SandboxProvider>).today?.toISOString().slice(0, 10) ?? 'fixed';
  const seedId = (requestId: string) => `${requestId}@${anchor}`;
  const current = new Set(history.map((entry) => seedId(entry.requestId)));
  for (const customerId of new Set(history.map((entry) => entry.customerId))) {
    for (const entry of await capLedger.entries(customerId)) {
      if (entry.requestId.startsWith(SANDBOX_HISTORY_PREFIX) && !current.has(entry.requestId) && entry.state === 'reserved') {
        await capLedger.release(customerId, entry.requestId);
      }
    }
  }
  for (const entry of history) await capLedger.reserve(entry.customerId, seedId(entry.requestId), entry.amountUsd, entry.at);
}

/**
 * Start-up fails with a message naming REDIS_URL when Redis does not answer, rather than with a retry-limit error
 * and ioredis' unhandled error events. Later outages are logged once per change, as JSON.
 */
async function expectRedisAnswers(redis: RedisClient, url: string, log: Logger): Promise<void> {
  let lastError = '';
  redis.on('error', (err: Error) => {
    if (err.message !== lastError) log.warn({ err: err.message }, 'redis connection problem');
    lastError = err.message;
  });
  redis.on('ready', () => {
    lastError = '';
  });
  const where = (() => {
    try {
      const u = new URL(url);
      return `${u.hostname}:${u.port || 6379}`;
    } catch {
      return 'the configured address';
    }
  })();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      redis.ping(),
      new Promise((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error('no answer within 5 s')), 5000);
      }),
    ]);
  } catch (err) {
    redis.disconnect();
    throw new ConfigError(
      'REDIS_URL',
      `REDIS_URL: Redis at ${where} is not answering (${err instanceof Error ? err.message : String(err)}). Start Redis there, or unset REDIS_URL to run in memory.`,
    );
  } finally {
    clearTimeout(timer);
  }
}

/** Listens, turning "port taken" and "no such address" into errors that name the variable to change. */
function listenOn(server: Server, port: number, host: string, variable: 'PORT' | 'METRICS_PORT'): Promise<{ port: number; url: string }> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new ConfigError(variable, `Port ${port} on ${host} is already in use: set ${variable} to a free port.`)
          : err.code === 'ENOTFOUND' || err.code === 'EADDRNOTAVAIL' || err.code === 'EAI_AGAIN'
            ? new ConfigError('HOST', `HOST=${host} is not an address of this machine: use 0.0.0.0, 127.0.0.1 or one of its own addresses.`)
            : err,
      ),
    );
    server.listen(port, host, () => {
      const address = server.address();
      const shown = ['0.0.0.0', '127.0.0.1', '::'].includes(host) ? 'localhost' : host;
      resolve({ port: address.port, url: `http://${shown}:${address.port}` });
    });
  });
}

export interface App {
  config: Config;
  server: Server;
  services: DeskServices;
  stores: Stores;
  bot: DeskBot;
  log: Logger;
  /** The local chat page's channel (config.playground): its adapter sends proactive messages to open pages. */
  playground?: PlaygroundChannel;
  /** Slack (config.slack): HTTP routes or Socket Mode, running the same DeskBot. */
  slack?: SlackChannel;
  /** Credit polling and notification delivery (SPEC section 5): started by listen(), stopped by close(). */
  notifications: CreditNotifications;
  /** Finishes filings a crash or a lost answer left unfinished: started by listen(), stopped by close(). */
  recovery: FilingRecovery;
  /** This app's own metrics registry (config.metrics.enabled), served at /metrics. */
  prometheus?: PrometheusMetrics;
  /** `metricsUrl`: where /metrics is served when it has a port of its own (METRICS_PORT). */
  listen(): Promise<{ port: number; url: string; metricsUrl?: string }>;
  close(): Promise<void>;
}

export interface AppOverrides {
  log?: Logger;
  provider?: Provider;
  stores?: Stores;
  extraRoutes?: RouteModule[];
  /** Monotonic milliseconds for the readiness probe's cache; performance.now() unless a test steps it. */
  probeClockMs?: () => number;
}

/** Wires one bot instance: stores, provider, dialogs, channels, HTTP. Nothing here decides behaviour. */
export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const log = overrides.log ?? createLogger(config.logLevel);
  // One registry per app: several apps in one process (the tests) never count into each other.
  // prom-client is loaded only when metrics are on.
  const prometheus = config.metrics.enabled ? (await import('./metrics/prometheus')).createPrometheusMetrics() : undefined;
  const metrics = prometheus?.metrics ?? noMetrics;
  const stores = overrides.stores ?? createStores(config);
  if (stores.redis && prometheus) observeRedisCommands(stores.redis, metrics);
  if (stores.redis) {
    await expectRedisAnswers(stores.redis, config.redisUrl ?? '', log);
    await warnIfNothingOnDisk(stores.redis, log);
  }
  const provider = overrides.provider ?? (await createProvider(config, { filedRequests: stores.requests, logger: log, metrics }));
  await seedCapHistory(provider, stores.capLedger);
  const capLedger = prometheus ? meteredCapLedger(stores.capLedger, metrics) : stores.capLedger;

  const filingStore = stores.filingStore && prometheus ? meteredFilingStore(stores.filingStore, metrics) : stores.filingStore;
  const filing = new FilingService({
    filingStore,
    requests: stores.requests,
    capLedger,
    supportDesk: provider.supportDesk,
    selfService: provider.selfService,
    leases: stores.leases,
    audit: stores.audit,
    clock: provider.clock,
    log,
    metrics,
  });
  // Export links name the address people reach the bot at: PUBLIC_URL, else where it listens (local use).
  let listeningUrl: string | undefined;
  const exportLinks = new ExportLinks(stores.exportLinkStorage, stores.requests, () => config.publicUrl ?? listeningUrl);
  const services: DeskServices = {
    exportLinks,
    provider,
    requests: stores.requests,
    subscriptions: stores.subscriptions,
    capLedger,
    audit: stores.audit,
    idempotency: stores.idempotency,
    filing,
    policy: config.refundPolicy,
    wallClock: systemClock,
    flowTimeoutMs: config.flowTimeoutMinutes * 60_000,
    log,
  };
  // On Redis a turn's claims and state reads are one script call (one round trip).
  // The reads a click names (a customer's requests and cap entries, a request key) come with it (src/ports/readAhead.ts).
  const readAheadSources = [stores.requests, stores.capLedger].filter((store) => store instanceof RedisRequestStore || store instanceof RedisCapLedger);
  const turnStart = stores.idempotency instanceof RedisIdempotencyStore ? new RedisTurnStart(stores.idempotency, readAheadSources) : undefined;
  const bot = new DeskBot(services, stores.storage, stores.profileStorage, turnStart);
  const teamsAdapter = createTeamsAdapter(config.botFramework, log);

  // Liveness never calls the provider (partner quota); readiness adds it, probed at most once a minute.
  const redisProbes: HealthProbe[] = [];
  if (stores.redis) {
    const redis = stores.redis;
    redisProbes.push({ name: 'redis', check: async () => ({ ok: (await redis.ping()) === 'PONG' }) });
  }
  const providerProbe = cachedProbe(
    { name: `provider:${provider.name}`, check: () => provider.health() },
    { ttlMs: PROVIDER_PROBE_TTL_MS, nowMs: overrides.probeClockMs ?? (() => performance.now()) },
  );
  const health = { liveness: [processProbe, ...redisProbes], readiness: [...redisProbes, providerProbe] };

  const playground = config.playground
    ? createPlaygroundChannel({ provider, logic: meteredTurns(metrics, 'playground', bot.run), log, token: config.playgroundToken })
    : undefined;
  const slack = config.slack
    ? createSlackChannel(config.slack, { logic: meteredTurns(metrics, 'slack', bot.run), idempotency: stores.idempotency, log })
    : undefined;
  const notifications = createCreditNotifications({
    redis: stores.redis,
    prefix: config.redisKeyPrefix,
    feed: provider.credits,
    requests: stores.requests,
    capLedger,
    audit: stores.audit,
    // Real time for the delivery worker's audit events; credits carry their own (business) times.
    clock: systemClock,
    log,
    teams: { adapter: teamsAdapter, appId: config.botFramework?.appId ?? '' },
    slackAdapter: slack?.noticeAdapter,
    playgroundAdapter: playground?.adapter,
    subscriptions: stores.subscriptions,
    provider,
    metrics,
  });
  const recovery = new FilingRecovery({
    requests: stores.requests,
    filing,
    leases: stores.leases,
    log,
    graceMs: config.filingRecoverySeconds * 1000,
    tell: async (record, outcome) => {
      const sender = notifications.senders[record.origin.channel];
      if (!sender) throw new Error(`no sender for ${record.origin.channel}`);
      await sender.send(record.origin.conversation, recoveryNoticeActivity(record, outcome));
    },
  });
  if (prometheus) prometheus.watchQueue(notifications.queue);
  const webhook = config.creditsWebhookSecret
    ? [creditsWebhookRoutes({ secret: config.creditsWebhookSecret, sync: notifications.sync, log, wallClock: systemClock })]
    : [];
  // METRICS_PORT: /metrics on a server of its own (kept off the public port), else on the main server.
  const metricsServer = prometheus && config.metrics.port !== undefined ? createMetricsServer(prometheus, log) : undefined;
  const metricsOnMain = prometheus && !metricsServer ? [metricsRoutes(prometheus, log)] : [];
  const server = createHttpServer(log, health, [
    teamsRoutes(teamsAdapter, meteredTurns(metrics, 'teams', bot.run), log),
    ...(playground ? [playground.routes] : []),
    ...(slack?.routes ? [slack.routes] : []),
    ...webhook,
    exportRoutes(exportLinks, log),
    ...metricsOnMain,
    ...(overrides.extraRoutes ?? []),
  ]);

  return {
    config,
    server,
    services,
    stores,
    bot,
    log,
    playground,
    slack,
    notifications,
    recovery,
    prometheus,
    listen: async () => {
      const listening = await listenOn(server, config.port, config.host, 'PORT');
      listeningUrl = listening.url;
      let metricsUrl: string | undefined;
      if (metricsServer) {
        try {
          metricsUrl = (await listenOn(metricsServer, config.metrics.port ?? 0, config.host, 'METRICS_PORT')).url;
        } catch (err) {
          await new Promise<void>((resolve) => server.close(() => resolve()));
          throw err;
        }
      }
      await slack?.start();
      // Reminders are due by the day and the week: against Partner Center and Azure a pass every 15 minutes at most
      // spares their quotas; the sandbox (no quota, a clock that moves in demos) looks as often as credits.
      notifications.start(
        config.creditPollSeconds * 1000,
        provider.name === 'sandbox' ? config.creditPollSeconds * 1000 : Math.max(config.creditPollSeconds * 1000, REMINDER_PASS_MS),
      );
      // A few looks per grace period: a stuck filing is finished soon after its grace ends.
      recovery.start(Math.max(1000, Math.min(30_000, (config.filingRecoverySeconds * 1000) / 4)));
      return { ...listening, metricsUrl };
    },
    close: async () => {
      await notifications.stop();
      await recovery.stop();
      playground?.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (metricsServer?.server.listening) await new Promise<void>((resolve) => metricsServer.close(() => resolve()));
      await slack?.stop();
      // Answered-card updates still on their way finish before their clients go.
      await bot.idle();
      await provider.close();
      for (const storage of [stores.storage, stores.profileStorage]) if (storage instanceof MemoryBotStorage) storage.close();
      if (stores.redis) await stores.redis.quit();
    },
  };
}
