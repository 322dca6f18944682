import { strict as assert } from 'node:assert';
import { parseCatalogItemId } from '../../../src/providers/azure/catalog';
import { IDS } from './standIn/seed';
import { startHarness, type Harness } from './standIn/harness';
import { decodeFakeToken } from './standIn/azureWorld';

describe('azure provider: exchange catalog (Microsoft.Capacity/catalogs)', () => {
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

  it('offers one item per term with a list price and per billing plan, minus restricted terms and regions', async () => {
    const items = await h.provider.catalog.listReplacements(IDS.contoso.id, IDS.reservations.contosoVm);
    assert.deepEqual(
      items.map((i) => `${i.sku} ${i.term} ${i.billingPlan} ${i.unitPrice.toFixed()} ${i.currency}`),
      [
        'Standard_D4s_v5 P1Y Upfront 1500 EUR',
        'Standard_D4s_v5 P1Y Monthly 1500 EUR',
        'Standard_D4s_v5 P3Y Upfront 3900 EUR',
        'Standard_E2s_v5 P1Y Upfront 1100.5 EUR',
        'Standard_E2s_v5 P1Y Monthly 1100.5 EUR',
      ],
    );
    assert.equal(items[0].displayName, 'Dsv5 Series, D4s v5, westeurope, 1 year, Upfront');
    assert.equal(items[0].region, 'westeurope');
    assert.equal(items[0].reservedResourceType, 'VirtualMachines');
  });

  it('finds an item again by its id alone, and nothing for ids it did not issue', async () => {
    const items = await h.provider.catalog.listReplacements(IDS.contoso.id, IDS.reservations.contosoVm);
    const item = items[2];
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
    assert.equal(await h.provider.catalog.getItem(item.id.replace('P3Y', 'P5Y')), undefined, 'a well-formed id Azure has no price for');
  });

  it('offers nothing when the subscription’s catalog is empty, and refuses an unknown reservation with not-found', async () => {
    assert.deepEqual(await h.provider.catalog.listReplacements(IDS.contoso.id, IDS.reservations.contosoSql), []);
    await assert.rejects(h.provider.catalog.listReplacements(IDS.contoso.id, '00000000-0000-4000-8000-00000000dead'), { code: 'not-found' });
  });
});
