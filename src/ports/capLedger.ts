import type { Decimal } from '../domain/money';
import type { ReadAheadSnapshot } from './readAhead';

export type CapEntryState = 'reserved' | 'credited' | 'released';

/** One refund's claim on a customer's yearly cap. `at` is the filing time; the window is (T − 365 days, T]. */
export interface CapEntry {
  requestId: string;
  customerId: string;
  amountUsd: Decimal;
  at: Date;
  state: CapEntryState;
}

/**
 * Figures as the ledger saw them for this reservation: `consumedUsd` is what counts against a filing at its time
 * (the most counted in any window it falls in, this amount included when granted), `remainingUsd` what the limit
 * leaves of that. A grant keeps its figures: a repeat answers with the first grant's, whatever happened since.
 */
export type ReserveOutcome =
  | { granted: true; entry: CapEntry; consumedUsd: Decimal; remainingUsd: Decimal }
  | { granted: false; reason: 'cap-exceeded'; consumedUsd: Decimal; remainingUsd: Decimal };

/**
 * The cap ledger. `reserve` is an atomic check-and-reserve, idempotent by requestId: a repeat returns the
 * first answer (a refused repeat is re-evaluated, since nothing was written), a repeat with a different
 * customer or amount throws IdempotencyConflictError. Every call names the customer so that a Redis
 * implementation touches only keys sharing the customer's hash tag (Redis Cluster ready).
 */
export interface CapLedger {
  readonly limitUsd: Decimal;
  reserve(customerId: string, requestId: string, amountUsd: Decimal, at: Date): Promise<ReserveOutcome>;
  /** Marks a reservation credited with the credited USD amount (which stays counted). */
  credit(customerId: string, requestId: string, amountUsd: Decimal, at: Date): Promise<CapEntry>;
  /** Frees a reservation (failed or withdrawn request). Idempotent; unknown ids return undefined. */
  release(customerId: string, requestId: string): Promise<CapEntry | undefined>;
  /** USD counted against the cap at time `at`: reserved or credited entries with `at − 365d < entry.at ≤ at`. */
  consumed(customerId: string, at: Date): Promise<Decimal>;
  /** Every entry of a customer, oldest first. */
  /** `readAhead`: the turn's snapshot, which may hold this read's reply (src/ports/readAhead.ts); stores without one ignore it. */
  entries(customerId: string, readAhead?: ReadAheadSnapshot): Promise<CapEntry[]>;
}
