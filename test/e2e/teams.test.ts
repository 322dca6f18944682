import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import type { Activity } from 'botbuilder';
import type { App } from '../../src/app';
import { cardClickKey } from '../../dialogs/cardPrompt';
import { Decimal } from '../../src/domain/money';
import type { SandboxProvider } from '../../src/providers/sandbox';
import { quoteRefund } from '../../src/services/quoting';
import { money } from '../../src/cards/format';
import { StandInConnector } from './standInConnector';
import { TeamsClient, AVA, CONTACT, actionTitlesOf, factsOf, type TeamsUser } from './teamsClient';
import { dropPrefix, startBot, testPrefix } from './teamsApp';

const PARTNER_TENANT = '8d902246-5b47-453f-b6ee-545c6acbeb92';
const BEN: TeamsUser = { tenantId: PARTNER_TENANT, aadObjectId: '59911ffc-d5a0-4274-9878-e52cf594ea0e', name: 'Ben Okafor' };
const GUS_BILLING_ONLY: TeamsUser = { tenantId: PARTNER_TENANT, aadObjectId: '9a29d199-1674-4d1b-8d17-dee5ba1e4f6a', name: 'Gus Moreno' };
const SANDBOX_CLOCK = '2026-06-15T10:00:00Z';

describe('e2e: Teams over HTTP with state in Redis', function () {
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
    bot = await startBot({ REDIS_KEY_PREFIX: prefix, SANDBOX_CLOCK });
  });
  afterEach(async () => {
    await bot.app.close();
    await dropPrefix(prefix);
  });

  const customerId = async (name: string) => (await bot.app.services.provider.directory.searchCustomers(name, 0, 1)).items[0].id;
  const reservationNamed = async (customer: string, name: string) => {
    const all = await bot.app.services.provider.reservations.listReservations(await customerId(customer));
    return all.find((r) => r.displayName === name)!;
  };

  it('files a full refund: quote figures from the policy engine, confirm with contact details, one request, receipt with IDs', async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    assert.equal(await ava.say('/refund alder'), 200);
    assert.match(ava.texts().join('\n'), /Customer: Alder & Finch Logistics/);
    await ava.click('Choose af-sql-gp8');

    const reservation = await reservationNamed('alder', 'af-sql-gp8');
    const { json: expected } = await quoteRefund(bot.app.services, reservation, new Date(SANDBOX_CLOCK));
    const quote = factsOf(ava.lastCard());
    assert.equal(quote.Credit, money(expected.credit, 'EUR'));
    assert.equal(quote['Early termination fee'], `${money(expected.fee, 'EUR')} (12%)`);
    assert.equal(quote.Refund, `${money(expected.refund, 'EUR')} (${money(expected.refundUsd, 'USD')})`);
    assert.equal(quote['Policy preset'], 'csp-2020');
    assert.equal(quote['Term elapsed'], '201 of 365 days');

    await ava.click('Continue');
    // The answered quote card lost its buttons and shows the choice.
    assert.ok(!ava.buttonTitles().includes('Continue'));
    await ava.click('File request', CONTACT);

    const receipt = factsOf(ava.lastCard());
    assert.match(receipt['Support ticket'], /^\d{16}$/);
    assert.equal(receipt['Reservation ID'].replace(/\\/g, ''), reservation.reservationId);
    assert.equal(receipt['Reservation order ID'].replace(/\\/g, ''), reservation.reservationOrderId);

    const requests = await bot.app.services.requests.listByCustomer(reservation.customerId);
    assert.equal(requests.length, 1);
    assert.equal(requests[0].state, 'filed');
    assert.equal(requests[0].ticketId, receipt['Support ticket']);
    const consumed = await bot.app.services.capLedger.consumed(reservation.customerId, new Date(SANDBOX_CLOCK));
    assert.equal(consumed.toFixed(2), expected.refundUsd);
    const audit = await bot.app.services.audit.list({ customerId: reservation.customerId });
    assert.deepEqual(audit.map((e) => e.type).sort(), ['filed', 'quote-shown']);
  });

  it("quotes and files a refund of some of a reservation's units", async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    await ava.say('/refund alder');
    await ava.click('Choose af-batch-e8s-monthly');
    assert.match(JSON.stringify(ava.lastCard()), /Returning 4 of 4 units/);
    const all = factsOf(ava.lastCard()).Credit;
    // Continue with another number typed quotes that number first, rather than filing the old figures.
    await ava.click('Continue', { returnQuantity: '1' });
    assert.match(ava.lastText(), /Here is the quote for 1 unit; click Continue/);
    assert.match(JSON.stringify(ava.lastCard()), /Returning 1 of 4 units/);
    assert.match(JSON.stringify(ava.lastCard()), /"id":"returnQuantity","label":"Units to return \(up to 4\)","min":1,"max":4,"value":1/);
    const reservation = await reservationNamed('alder', 'af-batch-e8s-monthly');
    const { json: one } = await quoteRefund(bot.app.services, reservation, new Date(SANDBOX_CLOCK), 1);
    assert.equal(factsOf(ava.lastCard()).Credit, money(one.credit, 'EUR'));
    assert.notEqual(factsOf(ava.lastCard()).Credit, all);
    await ava.click('Continue');
    await ava.click('File request', CONTACT);
    const [request] = await bot.app.services.requests.listByCustomer(reservation.customerId);
    assert.equal(request.state, 'filed');
    assert.equal(request.details?.returnQuantity, 1);
    assert.equal(request.quote.kind === 'refund' && request.quote.refund, one.refund);

    // Once Microsoft credits it, the remaining 3 units can be refunded in a new request.
    await bot.app.notifications.stop();
    (bot.app.services.provider as SandboxProvider).clock.advance(10 * 60_000);
    await bot.app.notifications.sync.runOnce();
    assert.equal((await bot.app.services.requests.get(request.id))?.state, 'credited');
    await ava.say('/refund alder');
    await ava.click('Choose af-batch-e8s-monthly');
    assert.match(JSON.stringify(ava.lastCard()), /Returning 3 of 4 units/);
    await ava.click('Continue');
    await ava.click('File request', CONTACT);
    const requests = await bot.app.services.requests.listByCustomer(reservation.customerId);
    assert.deepEqual(
      requests.map((r) => [r.state, r.details?.returnQuantity]),
      [
        ['filed', 3],
        ['credited', 1],
      ],
    );
  });

  it('answers every quantity outside 1…units held with the same clear message, keeping the quote, and files nothing', async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    await ava.say('/refund alder');
    await ava.click('Choose af-batch-e8s-monthly');
    await ava.click('Update quote', { returnQuantity: '2' });
    assert.match(JSON.stringify(ava.lastCard()), /Returning 2 of 4 units/);
    const two = factsOf(ava.lastCard()).Credit;
    for (const [button, typed] of [
      ['Update quote', '0'],
      ['Update quote', '5'],
      ['Continue', '0'],
      ['Continue', '9'],
      ['Update quote', '-1'],
      ['Update quote', 'abc'],
      ['Continue', '2.5'],
      ['Update quote', ''],
    ] as const) {
      await ava.click(button, { returnQuantity: typed });
      assert.equal(
        ava.lastText(),
        'The number of units must be a whole number from 1 to 4 (the units still returnable). The quote is still for 2 units.',
        `${button} with "${typed}"`,
      );
      assert.match(JSON.stringify(ava.lastCard()), /Returning 2 of 4 units/);
      assert.equal(factsOf(ava.lastCard()).Credit, two);
    }
    assert.deepEqual(await bot.app.services.requests.listByCustomer(await customerId('alder')), []);

    await ava.say('/exchange alder');
    await ava.click('Choose af-batch-e8s-monthly');
    const offered = JSON.stringify(ava.lastCard()).match(/"choices":\[\{"title":"[^"]*","value":"([^"]+)"/)![1];
    for (const typed of ['0', '5', '-1']) {
      await ava.click('Quote exchange', { replacementId: offered, quantity: '200', returnQuantity: typed });
      assert.equal(ava.lastText(), 'The units of this reservation to exchange must be a whole number from 1 to 4 (the units still returnable).');
      assert.match(JSON.stringify(ava.lastCard()), /Choose the replacement/);
    }
    assert.deepEqual(await bot.app.services.requests.listByCustomer(await customerId('alder')), []);
  });

  it('asks for contact details once: the second request starts from the remembered ones', async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    await ava.say('/refund kestrel');
    await ava.click('Choose kh-blob-day6');
    await ava.click('Continue');
    await ava.click('File request', CONTACT);
    await ava.say('/refund alder');
    await ava.click('Choose af-sql-gp8');
    await ava.click('Continue');
    const confirm = JSON.stringify(ava.lastCard());
    assert.match(confirm, /Remembered from your last request/);
    assert.match(confirm, /"id":"email","label":"Email","style":"Email","value":"ava@example.com"/);
  });

  it('files a capped refund only after the capped amount is accepted explicitly', async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    await ava.say('/refund brightwater');
    await ava.click('Choose bw-analytics-d16s');
    const card = ava.lastCard();
    assert.match(JSON.stringify(card), /This refund is capped/);
    assert.ok(ava.buttonTitles().includes('Exchange instead'));
    const accept = ava.buttonTitles().find((t) => t.startsWith('Accept capped refund of'));
    assert.ok(accept, 'the capped quote names the capped amount on its button');
    await ava.click(accept);
    assert.match(JSON.stringify(ava.lastCard()), /confirming a refund capped/);
    await ava.click('File request', CONTACT);
    const id = await customerId('brightwater');
    const consumed = await bot.app.services.capLedger.consumed(id, new Date(SANDBOX_CLOCK));
    assert.equal(consumed.toFixed(2), '50000.00');
    const [request] = await bot.app.services.requests.listByCustomer(id);
    assert.equal(request.quote.kind === 'refund' && request.quote.capped, true);

    // With the cap used up, another refund offers no amount to accept, only an exchange.
    await ava.say('/refund brightwater');
    await ava.click('Choose bw-cosmos-3000rus');
    assert.match(JSON.stringify(ava.lastCard()), /Nothing can be refunded now/);
    assert.deepEqual(actionTitlesOf(ava.lastCard()), ['Exchange instead', 'Cancel'], 'only an exchange or cancel is offered');
  });

  it('files a full exchange with a replacement from the catalog', async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    await ava.say('exchange alder');
    await ava.click('Choose af-batch-e8s-monthly');
    const picker = ava.findAction('Quote exchange');
    const choices = JSON.stringify(ava.lastCard()).match(/"value":"([^"]+)"/g);
    assert.ok(choices && choices.length > 0);
    await ava.click('Quote exchange', { replacementId: picker.data.replacementId ?? JSON.parse(`{${choices![0]}}`).value, quantity: '200' });
    const quote = factsOf(ava.lastCard());
    assert.ok(quote['Net payable'], 'the exchange quote shows the net payable');
    assert.ok(quote['Minimum new commitment']);
    await ava.click('Continue');
    await ava.click('File request', CONTACT);
    const [request] = await bot.app.services.requests.listByCustomer(await customerId('alder'));
    assert.equal(request.kind, 'exchange');
    assert.equal(request.state, 'filed');
    // Exchanges do not count against the cap.
    assert.equal((await bot.app.services.capLedger.consumed(request.customerId, new Date(SANDBOX_CLOCK))).toFixed(2), '0.00');
  });

  it("exchanges some of a reservation's units, and only for a replacement the reservation was offered", async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    await ava.say('/exchange alder');
    await ava.click('Choose af-batch-e8s-monthly');
    await ava.click('Quote exchange', { replacementId: 'not-offered-item', quantity: '1', returnQuantity: '1' });
    assert.match(ava.lastText(), /choose a replacement from the list/);
    const offered = JSON.stringify(ava.lastCard()).match(/"choices":\[\{"title":"[^"]*","value":"([^"]+)"/)![1];
    await ava.click('Quote exchange', { replacementId: offered, quantity: '200', returnQuantity: '1' });
    assert.match(JSON.stringify(ava.lastCard()), /Exchanging 1 of 4 units/);
    await ava.click('Continue');
    await ava.click('File request', CONTACT);
    const [request] = await bot.app.services.requests.listByCustomer(await customerId('alder'));
    assert.equal(request.kind, 'exchange');
    assert.equal(request.details?.returnQuantity, 1);
  });

  it('refuses a user without an acting role, naming the roles, and audits it', async () => {
    const gus = new TeamsClient(bot.url, connector, connectorUrl, GUS_BILLING_ONLY);
    await gus.say('/refund alder');
    assert.match(gus.lastText(), /Admin agent, Global admin, Helpdesk agent, Sales agent, User management admin/);
    assert.equal(gus.cards().length, 0);
    const refused = await bot.app.services.audit.list({ type: 'refused' });
    assert.equal(refused.length, 1);
    assert.equal(refused[0].actor.partnerUserId, 'gus.moreno');
  });

  it('cancels at any step: the waiting card closes and nothing is filed', async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    await ava.say('/refund alder');
    await ava.click('Choose af-sql-gp8');
    await ava.say('cancel');
    assert.match(ava.lastText(), /Cancelled the \/refund flow\. Nothing was filed\./);
    const [cancelled] = await bot.app.services.audit.list({ type: 'cancelled' });
    assert.equal(cancelled.reservationId, (await reservationNamed('alder', 'af-sql-gp8')).reservationId);
    assert.match(cancelled.amounts?.refund ?? '', /^\d+\.\d{2}$/, "the cancelled quote's amounts are audited");
    assert.ok(!ava.buttonTitles().includes('Continue'));
    await ava.post(ava.activity({ value: { rd: 'stale', action: 'continue' } }));
    assert.match(ava.lastText(), /already answered or has expired/);
    assert.equal((await bot.app.services.requests.listByCustomer(await customerId('alder'))).length, 0);
  });

  it('continues a flow after the server restarts between two steps', async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    await ava.say('/refund alder');
    await ava.click('Choose af-sql-gp8');
    await bot.app.close();
    bot = await startBot({ REDIS_KEY_PREFIX: prefix, SANDBOX_CLOCK });
    ava.retarget(bot.url);
    await ava.click('Continue');
    await ava.click('File request', CONTACT);
    const requests = await bot.app.services.requests.listByCustomer(await customerId('alder'));
    assert.equal(requests.length, 1);
    assert.equal(requests[0].state, 'filed');
  });

  it('files exactly one request for a double click and for a redelivered activity', async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    await ava.say('/refund alder');
    await ava.click('Choose af-sql-gp8');
    await ava.click('Continue');
    const first = ava.clickActivity('File request', CONTACT);
    const second = ava.clickActivity('File request', CONTACT);
    // Two clicks at once, then Teams redelivering the first one.
    const statuses = await Promise.all([ava.post(first), ava.post(second)]);
    assert.deepEqual(statuses, [200, 200]);
    assert.equal(await ava.post(first), 200);
    const id = await customerId('alder');
    const requests = await bot.app.services.requests.listByCustomer(id);
    assert.equal(requests.length, 1);
    const ledger = await bot.app.services.capLedger.entries(id);
    assert.equal(ledger.filter((e) => e.state !== 'released').length, 1);
    // One answer for the card: one receipt, no "already filed" from the other click.
    const receipts = ava.cards().filter((c) => JSON.stringify(c).includes('Refund request filed'));
    assert.equal(receipts.length, 1);
    assert.equal(factsOf(receipts[0])['Support ticket'], requests[0].ticketId);
    assert.doesNotMatch(ava.texts().join('\n'), /already/);
  });

  const postsTo = (conversationId: string) => connector.calls.filter((c) => c.method === 'POST' && c.conversationId === conversationId).length;

  it('answers twenty simultaneous clicks on one card once, whether the card is answered, re-quoted or old', async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    await ava.say('/refund brightwater');
    await ava.click('Choose bw-analytics-d16s');
    await ava.click(ava.buttonTitles().find((t) => t.startsWith('Accept capped refund of'))!);
    // Another refund of the customer uses some of the cap left, so this capped refund must be quoted again.
    const id = await customerId('brightwater');
    await bot.app.services.capLedger.reserve(id, 'another-agents-refund', new Decimal('1000.00'), new Date(SANDBOX_CLOCK));
    const fileClick = ava.clickActivity('File request', CONTACT);
    const twenty = (click: Record<string, unknown>) => Array.from({ length: 20 }, (_, i) => ({ ...click, id: `${String(click.id)}-${i}` }));

    let before = postsTo(ava.conversationId);
    assert.deepEqual(new Set(await Promise.all(twenty(fileClick).map((a) => ava.post(a)))), new Set([200]));
    assert.equal(postsTo(ava.conversationId) - before, 2, 'one "figures changed" text and one new quote');
    assert.equal(ava.texts().filter((t) => /The figures changed/.test(t)).length, 1);
    assert.equal((await bot.app.services.requests.listByCustomer(id)).length, 0);

    // The re-quoted card: twenty clicks on its accept button open one confirm card.
    const accept = ava.clickActivity(
      ava
        .buttonTitles()
        .filter((t) => t.startsWith('Accept capped refund of'))
        .at(-1)!,
    );
    before = postsTo(ava.conversationId);
    await Promise.all(twenty(accept).map((a) => ava.post(a)));
    assert.equal(postsTo(ava.conversationId) - before, 1);
    assert.equal(ava.cards().filter((c) => JSON.stringify(c).includes('Confirm the refund request')).length, 2);

    // Twenty clicks filing it: one request, one receipt.
    const file = ava.clickActivity('File request', CONTACT);
    before = postsTo(ava.conversationId);
    await Promise.all(twenty(file).map((a) => ava.post(a)));
    assert.equal(postsTo(ava.conversationId) - before, 1);
    assert.equal((await bot.app.services.requests.listByCustomer(id)).length, 1);

    // Twenty clicks on an old card, past its quiet time: one "already answered".
    await bot.app.services.idempotency.release(cardClickKey(fileClick as Partial<Activity>, 'teams')!);
    before = postsTo(ava.conversationId);
    await Promise.all(twenty({ ...fileClick, id: 'old' }).map((a) => ava.post(a)));
    assert.equal(postsTo(ava.conversationId) - before, 1);
  });

  it('files one request when two instances on one Redis handle the same confirmation at once', async () => {
    const second = await startBot({ REDIS_KEY_PREFIX: prefix, SANDBOX_CLOCK });
    try {
      const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
      await ava.say('/refund alder');
      await ava.click('Choose af-sql-gp8');
      await ava.click('Continue');
      const confirm = ava.clickActivity('File request', CONTACT);
      const viaSecond = new TeamsClient(second.url, connector, connectorUrl, AVA, ava.conversationId);
      const statuses = await Promise.all([ava.post(confirm), viaSecond.post({ ...confirm, id: `${String(confirm.id)}-lb-retry` })]);
      assert.deepEqual(statuses, [200, 200]);
      const id = await customerId('alder');
      const requests = await bot.app.services.requests.listByCustomer(id);
      assert.equal(requests.length, 1);
      assert.equal(requests[0].state, 'filed');
      const ledger = await bot.app.services.capLedger.entries(id);
      assert.equal(ledger.filter((e) => e.state !== 'released').length, 1);
      const tickets = new Set(
        ava
          .cards()
          .filter((c) => JSON.stringify(c).includes('Refund request filed'))
          .map((c) => factsOf(c)['Support ticket']),
      );
      assert.deepEqual([...tickets], [requests[0].ticketId]);
    } finally {
      await second.app.close();
    }
  });

  it('answers a click on an old confirm card with the original receipt even while another flow runs', async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    await ava.say('/refund alder');
    await ava.click('Choose af-sql-gp8');
    await ava.click('Continue');
    const fileClick = ava.clickActivity('File request', CONTACT);
    await ava.post(fileClick);
    await ava.say('/reservation kestrel');
    // Later than the card's quiet time after its answer (which clicks at the same moment get no reply in).
    await bot.app.services.idempotency.release(cardClickKey(fileClick as Partial<Activity>, 'teams')!);
    await ava.post({ ...fileClick, id: 'redelivered-later' });
    assert.match(ava.texts().join('\n'), /That was already done; here is the receipt\./);
    assert.match(JSON.stringify(ava.lastCard()), /Refund request filed/);
    assert.equal((await bot.app.services.requests.listByCustomer(await customerId('alder'))).length, 1);
  });

  it('shows a request only in the conversation it was filed from, and there only to agents with an acting role', async () => {
    const channel = `19:${Date.now()}@thread.tacv2`;
    const inChannel = (client: TeamsClient, fields: Record<string, unknown>) =>
      client.activity({ ...fields, conversation: { id: channel, tenantId: PARTNER_TENANT, conversationType: 'channel' } });
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA, channel);
    await ava.post(inChannel(ava, { text: '/refund alder' }));
    await ava.post(inChannel(ava, { text: 'af-sql' }));
    const cont = ava.findAction('Continue');
    await ava.post(inChannel(ava, { replyToId: cont.activityId, value: cont.data }));
    const file = ava.findAction('File request');
    const fileValue = { ...file.data, ...CONTACT };
    await ava.post(inChannel(ava, { replyToId: file.activityId, value: fileValue }));
    const [request] = await bot.app.services.requests.listByCustomer(await customerId('alder'));
    assert.equal(request.state, 'filed');
    const secretFigures = [request.ticketId!, money(request.quote.kind === 'refund' ? request.quote.refund : undefined, 'EUR')];

    // Ben (an acting role) replays the click in his own chat with the bot: nothing of the request is shown.
    const ben = new TeamsClient(bot.url, connector, connectorUrl, BEN);
    await ben.post(ben.activity({ value: fileValue }));
    assert.equal(ben.lastText(), 'That card was already answered or has expired. Type /refund, /exchange, /reservation or /requests to start again.');
    assert.equal(ben.cards().length, 0);
    // The same in another tenant's conversation that happens to have the same id.
    const elsewhere = new TeamsClient(
      bot.url,
      connector,
      connectorUrl,
      { tenantId: '00000000-0000-0000-0000-0000000000aa', aadObjectId: '00000000-0000-0000-0000-0000000000bb', name: 'Someone Else' },
      channel,
    );
    await elsewhere.post(
      elsewhere.activity({ value: fileValue, conversation: { id: channel, tenantId: '00000000-0000-0000-0000-0000000000aa', conversationType: 'channel' } }),
    );
    assert.match(elsewhere.lastText(), /^That card was already answered or has expired/);
    const shownElsewhere = JSON.stringify(connector.calls.filter((c) => c.conversationId === ben.conversationId));
    for (const figure of secretFigures) assert.ok(!shownElsewhere.includes(figure), `${figure} is not shown in another conversation`);

    // In the channel it was filed from: the receipt for an acting agent, a refusal (audited) for Gus.
    const benInChannel = new TeamsClient(bot.url, connector, connectorUrl, BEN, channel);
    await benInChannel.post(inChannel(benInChannel, { value: fileValue }));
    assert.equal(factsOf(benInChannel.lastCard())['Support ticket'], request.ticketId);
    const gusInChannel = new TeamsClient(bot.url, connector, connectorUrl, GUS_BILLING_ONLY, channel);
    const before = connector.calls.length;
    await gusInChannel.post(inChannel(gusInChannel, { value: fileValue }));
    assert.match(gusInChannel.lastText(), /only partner users with one of these roles/);
    assert.equal(connector.calls.slice(before).filter((c) => JSON.stringify(c.activity).includes(request.ticketId!)).length, 0);
    assert.equal((await bot.app.services.audit.list({ type: 'refused' })).length, 1);
  });

  it('leaves the flow where it was when the channel refuses a card, so the agent can answer again', async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    await ava.say('/refund alder');
    connector.refuseCards = 1;
    await ava.say('af-sql');
    assert.match(ava.lastText(), /something went wrong/);
    await ava.say('af-sql');
    assert.match(JSON.stringify(ava.lastCard()), /Refund quote/);

    // A click whose next card fails keeps its own card's buttons, so the same click works again.
    await ava.say('/refund alder');
    const choose = ava.clickActivity('Choose af-sql-gp8');
    connector.refuseCards = 1;
    await ava.post(choose);
    assert.ok(ava.buttonTitles().includes('Choose af-sql-gp8'), 'the picker was not closed by the failed turn');
    await ava.post({ ...choose, id: 'clicked-again' });
    assert.match(JSON.stringify(ava.lastCard()), /Refund quote/);
  });

  it('changes nothing for forged clicks: an action the card does not have, a page that is not a page', async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    await ava.say('/refund alder');
    await ava.click('Choose af-sql-gp8');
    const quote = ava.findAction('Continue');
    await ava.post(ava.activity({ replyToId: quote.activityId, value: { ...quote.data, action: 'file' } }));
    assert.match(ava.lastText(), /not one of this card's buttons; nothing changed/);
    assert.equal((await bot.app.services.audit.list({ type: 'cancelled' })).length, 0);
    await ava.click('Continue');
    assert.match(JSON.stringify(ava.lastCard()), /Confirm the refund request/);

    await ava.say('/refund');
    const more = ava.findAction('More customers');
    for (const page of [0.5, 1e21, -3, 99999]) {
      await ava.post(ava.activity({ replyToId: more.activityId, value: { ...more.data, page } }));
    }
    assert.ok(!ava.texts().some((t) => /something went wrong/.test(t)), 'no turn failed');
    assert.match(JSON.stringify(ava.lastCard()), /Pick a customer/);
  });

  it('answers an activity the channel delivers twice only once', async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    const command = ava.activity({ text: '/refund alder' });
    await ava.post(command);
    const posted = connector.calls.length;
    await ava.post(command);
    assert.equal(connector.calls.length, posted, 'nothing was sent for the repeat');
  });

  it('does not show remembered contact details in a shared conversation, and uses them when the fields are left empty', async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    await ava.say('/refund kestrel');
    await ava.click('Choose kh-blob-day6');
    await ava.click('Continue');
    await ava.click('File request', CONTACT);
    const channel = new TeamsClient(bot.url, connector, connectorUrl, AVA, `19:${Date.now()}@thread.tacv2`);
    const inChannel = (fields: Record<string, unknown>) =>
      channel.activity({ ...fields, conversation: { id: channel.conversationId, tenantId: AVA.tenantId, conversationType: 'channel' } });
    await channel.post(inChannel({ text: '/refund alder' }));
    await channel.post(inChannel({ text: 'af-sql' }));
    await channel.post(inChannel({ replyToId: channel.findAction('Continue').activityId, value: channel.findAction('Continue').data }));
    const confirm = JSON.stringify(channel.lastCard());
    assert.ok(!confirm.includes('ava@example.com'), 'the email is not shown to the channel');
    assert.match(confirm, /not shown in a shared conversation/);
    const file = channel.findAction('File request');
    await channel.post(inChannel({ replyToId: file.activityId, value: { ...file.data, firstName: '', email: '' } }));
    const requests = await bot.app.services.requests.listByCustomer(await customerId('alder'));
    assert.equal(requests.length, 1);
    assert.equal(requests[0].state, 'filed');
  });

  it('greets when added to a conversation, and serves the Bot Framework Emulator with roster user ids for local use', async () => {
    const emulator = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    const asEmulator = (fields: Record<string, unknown>) => emulator.activity({ channelId: 'emulator', from: { id: 'ava.lindqvist', name: 'Ava' }, ...fields });
    await emulator.post(asEmulator({ type: 'conversationUpdate', membersAdded: [{ id: '28:bot' }, { id: 'ava.lindqvist' }] }));
    assert.match(emulator.lastText(), /^Hello! I quote and file Azure reservation refunds/);
    await emulator.post(asEmulator({ text: '/refund alder' }));
    await emulator.post(asEmulator({ text: 'af-sql' }));
    const cont = emulator.findAction('Continue');
    await emulator.post(asEmulator({ replyToId: cont.activityId, value: cont.data }));
    const file = emulator.findAction('File request');
    await emulator.post(asEmulator({ replyToId: file.activityId, value: { ...file.data, ...CONTACT } }));
    const [request] = await bot.app.services.requests.listByCustomer(await customerId('alder'));
    assert.equal(request.state, 'filed');
    assert.equal(request.agent.partnerUserId, 'ava.lindqvist');
    assert.equal(request.origin.channel, 'teams', 'credits are announced back through the Bot Framework adapter');
  });

  it('reads commands after an @mention and keeps two agents in one channel apart', async () => {
    const channel = `19:${Date.now()}@thread.tacv2`;
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA, channel);
    const ben = new TeamsClient(bot.url, connector, connectorUrl, BEN, channel);
    await ava.say('<at>Reservation Desk</at> hello');
    assert.match(ava.lastText(), /\/refund \[customer\]/);
    await ava.say('<at>Reservation Desk</at> /refund alder');
    await ben.say('<at>Reservation Desk</at> refund kestrel');
    // Ava's click still answers her own card: Ben's flow did not replace hers.
    await ava.click('Choose af-sql-gp8');
    const quotes = ava.cards().filter((c) => JSON.stringify(c).includes('Refund quote'));
    assert.equal(quotes.length, 1);
    assert.match(JSON.stringify(quotes[0]), /af\\\\-sql-gp8|af-sql-gp8/);
  });
});

describe('e2e: Teams authentication', function () {
  this.timeout(30000);
  it('answers 401 to an unauthenticated request when Bot Framework credentials are set', async () => {
    const prefix = testPrefix();
    const bot = await startBot({
      REDIS_KEY_PREFIX: prefix,
      MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
      MicrosoftAppPassword: 'not-a-real-secret',
      MicrosoftAppType: 'MultiTenant',
    });
    try {
      const body = JSON.stringify({
        type: 'message',
        channelId: 'msteams',
        serviceUrl: 'http://127.0.0.1:9',
        conversation: { id: 'c' },
        from: { id: 'u' },
        recipient: { id: 'bot' },
        text: '/refund',
      });
      const unsigned = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      assert.equal(unsigned.status, 401);
      const forged = await fetch(`${bot.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJmb3JnZWQifQ.c2lnbmF0dXJl' },
        body,
      });
      assert.equal(forged.status, 401);
      assert.equal((await bot.app.services.audit.list()).length, 0);
    } finally {
      await bot.app.close();
      await dropPrefix(prefix);
    }
  });

  it('refuses activities whose fields do not have the Bot Framework shapes with 400, before any turn runs', async () => {
    const prefix = testPrefix();
    const connector = new StandInConnector();
    const connectorUrl = await connector.start();
    const bot = await startBot({ REDIS_KEY_PREFIX: prefix, SANDBOX_CLOCK });
    try {
      const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
      const update = (fields: Record<string, unknown>) => ava.activity({ type: 'conversationUpdate', ...fields });
      const cases: Array<[string, Record<string, unknown>]> = [
        ['membersAdded that is not a list', update({ membersAdded: 'x' })],
        ['a member without an id', update({ membersAdded: [{ name: 'Ava' }] })],
        ['membersRemoved that is not a list', update({ membersRemoved: { id: 'x' } })],
        ['entities that is not a list', ava.activity({ text: '/refund', entities: 'x' })],
        ['entities null', ava.activity({ text: '/refund', entities: null })],
        ['an entity without a type', ava.activity({ text: '/refund', entities: [{ mentioned: { id: '28:bot' } }] })],
        [
          'a mention naming nobody',
          ava.activity({ text: '<at>Desk</at> /refund', entities: [{ type: 'mention', mentioned: '28:bot', text: '<at>Desk</at>' }] }),
        ],
        ['a mention without its text', ava.activity({ text: '<at>Desk</at> /refund', entities: [{ type: 'mention', mentioned: { id: '28:bot' } }] })],
        [
          'a mention of the bot in a message without text',
          ava.activity({ entities: [{ type: 'mention', mentioned: { id: '28:bot' }, text: '<at>Desk</at>' }] }),
        ],
        ['attachments that is not a list', ava.activity({ text: 'hi', attachments: 'x' })],
        ['an attachment without a content type', ava.activity({ text: 'hi', attachments: [{ content: {} }] })],
        ['a value that is text', ava.activity({ value: 'x' })],
        ['a value with a nested object', ava.activity({ value: { rd: 'card', action: 'pick', customerId: { $gt: '' } } })],
        ['an action that is not text', ava.activity({ value: { rd: 'card', action: ['continue'] } })],
        ['a label that is not text', ava.activity({ value: { rd: 'card', action: 'continue', label: 5 } })],
        ['from.id that is a number', ava.activity({ text: 'hi', from: { id: 5 } })],
        ['aadObjectId that is an object', ava.activity({ text: 'hi', from: { id: '29:x', aadObjectId: { id: AVA.aadObjectId } } })],
        ['isGroup that is text', ava.activity({ text: 'hi', conversation: { id: ava.conversationId, isGroup: 'yes' } })],
        ['tenantId that is a list', ava.activity({ text: 'hi', conversation: { id: ava.conversationId, tenantId: [AVA.tenantId] } })],
        ['a timestamp that is not a date', ava.activity({ text: 'hi', timestamp: 'yesterday' })],
        ['channelData.tenant that is text', ava.activity({ text: 'hi', channelData: { tenant: 'x' } })],
        ['replyToId that is a number', ava.activity({ text: 'hi', replyToId: 7 })],
      ];
      for (const [problem, activity] of cases) {
        const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
        assert.equal(res.status, 400, problem);
        assert.match(((await res.json()) as { error: string }).error, /Bot Framework/, problem);
      }
      // A turn that failed would have sent its apology through the connector.
      assert.equal(connector.calls.length, 0, 'no turn ran: nothing was sent');
      // The same fields, well-formed, run the turn.
      assert.equal(await ava.post(update({ membersAdded: [{ id: '28:bot' }] })), 200);
      assert.equal(
        await ava.post(
          ava.activity({
            text: '<at>Desk</at> help',
            entities: [
              { type: 'mention', mentioned: { id: '28:bot', name: 'Desk' }, text: '<at>Desk</at>' },
              { type: 'clientInfo', locale: 'en-US' },
            ],
            attachments: [{ contentType: 'text/html', content: '<p>help</p>' }],
          }),
        ),
        200,
      );
      assert.match(ava.texts().join('\n'), /^Hello! /);
      assert.match(ava.lastText(), /\/refund \[customer\]/);
    } finally {
      await bot.app.close();
      await connector.stop();
      await dropPrefix(prefix);
    }
  });

  it('rejects malformed bodies with 400 and oversized ones with 413', async () => {
    const prefix = testPrefix();
    const bot = await startBot({ REDIS_KEY_PREFIX: prefix });
    try {
      const bad = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
      assert.equal(bad.status, 400);
      const notActivity = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1,2]' });
      assert.equal(notActivity.status, 400);
      for (const [problem, activity] of [
        ['no channelId', { type: 'message', text: 'hi' }],
        [
          'a Slack identity claimed here',
          {
            type: 'message',
            channelId: 'slack',
            serviceUrl: 'http://127.0.0.1:9/',
            from: { id: 'U07AVALIND' },
            recipient: { id: 'b' },
            conversation: { id: 'C1', tenantId: 'T07NBEAM01' },
            text: '/requests',
          },
        ],
        [
          'a playground identity claimed here',
          {
            type: 'message',
            channelId: 'playground',
            serviceUrl: 'http://127.0.0.1:9/',
            from: { id: 'ava.lindqvist' },
            recipient: { id: 'b' },
            conversation: { id: 'c' },
            text: '/requests',
          },
        ],
        [
          'no recipient',
          { type: 'message', channelId: 'msteams', serviceUrl: 'http://127.0.0.1:9/', from: { id: 'u' }, conversation: { id: 'c' }, text: 'hi' },
        ],
        [
          'text that is not a string',
          {
            type: 'message',
            channelId: 'msteams',
            serviceUrl: 'http://127.0.0.1:9/',
            from: { id: 'u' },
            recipient: { id: 'b' },
            conversation: { id: 'c' },
            text: 12,
          },
        ],
        ['no serviceUrl', { type: 'message', channelId: 'msteams', from: { id: 'u' }, recipient: { id: 'b' }, conversation: { id: 'c' }, text: 'hi' }],
      ] as const) {
        const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
        assert.equal(res.status, 400, problem);
      }
      assert.equal((await bot.app.services.audit.list()).length, 0, 'nothing happened');
      const huge = await fetch(`${bot.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text: 'x'.repeat(300 * 1024) }),
      });
      assert.equal(huge.status, 413);
    } finally {
      await bot.app.close();
      await dropPrefix(prefix);
    }
  });

  it('refuses a compressed body with 415 on every route, and keeps running (a body that is not the gzip it claims once stopped the bot)', async () => {
    const prefix = testPrefix();
    const bot = await startBot({ REDIS_KEY_PREFIX: prefix });
    try {
      const notGzip = Buffer.from('this is not gzip at all');
      const realGzip = gzipSync(JSON.stringify({ type: 'message', channelId: 'msteams', text: 'hi' }));
      for (const path of ['/api/messages', '/api/slack/commands', '/api/slack/events', '/playground/api/messages']) {
        for (const [encoding, body] of [
          ['gzip', notGzip],
          ['deflate', notGzip],
          ['gzip', realGzip],
          ['br, gzip', realGzip],
        ] as const) {
          const answer = await fetch(`${bot.url}${path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'content-encoding': encoding },
            body,
          });
          assert.equal(answer.status, 415, `${path} ${encoding}`);
          assert.match(await answer.text(), /Content-Encoding is not accepted/);
        }
      }
      // Still up: an uncompressed request is answered as before.
      const healthy = await fetch(`${bot.url}/healthz`);
      assert.equal(healthy.status, 200);
      const plain = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
      assert.equal(plain.status, 400);
    } finally {
      await bot.app.close();
      await dropPrefix(prefix);
    }
  });
});
