/**
 * Named leases, one holder at a time across every bot instance: the filing driver of a request, the recovery
 * worker, the credit poller. A lease ends by itself after its TTL if its holder dies, and carries its holder's
 * token: a holder whose lease ran out (a slow call) can never end the lease of the holder that came next.
 */
export interface Leases {
  /** A release function when acquired (it frees the lease only while this holder still has it); undefined when held. */
  acquire(name: string, ttlMs: number): Promise<(() => Promise<void>) | undefined>;
}
