import type { AuditEvent } from './audit';
import type { ReserveOutcome } from './capLedger';
import type { Lease } from './leases';
import type { NewRequest, RequestPatch, RequestRecord } from './requestStore';

/** The lease a request's driver holds (the filing service, or the recovery worker finishing it). */
export function filingLease(requestId: string): string {
  return `filing-lock:${requestId}`;
}

/** What a new request's first storage step did besides creating it. */
export interface FilingBegun {
  /** The request's driver lease (filingLease), taken in the same step; undefined if someone held it already. */
  lease: Lease | undefined;
  /** Another open request for the reservation, seen in the same step: then nothing was reserved. */
  earlierOpen?: RequestRecord;
  /** A refund's cap reservation (bound to its customer, reserved at the creation time), made in the same step. */
  reserved?: ReserveOutcome;
}

export interface FilingStart {
  /** The request as stored: just created, or (when its key was seen before) the first record. */
  record: RequestRecord;
  /** Set only when the request was created now: what was done with it. Absent, nothing else was done. */
  begun?: FilingBegun;
}

/**
 * A filing's storage steps joined, for a store that can take them as one atomic step each side of the ticket (Redis:
 * one script before, one after; src/store/redis/filingStore.ts). Each does exactly what the separate ports would
 * (RequestStore, Leases, CapLedger, AuditTrail), in the order FilingService takes them one by one when it has none.
 */
export interface FilingStore {
  /**
   * Creates the request (idempotent by key). Only when it is new: takes its driver lease for `leaseMs`, looks for
   * another open request for the reservation, and unless there is one, binds and reserves a refund's cap at `at`.
   */
  begin(request: NewRequest, at: Date, leaseMs: number): Promise<FilingStart>;
  /**
   * RequestStore.transition to `filed` with `patch`, and the audit event made from the filed record, together; when
   * `lease` came from begin, it is released with them (its release() then does nothing). Throws as transition does.
   */
  recordFiled(record: RequestRecord, patch: RequestPatch, at: Date, event: (filed: RequestRecord) => AuditEvent, lease?: Lease): Promise<RequestRecord>;
}
