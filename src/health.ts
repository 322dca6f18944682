/**
 * Liveness and readiness for a load balancer (docs/operations.md). /healthz (liveness) is the process and Redis and
 * never calls Partner Center or Azure: it is unauthenticated and hit every few seconds, and each provider call
 * spends partner quota. /readyz (readiness) adds the provider, from a probe cached for a minute.
 */

export interface HealthResult {
  ok: boolean;
  detail?: string;
  /** When the answer is a cached probe's: the time that probe started. */
  checkedAt?: string;
}

/** One component a health endpoint checks: Redis, the provider. */
export interface HealthProbe {
  name: string;
  check(): Promise<HealthResult>;
}

export interface HealthChecks {
  /** GET /healthz: is this process able to serve at all. */
  liveness: HealthProbe[];
  /** GET /readyz: may traffic be sent here (liveness plus the provider). */
  readiness: HealthProbe[];
}

/** The provider is probed at most once per this, however many times /readyz is hit. */
export const PROVIDER_PROBE_TTL_MS = 60_000;

/**
 * `probe` answered from one shared result for `ttlMs` after each probe starts: concurrent callers share the probe in
 * flight, later callers its answer (a failure too: a failing provider is not asked more often). `nowMs` is a
 * monotonic clock (performance.now), so a wall-clock step never stretches or shortens the minute.
 */
export function cachedProbe(probe: HealthProbe, options: { ttlMs: number; nowMs: () => number; wallClock?: () => Date }): HealthProbe {
  let last: { startedAtMs: number; result: Promise<HealthResult> } | undefined;
  const wallClock = options.wallClock ?? (() => new Date());
  return {
    name: probe.name,
    check() {
      const now = options.nowMs();
      if (!last || now - last.startedAtMs >= options.ttlMs) {
        const checkedAt = wallClock().toISOString();
        // The executor runs now (concurrent callers see the probe already started) and turns a throw into a rejection.
        const result = new Promise<HealthResult>((resolve) => resolve(probe.check()))
          .catch((err: unknown) => ({ ok: false, detail: err instanceof Error ? err.message : String(err) }))
          .then((answer) => ({ ...answer, checkedAt }));
        last = { startedAtMs: now, result };
      }
      return last.result;
    },
  };
}

/** Always ok while the process answers HTTP; says how long it has been up. */
export const processProbe: HealthProbe = {
  name: 'process',
  check: async () => ({ ok: true, detail: `up ${Math.round(process.uptime())} s, pid ${process.pid}` }),
};
