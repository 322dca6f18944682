import { strict as assert } from 'node:assert';
import { exchangeInput, exchangeQuote, specExampleExchange } from './contractInput';

/** Exchange quotes against hand-worked values (base reservation: 3,650.00 USD, 365 days, 10.00 a day). */

const HEAD_KEYS = ['kind', 'policy', 'eligible', 'reasons', 'currency', 'daysSincePurchase', 'termDays', 'usedDays'];

describe('exchange quote', () => {
  it('the SPEC reservation: credit without fee, minimum commitment, net payable; contract field order', () => {
    // Day 9, usedDays 10, usage seen: credit = round(6000 − 164.3835…) = 5835.62, no fee.
    // remainingCommitment = round(6000 − 164.3835…) = 5835.62; netPayable = 9000.00 − 5835.62 = 3164.38.
    const json = exchangeQuote(specExampleExchange({ totalCommitment: '9000.00', currency: 'EUR' }));
    const expected = {
      kind: 'exchange',
      policy: 'csp-2020',
      eligible: true,
      reasons: [],
      currency: 'EUR',
      daysSincePurchase: 9,
      termDays: 365,
      usedDays: 10,
      rule: 'prorated',
      paid: '6000.00',
      used: '164.38',
      credit: '5835.62',
      remainingCommitment: '5835.62',
      newTotal: '9000.00',
      netPayable: '3164.38',
    };
    assert.deepStrictEqual(json, expected);
    assert.deepStrictEqual(Object.keys(json), Object.keys(expected));
  });

  it('a replacement 0.01 below the minimum is refused, stating the minimum', () => {
    const json = exchangeQuote(specExampleExchange({ totalCommitment: '5835.61', currency: 'EUR' }));
    assert.equal(json.eligible, false);
    assert.deepStrictEqual(json.reasons, ['below-minimum-commitment']);
    assert.equal(json.remainingCommitment, '5835.62');
    assert.equal(json.credit, '5835.62');
    assert.equal(json.newTotal, '5835.61');
    assert.equal(json.netPayable, '-0.01');
  });

  it('a replacement exactly at the minimum is accepted', () => {
    const json = exchangeQuote(specExampleExchange({ totalCommitment: '5835.62', currency: 'EUR' }));
    assert.equal(json.eligible, true);
    assert.equal(json.netPayable, '0.00');
  });

  it('a replacement in another currency is refused with currency-mismatch', () => {
    const json = exchangeQuote(specExampleExchange({ totalCommitment: '9000.00', currency: 'GBP' }));
    assert.equal(json.eligible, false);
    assert.deepStrictEqual(json.reasons, ['currency-mismatch']);
    assert.equal(json.remainingCommitment, '5835.62');
    assert.equal(json.newTotal, '9000.00', "in GBP, the replacement's currency");
    assert.equal(json.netPayable, undefined, 'no difference exists between two currencies');
  });

  it('charges no fee after day 5', () => {
    // Day 6, usedDays 7: credit = 3650.00 − 70.00 = 3580.00 (a refund would take 12% off).
    const json = exchangeQuote(exchangeInput('2025-01-16T00:00:00Z', { totalCommitment: '4000.00', currency: 'USD' }));
    assert.equal(json.rule, 'prorated');
    assert.equal(json.credit, '3580.00');
    assert.equal(json.remainingCommitment, '3580.00');
    assert.equal(json.netPayable, '420.00');
    assert.ok(!('fee' in json) && !('capped' in json) && !('refund' in json), 'no fee or cap fields');
  });

  it('full credit within 5 days can make netPayable negative, kept as computed', () => {
    // Day 5 unused: credit = paid = 3650.00; minimum = 3650.00 − 60.00 = 3590.00; 3590.00 − 3650.00 = −60.00.
    const json = exchangeQuote(exchangeInput('2025-01-15T12:00:00Z', { totalCommitment: '3590.00', currency: 'USD' }));
    assert.equal(json.rule, 'full-credit');
    assert.equal(json.credit, '3650.00');
    assert.equal(json.remainingCommitment, '3590.00');
    assert.equal(json.eligible, true);
    assert.equal(json.netPayable, '-60.00');
  });

  it('azure-2023 prorates the exchange credit within 5 days too', () => {
    // Day 2, usedDays 3: credit 3620.00 (csp-2020 would give the full 3650.00).
    const input = exchangeInput('2025-01-12T00:00:00Z', { totalCommitment: '4000.00', currency: 'USD' }, {}, { policy: 'azure-2023' });
    const json = exchangeQuote(input);
    assert.equal(json.rule, 'prorated');
    assert.equal(json.credit, '3620.00');
    assert.equal(json.netPayable, '380.00');
  });

  it('Monthly: the minimum includes payments not yet due', () => {
    // The few-payments reservation of the refund tests: total 9000.00 for 3 of 4 units, paid 1500.00, used
    // 1035.6164…; credit 464.38, minimum = round(9000 − 1035.6164…) = 7964.38; 8000.00 − 464.38 = 7535.62.
    const reservation = {
      billingPlan: 'Monthly',
      quantity: 4,
      returnQuantity: 3,
      totalCommitment: '12000.00',
      paidToDate: '2000.00',
      currency: 'EUR',
      usdRate: '1.10',
      usageSeen: true,
    };
    const json = exchangeQuote(exchangeInput('2025-02-20T15:00:00Z', { totalCommitment: '8000.00', currency: 'EUR' }, reservation));
    assert.equal(json.credit, '464.38');
    assert.equal(json.remainingCommitment, '7964.38');
    assert.equal(json.netPayable, '7535.62');
    const below = exchangeQuote(exchangeInput('2025-02-20T15:00:00Z', { totalCommitment: '7964.37', currency: 'EUR' }, reservation));
    assert.deepStrictEqual(below.reasons, ['below-minimum-commitment']);
  });

  it('JPY: whole yen throughout', () => {
    // 800000 returned, day 10: used 24109.59…, credit 775890, minimum 775890; 900000 − 775890 = 124110.
    const reservation = { quantity: 3, returnQuantity: 2, totalCommitment: '1200000', currency: 'JPY', usdRate: '0.0067' };
    const json = exchangeQuote(exchangeInput('2025-01-20T00:00:00Z', { totalCommitment: '900000', currency: 'JPY' }, reservation));
    assert.equal(json.credit, '775890');
    assert.equal(json.remainingCommitment, '775890');
    assert.equal(json.newTotal, '900000');
    assert.equal(json.netPayable, '124110');
  });

  it('lists reservation-level and replacement reasons together, still with the figures', () => {
    const json = exchangeQuote(exchangeInput('2026-01-10T00:00:00Z', { totalCommitment: '10.00', currency: 'GBP' }, { reservedResourceType: 'RedHat' }));
    assert.deepStrictEqual(json.reasons, ['expired', 'not-refundable-type', 'currency-mismatch']);
    assert.deepStrictEqual(Object.keys(json), [...HEAD_KEYS, 'rule', 'paid', 'used', 'credit', 'remainingCommitment', 'newTotal']);
  });
});
