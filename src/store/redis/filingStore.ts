import { randomUUID } from 'node:crypto';
import { Decimal } from '../../domain/money';
import type { AuditEvent } from '../../ports/audit';
import { filingLease, type FilingStart, type FilingStore } from '../../ports/filingStore';
import type { Lease } from '../../ports/leases';
import type { NewRequest, RequestPatch, RequestRecord } from '../../ports/requestStore';
import { capConflict } from '../capRules';
import { applyTransition, newRequestRecord, ticketTaken } from '../requestRecords';
import { auditEntryJson, type RedisAuditTrail } from './auditTrail';
import type { RedisCapLedger } from './capLedger';
import { FILING_BEGIN_LUA, FILING_FILED_LUA } from './filingScripts';
import type { RedisLeases } from './leases';
import { luaScript, type LuaScript } from './luaScript';
import { noteStoreWrite } from '../../ports/readAhead';
import type { RedisClient } from './redisKeys';
import type { RedisRequestStore } from './requestStore';

export interface RedisFilingStoreParts {
  requests: RedisRequestStore;
  capLedger: RedisCapLedger;
  leases: RedisLeases;
  audit: RedisAuditTrail;
}

/**
 * A filing's storage work in two round trips on a standalone Redis (filingScripts.ts): before the ticket, the
 * request's creation, its driver lease, the reservation check and the cap reservation; after it, the move to
 * `filed`, its audit event and the lease's release. The stores passed in are the ones the rest of the desk uses,
 * so keys, encodings and checks are theirs. Not for a Cluster (the scripts cross hash slots).
 */
export class RedisFilingStore implements FilingStore {
  /** Each record begin handed out, as the JSON Redis holds: what recordFiled compares against. */
  private readonly storedJson = new WeakMap<RequestRecord, string>();
  /** Leases begin took: their key and token, and whether recordFiled released them. */
  private readonly takenLeases = new WeakMap<Lease, { key: string; token: string; released: boolean }>();
  private readonly beginScript: LuaScript;
  private readonly filedScript: LuaScript;

  constructor(
    redis: RedisClient,
    private readonly parts: RedisFilingStoreParts,
  ) {
    this.beginScript = luaScript(redis, 'deskFilingBegin', 9, FILING_BEGIN_LUA);
    this.filedScript = luaScript(redis, 'deskFilingFiled', 7, FILING_FILED_LUA);
  }

  async begin(request: NewRequest, at: Date, leaseMs: number): Promise<FilingStart> {
    const { requests, capLedger, leases } = this.parts;
    const record = newRequestRecord(request, at);
    const create = requests.createCall(record);
    const leaseName = filingLease(record.id);
    const token = randomUUID();
    const lease = leases.held(leaseName, token, leaseMs);
    const refund = record.kind === 'refund';
    // The cap is reserved at the request's creation time (as FilingService does), the same on every retry.
    const amountUsd = new Decimal(refund ? record.capUsd : 0);
    const cap = capLedger.reserveCall(record.customerId, record.id, amountUsd, new Date(record.createdAt));
    // It creates a request and reserves cap: the turn's read-ahead of those is dropped.
    noteStoreWrite();
    const reply = (await this.beginScript(
      ...create.keys,
      leases.keyOf(leaseName),
      ...cap.keys,
      ...create.args,
      token,
      String(leaseMs),
      refund ? '1' : '0',
      record.customerId,
      ...cap.args,
    )) as string[];
    const [status, ...rest] = reply;
    if (status === 'exists') {
      const first = requests.createdOrFirst(record, 0, rest[0]).record;
      this.storedJson.set(first, rest[0]);
      return { record: first };
    }
    this.storedJson.set(record, create.args[0]);
    if (status === 'lease-busy') return { record, begun: { lease: undefined } };
    const taken = this.taken(lease, leases.keyOf(leaseName), token);
    if (status === 'reservation-busy') {
      // Another request's record (the rare path): read as the step-by-step path would.
      const other = await requests.get(rest[0]);
      return { record, begun: { lease: taken, earlierOpen: other ?? { ...record, id: rest[0], ticketId: undefined } } };
    }
    if (status === 'cap-owner') {
      await taken.release();
      throw capConflict(record.id, 'another customer', { customerId: record.customerId, owner: rest[0] });
    }
    if (status === 'reserved') {
      let reserved;
      try {
        reserved = capLedger.reserveOutcome(record.customerId, record.id, amountUsd, rest);
      } catch (err) {
        await taken.release();
        throw err;
      }
      return { record, begun: { lease: taken, reserved } };
    }
    return { record, begun: { lease: taken } };
  }

  async recordFiled(record: RequestRecord, patch: RequestPatch, at: Date, event: (filed: RequestRecord) => AuditEvent, lease?: Lease): Promise<RequestRecord> {
    const { requests, audit } = this.parts;
    const next = applyTransition(record, 'filed', patch, at);
    const own = lease ? this.takenLeases.get(lease) : undefined;
    const call = requests.transitionCall(this.storedJson.get(record) ?? JSON.stringify(record), next);
    noteStoreWrite();
    const [status, holder] = (await this.filedScript(
      ...call.keys,
      own?.key ?? this.parts.leases.keyOf(filingLease(record.id)),
      audit.streamKey,
      ...call.args,
      own && !own.released ? own.token : '',
      String(audit.maxLength),
      auditEntryJson(event(next)),
    )) as string[];
    if (status === 'ok') {
      if (own) own.released = true;
      return next;
    }
    if (status === 'ticket-taken') throw ticketTaken(next.ticketId ?? '', holder, record.id);
    // The record changed since begin read it: the request store's own loop reads it again and decides.
    const filed = await requests.transition(record.id, 'filed', patch, at);
    await audit.record(event(filed));
    return filed;
  }

  /** A lease begin's script took, whose release() does nothing once recordFiled released it in its script. */
  private taken(lease: Lease, key: string, token: string): Lease {
    const state = { key, token, released: false };
    const wrapped: Lease = {
      release: async () => {
        if (state.released) return;
        state.released = true;
        await lease.release();
      },
      renew: () => lease.renew(),
    };
    this.takenLeases.set(wrapped, state);
    return wrapped;
  }
}
