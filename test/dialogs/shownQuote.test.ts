import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Decimal } from '../../src/domain/money';
import type { Provider } from '../../src/ports/provider';
import type { CatalogItem } from '../../src/ports/catalog';
import { createSandboxProvider, type SandboxProvider } from '../../src/providers/sandbox';
import { auditAmounts } from '../../src/services/auditAmounts';
import { quoteExchange, quoteRefund } from '../../src/services/quoting';
import { fingerprintOf, itemIdOf, quoteBasisOf, replacementChoiceOf } from '../../dialogs/shownQuote';
import { actionsOf, CONTACT, deskOnTestAdapter, factsOf } from './deskHarness';

const AVA = 'ava.lindqvist';

/** The sandbox with its catalog's prices multiplied by `factor.now` (1 until a test moves it): a price change. */
function withMovablePrices(factor: { now: number }) {
  const priced = (item: CatalogItem): CatalogItem => ({ ...item, unitPrice: item.unitPrice.times(factor.now) });
  return (sandbox: Provider): Provider => ({
    ...sandbox,
    catalog: {
      listReplacements: async (c, r) => (await sandbox.catalog.listReplacements(c, r)).map(priced),
      replacementOffer: async (c, r) => {
        const offer = await sandbox.catalog.replacementOffer(c, r);
        return { ...offer, items: offer.items.map(priced) };
      },
      getItem: async (id) => {
        const item = await sandbox.catalog.getItem(id);
        return item && priced(item);
      },
    },
  });
}

/** A desk on the test adapter whose prices can move, at the exchange quote card for 200 units of the first offer. */
async function atExchangeQuote(
  factor = { now: 1 },
  user = AVA,
  start = '/exchange alder',
  choose = 'Choose af-batch-e8s-monthly',
  quoteButton = 'Quote exchange',
) {
  const desk = deskOnTestAdapter(withMovablePrices(factor));
  await desk.say(user, start);
  await desk.clickButton(user, choose);
  const offered = JSON.stringify(desk.lastCardOf(user)).match(/"choices":\[\{"title":"[^"]*","value":"([^"]+)"/)![1];
  await desk.clickButton(user, quoteButton, { replacementId: offered, quantity: '200', returnQuantity: '1' });
  return { desk, offered, factor };
}

/** The exchange quote the agent was shown for `offered` × 200, one unit returned, at the desk's clock. */
async function exchangeQuoteOf(desk: ReturnType<typeof deskOnTestAdapter>, offered: string) {
  const provider = desk.services.provider;
  const customer = (await provider.directory.searchCustomers('alder', 0, 1)).items[0];
  const reservation = (await provider.reservations.listReservations(customer.id)).find((r) => r.displayName === 'af-batch-e8s-monthly')!;
  const replacement = replacementChoiceOf((await provider.catalog.getItem(offered))!, 200);
  const { json } = quoteExchange(
    desk.services,
    reservation,
    { totalCommitment: new Decimal(replacement.totalCommitment), currency: replacement.currency },
    provider.clock.now(),
    1,
  );
  return { json, replacement, customer, reservation };
}

describe('a quote kept as its basis and fingerprint: made again, used only as shown', () => {
  it('files an exchange with exactly the amounts and replacement the agent was shown', async () => {
    const { desk, offered } = await atExchangeQuote();
    const shown = factsOf(desk.lastCardOf(AVA));
    await desk.clickButton(AVA, 'Continue');
    const confirm = factsOf(desk.lastCardOf(AVA));
    for (const fact of ['Replacement', 'New total commitment', 'Credit', 'Net payable']) assert.equal(confirm[fact], shown[fact], fact);
    await desk.clickButton(AVA, 'File request', CONTACT);
    const [request] = await desk.services.requests.listByAgent(AVA);
    assert.equal(request?.state, 'filed');
    const expected = await exchangeQuoteOf(desk, offered);
    assert.deepEqual(request.quote, expected.json);
    assert.deepEqual(request.details?.replacement, expected.replacement);
  });

  it('files nothing when the replacement’s price moved between the quote and Continue: the replacement is chosen again', async () => {
    const { desk, factor } = await atExchangeQuote();
    factor.now = 1.01;
    await desk.clickButton(AVA, 'Continue');
    assert.match(desk.textsOf(AVA).at(-1)!, /The figures changed since this quote was shown/);
    assert.match(JSON.stringify(desk.lastCardOf(AVA)), /Choose the replacement/, 'the replacement picker, at the fresh prices');
    assert.doesNotMatch(JSON.stringify(desk.lastCardOf(AVA)), /Confirm the exchange request/);
    assert.equal((await desk.services.requests.listByAgent(AVA)).length, 0, 'nothing filed');
  });

  it('files nothing when the replacement’s price moved between the confirm card and File: the fresh quote is offered', async () => {
    const { desk, factor } = await atExchangeQuote();
    await desk.clickButton(AVA, 'Continue');
    assert.match(JSON.stringify(desk.lastCardOf(AVA)), /Confirm the exchange request/);
    factor.now = 0.99;
    await desk.clickButton(AVA, 'File request', CONTACT);
    assert.match(desk.textsOf(AVA).at(-1)!, /The figures changed since this quote was shown/);
    assert.equal((await desk.services.requests.listByAgent(AVA)).length, 0, 'nothing filed');
    assert.match(JSON.stringify(desk.lastCardOf(AVA)), /Choose the replacement/);
    assert.equal((desk.services.provider as SandboxProvider).supportDesk.tickets().length, 0, 'no ticket');
  });

  it('shows a capped refund’s confirm card as quoted when the cap moved after the quote, and files nothing on File: the fresh quote is shown', async () => {
    const desk = deskOnTestAdapter();
    for (const entry of (desk.services.provider as SandboxProvider).capHistory())
      await desk.services.capLedger.reserve(entry.customerId, entry.requestId, entry.amountUsd, entry.at);
    await desk.say(AVA, '/refund brightwater');
    await desk.say(AVA, 'd16s');
    const quoted = factsOf(desk.lastCardOf(AVA));
    const accept = actionsOf(desk.lastCardOf(AVA)).find((a) => String(a.title).startsWith('Accept capped refund'))!;
    // Another agent's refund uses some of what is left of the cap, after the quote was shown.
    const customerId = (await desk.services.provider.directory.searchCustomers('brightwater', 0, 1)).items[0].id;
    await desk.services.capLedger.reserve(customerId, 'another-agents-refund', new Decimal('1000.00'), desk.services.provider.clock.now());

    await desk.clickButton(AVA, String(accept.title));
    const confirm = factsOf(desk.lastCardOf(AVA));
    assert.equal(confirm['Refund'], quoted['Refund'], 'the confirm card shows the refund the agent accepted');
    assert.equal(confirm['Cap remaining'], quoted['Cap remaining']);
    await desk.clickButton(AVA, 'File request', CONTACT);
    assert.match(desk.textsOf(AVA).at(-1)!, /The figures changed since this quote was shown/);
    assert.equal((await desk.services.requests.listByAgent(AVA)).length, 0, 'nothing filed');
    assert.match(factsOf(desk.lastCardOf(AVA))['Cap remaining'], /^2,500\.00 USD before, 0\.00 USD after$/);
  });

  it('shows the fresh refund quote on Continue when the day changed since the quote: nothing goes further', async () => {
    const desk = deskOnTestAdapter();
    await desk.say(AVA, '/refund alder');
    await desk.say(AVA, 'af-sql');
    const quoted = factsOf(desk.lastCardOf(AVA));
    (desk.services.provider as SandboxProvider).clock.advance(24 * 3600_000);
    await desk.clickButton(AVA, 'Continue');
    assert.match(desk.textsOf(AVA).at(-1)!, /The figures changed since this quote was shown/);
    const fresh = factsOf(desk.lastCardOf(AVA));
    assert.match(JSON.stringify(desk.lastCardOf(AVA)), /Refund quote/);
    assert.equal(Number(fresh['Days since purchase']), Number(quoted['Days since purchase']) + 1);
    await desk.clickButton(AVA, 'Continue');
    assert.match(JSON.stringify(desk.lastCardOf(AVA)), /Confirm the refund request/, 'the fresh quote goes on');
  });

  it('audits a cancelled refund quote, confirm card and exchange quote with the amounts shown, to the cent', async () => {
    const desk = deskOnTestAdapter();
    await desk.say(AVA, '/refund alder');
    await desk.say(AVA, 'af-sql');
    const customer = (await desk.services.provider.directory.searchCustomers('alder', 0, 1)).items[0];
    const reservation = (await desk.services.provider.reservations.listReservations(customer.id)).find((r) => r.displayName === 'af-sql-gp8')!;
    const refund = (await quoteRefund(desk.services, reservation, desk.services.provider.clock.now())).json;
    await desk.clickButton(AVA, 'Cancel');
    await desk.say(AVA, '/refund alder');
    await desk.say(AVA, 'af-sql');
    await desk.clickButton(AVA, 'Continue');
    await desk.clickButton(AVA, 'Cancel');
    await desk.say(AVA, '/refund alder');
    await desk.say(AVA, 'af-sql');
    await desk.say(AVA, 'cancel');

    const exchange = await atExchangeQuote({ now: 1 });
    const expected = await exchangeQuoteOf(exchange.desk, exchange.offered);
    await exchange.desk.say(AVA, 'cancel');

    const cancelled = await desk.services.audit.list({ type: 'cancelled' });
    assert.deepEqual(cancelled.map((event) => event.detail?.step).sort(), ['confirm', 'refund quote', 'typed cancel']);
    for (const event of cancelled) {
      assert.equal(event.reservationId, reservation.reservationId);
      assert.equal(event.currency, refund.currency);
      assert.deepEqual(event.amounts, auditAmounts(refund).amounts, String(event.detail?.step));
      assert.equal(event.detail?.amounts, undefined, 'the amounts shown, not quoted again with other figures');
    }
    const [exchangeCancelled] = await exchange.desk.services.audit.list({ type: 'cancelled' });
    assert.equal(exchangeCancelled.detail?.step, 'typed cancel');
    assert.deepEqual(exchangeCancelled.amounts, auditAmounts(expected.json).amounts);
    assert.equal(exchangeCancelled.amounts?.newTotal, expected.replacement.totalCommitment);
  });

  it('audits a cancellation after the price moved with the fresh amounts, and says they are not the ones shown', async () => {
    const { desk, factor, offered } = await atExchangeQuote();
    factor.now = 1.5;
    await desk.clickButton(AVA, 'Cancel');
    assert.equal(desk.textsOf(AVA).at(-1), 'Cancelled. Nothing was filed.');
    const [cancelled] = await desk.services.audit.list({ type: 'cancelled' });
    assert.equal(cancelled.detail?.amounts, 'quoted again: figures moved since shown');
    assert.deepEqual(cancelled.amounts, auditAmounts((await exchangeQuoteOf(desk, offered)).json).amounts, 'the fresh amounts, at the new price');
  });

  it('in German: the confirm card made again is German, figures that moved are said in German, and the exchange files as shown', async () => {
    const factor = { now: 1 };
    const desk = deskOnTestAdapter(withMovablePrices(factor));
    await desk.say(AVA, '/sprache de');
    await desk.say(AVA, '/umtausch alder');
    await desk.clickButton(AVA, 'af-batch-e8s-monthly wählen');
    const offered = JSON.stringify(desk.lastCardOf(AVA)).match(/"choices":\[\{"title":"[^"]*","value":"([^"]+)"/)![1];
    await desk.clickButton(AVA, 'Umtausch kalkulieren', { replacementId: offered, quantity: '200', returnQuantity: '1' });
    factor.now = 2;
    await desk.clickButton(AVA, 'Weiter');
    assert.match(desk.textsOf(AVA).at(-1)!, /^Die Zahlen haben sich geändert/);
    assert.equal((await desk.services.requests.listByAgent(AVA)).length, 0);

    factor.now = 1;
    await desk.clickButton(AVA, 'Umtausch kalkulieren', { replacementId: offered, quantity: '200', returnQuantity: '1' });
    const shown = factsOf(desk.lastCardOf(AVA));
    await desk.clickButton(AVA, 'Weiter');
    const confirm = factsOf(desk.lastCardOf(AVA));
    assert.equal(confirm['Netto zu zahlen'], shown['Netto zu zahlen']);
    assert.match(confirm['Netto zu zahlen'], /^\d{1,3}(\.\d{3})*,\d{2} EUR$/);
    const file = actionsOf(desk.lastCardOf(AVA)).find((a) => String(a.title).endsWith('einreichen'))!;
    await desk.clickButton(AVA, String(file.title), CONTACT);
    const [request] = await desk.services.requests.listByAgent(AVA);
    assert.equal(request?.state, 'filed');
    assert.deepEqual(request.quote, (await exchangeQuoteOf(desk, offered)).json);
  });

  it('fingerprints a quote as 96 bits of SHA-256 over its JSON, whether or not it was fingerprinted lately', async () => {
    const sandbox = createSandboxProvider({ now: '2026-06-15T10:00:00Z' });
    const customer = (await sandbox.directory.searchCustomers('', 0, 1)).items[0];
    const reservations = await sandbox.reservations.listReservations(customer.id);
    const policy = { policy: 'csp-2020' as const, capLedger: { entries: async () => [] } };
    for (let round = 0; round < 2; round++)
      for (const reservation of reservations) {
        const { json } = await quoteRefund(policy as never, reservation, new Date('2026-06-15T10:00:00Z'));
        const expected = createHash('sha256')
          .update(JSON.stringify([json, null]))
          .digest('base64url')
          .slice(0, 16);
        assert.equal(fingerprintOf(json), expected);
      }
  });

  it('keeps a catalog item id that holds the customer id (as Azure’s do) as the parts around it, and files the whole id', async () => {
    // Azure-shaped ids: the customer id inside, as src/providers/azure/catalog.ts writes them.
    const azureShaped = (sandbox: Provider): Provider => {
      const wrap = (customerId: string, item: CatalogItem): CatalogItem => ({ ...item, id: `az~${customerId}~sub~${item.id}` });
      const customerOfId = (id: string) => /^az~([^~]+)~sub~(.+)$/.exec(id);
      return {
        ...sandbox,
        catalog: {
          listReplacements: async (c, r) => (await sandbox.catalog.listReplacements(c, r)).map((item) => wrap(c, item)),
          replacementOffer: async (c, r) => {
            const offer = await sandbox.catalog.replacementOffer(c, r);
            return { ...offer, items: offer.items.map((item) => wrap(c, item)) };
          },
          getItem: async (id) => {
            const match = customerOfId(id);
            const item = match ? await sandbox.catalog.getItem(match[2]) : undefined;
            return item && wrap(match![1], item);
          },
        },
      };
    };
    const desk = deskOnTestAdapter(azureShaped);
    await desk.say(AVA, '/exchange alder');
    await desk.clickButton(AVA, 'Choose af-batch-e8s-monthly');
    const offered = JSON.stringify(desk.lastCardOf(AVA)).match(/"choices":\[\{"title":"[^"]*","value":"([^"]+)"/)![1];
    const customerId = (await desk.services.provider.directory.searchCustomers('alder', 0, 1)).items[0].id;
    assert.ok(offered.includes(customerId));
    await desk.clickButton(AVA, 'Quote exchange', { replacementId: offered, quantity: '200', returnQuantity: '1' });
    await desk.clickButton(AVA, 'Continue');
    await desk.clickButton(AVA, 'File request', CONTACT);
    const [request] = await desk.services.requests.listByAgent(AVA);
    assert.equal(request?.state, 'filed');
    assert.equal((request.details?.replacement as { itemId: string }).itemId, offered);

    const { json, replacement } = { json: request.quote, replacement: request.details!.replacement as ReturnType<typeof replacementChoiceOf> };
    const basis = quoteBasisOf(json, replacement, customerId);
    assert.deepEqual(basis.item, offered.split(customerId));
    assert.equal(itemIdOf(basis, customerId), offered);
    // The customer id saved, less an array's brackets, two quotes and a comma.
    assert.equal(JSON.stringify(quoteBasisOf(json, replacement)).length - JSON.stringify(basis).length, customerId.length - 5);
  });
});
