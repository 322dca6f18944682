import assert from 'node:assert/strict';
import type { SandboxProvider } from '../../src/providers/sandbox';
import { Decimal } from '../../src/domain/money';
import type { Provider } from '../../src/ports/provider';
import type { RefundEstimate } from '../../src/ports/reservations';
import { actionsOf, deskOnTestAdapter, type Json } from './deskHarness';

describe('DeskBot turn handling', () => {
  it('explains the current step on help and the commands otherwise', async () => {
    const desk = deskOnTestAdapter();
    await desk.say('ava.lindqvist', 'help');
    assert.match(desk.texts().at(-1)!, /\/exchange \[customer\]/);
    await desk.say('ava.lindqvist', '/refund');
    await desk.say('ava.lindqvist', 'help');
    assert.match(desk.texts().at(-1)!, /^Pick the customer/);
  });

  it('explains a quote with the buttons it has: no "Exchange instead" unless capped, "Update quote" for several units', async () => {
    const desk = deskOnTestAdapter();
    await desk.say('ava.lindqvist', '/refund alder');
    await desk.say('ava.lindqvist', 'af-sql');
    await desk.say('ava.lindqvist', 'help');
    const single = desk.texts().at(-1)!;
    assert.match(single, /"Continue" asks for your contact details/);
    assert.doesNotMatch(single, /Exchange instead|Update quote/);
    await desk.say('ava.lindqvist', '/refund alder');
    await desk.say('ava.lindqvist', 'af-batch');
    await desk.say('ava.lindqvist', 'help');
    assert.match(desk.texts().at(-1)!, /"Update quote" to return only some/);
  });

  it('ends a flow left idle past the timeout and says so when the agent comes back', async () => {
    const desk = deskOnTestAdapter();
    await desk.say('ava.lindqvist', '/refund');
    const picker = desk.lastCard();
    desk.advanceWallClock(31 * 60_000);
    const pick = actionsOf(picker).find((a) => (a.data as Json).action === 'pick')!;
    await desk.click('ava.lindqvist', pick.data as Json);
    assert.match(desk.texts().join('\n'), /\/refund flow expired after 30 minutes without activity\. Nothing was filed/);
    // The click that came too late did not go on to the reservation picker.
    assert.equal(JSON.stringify(desk.lastCard()).includes('Reservations of'), false);
  });

  it('keeps a flow that is used within the timeout', async () => {
    const desk = deskOnTestAdapter();
    await desk.say('ava.lindqvist', '/refund alder');
    desk.advanceWallClock(29 * 60_000);
    await desk.say('ava.lindqvist', 'af-sql');
    assert.match(JSON.stringify(desk.lastCard()), /Refund quote/);
  });

  it('says there is nothing to cancel outside a flow, and refuses users not on the roster', async () => {
    const desk = deskOnTestAdapter();
    await desk.say('ava.lindqvist', 'cancel');
    assert.equal(desk.texts().at(-1), 'There is nothing to cancel.');
    await desk.say('mallory', '/exchange');
    assert.match(desk.texts().at(-1)!, /not on this partner's roster/);
    const refused = await desk.services.audit.list({ type: 'refused' });
    assert.equal(refused.length, 1);
  });

  it('shows a reservation overview with its IDs and a portal link', async () => {
    const desk = deskOnTestAdapter();
    await desk.say('chloe.dubois', '/reservation kestrel');
    await desk.say('chloe.dubois', 'kh-legacy');
    const card = JSON.stringify(desk.lastCard());
    assert.match(card, /Reservation order ID/);
    assert.match(card, /Action\.OpenUrl/);
    assert.match(card, /https:\/\/portal\.azure\.com\/#resource\/providers\/Microsoft\.Capacity\/reservationOrders\//);
  });

  it('lists requests for a customer, saying when the text matched several customers', async () => {
    const desk = deskOnTestAdapter();
    await desk.say('ava.lindqvist', '/requests onmicrosoft');
    assert.match(desk.texts().at(-1)!, /^7 customers match "onmicrosoft"; showing .+\. Type more of the name/);
    assert.match(JSON.stringify(desk.lastCard()), /Requests for .+No requests yet/);
  });

  it('shows Microsoft\'s own refund figures beside the quote when the provider has them, and a policy answer as a note', async () => {
    const asked: number[] = [];
    const withEstimate = (sandbox: Provider): Provider => ({
      ...sandbox,
      reservations: {
        listReservations: (c) => sandbox.reservations.listReservations(c),
        getReservation: (c, r) => sandbox.reservations.getReservation(c, r),
        estimateRefund: async (_c, reservationId, quantity): Promise<RefundEstimate> => {
          asked.push(quantity);
          return {
            reservationId,
            quantity,
            refund: { amount: new Decimal('4507.50'), currency: 'EUR' },
            maxRefundLimit: { amount: new Decimal('50000'), currency: 'USD' },
            consumedRefundsTotal: { amount: new Decimal('1200'), currency: 'USD' },
            warnings: [{ code: 'azure-policy', azureCode: 'SelfServiceRefundNotSupported', message: 'Self-service refunds are not supported for this reservation.' }],
          };
        },
      },
    });
    const desk = deskOnTestAdapter(withEstimate);
    await desk.say('ava.lindqvist', '/refund alder');
    await desk.say('ava.lindqvist', 'af-sql');
    const card = JSON.stringify(desk.lastCard());
    assert.deepEqual(asked, [1]);
    assert.match(card, /"title":"Microsoft's refund estimate","value":"4,507.50 EUR"/);
    assert.match(card, /"title":"Microsoft's refund limit","value":"50,000.00 USD"/);
    assert.match(card, /"title":"Refunds Microsoft has counted","value":"1,200.00 USD"/);
    assert.match(card, /Self-service refunds are not supported/);
    assert.match(card, /"title":"Continue"/, 'the policy answer does not block filing');
  });

  it('hands a capped refund over to an exchange, and a cancel then closes the exchange\'s open card', async () => {
    const desk = deskOnTestAdapter();
    for (const entry of (desk.services.provider as SandboxProvider).capHistory()) await desk.services.capLedger.reserve(entry.customerId, entry.requestId, entry.amountUsd, entry.at);
    await desk.say('ava.lindqvist', '/refund brightwater');
    await desk.say('ava.lindqvist', 'd16s');
    const exchangeInstead = actionsOf(desk.lastCard()).find((a) => a.title === 'Exchange instead')!;
    await desk.click('ava.lindqvist', exchangeInstead.data as Json);
    const picker = desk.lastCard();
    assert.match(JSON.stringify(picker), /Choose the replacement/);
    const pickerId = desk.sent.filter((a) => a.attachments?.length).at(-1)!.id;
    await desk.say('ava.lindqvist', 'cancel');
    assert.match(desk.texts().at(-1)!, /Cancelled the \/exchange flow/);
    const closed = desk.updated.find((a) => a.id === pickerId);
    assert.ok(closed, 'the replacement picker was replaced by its answered form');
    assert.match(JSON.stringify(closed.attachments?.[0]?.content), /Cancelled/);
  });

  it('does not let an ineligible reservation be picked by typing its name', async () => {
    const desk = deskOnTestAdapter();
    await desk.say('dev.raman', '/refund alder');
    await desk.say('dev.raman', 'af-databricks');
    assert.match(desk.texts().at(-1)!, /cannot be chosen: this product type cannot be refunded or exchanged/);
  });
});
