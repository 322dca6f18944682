import assert from 'node:assert/strict';
import { money } from '../../src/cards/format';
import type { App } from '../../src/app';
import type { SandboxProvider } from '../../src/providers/sandbox';
import { quoteRefund } from '../../src/services/quoting';
import { StandInConnector } from './standInConnector';
import { TeamsClient, AVA, CONTACT, actionTitlesOf, cardsOf, factsOf } from './teamsClient';
import { dropPrefix, startBot, testPrefix } from './teamsApp';

const SANDBOX_CLOCK = '2026-06-15T10:00:00Z';

/**
 * Azure's own return (SPEC section 6) over HTTP: Teams stand-in connector, real Redis, the sandbox's
 * self-service desk (docs/sandbox.md lists which reservations Azure returns itself).
 */
describe('e2e: Return now through Azure (sandbox, Teams, Redis)', function () {
  this.timeout(30000);
  const connector = new StandInConnector();
  let connectorUrl: string;
  let prefix: string;
  let bot: { app: App; url: string };

  before(async () => {
    connectorUrl = await connector.start();
  });
  after(async () => connector.stop());
  beforeEach(async () => {
    prefix = testPrefix();
    // The test drives credit polling itself.
    bot = await startBot({ REDIS_KEY_PREFIX: prefix, SANDBOX_CLOCK, CREDIT_POLL_SECONDS: '3600' });
    await bot.app.notifications.stop();
  });
  afterEach(async () => {
    await bot.app.close();
    await dropPrefix(prefix);
  });

  const reservationNamed = async (customer: string, name: string) => {
    const id = (await bot.app.services.provider.directory.searchCustomers(customer, 0, 1)).items[0].id;
    return (await bot.app.services.provider.reservations.listReservations(id)).find((r) => r.displayName === name)!;
  };

  it("returns a capable reservation at once: Azure's figures beside ours, the cap taken as a ticket takes it, one credit notice", async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    await ava.say('/refund lumen');
    await ava.click('Choose lr-redis-p2-unused');
    await ava.click('Continue');
    const confirm = ava.lastCard();
    assert.deepEqual(actionTitlesOf(confirm), ['File a support request', 'Return now through Azure', 'Cancel']);

    const reservation = await reservationNamed('lumen', 'lr-redis-p2-unused');
    const { json: ours } = await quoteRefund(bot.app.services, reservation, new Date(SANDBOX_CLOCK));
    // Azure's self-service rule: paid minus the term used, no fee (the azure-2023 preset).
    const { json: azure } = await quoteRefund({ ...bot.app.services, policy: 'azure-2023' }, reservation, new Date(SANDBOX_CLOCK));
    assert.match(JSON.stringify(confirm), new RegExp(`Azure refunds ${money(azure.credit, 'USD').replace('.', '\\.')}`));

    await ava.click('Return now through Azure');
    const receipt = factsOf(ava.lastCard());
    assert.match(JSON.stringify(ava.lastCard()), /Returned through Azure/);
    assert.equal(receipt["Azure's refund"], money(azure.credit, 'USD'));
    assert.equal(receipt['Our quote’s refund'], money(ours.refund, 'USD'));
    assert.match(receipt.Difference, /more than the quote: Azure's own return charges no early termination fee/);
    assert.match(receipt['Azure return'], /^return:/);
    assert.equal(receipt['Settled by'], 'Azure’s own return (no support ticket)');

    const [request] = await bot.app.services.requests.listByCustomer(reservation.customerId);
    assert.equal(request.state, 'filed');
    assert.equal(request.settleVia, 'azure-return');
    assert.equal(request.settlement?.via === 'azure-return' ? request.settlement.figures.refund?.amount : undefined, azure.credit);
    // The cap holds Azure's refund (USD), reserved at the request's creation like a ticket's.
    const [entry] = (await bot.app.services.capLedger.entries(reservation.customerId)).filter((e) => e.requestId === request.id);
    assert.equal(entry.state, 'reserved');
    assert.equal(entry.amountUsd.toFixed(2), azure.credit);
    assert.equal(request.capUsd, azure.credit);

    // The sandbox's back office credits the return at once: one poll, one notice, the cap entry credited.
    const before = connector.activities(ava.conversationId).length;
    const polled = await bot.app.notifications.sync.runOnce();
    assert.equal(polled.notified, 1);
    assert.deepEqual(await bot.app.notifications.worker.runOnce(), ['sent']);
    await bot.app.notifications.sync.runOnce();
    assert.deepEqual(await bot.app.notifications.worker.runOnce(), []);
    const posted = connector.activities(ava.conversationId).slice(before);
    assert.equal(posted.length, 1);
    assert.match(JSON.stringify(cardsOf(posted[0].activity)), new RegExp(`Microsoft credited ${money(azure.credit, 'USD').replace('.', '\\.')}`));
    const credited = await bot.app.services.requests.get(request.id);
    assert.equal(credited?.state, 'credited');
    assert.equal(credited?.creditedAmount, azure.credit);
    const [after] = (await bot.app.services.capLedger.entries(reservation.customerId)).filter((e) => e.requestId === request.id);
    assert.equal(after.state, 'credited');
    assert.equal(after.amountUsd.toFixed(2), azure.credit);
    // The units show returned, so the reservation cannot be picked again.
    assert.equal((await reservationNamed('lumen', 'lr-redis-p2-unused')).state, 'Cancelled');
  });

  it('returns once for a double click and a redelivery of "Return now", and a later "File request" click of the same card files nothing', async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    await ava.say('/refund tidewater');
    await ava.click('Choose tw-web-d2s-split-a');
    await ava.click('Continue');
    const first = ava.clickActivity('Return now through Azure');
    const second = ava.clickActivity('Return now through Azure');
    const fileInstead = ava.clickActivity('File a support request', CONTACT);
    assert.deepEqual(await Promise.all([ava.post(first), ava.post(second)]), [200, 200]);
    assert.equal(await ava.post(first), 200);
    assert.equal(await ava.post(fileInstead), 200);

    const reservation = await reservationNamed('tidewater', 'tw-web-d2s-split-a');
    const requests = await bot.app.services.requests.listByCustomer(reservation.customerId);
    assert.equal(requests.length, 1);
    assert.equal(requests[0].settleVia, 'azure-return');
    const provider = bot.app.services.provider as SandboxProvider;
    assert.equal(provider.supportDesk.tickets().length, 1, 'one return, and no support ticket');
    assert.equal((await bot.app.services.capLedger.entries(reservation.customerId)).filter((e) => e.state !== 'released').length, 1);
    const polled = await bot.app.notifications.sync.runOnce();
    assert.equal(polled.notified, 1);
    assert.equal((await bot.app.services.requests.get(requests[0].id))?.creditedAmount, requests[0].confirmedAzureRefund?.amount);
  });

  it("offers only the support request where Azure refuses (SelfServiceRefundNotSupported), with Azure's reason", async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    await ava.say('/refund tidewater');
    await ava.click('Choose tw-web-d2s-split-b');
    await ava.click('Continue');
    const confirm = ava.lastCard();
    assert.deepEqual(actionTitlesOf(confirm), ['File request', 'Cancel']);
    assert.match(
      JSON.stringify(confirm),
      /Azure's own return is not available: Self-service refund is not supported for this reservation\. \(SelfServiceRefundNotSupported\)/,
    );
    // A forged "Return now" click on this card changes nothing.
    const forged = ava.clickActivity('File request', { ...CONTACT, action: 'azure-now' });
    assert.equal(await ava.post(forged), 200);
    const requests = await bot.app.services.requests.listByCustomer((await reservationNamed('tidewater', 'tw-web-d2s-split-b')).customerId);
    assert.equal(requests.length, 0);
  });

  it('exchanges a capable reservation through Azure: the receipt names the new reservation order and reservations; the credit notice follows', async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    await ava.say('/exchange alder');
    await ava.click('Choose af-web-d4s-fresh');
    const offered = JSON.stringify(ava.lastCard()).match(/"choices":\[\{"title":"[^"]*","value":"([^"]+)"/)![1];
    await ava.click('Quote exchange', { replacementId: offered, quantity: '200' });
    await ava.click('Continue');
    assert.deepEqual(actionTitlesOf(ava.lastCard()), ['File a support request', 'Exchange now through Azure', 'Cancel']);
    await ava.click('Exchange now through Azure');

    const reservation = await reservationNamed('alder', 'af-web-d4s-fresh');
    const [request] = await bot.app.services.requests.listByCustomer(reservation.customerId);
    assert.equal(request.kind, 'exchange');
    assert.equal(request.settleVia, 'azure-exchange');
    const settlement = request.settlement?.via === 'azure-exchange' ? request.settlement : undefined;
    assert.ok(settlement?.newReservationOrderId);
    const receipt = factsOf(ava.lastCard());
    assert.match(JSON.stringify(ava.lastCard()), /Exchanged through Azure/);
    assert.equal(receipt['New reservation order ID'].replace(/\\/g, ''), settlement.newReservationOrderId);
    assert.equal(receipt['New reservation IDs'].replace(/\\/g, ''), settlement.newReservationIds.join(', '));
    assert.equal(receipt['Azure status'], 'Succeeded (final)');
    // Within 5 days without usage our csp-2020 credit is everything paid; Azure refunds the prorated value.
    assert.match(receipt.Difference, /less than the quote/);
    // Exchanges do not count against the cap.
    assert.equal((await bot.app.services.capLedger.consumed(reservation.customerId, new Date(SANDBOX_CLOCK))).toFixed(2), '0.00');

    const before = connector.activities(ava.conversationId).length;
    assert.equal((await bot.app.notifications.sync.runOnce()).notified, 1);
    assert.deepEqual(await bot.app.notifications.worker.runOnce(), ['sent']);
    const posted = connector.activities(ava.conversationId).slice(before);
    assert.match(JSON.stringify(cardsOf(posted[0].activity)), /Exchange credited/);
    assert.equal((await bot.app.services.requests.get(request.id))?.creditedAmount, request.confirmedAzureRefund?.amount);
  });
});
