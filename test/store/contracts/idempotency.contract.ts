import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { InvalidInputError } from '../../../src/errors';
import type { IdempotencyStore } from '../../../src/ports/idempotency';

export interface IdempotencyFixture {
  /** `count` views of one fresh store (own connections where there are any), and a way to let time pass for it. */
  stores(count: number): Promise<{ stores: IdempotencyStore[]; elapse(ms: number): Promise<void> }>;
}

export function idempotencyContract(fixture: () => IdempotencyFixture): void {
  describe('IdempotencyStore contract', () => {
    it('lets the first claim of a key win and refuses every repeat within the TTL', async () => {
      const {
        stores: [store],
      } = await fixture().stores(1);
      const key = `click-${randomUUID()}`;
      assert.equal(await store.claim(key, 60_000), true);
      assert.equal(await store.claim(key, 60_000), false);
      assert.equal(await store.claim(key, 1), false, 'a repeat does not shorten the first claim');
      assert.equal(await store.claim(`${key}-other`, 60_000), true);
    });

    it('frees a key once its TTL has passed', async () => {
      const {
        stores: [store],
        elapse,
      } = await fixture().stores(1);
      const key = `retry-${randomUUID()}`;
      const long = `${key}-long`;
      assert.equal(await store.claim(key, 20), true);
      assert.equal(await store.claim(long, 60_000), true);
      await elapse(60);
      assert.equal(await store.claim(key, 20), true);
      assert.equal(await store.claim(long, 60_000), false);
    });

    it('frees a released key at once, leaves other keys claimed, and accepts releasing an unknown key', async () => {
      const {
        stores: [store, other],
      } = await fixture().stores(2);
      const key = `lock-${randomUUID()}`;
      assert.equal(await store.claim(key, 60_000), true);
      assert.equal(await store.claim(`${key}-kept`, 60_000), true);
      await store.release(key);
      assert.equal(await other.claim(key, 60_000), true, 'another connection can claim it now');
      assert.equal(await other.claim(`${key}-kept`, 60_000), false);
      await store.release(`never-claimed-${randomUUID()}`);
      await assert.rejects(store.release(''), InvalidInputError);
    });

    it('lets exactly one of many simultaneous claims win', async () => {
      const { stores } = await fixture().stores(4);
      const key = `redelivery-${randomUUID()}`;
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => stores[i % stores.length].claim(key, 60_000)));
      assert.equal(results.filter(Boolean).length, 1);
    });

    it('refuses a malformed key or TTL', async () => {
      const {
        stores: [store],
      } = await fixture().stores(1);
      const key = `bad-${randomUUID()}`;
      for (const ttl of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
        await assert.rejects(store.claim(key, ttl), InvalidInputError, `ttl ${ttl}`);
      }
      await assert.rejects(store.claim('', 1000), InvalidInputError);
      assert.equal(await store.claim(key, 1000), true, 'the refused claims claimed nothing');
    });
  });
}
