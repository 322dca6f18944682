import { randomUUID } from 'node:crypto';
import type { Lease, Leases } from '../../ports/leases';
import { assertLease } from '../validation';

/** Leases in process memory (one instance): the same rules as the Redis leases, time from an injected clock. */
export class MemoryLeases implements Leases {
  private readonly held = new Map<string, { token: string; untilMs: number }>();

  constructor(private readonly nowMs: () => number = Date.now) {}

  async acquire(name: string, ttlMs: number): Promise<Lease | undefined> {
    assertLease(name, ttlMs);
    const current = this.held.get(name);
    if (current && this.nowMs() < current.untilMs) return undefined;
    const token = randomUUID();
    this.held.set(name, { token, untilMs: this.nowMs() + ttlMs });
    const mine = () => {
      const now = this.held.get(name);
      return now?.token === token && this.nowMs() < now.untilMs ? now : undefined;
    };
    return {
      release: async () => {
        if (mine()) this.held.delete(name);
      },
      renew: async () => {
        const lease = mine();
        if (lease) lease.untilMs = this.nowMs() + ttlMs;
        return lease !== undefined;
      },
    };
  }
}
