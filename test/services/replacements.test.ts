import assert from 'node:assert/strict';
import { Decimal } from '../../src/domain/money';
import type { CatalogItem } from '../../src/ports/catalog';
import { replacementChoices } from '../../src/services/replacements';

const item = (sku: string, currency: string): CatalogItem => ({
  id: `${sku}-${currency}`,
  sku,
  displayName: sku,
  region: 'westeurope',
  term: 'P1Y',
  billingPlan: 'Upfront',
  reservedResourceType: 'VirtualMachines',
  currency,
  unitPrice: new Decimal('1000'),
});
const unpriced = (sku: string, reason: string) => ({
  sku,
  displayName: sku,
  region: 'westeurope',
  term: 'P1Y' as const,
  billingPlan: 'Upfront' as const,
  reason,
});

describe('replacement choices: what the picker offers and why it leaves things out', () => {
  it('offers only priced candidates in the reservation’s currency and names the rest', () => {
    const choices = replacementChoices(
      { sameTypeProducts: 3, items: [item('A', 'EUR'), item('B', 'USD'), item('C', 'GBP')], unpriced: [unpriced('D', 'Azure gives no price for it (x)')] },
      'EUR',
    );
    assert.deepEqual(
      choices.choosable.map((i) => i.sku),
      ['A'],
    );
    assert.equal(choices.emptyReason, undefined);
    assert.equal(
      choices.notOffered,
      'Not offered: D P1Y Upfront without a price from Azure (Azure gives no price for it (x)); B P1Y Upfront, C P1Y Upfront priced in GBP, USD, not in EUR.',
    );
  });

  it('says the catalog’s products are all restricted when it lists some but none can be bought', () => {
    assert.equal(
      replacementChoices({ sameTypeProducts: 2, items: [], unpriced: [] }, 'EUR').emptyReason,
      'the catalog’s 2 products of the same type cannot be bought with this subscription (restricted terms or region)',
    );
  });

  it('names three candidates, counts the rest, and gives at most two distinct reasons', () => {
    const choices = replacementChoices({ sameTypeProducts: 3, items: [], unpriced: ['r1', 'r2', 'r3', 'r1'].map((r, i) => unpriced(`S${i}`, r)) }, 'EUR');
    assert.equal(choices.emptyReason, 'S0 P1Y Upfront, S1 P1Y Upfront, S2 P1Y Upfront and 1 more candidate without a price from Azure (r1; r2; …)');
    assert.equal(choices.notOffered, '');
  });
});
