import { capRemaining, capWindowExitMs, capWindowFigures, type CountedAmount } from '../domain/cap';
import { Decimal } from '../domain/money';
import type { CapEntry, CapLedger } from '../ports/capLedger';

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

const cents = (usd: Decimal): bigint => BigInt(usd.times(100).toFixed(0));
const usd = (amount: bigint): Decimal => new Decimal(amount.toString()).dividedBy(100);

function countedEntries(entries: CapEntry[]): CapEntry[] {
  return entries.filter((entry) => entry.state !== 'released');
}

function asCounted(entries: CapEntry[]): CountedAmount[] {
  return entries.map((entry) => ({ atMs: entry.at.getTime(), cents: cents(entry.amountUsd) }));
}

/**
 * The cap as the ledger sees it at `now` (SPEC section 9, `/cap`): consumed and remaining by the window rule of
 * src/domain/cap.ts, and each counted refund with the moment it stops counting. Released reservations never count.
 */
export async function capStatus(capLedger: CapLedger, customerId: string, now: Date): Promise<CapStatus> {
  const entries = countedEntries(await capLedger.entries(customerId));
  const { peak } = capWindowFigures(asCounted(entries), now.getTime());
  const releases = entries
    .map((entry) => ({ requestId: entry.requestId, amountUsd: entry.amountUsd, filedAt: entry.at, freesAt: new Date(capWindowExitMs(entry.at.getTime())) }))
    .filter((release) => release.freesAt.getTime() > now.getTime())
    .sort((a, b) => a.freesAt.getTime() - b.freesAt.getTime() || (a.requestId < b.requestId ? -1 : 1));
  return { customerId, limitUsd: capLedger.limitUsd, consumedUsd: usd(peak), remainingUsd: capRemaining(usd(peak), capLedger.limitUsd), releases };
}

/**
 * The first instant from `now` at which a refund worth `amountUsd` would fit under the cap in full, by the rule the
 * ledger enforces when it reserves; undefined when it never would (more than the whole cap). `now` itself when it
 * fits already.
 */
export async function fitsInFullAt(capLedger: CapLedger, customerId: string, amountUsd: Decimal, now: Date): Promise<Date | undefined> {
  const counted = asCounted(countedEntries(await capLedger.entries(customerId)));
  if (amountUsd.greaterThan(capLedger.limitUsd)) return undefined;
  // What counts only falls when an amount leaves the window, so those instants are the only candidates.
  const candidates = [now.getTime(), ...counted.map((entry) => capWindowExitMs(entry.atMs)).filter((t) => t > now.getTime())].sort((a, b) => a - b);
  for (const t of candidates) {
    if (capRemaining(usd(capWindowFigures(counted, t).peak), capLedger.limitUsd).greaterThanOrEqualTo(amountUsd)) return new Date(t);
  }
  return undefined;
}
