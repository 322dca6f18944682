import type { Decimal } from '../../domain/money';
import { CAP_LIMIT_USD, CAP_WINDOW_MS } from '../../domain/cap';
import type { CapEntry, CapEntryState, CapLedger, ReserveOutcome } from '../../ports/capLedger';
import { byFilingTime, capCannot, capConflict, capNotFound, centsToUsd, usdToCents } from '../capRules';
import { assertInstant, assertTagId } from '../validation';
import { CONSUMED_LUA, CREDIT_LUA, RELEASE_LUA, RESERVE_LUA } from './capScripts';
import { RedisKeys, type RedisClient, type RedisStoreOptions } from './redisKeys';
import { noteStoreWrite, type ReadAheadHints, type ReadAheadSnapshot } from '../../ports/readAhead';
import { passes, type ReadAheadSource, type ScriptRead } from './readAheadReads';

type Script = (...keysThenArgs: string[]) => Promise<unknown>;

/** The commands ioredis adds with defineCommand (EVALSHA, falling back to EVAL when Redis lost the script). */
interface CapCommands {
  deskCapReserve: Script;
  deskCapCredit: Script;
  deskCapRelease: Script;
  deskCapConsumed: Script;
}

const ENTRY = /^(reserved|credited|released)\|(\d+)\|(\d+)\|(-?\d+)(?:\|\d+\|\d+)?$/;

interface ParsedEntry {
  state: CapEntryState;
  reservedCents: string;
  amountCents: string;
  atMs: number;
}

/**
 * The cap ledger on Redis (standalone or Cluster). Each customer's ledger is two keys under the customer's
 * hash tag (see RedisKeys); reserve, credit and release are single Lua scripts over exactly those keys.
 *
 * A cap request id is bound to its first customer by a write-once key under the request id's own tag
 * (SET NX, before the reserve script: a script may only touch one customer's slot). Reusing the id for
 * another customer is then an IdempotencyConflictError; that binding is the only thing a refused reserve
 * leaves behind.
 *
 * Entries are kept for good (listable by entries()): the scripts read only the timeline slice
 * (at − 365 days, at + 365 days), so a long history does not slow them down, and at refund volumes
 * (a handful of filings per customer a year) the space is negligible.
 */
export class RedisCapLedger implements CapLedger, ReadAheadSource {
  readonly limitUsd: Decimal;
  private readonly limitCents: string;
  private readonly keys: RedisKeys;
  private readonly commands: CapCommands;

  constructor(
    readonly redis: RedisClient,
    options: RedisStoreOptions & { limitUsd?: Decimal },
  ) {
    this.keys = new RedisKeys(options.prefix);
    this.limitUsd = options.limitUsd ?? CAP_LIMIT_USD;
    this.limitCents = usdToCents(this.limitUsd, 'limitUsd').toString();
    redis.defineCommand('deskCapReserve', { numberOfKeys: 2, lua: RESERVE_LUA });
    redis.defineCommand('deskCapCredit', { numberOfKeys: 2, lua: CREDIT_LUA });
    redis.defineCommand('deskCapRelease', { numberOfKeys: 2, lua: RELEASE_LUA });
    redis.defineCommand('deskCapConsumed', { numberOfKeys: 2, lua: CONSUMED_LUA, readOnly: true });
    this.commands = redis as unknown as CapCommands;
  }

  async reserve(customerId: string, requestId: string, amountUsd: Decimal, at: Date): Promise<ReserveOutcome> {
    const call = this.reserveCall(customerId, requestId, amountUsd, at);
    noteStoreWrite();
    await this.bindToCustomer(customerId, requestId);
    const reply = (await this.commands.deskCapReserve(...call.keys.slice(1), ...call.args)) as string[];
    return this.reserveOutcome(customerId, requestId, amountUsd, reply);
  }

  /**
   * What a reserve sends, checked: KEYS [owner binding, entries, timeline], ARGV as RESERVE_LUA takes them. The
   * filing script (RedisFilingStore) binds and reserves with these in the same script as the request's creation.
   */
  reserveCall(customerId: string, requestId: string, amountUsd: Decimal, at: Date): { keys: [string, string, string]; args: string[] } {
    assertTagId(customerId, 'customerId');
    assertTagId(requestId, 'requestId');
    const cents = usdToCents(amountUsd, 'amountUsd').toString();
    assertInstant(at, 'at');
    return {
      keys: [this.keys.capOwner(requestId), ...this.customerKeys(customerId)],
      args: [requestId, cents, String(at.getTime()), this.limitCents, String(CAP_WINDOW_MS)],
    };
  }

  /** A reserve script's reply as the port's outcome (a conflicting amount throws). */
  reserveOutcome(customerId: string, requestId: string, amountUsd: Decimal, reply: string[]): ReserveOutcome {
    const [status, raw, consumedCents, remainingCents] = reply;
    if (status === 'conflict') {
      throw capConflict(requestId, 'another amount', {
        customerId,
        reservedUsd: centsToUsd(parseEntry(raw).reservedCents).toFixed(2),
        amountUsd: amountUsd.toFixed(2),
      });
    }
    const figures = { consumedUsd: centsToUsd(consumedCents), remainingUsd: centsToUsd(remainingCents) };
    if (status === 'refused') return { granted: false, reason: 'cap-exceeded', ...figures };
    return { granted: true, entry: toCapEntry(customerId, requestId, raw), ...figures };
  }

  async credit(customerId: string, requestId: string, amountUsd: Decimal, at: Date): Promise<CapEntry> {
    const call = this.creditCall(customerId, requestId, amountUsd, at);
    noteStoreWrite();
    const reply = (await this.commands.deskCapCredit(...call.keys, ...call.args)) as string[];
    return this.creditOutcome(customerId, requestId, amountUsd, reply);
  }

  /** What a credit sends, checked: KEYS [entries, timeline], ARGV as CREDIT_LUA takes them (the credit script's too). */
  creditCall(customerId: string, requestId: string, amountUsd: Decimal, at: Date): { keys: [string, string]; args: string[] } {
    assertTagId(customerId, 'customerId');
    assertTagId(requestId, 'requestId');
    const cents = usdToCents(amountUsd, 'amountUsd').toString();
    // The window counts by filing time, so the credit time does not move the entry (the request keeps creditedAt).
    assertInstant(at, 'at');
    return { keys: this.customerKeys(customerId), args: [requestId, cents] };
  }

  /** A credit script's reply as the port's answer (not found, released or another amount throws). */
  creditOutcome(customerId: string, requestId: string, amountUsd: Decimal, [status, raw]: string[]): CapEntry {
    if (status === 'not-found') throw capNotFound(customerId, requestId);
    const entry = toCapEntry(customerId, requestId, raw);
    if (status === 'illegal') throw capCannot(customerId, entry, 'credited');
    if (status === 'conflict') {
      throw capConflict(requestId, 'another credited amount', {
        customerId,
        creditedUsd: entry.amountUsd.toFixed(2),
        amountUsd: amountUsd.toFixed(2),
      });
    }
    return entry;
  }

  async release(customerId: string, requestId: string): Promise<CapEntry | undefined> {
    assertTagId(customerId, 'customerId');
    assertTagId(requestId, 'requestId');
    noteStoreWrite();
    const [status, raw] = (await this.commands.deskCapRelease(...this.customerKeys(customerId), requestId)) as string[];
    if (status === 'not-found') return undefined;
    const entry = toCapEntry(customerId, requestId, raw);
    if (status === 'illegal') throw capCannot(customerId, entry, 'released');
    return entry;
  }

  async consumed(customerId: string, at: Date): Promise<Decimal> {
    assertTagId(customerId, 'customerId');
    assertInstant(at, 'at');
    const cents = (await this.commands.deskCapConsumed(...this.customerKeys(customerId), String(at.getTime()), String(CAP_WINDOW_MS))) as string;
    return centsToUsd(cents);
  }

  async entries(customerId: string, readAhead?: ReadAheadSnapshot): Promise<CapEntry[]> {
    assertTagId(customerId, 'customerId');
    const key = this.keys.capEntries(customerId);
    const ahead = readAhead?.take(entriesRead(key));
    const fields = ahead ? (ahead.reply as Record<string, string>) : await this.redis.hgetall(key);
    return Object.entries(fields)
      .map(([requestId, raw]) => toCapEntry(customerId, requestId, raw))
      .sort(byFilingTime);
  }

  /**
   * A click naming a customer reads their cap entries with the turn's start (the quote's cap remaining, the filing's
   * re-quote); entries() answers from the turn's snapshot once when given it. The cap check at filing is the reserve script's, never this.
   */
  readAheadFor(hints: ReadAheadHints): ScriptRead[] {
    const { capOf: customerId } = hints;
    if (customerId === undefined || !passes(() => assertTagId(customerId, 'customerId'))) return [];
    const key = this.keys.capEntries(customerId);
    return [{ read: entriesRead(key), key, op: 'hash' }];
  }

  /** Write-once: the first customer to use a cap request id keeps it (the filing script does the same in Lua). */
  private async bindToCustomer(customerId: string, requestId: string): Promise<void> {
    const key = this.keys.capOwner(requestId);
    if ((await this.redis.set(key, customerId, 'NX')) === 'OK') return;
    const owner = await this.redis.get(key);
    if (owner !== null && owner !== customerId) {
      throw capConflict(requestId, 'another customer', { customerId, owner });
    }
  }

  private customerKeys(customerId: string): [string, string] {
    return [this.keys.capEntries(customerId), this.keys.capTimeline(customerId)];
  }
}

/** The snapshot key of reading a customer's entries (HGETALL). */
function entriesRead(key: string): string {
  return `HGETALL ${key}`;
}

function parseEntry(raw: string): ParsedEntry {
  const match = ENTRY.exec(raw);
  if (!match) throw new Error(`corrupt cap entry in Redis: ${raw}`);
  return { state: match[1] as CapEntryState, reservedCents: match[2], amountCents: match[3], atMs: Number(match[4]) };
}

function toCapEntry(customerId: string, requestId: string, raw: string): CapEntry {
  const entry = parseEntry(raw);
  return { requestId, customerId, amountUsd: centsToUsd(entry.amountCents), at: new Date(entry.atMs), state: entry.state };
}
