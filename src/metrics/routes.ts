import restify, { type Request, type Response, type Server } from 'restify';
import type { Logger } from '../log';
import type { RouteModule } from '../server';
import type { PrometheusMetrics } from './prometheus';

export const METRICS_PATH = '/metrics';

/** GET /metrics: the Prometheus text format. Unauthenticated, so it carries no personal data or amounts. */
export function metricsRoutes(prometheus: PrometheusMetrics, log: Logger): RouteModule {
  return {
    register(server: Server) {
      server.get(METRICS_PATH, async (_req: Request, res: Response) => {
        try {
          const body = await prometheus.scrape();
          res.setHeader('Content-Type', prometheus.contentType);
          res.sendRaw(200, body);
        } catch (err) {
          log.error({ err: err instanceof Error ? err.message : String(err) }, 'metrics scrape failed');
          res.send(500, { error: 'metrics unavailable' });
        }
      });
    },
  };
}

/** METRICS_PORT: a server of its own that answers only /metrics, for a port kept off the public load balancer. */
export function createMetricsServer(prometheus: PrometheusMetrics, log: Logger): Server {
  const server = restify.createServer({ name: 'reservation-desk-metrics', handleUncaughtExceptions: false });
  metricsRoutes(prometheus, log).register(server);
  return server;
}
