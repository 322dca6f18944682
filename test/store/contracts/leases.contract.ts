import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { InvalidInputError } from '../../../src/errors';
import type { Leases } from '../../../src/ports/leases';

export interface LeasesFixture {
  /** `count` views of one fresh lease store (own connections where there are any), and a way to let time pass for it. */
  leases(count: number): Promise<{ leases: Leases[]; elapse(ms: number): Promise<void> }>;
}

export function leasesContract(fixture: () => LeasesFixture): void {
  describe('Leases contract', () => {
    it('gives a lease to one holder until it is released', async () => {
      const {
        leases: [a, b],
      } = await fixture().leases(2);
      const name = `lease-${randomUUID()}`;
      const lease = await a.acquire(name, 60_000);
      assert.ok(lease);
      assert.equal(await b.acquire(name, 60_000), undefined);
      assert.ok(await b.acquire(`${name}-other`, 60_000), 'other names are free');
      await lease.release();
      assert.ok(await b.acquire(name, 60_000));
    });

    it('keeps a renewed lease past its first TTL, while a lease not renewed ends', async () => {
      const {
        leases: [a, b],
        elapse,
      } = await fixture().leases(2);
      const kept = `lease-${randomUUID()}`;
      const lapsed = `${kept}-lapsed`;
      const keptLease = await a.acquire(kept, 60);
      assert.ok(keptLease);
      assert.ok(await a.acquire(lapsed, 60));
      await elapse(40);
      assert.equal(await keptLease.renew(), true);
      await elapse(40);
      assert.equal(await b.acquire(kept, 60_000), undefined, 'renewed: still held 80 ms after a 60 ms lease began');
      assert.ok(await b.acquire(lapsed, 60_000), 'not renewed: over');
    });

    it("ends a lease whose holder died, and a late release by that holder leaves the next holder's lease alone", async () => {
      const {
        leases: [a, b, c],
        elapse,
      } = await fixture().leases(3);
      const name = `lease-${randomUUID()}`;
      const stale = await a.acquire(name, 20);
      assert.ok(stale);
      await elapse(60);
      const next = await b.acquire(name, 60_000);
      assert.ok(next, 'the expired lease was free');
      assert.equal(await stale.renew(), false, 'the late holder cannot extend it either');
      await stale.release();
      assert.equal(await c.acquire(name, 60_000), undefined, "the late release did not free the next holder's lease");
    });

    it('lets exactly one of many simultaneous acquisitions win', async () => {
      const { leases } = await fixture().leases(3);
      const name = `lease-${randomUUID()}`;
      const outcomes = await Promise.all(Array.from({ length: 30 }, (_, i) => leases[i % leases.length].acquire(name, 60_000)));
      assert.equal(outcomes.filter(Boolean).length, 1);
    });

    it('refuses a malformed name or TTL', async () => {
      const {
        leases: [a],
      } = await fixture().leases(1);
      for (const [name, ttl] of [
        ['', 1000],
        ['{tag}', 1000],
        ['a b', 1000],
        ['ok', 0],
        ['ok', 1.5],
      ] as const) {
        await assert.rejects(a.acquire(name, ttl), InvalidInputError, `${name} ${ttl}`);
      }
    });
  });
}
