import type { Logger } from '../log';
import { PeriodicPass } from '../periodicPass';
import { systemClock, type Clock } from '../ports/clock';
import type { Leases } from '../ports/leases';
import type { RequestRecord, RequestStore } from '../ports/requestStore';
import type { FilingService } from './filing';
import { keepLease } from './keepLease';

export interface FilingRecoveryDeps {
  requests: RequestStore;
  filing: Pick<FilingService, 'finishInterrupted'>;
  leases: Leases;
  log: Logger;
  /** Tells the request's conversation how it ended (its receipt, or that nothing was filed). */
  tell(record: RequestRecord, outcome: 'filed' | 'failed'): Promise<void>;
  /** How long a request must have been seen `filing` before it is finished for its driver (real time). */
  graceMs?: number;
  /** Real time: the grace period never follows the provider's business clock (the sandbox's may stand still). */
  wallClock?: Clock;
  /** Requests looked at per run, oldest first. */
  batch?: number;
}

export type RecoveryResult = { requestId: string; outcome: 'filed' | 'failed' | 'busy' | 'retry-later' };

/** One worker at a time across instances (renewed while a run lasts). */
export const RECOVERY_LEASE = 'filing-recovery';
const RECOVERY_LEASE_MS = 60_000;
export const DEFAULT_RECOVERY_GRACE_MS = 2 * 60_000;

/**
 * Finishes filings that a crash or a lost answer left in `filing` (which otherwise keep their cap reservation and
 * block their reservation until an agent happens to click again). A request is taken up only once it has been
 * seen `filing` for the grace period, longer than any live filing takes, and only while no live driver holds its
 * lease; the filing service then settles it from the support desk, audited, and the agent is told where it was
 * filed from.
 */
export class FilingRecovery {
  /** Request id → when this worker first saw it `filing` (ms, wall clock). */
  private readonly firstSeen = new Map<string, number>();
  private readonly periodic: PeriodicPass;

  constructor(private readonly deps: FilingRecoveryDeps) {
    this.periodic = new PeriodicPass(() => this.runOnce(), deps.log, 'filing-recovery: run failed');
  }

  async runOnce(): Promise<RecoveryResult[]> {
    const { requests, leases, log } = this.deps;
    const lease = await leases.acquire(RECOVERY_LEASE, RECOVERY_LEASE_MS);
    if (!lease) return [];
    const stopRenewing = keepLease(lease, RECOVERY_LEASE_MS, log, { lease: RECOVERY_LEASE });
    try {
      const now = (this.deps.wallClock ?? systemClock).now().getTime();
      const filing = await requests.listFiling(this.deps.batch ?? 50);
      const current = new Set(filing.map((record) => record.id));
      for (const id of this.firstSeen.keys()) if (!current.has(id)) this.firstSeen.delete(id);
      const results: RecoveryResult[] = [];
      for (const record of filing) {
        const seenAt = this.firstSeen.get(record.id) ?? now;
        this.firstSeen.set(record.id, seenAt);
        if (now - seenAt < (this.deps.graceMs ?? DEFAULT_RECOVERY_GRACE_MS)) continue;
        results.push(
          await this.finish(record).catch((err: unknown) => {
            // The support desk or the store did not answer: the request stays as it is for the next run.
            log.warn({ requestId: record.id, err: err instanceof Error ? err.message : String(err) }, 'filing-recovery: could not finish; will retry');
            return { requestId: record.id, outcome: 'retry-later' } as const;
          }),
        );
      }
      return results;
    } finally {
      stopRenewing();
      await lease.release();
    }
  }

  private async finish(record: RequestRecord): Promise<RecoveryResult> {
    const outcome = await this.deps.filing.finishInterrupted(record.id);
    if (outcome?.outcome !== 'filed' && outcome?.outcome !== 'failed') return { requestId: record.id, outcome: 'busy' };
    this.firstSeen.delete(record.id);
    try {
      await this.deps.tell(outcome.record, outcome.outcome);
    } catch (err) {
      // The request is settled either way; /requests shows it. A conversation that cannot be reached is logged.
      this.deps.log.warn(
        { requestId: record.id, channel: record.origin.channel, err: err instanceof Error ? err.message : String(err) },
        'filing-recovery: agent not told',
      );
    }
    return { requestId: record.id, outcome: outcome.outcome };
  }

  start(intervalMs: number): void {
    this.periodic.start(intervalMs);
  }

  async stop(): Promise<void> {
    await this.periodic.stop();
  }
}
