import type { Clock } from '../../ports/clock';
import { systemClock } from '../../ports/clock';
import type { IdempotencyStore } from '../../ports/idempotency';
import { assertIdempotencyClaim } from '../validation';

const SWEEP_EVERY_CLAIMS = 1000;

/**
 * Claims in process memory. Time comes from the injected Clock (the system clock by default), so tests and
 * the sandbox can move it. As with Redis' PX, a claim is free again once more than `ttlMs` have passed; expired claims are
 * dropped on their next use and swept every SWEEP_EVERY_CLAIMS claims, so the map does not grow forever.
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly expiresAt = new Map<string, number>();
  private claimsSinceSweep = 0;

  constructor(private readonly clock: Clock = systemClock) {}

  async claim(key: string, ttlMs: number): Promise<boolean> {
    assertIdempotencyClaim(key, ttlMs);
    const now = this.clock.now().getTime();
    this.sweepNowAndThen(now);
    const expiry = this.expiresAt.get(key);
    if (expiry !== undefined && now <= expiry) return false;
    this.expiresAt.set(key, now + ttlMs);
    return true;
  }

  async release(key: string): Promise<void> {
    assertIdempotencyClaim(key, 1);
    this.expiresAt.delete(key);
  }

  private sweepNowAndThen(now: number): void {
    if (++this.claimsSinceSweep < SWEEP_EVERY_CLAIMS) return;
    this.claimsSinceSweep = 0;
    for (const [key, expiry] of this.expiresAt) if (expiry < now) this.expiresAt.delete(key);
  }
}
