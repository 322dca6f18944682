import assert from 'node:assert/strict';
import { parseSubscriptionText } from '../../dialogs/subscriptionsDialog';
import { deskOnTestAdapter } from './deskHarness';

describe('/subscribe, /subscriptions, /unsubscribe', () => {
  it('subscribes this conversation to topics for one customer or all, lists and ends them, auditing each change', async () => {
    const desk = deskOnTestAdapter();
    await desk.say('ava.lindqvist', '/subscribe expiry, underused alder');
    assert.match(desk.texts().at(-1)!, /• expiry for Alder & Finch Logistics: reservations expiring/);
    assert.match(desk.texts().at(-1)!, /• underused for Alder & Finch Logistics/);
    await desk.say('ava.lindqvist', '/subscribe credits all');
    await desk.say('ava.lindqvist', '/subscribe expiry alder');
    assert.match(desk.texts().at(-1)!, /expiry for Alder & Finch Logistics \(already subscribed\)/);

    const stored = await desk.services.subscriptions.listByConversation('playground:conv-ava.lindqvist');
    // Made within one instant of the test's wall clock, so compared as a set.
    assert.deepEqual(stored.map((s) => `${s.topic} ${s.customerName ?? s.customerId}`).sort(), [
      'credits *',
      'expiry Alder & Finch Logistics',
      'underused Alder & Finch Logistics',
    ]);
    assert.ok(stored.every((s) => s.createdBy.partnerUserId === 'ava.lindqvist'));
    const alderId = stored.find((s) => s.topic === 'expiry')!.customerId;

    await desk.say('ava.lindqvist', '/subscriptions');
    assert.match(desk.texts().at(-1)!, /• credits for all customers/);
    await desk.say('ava.lindqvist', '/unsubscribe underused alder');
    assert.match(desk.texts().at(-1)!, /ended: underused for Alder & Finch Logistics/);
    await desk.say('ava.lindqvist', '/unsubscribe underused alder');
    assert.match(desk.texts().at(-1)!, /there was no underused subscription/);
    assert.deepEqual((await desk.services.subscriptions.listByConversation('playground:conv-ava.lindqvist')).map((s) => s.topic).sort(), ['credits', 'expiry']);

    const audit = await desk.services.audit.list({});
    assert.deepEqual(audit.map((e) => [e.type, e.detail?.topic, e.customerId ?? 'all']).reverse(), [
      ['subscribed', 'expiry', alderId],
      ['subscribed', 'underused', alderId],
      ['subscribed', 'credits', 'all'],
      ['unsubscribed', 'underused', alderId],
    ]);
  });

  it('refuses unknown topics, unknown or ambiguous customers and agents without an acting role, storing nothing', async () => {
    const desk = deskOnTestAdapter();
    await desk.say('ava.lindqvist', '/subscribe weather alder');
    assert.match(desk.texts().at(-1)!, /"weather" is not a topic/);
    await desk.say('ava.lindqvist', '/subscribe');
    assert.match(desk.texts().at(-1)!, /Type \/subscribe followed by one or more topics/);
    await desk.say('ava.lindqvist', '/subscribe expiry nosuchcustomer');
    assert.match(desk.texts().at(-1)!, /No customer matches "nosuchcustomer". Nothing was changed./);
    await desk.say('ava.lindqvist', '/subscribe expiry e');
    assert.match(desk.texts().at(-1)!, /customers match "e" .*Type more/);
    await desk.say('gus.moreno', '/subscribe expiry all');
    assert.match(desk.texts().at(-1)!, /only partner users with one of these roles/);
    assert.deepEqual(await desk.services.subscriptions.listByTopic('expiry'), []);
    const audit = await desk.services.audit.list({});
    assert.deepEqual(
      audit.map((e) => e.type),
      ['refused'],
    );
  });

  it('reads topics before the customer, in any case, with spaces or commas', () => {
    assert.deepEqual(parseSubscriptionText('Expiry,credits  contoso ltd'), { topics: ['expiry', 'credits'], customerText: 'contoso ltd' });
    assert.deepEqual(parseSubscriptionText('underused'), { topics: ['underused'], customerText: '' });
  });
});
