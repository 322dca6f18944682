import assert from 'node:assert/strict';
import type { Clock } from '../../src/ports/clock';
import { MemoryCapLedger } from '../../src/store/memory/capLedger';
import { MemoryIdempotencyStore } from '../../src/store/memory/idempotency';
import { MemoryLeases } from '../../src/store/memory/leases';
import { MemoryRequestStore } from '../../src/store/memory/requestStore';
import { leasesContract } from './contracts/leases.contract';
import { capLedgerContract } from './contracts/capLedger.contract';
import { idempotencyContract } from './contracts/idempotency.contract';
import { requestStoreContract } from './contracts/requestStore.contract';
import { subscriptionStoreContract } from './contracts/subscriptionStore.contract';
import { MemorySubscriptionStore } from '../../src/store/memory/subscriptions';

/** A clock that moves only when told to. */
function manualClock(start = new Date('2026-03-10T12:00:00.000Z')): Clock & { advance(ms: number): void } {
  let now = start.getTime();
  return { now: () => new Date(now), advance: (ms) => void (now += ms) };
}

describe('in-memory stores', () => {
  // One instance shared by every "connection": Promise.all still interleaves the calls.
  capLedgerContract(() => ({
    ledgers: async (count, limitUsd) => Array<MemoryCapLedger>(count).fill(new MemoryCapLedger({ limitUsd })),
  }));

  requestStoreContract(() => ({
    stores: async (count) => Array<MemoryRequestStore>(count).fill(new MemoryRequestStore()),
  }));

  subscriptionStoreContract(() => ({
    stores: async (count) => Array<MemorySubscriptionStore>(count).fill(new MemorySubscriptionStore()),
  }));

  idempotencyContract(() => ({
    stores: async (count) => {
      const clock = manualClock();
      const store = new MemoryIdempotencyStore(clock);
      return { stores: Array<MemoryIdempotencyStore>(count).fill(store), elapse: async (ms) => clock.advance(ms) };
    },
  }));

  leasesContract(() => ({
    leases: async (count) => {
      const clock = manualClock();
      const leases = new MemoryLeases(() => clock.now().getTime());
      return { leases: Array<MemoryLeases>(count).fill(leases), elapse: async (ms) => clock.advance(ms) };
    },
  }));

  describe('MemoryIdempotencyStore', () => {
    it('holds a claim until more than ttlMs have passed, as Redis PX does', async () => {
      const clock = manualClock();
      const store = new MemoryIdempotencyStore(clock);
      assert.equal(await store.claim('k', 1000), true);
      clock.advance(1000);
      assert.equal(await store.claim('k', 1000), false);
      clock.advance(1);
      assert.equal(await store.claim('k', 1000), true);
    });
  });
});
