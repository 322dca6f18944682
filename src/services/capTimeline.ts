import type { Decimal } from '../domain/money';
import { CAP_WINDOW_MS, type CapEntry, type CapLedger } from '../ports/capLedger';
import { centsToUsd, remainingCents, usdToCents, windowExitMs, windowFigures, type CountedAmount } from '../store/capRules';

/** One past refund still inside the rolling window, and when it leaves it. */
export interface CapRelease {
  requestId: string;
  amountUsd: Decimal;
  filedAt: Date;
  /** The first instant it no longer counts. */
  freesAt: Date;
}

export interface CapStatus {
  customerId: string;
  limitUsd: Decimal;
  /** What the ledger would find counted for a refund filed now (its peak over the windows that refund falls in). */
  consumedUsd: Decimal;
  remainingUsd: Decimal;
  /** Counted refunds, soonest to leave the window first. */
  releases: CapRelease[];
}

function countedEntries(entries: CapEntry[]): CapEntry[] {
  return entries.filter((entry) => entry.state !== 'released');
}

function asCounted(entries: CapEntry[]): CountedAmount[] {
  return entries.map((entry) => ({ atMs: entry.at.getTime(), cents: usdToCents(entry.amountUsd, 'amountUsd') }));
}

/**
 * The cap as the ledger sees it at `now` (SPEC section 9, `/cap`): consumed and remaining by the ledger's own
 * window figures, and each counted refund with the date it stops counting. Released reservations never counted.
 */
export async function capStatus(capLedger: CapLedger, customerId: string, now: Date): Promise<CapStatus> {
  const entries = countedEntries(await capLedger.entries(customerId));
  const counted = asCounted(entries);
  const limit = usdToCents(capLedger.limitUsd, 'limitUsd');
  const { peak } = windowFigures(counted, now.getTime(), CAP_WINDOW_MS);
  const releases = entries
    .map((entry) => ({ requestId: entry.requestId, amountUsd: entry.amountUsd, filedAt: entry.at, freesAt: new Date(windowExitMs(entry.at.getTime(), CAP_WINDOW_MS)) }))
    .filter((release) => release.freesAt.getTime() > now.getTime())
    .sort((a, b) => a.freesAt.getTime() - b.freesAt.getTime() || (a.requestId < b.requestId ? -1 : 1));
  return { customerId, limitUsd: capLedger.limitUsd, consumedUsd: centsToUsd(peak), remainingUsd: centsToUsd(remainingCents(limit, peak)), releases };
}

/**
 * The first instant from `now` at which a refund worth `amountUsd` would fit under the cap in full, by the rule the
 * ledger enforces when it reserves; undefined when it never would (more than the whole cap). `now` itself when
 * it fits already.
 */
export async function fitsInFullAt(capLedger: CapLedger, customerId: string, amountUsd: Decimal, now: Date): Promise<Date | undefined> {
  const counted = asCounted(countedEntries(await capLedger.entries(customerId)));
  const limit = usdToCents(capLedger.limitUsd, 'limitUsd');
  const wanted = usdToCents(amountUsd, 'amountUsd');
  if (wanted > limit) return undefined;
  // What counts only falls when an amount leaves the window, so those instants are the only candidates.
  const candidates = [now.getTime(), ...counted.map((entry) => windowExitMs(entry.atMs, CAP_WINDOW_MS)).filter((t) => t > now.getTime())].sort((a, b) => a - b);
  for (const t of candidates) {
    if (remainingCents(limit, windowFigures(counted, t, CAP_WINDOW_MS).peak) >= wanted) return new Date(t);
  }
  return undefined;
}
