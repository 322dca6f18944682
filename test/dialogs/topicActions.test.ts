import assert from 'node:assert/strict';
import { TOPIC_CARD_ID } from '../../src/cards/topicCards';
import { deskOnTestAdapter } from './deskHarness';

describe('buttons on reminders and digests', () => {
  async function kestrelVpn(desk: ReturnType<typeof deskOnTestAdapter>) {
    const customer = (await desk.services.provider.directory.searchCustomers('kestrel', 0, 1)).items[0];
    const reservation = (await desk.services.provider.reservations.listReservations(customer.id)).find((r) => r.displayName === 'kh-vpn-d2s-expiring')!;
    return { customerId: customer.id, reservationId: reservation.reservationId };
  }

  it('open the overview, or quote an exchange, for the reservation the entry names', async () => {
    const desk = deskOnTestAdapter();
    const ids = await kestrelVpn(desk);
    await desk.click('ava.lindqvist', { rd: TOPIC_CARD_ID, action: 'topic-overview', label: 'Open the overview', ...ids });
    assert.match(JSON.stringify(desk.lastCard()), /"text":"kh-vpn-d2s-expiring"/);
    assert.match(JSON.stringify(desk.lastCard()), new RegExp(ids.reservationId));
    await desk.click('ava.lindqvist', { rd: TOPIC_CARD_ID, action: 'topic-exchange', label: 'Quote an exchange', ...ids });
    assert.match(JSON.stringify(desk.lastCard()), /Choose the replacement/);
  });

  it('show the renewal or the scope of the reservation the entry names, ready to change', async () => {
    const desk = deskOnTestAdapter();
    const ids = await kestrelVpn(desk);
    const settings = await desk.services.provider.management.settings(ids.customerId, ids.reservationId);
    assert.ok(settings);
    await desk.click('ava.lindqvist', { rd: TOPIC_CARD_ID, action: 'topic-renew', label: 'Renewal', ...ids });
    const renewal = JSON.stringify(desk.lastCard());
    assert.match(renewal, /kh-vpn-d2s-expiring/);
    assert.match(renewal, settings.renew ? /Turn renewal off/ : /Turn renewal on/);
    await desk.click('ava.lindqvist', { rd: TOPIC_CARD_ID, action: 'topic-scope', label: 'Change scope', ...ids });
    const scope = JSON.stringify(desk.lastCard());
    assert.match(scope, /kh-vpn-d2s-expiring/);
    assert.match(scope, /Single subscription/);
  });

  it('refuses an agent without an acting role, and ignores a forged action', async () => {
    const desk = deskOnTestAdapter();
    const ids = await kestrelVpn(desk);
    await desk.click('gus.moreno', { rd: TOPIC_CARD_ID, action: 'topic-overview', ...ids });
    assert.match(desk.texts().at(-1)!, /only partner users with one of these roles/);
    const cards = desk.sent.filter((a) => a.attachments?.length).length;
    await desk.click('ava.lindqvist', { rd: TOPIC_CARD_ID, action: 'file', ...ids });
    assert.equal(desk.sent.filter((a) => a.attachments?.length).length, cards, 'no flow started');
    assert.match(desk.texts().at(-1)!, /already answered or has expired/);
  });
});
