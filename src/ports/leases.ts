/**
 * Named leases, one holder at a time across every bot instance: the filing driver of a request, the recovery
 * worker, the credit poller. A lease ends by itself after its TTL if its holder dies, and carries its holder's
 * token: a holder whose lease ran out (a slow call) can never end or extend the lease of the holder that came next.
 */
export interface Lease {
  /** Frees the lease, only while this holder still has it. */
  release(): Promise<void>;
  /** Extends the lease to its TTL from now, only while this holder still has it; false when it was lost. */
  renew(): Promise<boolean>;
}

export interface Leases {
  /** The lease when acquired; undefined while someone else holds it. */
  acquire(name: string, ttlMs: number): Promise<Lease | undefined>;
}
