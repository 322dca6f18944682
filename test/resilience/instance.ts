import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { Reservation } from '../../src/ports/reservations';
import type { SupportDesk } from '../../src/ports/supportDesk';
import { createSandboxProvider } from '../../src/providers/sandbox';

export const SANDBOX_CLOCK = '2026-06-15T10:00:00Z';

export interface InstanceOptions {
  redisUrl: string;
  prefix: string;
  supportDesk: SupportDesk;
  /** Reservations added to the sandbox tenant's (a load test's many small ones). */
  extraReservations?: (sandbox: ReturnType<typeof createSandboxProvider>) => Promise<Reservation[]>;
  env?: Record<string, string>;
}

/**
 * One bot instance as deployed (HTTP, Redis with the default command deadline, the sandbox tenant), with the
 * support desk outside the process. The recovery worker looks every second, after a 1 s grace.
 */
export async function startInstance(options: InstanceOptions): Promise<{ app: App; url: string }> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    REDIS_URL: options.redisUrl,
    REDIS_KEY_PREFIX: options.prefix,
    SANDBOX_CLOCK,
    SANDBOX_CLOCK_MODE: 'frozen',
    CREDIT_POLL_SECONDS: '3600',
    FILING_RECOVERY_SECONDS: '1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...options.env,
  });
  const sandbox = createSandboxProvider({ now: SANDBOX_CLOCK, clockMode: 'frozen' });
  const extra = options.extraReservations ? await options.extraReservations(sandbox) : [];
  const reservations = {
    listReservations: async (customerId: string) => [
      ...(await sandbox.reservations.listReservations(customerId)),
      ...extra.filter((r) => r.customerId === customerId),
    ],
    getReservation: async (customerId: string, reservationId: string) =>
      extra.find((r) => r.customerId === customerId && r.reservationId === reservationId) ?? sandbox.reservations.getReservation(customerId, reservationId),
  };
  const app = await createApp(config, { provider: { ...sandbox, reservations, supportDesk: options.supportDesk } });
  const { port } = await app.listen();
  return { app, url: `http://127.0.0.1:${port}` };
}
