import restify, { type Server, type Request, type Response } from 'restify';
import type { HealthChecks, HealthProbe, HealthResult } from './health';
import type { Logger } from './log';
import { refuseEncodedBodies } from './http/uncompressedBodies';

/** Something that adds routes to the one HTTP server (a channel, the credits webhook, the playground). */
export interface RouteModule {
  register(server: Server): void;
}

const HEALTH_TIMEOUT_MS = 2000;

async function probe(p: HealthProbe): Promise<HealthResult & { name: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ ok: boolean; detail: string }>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: 'no answer within 2 s' }), HEALTH_TIMEOUT_MS);
  });
  try {
    const result = await Promise.race([p.check(), timeout]);
    return { name: p.name, ...result };
  } catch (err) {
    return { name: p.name, ok: false, detail: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

/** 200 when every probe is ok, else 503; the body names each check and its detail. */
function healthRoute(probes: HealthProbe[]) {
  return async (_req: Request, res: Response) => {
    const results = await Promise.all(probes.map(probe));
    const ok = results.every((r) => r.ok);
    res.send(ok ? 200 : 503, { ok, checks: results });
  };
}

/** One restify server: /healthz (liveness), /readyz (readiness) plus whatever the route modules add. */
export function createHttpServer(log: Logger, health: HealthChecks, modules: RouteModule[]): Server {
  const server = restify.createServer({ name: 'reservation-desk', handleUncaughtExceptions: false });
  // Bodies are parsed per route (Slack and the credits webhook need the raw bytes for their signatures), never
  // compressed ones.
  // Hooks added with server.first (src/http/postsBeforeRestify.ts: the Teams and Slack routes) run before `pre` handlers; those take only
  // requests without a Content-Encoding. A `pre` check every request must pass needs its place there too.
  server.pre(refuseEncodedBodies);
  server.get('/healthz', healthRoute(health.liveness));
  server.get('/readyz', healthRoute(health.readiness));
  for (const module of modules) module.register(server);
  server.on('restifyError', (req: Request, _res: Response, err: Error, callback: () => void) => {
    // The error's message is not logged: a JSON parse error quotes the body, which may hold personal data.
    log.warn({ route: req.getPath(), code: (err as { code?: string }).code, status: (err as { statusCode?: number }).statusCode }, 'http error');
    callback();
  });
  return server;
}
