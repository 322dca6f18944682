import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DeskMetrics } from '../ports/metrics';

/** What the queue-length gauge reads at each scrape. */
export interface QueueBacklog {
  backlog(): Promise<{ waiting: number; pending: number }>;
}

export interface PrometheusMetrics {
  /** Handed to every module that reports (the seams of src/ports/metrics.ts). */
  readonly metrics: DeskMetrics;
  readonly contentType: string;
  /** The notification queue whose length is read at each scrape. */
  watchQueue(queue: QueueBacklog): void;
  /** The Prometheus text exposition of everything above plus the process's own metrics. */
  scrape(): Promise<string>;
}

/**
 * prom-client, with one Registry per app: nothing goes to prom-client's global registry, so several apps in one
 * process (the tests) each count their own. Counters and histograms are updated as events happen; the queue length
 * is read from the queue when scraped.
 */
export function createPrometheusMetrics(): PrometheusMetrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });

  const turns = new Counter({
    name: 'desk_turns_total',
    help: 'Chat turns by channel and outcome (error: the turn threw and the agent got an apology).',
    labelNames: ['channel', 'outcome'],
    registers,
  });
  const turnSeconds = new Histogram({
    name: 'desk_turn_duration_seconds',
    help: 'Time to answer a chat turn, by channel.',
    labelNames: ['channel'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 15, 30],
    registers,
  });
  const filings = new Counter({
    name: 'desk_filings_total',
    help: 'Support-request filings by kind and outcome (filed: a ticket filed by this call).',
    labelNames: ['kind', 'outcome'],
    registers,
  });
  const selfService = new Counter({
    name: 'desk_self_service_returns_total',
    help: 'Self-service returns and exchanges through Azure by kind and final outcome.',
    labelNames: ['kind', 'outcome'],
    registers,
  });
  const capRefusals = new Counter({
    name: 'desk_cap_refusals_total',
    help: "Refunds refused because the customer's yearly refund cap had no room left.",
    registers,
  });
  const creditsApplied = new Counter({
    name: 'desk_credits_applied_total',
    help: 'Credits applied to their requests (request credited, cap settled, notice queued), by request kind.',
    labelNames: ['kind'],
    registers,
  });
  const creditsNotApplied = new Counter({
    name: 'desk_credits_not_applied_total',
    help: 'Credits seen but not applied, by reason.',
    labelNames: ['reason'],
    registers,
  });
  const notices = new Counter({
    name: 'desk_notifications_total',
    help: 'Credit notices handled by the delivery worker, by result (sent, duplicate, busy, unreachable, retry-later, dropped).',
    labelNames: ['result'],
    registers,
  });
  const noticeLag = new Histogram({
    name: 'desk_notification_delivery_lag_seconds',
    help: 'Time from a credit notice being queued to it being posted.',
    buckets: [0.5, 1, 5, 15, 30, 60, 300, 900, 3600, 21600],
    registers,
  });
  const redisSeconds = new Histogram({
    name: 'desk_redis_command_duration_seconds',
    help: 'Redis commands from call to answer (queueing while reconnecting included), by command.',
    labelNames: ['command'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers,
  });
  const redisErrors = new Counter({
    name: 'desk_redis_command_errors_total',
    help: 'Redis commands that failed, by command and kind (connection: no answer; reply: Redis answered an error).',
    labelNames: ['command', 'kind'],
    registers,
  });
  const providerCalls = new Counter({
    name: 'desk_provider_calls_total',
    help: 'HTTP attempts to Partner Center and Azure by service, method and status (an HTTP status, timeout or network).',
    labelNames: ['service', 'method', 'status'],
    registers,
  });
  const providerSeconds = new Histogram({
    name: 'desk_provider_call_duration_seconds',
    help: 'HTTP attempts to Partner Center and Azure, by service and status.',
    labelNames: ['service', 'status'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers,
  });

  let queue: QueueBacklog | undefined;
  new Gauge({
    name: 'desk_notification_queue_length',
    help: 'Credit notices queued: waiting (not yet read by any instance) and pending (read, not yet acknowledged).',
    labelNames: ['state'],
    registers,
    async collect() {
      this.reset();
      if (!queue) return;
      try {
        const { waiting, pending } = await queue.backlog();
        this.set({ state: 'waiting' }, waiting);
        this.set({ state: 'pending' }, pending);
      } catch {
        // Unreadable (Redis down): no sample rather than a stale one; the Redis error counter says why.
      }
    },
  });

  const metrics: DeskMetrics = {
    turnFinished(channel, outcome, seconds) {
      turns.inc({ channel, outcome });
      turnSeconds.observe({ channel }, seconds);
    },
    filingFinished: (kind, outcome) => filings.inc({ kind, outcome }),
    selfServiceFinished: (kind, outcome) => selfService.inc({ kind, outcome }),
    capRefused: () => capRefusals.inc(),
    creditApplied: (kind) => creditsApplied.inc({ kind }),
    creditNotApplied: (reason) => creditsNotApplied.inc({ reason }),
    noticeHandled(result, lagSeconds) {
      notices.inc({ result });
      if (lagSeconds !== undefined) noticeLag.observe(Math.max(0, lagSeconds));
    },
    redisCommand(command, outcome, seconds) {
      redisSeconds.observe({ command }, seconds);
      if (outcome !== 'ok') redisErrors.inc({ command, kind: outcome === 'reply-error' ? 'reply' : 'connection' });
    },
    providerCall(service, method, status, seconds) {
      providerCalls.inc({ service, method, status });
      providerSeconds.observe({ service, status }, seconds);
    },
  };

  return {
    metrics,
    contentType: registry.contentType,
    watchQueue(watched) {
      queue = watched;
    },
    scrape: () => registry.metrics(),
  };
}
