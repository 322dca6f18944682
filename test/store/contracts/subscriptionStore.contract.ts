import assert from 'node:assert/strict';
import { InvalidInputError } from '../../../src/errors';
import { ALL_CUSTOMERS, type NewSubscription, type SubscriptionStore } from '../../../src/ports/subscriptions';

export interface SubscriptionStoreFixture {
  /** `count` views of one fresh, empty store (several connections where the implementation has them). */
  stores(count: number): Promise<SubscriptionStore[]>;
}

const T0 = new Date('2026-06-15T10:00:00.000Z');
const after = (ms: number) => new Date(T0.getTime() + ms);

function subscription(overrides: Partial<NewSubscription> & { conversationId?: string } = {}): NewSubscription {
  const { conversationId = 'conv-1', ...rest } = overrides;
  return {
    topic: 'expiry',
    customerId: 'cust-1',
    customerName: 'Contoso Ltd',
    origin: { channel: 'teams', conversation: { conversation: { id: conversationId }, serviceUrl: 'https://smba.example/emea/' } },
    createdBy: { partnerUserId: 'ava.lindqvist', chatUserId: 'teams:t:ava' },
    ...rest,
  };
}

export function subscriptionStoreContract(fixture: () => SubscriptionStoreFixture): void {
  describe('SubscriptionStore contract', () => {
    it('adds once per conversation, topic and customer; a repeat returns the first', async () => {
      const [store] = await fixture().stores(1);
      const first = await store.add(subscription(), T0);
      assert.equal(first.created, true);
      assert.equal(first.subscription.conversationKey, 'teams:conv-1');
      const again = await store.add(subscription({ customerName: 'Renamed' }), after(1000));
      assert.deepEqual(again, { created: false, subscription: first.subscription });
      await store.add(subscription({ topic: 'underused' }), after(2000));
      await store.add(subscription({ customerId: ALL_CUSTOMERS, customerName: undefined }), after(3000));
      await store.add(subscription({ conversationId: 'conv-2' }), after(4000));
      assert.deepEqual(
        (await store.listByConversation('teams:conv-1')).map((s) => [s.topic, s.customerId]),
        [
          ['expiry', 'cust-1'],
          ['underused', 'cust-1'],
          ['expiry', ALL_CUSTOMERS],
        ],
      );
      assert.deepEqual(
        (await store.listByTopic('expiry')).map((s) => s.conversationKey),
        ['teams:conv-1', 'teams:conv-1', 'teams:conv-2'],
      );
    });

    it("keeps the subscriber's language for the reminders; a subscription made without one has none (English)", async () => {
      const [store] = await fixture().stores(1);
      await store.add(subscription({ locale: 'de' }), T0);
      await store.add(subscription({ conversationId: 'conv-2' }), T0);
      assert.deepEqual(
        (await store.listByTopic('expiry')).map((s) => [s.conversationKey, s.locale]),
        [
          ['teams:conv-1', 'de'],
          ['teams:conv-2', undefined],
        ],
      );
      assert.equal('locale' in (await store.listByConversation('teams:conv-2'))[0], false);
    });

    it('adds once when several instances add the same subscription at the same time', async () => {
      const stores = await fixture().stores(3);
      const results = await Promise.all(stores.map((store) => store.add(subscription(), T0)));
      assert.equal(results.filter((r) => r.created).length, 1);
      assert.equal((await stores[0].listByTopic('expiry')).length, 1);
    });

    it('removes one subscription, or every one of a conversation; removing what is not there answers undefined', async () => {
      const [store] = await fixture().stores(1);
      await store.add(subscription(), T0);
      await store.add(subscription({ topic: 'credits' }), after(1));
      await store.add(subscription({ conversationId: 'conv-2' }), after(2));
      assert.equal((await store.remove('teams:conv-1', 'expiry', 'cust-1'))?.topic, 'expiry');
      assert.equal(await store.remove('teams:conv-1', 'expiry', 'cust-1'), undefined);
      assert.deepEqual(
        (await store.listByConversation('teams:conv-1')).map((s) => s.topic),
        ['credits'],
      );
      assert.deepEqual(
        (await store.removeConversation('teams:conv-1')).map((s) => s.topic),
        ['credits'],
      );
      assert.deepEqual(await store.listByConversation('teams:conv-1'), []);
      assert.equal((await store.listByTopic('expiry')).length, 1, 'other conversations keep theirs');
    });

    it('refuses an unknown topic, a malformed customer id or a conversation without an id, storing nothing', async () => {
      const [store] = await fixture().stores(1);
      await assert.rejects(store.add(subscription({ topic: 'weather' as never }), T0), InvalidInputError);
      await assert.rejects(store.add(subscription({ customerId: '' }), T0), InvalidInputError);
      await assert.rejects(store.add({ ...subscription(), origin: { channel: 'teams', conversation: {} } }, T0), InvalidInputError);
      await assert.rejects(store.remove('teams:conv-1', 'weather' as never, 'cust-1'), InvalidInputError);
      assert.deepEqual(await store.listByConversation('teams:conv-1'), []);
    });
  });
}
