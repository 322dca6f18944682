import assert from 'node:assert/strict';
import type { SandboxProvider } from '../../src/providers/sandbox';
import { Decimal } from '../../src/domain/money';
import { money } from '../../src/cards/format';
import type { Provider } from '../../src/ports/provider';
import type { CatalogItem, ReplacementOffer } from '../../src/ports/catalog';
import type { RefundEstimate, Reservation } from '../../src/ports/reservations';
import type { DeskServices } from '../../dialogs/services';
import { actionsOf, CONTACT, deskOnTestAdapter, factsOf, type Json } from './deskHarness';
import { PLAYGROUND_TENANT } from '../../src/ports/partnerDirectory';

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

  it("shows Microsoft's own refund figures beside the quote when the provider has them, and a policy answer as a note", async () => {
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
            warnings: [
              { code: 'azure-policy', azureCode: 'SelfServiceRefundNotSupported', message: 'Self-service refunds are not supported for this reservation.' },
            ],
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

  it("hands a capped refund over to an exchange, and a cancel then closes the exchange's open card", async () => {
    const desk = deskOnTestAdapter();
    for (const entry of (desk.services.provider as SandboxProvider).capHistory())
      await desk.services.capLedger.reserve(entry.customerId, entry.requestId, entry.amountUsd, entry.at);
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

  it('quotes a reservation bought later today than the provider clock as day 0, and does not offer one starting tomorrow (SPEC section 3)', async () => {
    // The provider clock reads 10:00 UTC; af-web was bought at 16:00 today (another clock, slightly ahead) and af-batch tomorrow.
    const shifted = (reservation: Reservation): Reservation => {
      if (reservation.displayName.startsWith('af-web')) return { ...reservation, benefitStart: new Date('2026-06-15T16:00:00Z') };
      if (reservation.displayName.startsWith('af-batch')) return { ...reservation, benefitStart: new Date('2026-06-16T01:00:00Z') };
      return reservation;
    };
    const withStarts = (sandbox: Provider): Provider => ({
      ...sandbox,
      reservations: {
        listReservations: async (c) => (await sandbox.reservations.listReservations(c)).map(shifted),
        getReservation: async (c, r) => {
          const found = await sandbox.reservations.getReservation(c, r);
          return found && shifted(found);
        },
      },
    });
    const desk = deskOnTestAdapter(withStarts);
    await desk.say('ava.lindqvist', '/refund alder');
    await desk.say('ava.lindqvist', 'af-batch');
    assert.match(desk.texts().at(-1)!, /cannot be chosen: its benefit starts on a later date than today \(UTC\)/);
    await desk.say('ava.lindqvist', '/refund alder');
    await desk.say('ava.lindqvist', 'af-web');
    const card = JSON.stringify(desk.lastCard());
    assert.match(card, /Refund quote/);
    assert.match(card, /"title":"Days since purchase","value":"0"/);
    assert.match(card, /"title":"Continue"/);
  });

  it("takes who is speaking from the adapter's stamp, never from the activity's channel id", async () => {
    // A payload claiming the playground channel and a roster id, received by an adapter that vouches for nobody.
    const desk = deskOnTestAdapter(undefined, (activity) => ({
      channel: 'teams',
      verifiedBy: 'none',
      privateConversation: false,
      speaker: activity.from?.id === 'stamped-as-ava' ? { channel: 'playground', tenant: PLAYGROUND_TENANT, user: 'ava.lindqvist' } : undefined,
    }));
    await desk.say('ava.lindqvist', '/requests');
    assert.match(desk.texts().at(-1)!, /not on this partner's roster/);
    const refused = await desk.services.audit.list({ type: 'refused' });
    assert.equal(refused[0].actor.chatUserId, 'unknown:teams:ava.lindqvist');
    // The adapter's stamp decides, whatever the payload's ids say.
    await desk.say('stamped-as-ava', '/requests');
    assert.match(JSON.stringify(desk.lastCard()), /Your recent requests/);
  });

  it('does not let an ineligible reservation be picked by typing its name', async () => {
    const desk = deskOnTestAdapter();
    await desk.say('dev.raman', '/refund alder');
    await desk.say('dev.raman', 'af-databricks');
    assert.match(desk.texts().at(-1)!, /cannot be chosen: this product type cannot be refunded or exchanged/);
  });

  it("files an open quote unchanged when another agent's refund moved only the customer's cap, the receipt showing the ledger's figures", async () => {
    const desk = deskOnTestAdapter();
    await desk.say('ava.lindqvist', '/refund alder');
    await desk.say('ava.lindqvist', 'af-sql');
    await desk.clickButton('ava.lindqvist', 'Continue');
    const avaQuote = factsOf(desk.lastCardOf('ava.lindqvist'));
    assert.equal(avaQuote['Cap consumed'], '0.00 USD');

    await desk.say('ben.okafor', '/refund alder');
    await desk.say('ben.okafor', 'af-batch');
    await desk.clickButton('ben.okafor', 'Continue');
    await desk.clickButton('ben.okafor', 'File request', CONTACT);
    const [benRequest] = await desk.services.requests.listByAgent('ben.okafor');
    assert.equal(benRequest.state, 'filed');
    const benUsd = benRequest.quote.kind === 'refund' ? benRequest.quote.refundUsd! : '';

    await desk.clickButton('ava.lindqvist', 'File request', CONTACT);
    assert.ok(!desk.textsOf('ava.lindqvist').some((t) => /figures changed/.test(t)), 'not re-quoted');
    const receipt = factsOf(desk.lastCardOf('ava.lindqvist'));
    assert.match(receipt['Support ticket'], /\S/);
    const [avaRequest] = await desk.services.requests.listByAgent('ava.lindqvist');
    assert.equal(avaRequest.state, 'filed');
    assert.equal(receipt['Cap consumed'], `${money(benUsd, 'USD')}`);
    const consumed = await desk.services.capLedger.consumed(avaRequest.customerId, desk.services.provider.clock.now());
    assert.equal(
      receipt['Cap remaining'],
      `${money(new Decimal(50000).minus(benUsd).toFixed(2), 'USD')} before, ${money(new Decimal(50000).minus(consumed).toFixed(2), 'USD')} after`,
    );
  });

  it('re-quotes an open capped quote when another refund changed its capped amount, showing the current cap', async () => {
    const desk = deskOnTestAdapter();
    for (const entry of (desk.services.provider as SandboxProvider).capHistory())
      await desk.services.capLedger.reserve(entry.customerId, entry.requestId, entry.amountUsd, entry.at);
    await desk.say('ava.lindqvist', '/refund brightwater');
    await desk.say('ava.lindqvist', 'd16s');
    const accept = actionsOf(desk.lastCardOf('ava.lindqvist')).find((a) => String(a.title).startsWith('Accept capped refund'))!;
    await desk.clickButton('ava.lindqvist', String(accept.title));

    // Another agent's refund uses some of what is left of the cap.
    const customerId = (await desk.services.provider.directory.searchCustomers('brightwater', 0, 1)).items[0].id;
    await desk.services.capLedger.reserve(customerId, 'another-agents-refund', new Decimal('1000.00'), desk.services.provider.clock.now());

    await desk.clickButton('ava.lindqvist', 'File request', CONTACT);
    assert.match(desk.textsOf('ava.lindqvist').at(-1)!, /The figures changed since this quote was shown/);
    assert.equal(await desk.services.requests.listByAgent('ava.lindqvist').then((r) => r.length), 0, 'nothing filed');
    const requote = factsOf(desk.lastCardOf('ava.lindqvist'));
    assert.match(requote['Cap remaining'], /^2,500\.00 USD before, 0\.00 USD after$/);
  });
});

describe('DeskBot with Azure’s gaps: usage not reported, replacements without a price, figures that contradict each other', () => {
  type Logged = Record<string, unknown>;
  /** The sandbox with some of its answers replaced, and the desk's log captured. */
  function deskWith(change: (sandbox: Provider) => Partial<Provider>) {
    const desk = deskOnTestAdapter((sandbox) => ({ ...sandbox, ...change(sandbox) }));
    const logged: Logged[] = [];
    const record = (fields: Logged) => logged.push(fields);
    desk.services.log = { ...desk.services.log, info: record, warn: record, error: record } as unknown as DeskServices['log'];
    return { ...desk, logged };
  }
  const reservationsWith = (sandbox: Provider, change: (r: Reservation) => Reservation): Provider['reservations'] => ({
    listReservations: async (c) => (await sandbox.reservations.listReservations(c)).map(change),
    getReservation: async (c, r) => {
      const found = await sandbox.reservations.getReservation(c, r);
      return found && change(found);
    },
  });
  const fresh = (r: Reservation) => r.displayName === 'af-web-d4s-fresh';

  it('says on the quote card that Azure has not reported usage and which rule that applied, and logs it', async () => {
    const desk = deskWith((sandbox) => ({
      reservations: reservationsWith(sandbox, (r) => (fresh(r) ? { ...r, utilization: {}, usageReported: false, usageSeen: true } : r)),
    }));
    await desk.say('ava.lindqvist', '/refund alder');
    await desk.say('ava.lindqvist', 'af-web');
    const card = JSON.stringify(desk.lastCard());
    assert.match(
      card,
      /"title":"Usage since purchase","value":"usage not yet reported by Azure; counted as used, so the rule applied is prorated credit[^"]*\. Quote again once Azure reports usage\."/,
    );
    assert.ok(desk.logged.some((l) => l.event === 'quote-usage-not-reported' && ['prorated', 'prorated-with-fee'].includes(String(l.rule))));
  });

  it('says nothing about usage when Azure reported it', async () => {
    const desk = deskWith(() => ({}));
    await desk.say('ava.lindqvist', '/refund alder');
    await desk.say('ava.lindqvist', 'af-web');
    assert.doesNotMatch(JSON.stringify(desk.lastCard()), /Usage since purchase/);
  });

  const emptyCases: Array<[string, (sandbox: Provider, items: CatalogItem[]) => ReplacementOffer, RegExp]> = [
    ['no same-type products', () => ({ sameTypeProducts: 0, items: [], unpriced: [] }), /the catalog has no products of the same type/],
    [
      'no price',
      (_s, items) => ({ sameTypeProducts: 2, items: [], unpriced: [{ ...items[0], reason: 'Azure gives no price for it (PriceNotAvailable)' }] }),
      /Standard_\w+ P\dY (Upfront|Monthly) without a price from Azure \(Azure gives no price for it \(PriceNotAvailable\)\)/,
    ],
    [
      'other currency',
      (_s, items) => ({ sameTypeProducts: 2, items: items.map((i) => ({ ...i, currency: 'USD' })), unpriced: [] }),
      /Standard_\w+ P\dY \w+, .+ and \d+ more candidates priced in USD, not in EUR/,
    ],
  ];
  for (const [why, offer, said] of emptyCases) {
    it(`ends the exchange with the reason when no replacement can be offered: ${why}`, async () => {
      const desk = deskWith((sandbox) => ({
        catalog: { ...sandbox.catalog, replacementOffer: async (c, r) => offer(sandbox, await sandbox.catalog.listReplacements(c, r)) },
      }));
      await desk.say('ava.lindqvist', '/exchange alder');
      await desk.say('ava.lindqvist', 'af-web');
      // Chat text is markdown: the SKUs' underscores arrive escaped.
      const text = desk.texts().at(-1)!.replace(/\\_/g, '_');
      assert.match(text, /^There is no replacement to offer for af-web-d4s-fresh: .+\. Nothing was filed\.$/);
      assert.match(text, said);
      assert.ok(desk.logged.some((l) => l.event === 'replacement-picker-empty' && said.test(String(l.reason))));
    });
  }

  it('offers the priced replacements and names the ones it leaves out', async () => {
    const desk = deskWith((sandbox) => ({
      catalog: {
        ...sandbox.catalog,
        replacementOffer: async (c, r) => {
          const offer = await sandbox.catalog.replacementOffer(c, r);
          return { ...offer, unpriced: [{ ...offer.items[0], sku: 'Standard_X9', reason: 'Azure gives no price for it (PriceNotAvailable)' }] };
        },
      },
    }));
    await desk.say('ava.lindqvist', '/exchange alder');
    await desk.say('ava.lindqvist', 'af-web');
    const card = JSON.stringify(desk.lastCard());
    assert.match(card, /Choose the replacement/);
    assert.match(card, /Not offered: Standard\\\\_X9 P\dY \w+ without a price from Azure \(Azure gives no price for it \(PriceNotAvailable\)\)\./);
    const choices = /"choices":(\[[^\]]*\])/.exec(card)?.[1] ?? '';
    assert.ok(choices.includes('"title"'), 'the priced candidates are choices');
    assert.doesNotMatch(choices, /Standard_X9/, 'an unpriced candidate is not a choice');
  });

  it('lists a reservation whose figures contradict each other with the reason and never quotes it, however it is reached', async () => {
    const problem = 'the succeeded payments (599.14 EUR) exceed the order total (199.71 EUR)';
    const desk = deskWith((sandbox) => ({ reservations: reservationsWith(sandbox, (r) => (fresh(r) ? { ...r, figuresProblem: problem } : r)) }));
    await desk.say('ava.lindqvist', '/refund alder');
    assert.match(
      JSON.stringify(desk.lastCard()),
      new RegExp(`Not available: figures inconsistent in Azure, cannot quote: ${problem.replace(/[()]/g, '\\$&')}`),
    );
    await desk.say('ava.lindqvist', 'af-web');
    assert.match(desk.texts().at(-1)!, /af-web-d4s-fresh cannot be chosen: figures inconsistent in Azure, cannot quote: the succeeded payments/);
    assert.equal(desk.sent.filter((a) => JSON.stringify(a.attachments ?? []).includes('Refund quote')).length, 0);
  });

  it('refuses to quote when the figures turn inconsistent after the reservation was picked, and logs why', async () => {
    const desk = deskWith((sandbox) => ({
      reservations: {
        listReservations: (c) => sandbox.reservations.listReservations(c),
        getReservation: async (c, r) => {
          const found = await sandbox.reservations.getReservation(c, r);
          return found && { ...found, figuresProblem: 'the order total is negative (-3600 USD)' };
        },
      },
    }));
    await desk.say('ava.lindqvist', '/refund alder');
    await desk.say('ava.lindqvist', 'af-web');
    assert.equal(
      desk.texts().at(-1),
      'af-web-d4s-fresh: figures inconsistent in Azure, cannot quote: the order total is negative (-3600 USD). Nothing was quoted or filed; the figures must be corrected in Azure first.',
    );
    assert.ok(desk.logged.some((l) => l.event === 'quote-refused-inconsistent-figures'));
  });
});
