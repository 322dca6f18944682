import { strict as assert } from 'node:assert';
import { parseCatalogItemId } from '../../../src/providers/azure/catalog';
import { IDS } from './standIn/seed';
import { startHarness, type Harness } from './standIn/harness';
import { decodeFakeToken } from './standIn/azureWorld';

const CALCULATE_PRICE = '/providers/Microsoft.Capacity/calculatePrice';

describe('azure provider: exchange catalog (Microsoft.Capacity/catalogs + calculatePrice)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.dispose());

  it('asks the catalog of the reservation’s billing subscription for its type and region', async () => {
    await h.provider.catalog.listReplacements(IDS.contoso.id, IDS.reservations.contosoVm);
    const [call] = h.standIn.requestsTo(`/subscriptions/${IDS.subscriptions.contoso}/providers/Microsoft.Capacity/catalogs`);
    assert.deepEqual(call.query, { 'api-version': '2022-11-01', reservedResourceType: 'VirtualMachines', location: 'westeurope' });
    assert.equal(decodeFakeToken(call.headers.authorization)?.tenant, IDS.contoso.tenant);
  });

  it('prices each candidate with calculatePrice, the purchase request for the customer’s billing scope (the catalog has no msrp)', async () => {
    await h.provider.catalog.listReplacements(IDS.contoso.id, IDS.reservations.contosoVm);
    const calls = h.standIn.requestsTo(CALCULATE_PRICE, 'POST');
    assert.equal(calls.length, 5, 'D4s P1Y ×2 plans, D4s P3Y Upfront, E2s P1Y ×2 plans; F2s is restricted in the region');
    const d4s = calls.find((c) => JSON.stringify(c.body).includes('"P3Y"'))!;
    assert.deepEqual(d4s.query, { 'api-version': '2022-11-01' });
    assert.equal(decodeFakeToken(d4s.headers.authorization)?.tenant, IDS.contoso.tenant, 'priced in the customer tenant');
    assert.deepEqual(d4s.body, {
      sku: { name: 'Standard_D4s_v5' },
      location: 'westeurope',
      properties: {
        reservedResourceType: 'VirtualMachines',
        billingScopeId: `/subscriptions/${IDS.subscriptions.contoso}`,
        term: 'P3Y',
        billingPlan: 'Upfront',
        quantity: 1,
        displayName: 'Standard_D4s_v5 (price check)',
        appliedScopeType: 'Shared',
        renew: false,
      },
    });
  });

  it('offers the priced candidates and shows the one Azure will not price as such, with Azure’s reason', async () => {
    const offer = await h.provider.catalog.replacementOffer(IDS.contoso.id, IDS.reservations.contosoVm);
    assert.equal(offer.sameTypeProducts, 3);
    assert.deepEqual(
      offer.items.map((i) => `${i.sku} ${i.term} ${i.billingPlan} ${i.unitPrice.toFixed()} ${i.currency}`),
      [
        'Standard_D4s_v5 P1Y Upfront 1500 EUR',
        'Standard_D4s_v5 P1Y Monthly 1500 EUR',
        'Standard_D4s_v5 P3Y Upfront 3900 EUR',
        'Standard_E2s_v5 P1Y Upfront 1100.5 EUR',
      ],
    );
    assert.equal(offer.items[0].displayName, 'Dsv5 Series, D4s v5, westeurope, 1 year, Upfront');
    assert.deepEqual(offer.unpriced, [
      {
        sku: 'Standard_E2s_v5',
        displayName: 'Esv5 Series, E2s v5, westeurope, 1 year, Monthly',
        region: 'westeurope',
        term: 'P1Y',
        billingPlan: 'Monthly',
        reason: 'Azure gives no price for it (A price is not available for this product and billing scope.)',
      },
    ]);
    assert.deepEqual(
      (await h.provider.catalog.listReplacements(IDS.contoso.id, IDS.reservations.contosoVm)).map((i) => i.id),
      offer.items.map((i) => i.id),
    );
    assert.ok(h.logs.some((l) => l.event === 'azure-replacements-unpriced' && l.unpriced === 1 && l.priced === 4));
  });

  it('reuses a price for five minutes, so the picker, the choice and the quote do not each ask Azure again', async () => {
    let now = Date.parse('2026-03-10T12:00:00Z');
    const timed = await startHarness({ clock: { now: () => new Date(now) } });
    try {
      const first = await timed.provider.catalog.replacementOffer(IDS.contoso.id, IDS.reservations.contosoVm);
      const again = await timed.provider.catalog.replacementOffer(IDS.contoso.id, IDS.reservations.contosoVm);
      assert.deepEqual(again, first);
      assert.deepEqual(await timed.provider.catalog.getItem(first.items[0].id), first.items[0]);
      assert.equal(timed.standIn.requestsTo(CALCULATE_PRICE).length, 6, 'four priced once; the refused one asked again (refusals are not kept)');
      now += 5 * 60_000 + 1;
      await timed.provider.catalog.replacementOffer(IDS.contoso.id, IDS.reservations.contosoVm);
      assert.equal(timed.standIn.requestsTo(CALCULATE_PRICE).length, 11, 'after five minutes every price is asked again');
    } finally {
      await timed.dispose();
    }
  });

  it('leaves a candidate whose price contradicts itself unpriced, naming why, and changes nothing else', async () => {
    h.standIn.script(
      { method: 'POST', path: CALCULATE_PRICE },
      { status: 200, body: { properties: { billingCurrencyTotal: { currencyCode: 'EUR', amount: -1500 } } } },
    );
    const offer = await h.provider.catalog.replacementOffer(IDS.contoso.id, IDS.reservations.contosoVm);
    assert.equal(offer.items.length, 3);
    assert.ok(offer.unpriced.some((u) => u.reason === 'Azure’s price contradicts itself (-1500 EUR)'));
  });

  it('finds an item again by its id alone (pricing it again), and nothing for ids it did not issue or Azure will not price', async () => {
    const offer = await h.provider.catalog.replacementOffer(IDS.contoso.id, IDS.reservations.contosoVm);
    const item = offer.items[2];
    assert.deepEqual(await h.provider.catalog.getItem(item.id), item);
    assert.deepEqual(parseCatalogItemId(item.id), {
      customerId: IDS.contoso.id,
      subscriptionId: IDS.subscriptions.contoso,
      reservedResourceType: 'VirtualMachines',
      location: 'westeurope',
      sku: 'Standard_D4s_v5',
      term: 'P3Y',
      billingPlan: 'Upfront',
    });
    assert.equal(await h.provider.catalog.getItem('azure-catalog~x'), undefined);
    assert.equal(await h.provider.catalog.getItem(item.id.replace('Upfront', 'Weekly')), undefined);
    assert.equal(await h.provider.catalog.getItem(item.id.replace('P3Y', 'P5Y')), undefined, 'a well-formed id for a term the catalog does not offer');
    assert.equal(
      await h.provider.catalog.getItem(item.id.replace('Standard_D4s_v5', 'Standard_E2s_v5').replace('P3Y', 'P1Y').replace('Upfront', 'Monthly')),
      undefined,
      'Azure gives no price',
    );
  });

  it('says the catalog has no same-type products when it is empty, and refuses an unknown reservation with not-found', async () => {
    assert.deepEqual(await h.provider.catalog.replacementOffer(IDS.contoso.id, IDS.reservations.contosoSql), { sameTypeProducts: 0, items: [], unpriced: [] });
    await assert.rejects(h.provider.catalog.listReplacements(IDS.contoso.id, '00000000-0000-4000-8000-00000000dead'), { code: 'not-found' });
  });
});
