import type { Clock } from '../../ports/clock';
import { systemClock } from '../../ports/clock';
import type { IdempotencyStore } from '../../ports/idempotency';
import { assertIdempotencyClaim } from '../validation';

/** Claims each claim looks at for expiry, going round all claims held (more than one claim adds, so the round ends). */
const SWEEP_PER_CLAIM = 2;

/**
 * Claims in process memory. Time comes from the injected Clock (the system clock by default), so tests and
 * the sandbox can move it. As with Redis' PX, a claim is free again once more than `ttlMs` have passed; expired claims are
 * dropped on their next use, and each claim looks at the next SWEEP_PER_CLAIM claims held for expired ones, so the
 * map does not grow forever and no claim pays for a sweep of all of them (an hour of activity claims at once).
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly expiresAt = new Map<string, number>();
  /** Where the sweep goes on; a Map's iterator survives deletions and sees claims added since it started. */
  private sweep: Iterator<[string, number]> = this.expiresAt.entries();

  constructor(private readonly clock: Clock = systemClock) {}

  async claim(key: string, ttlMs: number): Promise<boolean> {
    assertIdempotencyClaim(key, ttlMs);
    const now = this.clock.now().getTime();
    this.sweepSome(now);
    const expiry = this.expiresAt.get(key);
    if (expiry !== undefined && now <= expiry) return false;
    this.expiresAt.set(key, now + ttlMs);
    return true;
  }

  async release(key: string): Promise<void> {
    assertIdempotencyClaim(key, 1);
    this.expiresAt.delete(key);
  }

  private sweepSome(now: number): void {
    for (let looked = 0; looked < SWEEP_PER_CLAIM; looked++) {
      let next = this.sweep.next();
      if (next.done) {
        // A round ended: the next starts from the oldest claim (none held: nothing to do).
        this.sweep = this.expiresAt.entries();
        next = this.sweep.next();
        if (next.done) return;
      }
      const [key, expiry] = next.value;
      if (expiry < now) this.expiresAt.delete(key);
    }
  }
}
