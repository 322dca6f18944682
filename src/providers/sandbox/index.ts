import { ConfigError } from '../../errors';
import type { Provider } from '../../ports/provider';
import { SandboxCatalog } from './catalog';
import { SandboxCreditFeed } from './creditFeed';
import { SandboxDirectory } from './directory';
import { SandboxReservationManagement } from './management';
import { SandboxReservations } from './reservationSource';
import { loadRosterFile, parseRoster, RosterIndex, type Roster } from '../roster';
import shippedRoster from './roster.json';
import { SandboxClock, type SandboxClockMode } from './sandboxClock';
import { SandboxSupportDesk } from './supportDesk';
import { SandboxSelfService } from './selfService';
import { buildSandboxTenant, type CapHistoryEntry } from './tenantBuilder';

export { SandboxClock, type SandboxClockMode } from './sandboxClock';
export { sandboxCapHistory, type CapHistoryEntry, type SandboxTenant } from './tenantBuilder';
export { PLAYGROUND_TENANT, type Roster, type RosterUser } from '../roster';
export type { SandboxSupportDesk, SandboxTicket } from './supportDesk';
export type { SandboxCreditFeed } from './creditFeed';

export const DEFAULT_CREDIT_DELAY_MS = 5000;

export interface SandboxOptions {
  /** The sandbox's time: an instant or ISO 8601 text with a zone. Unset = real time. */
  now?: Date | string;
  /** `frozen` (default when `now` is set) or `running` (time moves on from `now`, so credits arrive by themselves). */
  clockMode?: SandboxClockMode;
  /** Milliseconds of sandbox time from filing a ticket to its credit. Default 5000. */
  creditDelayMs?: number;
  /** A roster JSON file to use instead of the shipped roster.json. */
  rosterFile?: string;
}

export interface SandboxProvider extends Provider {
  readonly name: 'sandbox';
  /** Settable: `set(at)`, `advance(ms)`. */
  readonly clock: SandboxClock;
  /** Midnight UTC of the sandbox's "today" when the provider was created: the tenant's anchor. */
  readonly today: Date;
  readonly roster: Roster;
  readonly supportDesk: SandboxSupportDesk;
  readonly credits: SandboxCreditFeed;
  /** Refunds given before the sandbox started, oldest first: seed them into the cap ledger (reserve, then credit). */
  capHistory(): CapHistoryEntry[];
}

function creditDelayOf(value: number | undefined): number {
  if (value === undefined) return DEFAULT_CREDIT_DELAY_MS;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ConfigError('SANDBOX_CREDIT_DELAY_MS', `The sandbox credit delay must be a whole number of milliseconds from 0, not ${value}.`);
  }
  return value;
}

/**
 * The sandbox provider: a fictional CSP partner tenant that is the same on every run, anchored on its clock's
 * "today" when created, with a roster, an exchange catalog and a simulated support desk. No timers, no I/O
 * after creation (the roster file is read once, here).
 */
export function createSandboxProvider(options: SandboxOptions = {}): SandboxProvider {
  const creditDelayMs = creditDelayOf(options.creditDelayMs);
  const clock = new SandboxClock({ now: options.now, mode: options.clockMode });
  const roster =
    options.rosterFile === undefined
      ? parseRoster(shippedRoster, '(shipped roster.json)', 'SANDBOX_ROSTER_FILE')
      : loadRosterFile(options.rosterFile, 'SANDBOX_ROSTER_FILE');
  const tenant = buildSandboxTenant(clock.now());
  const reservations = new SandboxReservations(
    tenant.customers.map((c) => c.id),
    tenant.reservations,
  );
  const supportDesk = new SandboxSupportDesk(clock, tenant.customers, reservations, creditDelayMs);
  reservations.unitsReturned = (reservationId) => supportDesk.unitsReturned(reservationId);
  const catalog = new SandboxCatalog(reservations);
  return {
    name: 'sandbox',
    clock,
    get today() {
      return new Date(tenant.today);
    },
    // A copy: the directory resolves from its own, so changing this one changes nothing.
    roster: structuredClone(roster),
    directory: new SandboxDirectory(tenant.customers, new RosterIndex(roster, { playground: true })),
    reservations,
    management: new SandboxReservationManagement(tenant.customers, reservations, tenant.reservations),
    catalog,
    supportDesk,
    credits: new SandboxCreditFeed(clock, supportDesk),
    selfService: new SandboxSelfService(clock, reservations, supportDesk, catalog),
    capHistory: () => tenant.capHistory.map((entry) => ({ ...entry, at: new Date(entry.at) })).sort((a, b) => a.at.getTime() - b.at.getTime()),
    health: async () => ({
      ok: true,
      detail: `sandbox tenant as of ${tenant.today.toISOString().slice(0, 10)}, clock ${clock.mode} at ${clock.now().toISOString()}`,
    }),
    close: async () => undefined,
  };
}
