import type { Decimal } from '../../domain/money';
import { CAP_LIMIT_USD, capWindowFigures, capWindowSum, type CountedAmount } from '../../domain/cap';
import type { CapEntry, CapEntryState, CapLedger, ReserveOutcome } from '../../ports/capLedger';
import { byFilingTime, capCannot, capConflict, capNotFound, centsToUsd, remainingCents, usdToCents } from '../capRules';
import { assertInstant, assertTagId } from '../validation';

interface StoredEntry {
  requestId: string;
  state: CapEntryState;
  /** The amount first reserved: what a repeated reserve is compared with, even after a credit. */
  reservedCents: bigint;
  /** What counts now: the reserved amount, or the credited one. */
  amountCents: bigint;
  atMs: number;
  /** The figures the grant answered with, so a repeat answers alike. */
  consumedCents: bigint;
  remainingCents: bigint;
}

/**
 * The cap ledger in process memory (a laptop trying the bot out, and the twin the contract suite holds the
 * Redis ledger to). Every method does its whole read-check-write without awaiting, which is what makes it
 * atomic on Node's single thread. Entries are kept for good, like the Redis ledger's (see there).
 */
export class MemoryCapLedger implements CapLedger {
  readonly limitUsd: Decimal;
  private readonly limitCents: bigint;
  private readonly byCustomer = new Map<string, Map<string, StoredEntry>>();
  /** requestId → the customer it was first reserved for, so reuse for another customer is a conflict. */
  private readonly owners = new Map<string, string>();

  constructor(options: { limitUsd?: Decimal } = {}) {
    this.limitUsd = options.limitUsd ?? CAP_LIMIT_USD;
    this.limitCents = usdToCents(this.limitUsd, 'limitUsd');
  }

  async reserve(customerId: string, requestId: string, amountUsd: Decimal, at: Date): Promise<ReserveOutcome> {
    assertTagId(customerId, 'customerId');
    assertTagId(requestId, 'requestId');
    const cents = usdToCents(amountUsd, 'amountUsd');
    assertInstant(at, 'at');

    const owner = this.owners.get(requestId);
    if (owner !== undefined && owner !== customerId) throw capConflict(requestId, 'another customer', { customerId, owner });
    this.owners.set(requestId, customerId);

    const entries = this.entriesOf(customerId);
    const existing = entries.get(requestId);
    if (existing) {
      if (existing.reservedCents !== cents) {
        throw capConflict(requestId, 'another amount', {
          customerId,
          reservedUsd: centsToUsd(existing.reservedCents).toFixed(2),
          amountUsd: amountUsd.toFixed(2),
        });
      }
      return granted(customerId, existing);
    }

    const { peak } = capWindowFigures(counted(entries), at.getTime());
    if (peak + cents > this.limitCents) {
      return {
        granted: false,
        reason: 'cap-exceeded',
        consumedUsd: centsToUsd(peak),
        remainingUsd: centsToUsd(remainingCents(this.limitCents, peak)),
      };
    }
    const entry: StoredEntry = {
      requestId,
      state: 'reserved',
      reservedCents: cents,
      amountCents: cents,
      atMs: at.getTime(),
      consumedCents: peak + cents,
      remainingCents: remainingCents(this.limitCents, peak + cents),
    };
    this.byCustomer.set(customerId, entries.set(requestId, entry));
    return granted(customerId, entry);
  }

  async credit(customerId: string, requestId: string, amountUsd: Decimal, at: Date): Promise<CapEntry> {
    assertTagId(customerId, 'customerId');
    assertTagId(requestId, 'requestId');
    const cents = usdToCents(amountUsd, 'amountUsd');
    // The window counts by filing time, so the credit time does not move the entry (the request keeps creditedAt).
    assertInstant(at, 'at');
    const entry = this.entriesOf(customerId).get(requestId);
    if (!entry) throw capNotFound(customerId, requestId);
    if (entry.state === 'released') throw capCannot(customerId, entry, 'credited');
    if (entry.state === 'credited') {
      if (entry.amountCents !== cents) {
        throw capConflict(requestId, 'another credited amount', {
          customerId,
          creditedUsd: centsToUsd(entry.amountCents).toFixed(2),
          amountUsd: amountUsd.toFixed(2),
        });
      }
      return toCapEntry(customerId, entry);
    }
    entry.state = 'credited';
    entry.amountCents = cents;
    return toCapEntry(customerId, entry);
  }

  async release(customerId: string, requestId: string): Promise<CapEntry | undefined> {
    assertTagId(customerId, 'customerId');
    assertTagId(requestId, 'requestId');
    const entry = this.entriesOf(customerId).get(requestId);
    if (!entry) return undefined;
    if (entry.state === 'credited') throw capCannot(customerId, entry, 'released');
    entry.state = 'released';
    return toCapEntry(customerId, entry);
  }

  async consumed(customerId: string, at: Date): Promise<Decimal> {
    assertTagId(customerId, 'customerId');
    assertInstant(at, 'at');
    return centsToUsd(capWindowSum(counted(this.entriesOf(customerId)), at.getTime()));
  }

  async entries(customerId: string): Promise<CapEntry[]> {
    assertTagId(customerId, 'customerId');
    return [...this.entriesOf(customerId).values()].map((entry) => toCapEntry(customerId, entry)).sort(byFilingTime);
  }

  /** A customer's entries (a new, unkept map for a customer without any: reads store nothing). */
  private entriesOf(customerId: string): Map<string, StoredEntry> {
    return this.byCustomer.get(customerId) ?? new Map();
  }
}

function counted(entries: Map<string, StoredEntry>): CountedAmount[] {
  const list: CountedAmount[] = [];
  for (const entry of entries.values()) {
    if (entry.state !== 'released') list.push({ atMs: entry.atMs, cents: entry.amountCents });
  }
  return list;
}

/** A grant's answer: the figures kept from the first grant, so a repeat answers like the first. */
function granted(customerId: string, entry: StoredEntry): ReserveOutcome {
  return { granted: true, entry: toCapEntry(customerId, entry), consumedUsd: centsToUsd(entry.consumedCents), remainingUsd: centsToUsd(entry.remainingCents) };
}

function toCapEntry(customerId: string, entry: StoredEntry): CapEntry {
  return {
    requestId: entry.requestId,
    customerId,
    amountUsd: centsToUsd(entry.amountCents),
    at: new Date(entry.atMs),
    state: entry.state,
  };
}
