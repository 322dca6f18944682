import { strict as assert } from 'node:assert';
import { CAP_LIMIT_USD } from '../../src/domain/cap';
import { Decimal } from '../../src/domain/money';
import { computeQuote } from '../../src/domain/quote';
import { parseQuoteRequest } from '../../src/domain/quoteInput';
import { refundInput, refundQuote, SPEC_EXAMPLE_INPUT, SPEC_EXAMPLE_OUTPUT } from './contractInput';

/**
 * Refund quotes against values worked out by hand in the comments. The base reservation (contractInput.ts)
 * is 3,650.00 USD for 2025-01-10 → 2026-01-10, 365 days, 10.00 a day, so used = 10.00 × usedDays.
 */

/** The money part of a quote, for compact expectations. */
function money(json: ReturnType<typeof refundQuote>) {
  const { rule, paid, used, credit, feeRate, fee, net } = json;
  return { rule, paid, used, credit, feeRate, fee, net };
}

describe('refund quote', () => {
  it('reproduces the SPEC worked example exactly, field order included', () => {
    const json = refundQuote(SPEC_EXAMPLE_INPUT);
    assert.deepStrictEqual(json, SPEC_EXAMPLE_OUTPUT);
    assert.deepStrictEqual(Object.keys(json), Object.keys(SPEC_EXAMPLE_OUTPUT));
  });

  it('exposes the exact Decimal values behind the display-rounded figures', () => {
    const quote = computeQuote(parseQuoteRequest(SPEC_EXAMPLE_INPUT));
    assert.ok(quote.kind === 'refund');
    // used = 6000 × 10 / 365 = 164.383561643835…; credit is rounded from 6000 − that, not from 6000 − 164.38.
    assert.equal(quote.used.toFixed(12), '164.383561643836');
    assert.equal(quote.credit.toString(), '5835.62');
    assert.equal(quote.expiry.toISOString(), '2027-03-01T08:00:00.000Z');
    assert.ok(quote.capLimitUsd.equals(CAP_LIMIT_USD));
    assert.ok(CAP_LIMIT_USD.equals(new Decimal(50000)));
  });

  describe('csp-2020 policy table and its 5-day boundary', () => {
    it('day 5, no usage: 100% of paid, no fee', () => {
      // 2025-01-10 → 2025-01-15 is 5 days; usedDays 6 (used 60.00) does not matter for full credit.
      const json = refundQuote(refundInput('2025-01-15T23:59:59Z', { usageSeen: false }));
      assert.equal(json.daysSincePurchase, 5);
      assert.equal(json.usedDays, 6);
      assert.deepStrictEqual(money(json), {
        rule: 'full-credit',
        paid: '3650.00',
        used: '60.00',
        credit: '3650.00',
        feeRate: '0',
        fee: '0.00',
        net: '3650.00',
      });
    });

    it('day 5, usage seen: prorated, no fee', () => {
      // credit = 3650.00 − 60.00 = 3590.00.
      const json = refundQuote(refundInput('2025-01-15T23:59:59Z', { usageSeen: true }));
      assert.deepStrictEqual(money(json), {
        rule: 'prorated',
        paid: '3650.00',
        used: '60.00',
        credit: '3590.00',
        feeRate: '0',
        fee: '0.00',
        net: '3590.00',
      });
    });

    it('day 6, no usage: prorated with the 12% fee', () => {
      // daysSincePurchase 6, usedDays 7: credit = 3650.00 − 70.00 = 3580.00; fee = 429.60; net = 3150.40.
      const json = refundQuote(refundInput('2025-01-16T00:00:00Z', { usageSeen: false }));
      assert.equal(json.daysSincePurchase, 6);
      assert.deepStrictEqual(money(json), {
        rule: 'prorated-with-fee',
        paid: '3650.00',
        used: '70.00',
        credit: '3580.00',
        feeRate: '0.12',
        fee: '429.60',
        net: '3150.40',
      });
    });

    it('day 6, usage seen: the same as without usage', () => {
      const json = refundQuote(refundInput('2025-01-16T00:00:00Z', { usageSeen: true }));
      assert.deepStrictEqual(money(json), {
        rule: 'prorated-with-fee',
        paid: '3650.00',
        used: '70.00',
        credit: '3580.00',
        feeRate: '0.12',
        fee: '429.60',
        net: '3150.40',
      });
    });

    it('the day of purchase counts as one used day', () => {
      // Same UTC date: daysSincePurchase 0, usedDays 1, used 10.00.
      const used = refundQuote(refundInput('2025-01-10T23:59:59Z', { usageSeen: true }));
      assert.equal(used.daysSincePurchase, 0);
      assert.equal(used.usedDays, 1);
      assert.deepStrictEqual(money(used), {
        rule: 'prorated',
        paid: '3650.00',
        used: '10.00',
        credit: '3640.00',
        feeRate: '0',
        fee: '0.00',
        net: '3640.00',
      });
      const unused = refundQuote(refundInput('2025-01-10T00:00:00Z', { usageSeen: false }));
      assert.equal(unused.rule, 'full-credit');
      assert.equal(unused.credit, '3650.00');
    });

    it('counts calendar days in UTC: 40 minutes across midnight is one day', () => {
      const json = refundQuote(refundInput('2025-01-11T00:10:00Z', { benefitStart: '2025-01-10T23:30:00Z', usageSeen: true }));
      assert.equal(json.daysSincePurchase, 1);
      assert.equal(json.usedDays, 2);
      assert.equal(json.used, '20.00');
    });

    it('is the default policy when none is given', () => {
      const json = refundQuote(refundInput('2025-01-16T00:00:00Z'));
      assert.equal(json.policy, 'csp-2020');
      assert.equal(json.rule, 'prorated-with-fee');
    });
  });

  describe('azure-2023 policy', () => {
    it('prorates within 5 days even without usage', () => {
      // Day 2, usedDays 3: credit = 3650.00 − 30.00 = 3620.00, no fee.
      const json = refundQuote(refundInput('2025-01-12T12:00:00Z', { usageSeen: false }, { policy: 'azure-2023' }));
      assert.equal(json.policy, 'azure-2023');
      assert.deepStrictEqual(money(json), {
        rule: 'prorated',
        paid: '3650.00',
        used: '30.00',
        credit: '3620.00',
        feeRate: '0',
        fee: '0.00',
        net: '3620.00',
      });
    });

    it('charges no fee after day 5', () => {
      const json = refundQuote(refundInput('2025-01-16T00:00:00Z', { usageSeen: true }, { policy: 'azure-2023' }));
      assert.deepStrictEqual(money(json), {
        rule: 'prorated',
        paid: '3650.00',
        used: '70.00',
        credit: '3580.00',
        feeRate: '0',
        fee: '0.00',
        net: '3580.00',
      });
    });
  });

  describe('terms and leap years', () => {
    it('a one-year term with 29 February inside has 366 days', () => {
      // 2027-06-01 → 2028-06-01 = 366 days; 3660.00 is 10.00 a day. Day 10, usedDays 11: used 110.00,
      // credit 3550.00, fee 426.00, net 3124.00.
      const json = refundQuote(refundInput('2027-06-11T09:00:00Z', { benefitStart: '2027-06-01T00:00:00Z', totalCommitment: '3660.00' }));
      assert.equal(json.termDays, 366);
      assert.deepStrictEqual(money(json), {
        rule: 'prorated-with-fee',
        paid: '3660.00',
        used: '110.00',
        credit: '3550.00',
        feeRate: '0.12',
        fee: '426.00',
        net: '3124.00',
      });
    });

    it('a term starting on 29 February expires on 28 February', () => {
      // 2028-02-29 → 2029-02-28 = 365 days. On 2029-02-27 (day 364) usedDays is 365 = termDays: credit 0.
      const lastDay = refundQuote(refundInput('2029-02-27T23:59:59Z', { benefitStart: '2028-02-29T10:00:00Z' }));
      assert.equal(lastDay.termDays, 365);
      assert.equal(lastDay.daysSincePurchase, 364);
      assert.equal(lastDay.usedDays, 365);
      assert.equal(lastDay.eligible, true);
      assert.equal(lastDay.credit, '0.00');
      // On 2029-02-28 the expiry has come.
      const expiryDay = refundQuote(refundInput('2029-02-28T00:00:00Z', { benefitStart: '2028-02-29T10:00:00Z' }));
      assert.equal(expiryDay.eligible, false);
      assert.deepStrictEqual(expiryDay.reasons, ['expired']);
      assert.equal(expiryDay.usedDays, 365); // never more than termDays
    });

    it('P3Y: 1096 days with one leap day', () => {
      // 2023-06-01 → 2026-06-01 = 365 + 366 + 365 = 1096; 10960.00 is 10.00 a day. 2023-09-09 is day 100:
      // usedDays 101, used 1010.00, credit 9950.00, fee 1194.00, net 8756.00.
      const json = refundQuote(refundInput('2023-09-09T00:00:00Z', { term: 'P3Y', benefitStart: '2023-06-01T00:00:00Z', totalCommitment: '10960.00' }));
      assert.equal(json.termDays, 1096);
      assert.equal(json.daysSincePurchase, 100);
      assert.deepStrictEqual(money(json), {
        rule: 'prorated-with-fee',
        paid: '10960.00',
        used: '1010.00',
        credit: '9950.00',
        feeRate: '0.12',
        fee: '1194.00',
        net: '8756.00',
      });
    });

    it('P5Y: 1827 days with two leap days', () => {
      // 2024-01-10 → 2029-01-10 = 1827 (29 Feb 2024 and 2028); 18270.00 is 10.00 a day. 2026-01-10 is day
      // 731: usedDays 732, used 7320.00, credit 10950.00, fee 1314.00, net 9636.00.
      const json = refundQuote(refundInput('2026-01-10T00:00:00Z', { term: 'P5Y', benefitStart: '2024-01-10T00:00:00Z', totalCommitment: '18270.00' }));
      assert.equal(json.termDays, 1827);
      assert.equal(json.daysSincePurchase, 731);
      assert.deepStrictEqual(money(json), {
        rule: 'prorated-with-fee',
        paid: '18270.00',
        used: '7320.00',
        credit: '10950.00',
        feeRate: '0.12',
        fee: '1314.00',
        net: '9636.00',
      });
    });

    it('P5Y starting on 29 February: 1826 days to 28 February', () => {
      const json = refundQuote(refundInput('2028-03-01T00:00:00Z', { term: 'P5Y', benefitStart: '2028-02-29T00:00:00Z' }));
      assert.equal(json.termDays, 1826);
      assert.equal(json.daysSincePurchase, 1);
    });
  });

  describe('Monthly billing and partial quantities', () => {
    it('few payments: paid is the returned share of the completed payments', () => {
      // 4 units, 12000.00 EUR, 2 monthly payments of 1000.00 made; 3 units returned. 2025-01-10 → 2025-02-20 is
      // 41 days, usedDays 42. total = 9000.00, paid = 2000 × 3/4 = 1500.00,
      // used = 9000 × 42/365 = 1035.6164… → "1035.62", credit = round(1500 − 1035.6164…) = 464.38,
      // fee = round(55.7256) = 55.73, net = 408.65, netUsd = 408.65 × 1.10 = 449.515 → 449.52 (half away from zero).
      const json = refundQuote(
        refundInput('2025-02-20T15:00:00Z', {
          billingPlan: 'Monthly',
          quantity: 4,
          returnQuantity: 3,
          totalCommitment: '12000.00',
          paidToDate: '2000.00',
          currency: 'EUR',
          usdRate: '1.10',
          usageSeen: true,
        }),
      );
      assert.equal(json.usedDays, 42);
      assert.deepStrictEqual(money(json), {
        rule: 'prorated-with-fee',
        paid: '1500.00',
        used: '1035.62',
        credit: '464.38',
        feeRate: '0.12',
        fee: '55.73',
        net: '408.65',
      });
      assert.equal(json.netUsd, '449.52');
      assert.equal(json.refund, '408.65');
    });

    it('few payments behind usage: nothing to credit, never negative', () => {
      // 1000.00 paid of 12000.00; day 64 (usedDays 65): used = 12000 × 65/365 = 2136.99 > paid → credit 0.00.
      const json = refundQuote(refundInput('2025-03-15T00:00:00Z', { billingPlan: 'Monthly', totalCommitment: '12000.00', paidToDate: '1000.00' }));
      assert.deepStrictEqual(money(json), {
        rule: 'prorated-with-fee',
        paid: '1000.00',
        used: '2136.99',
        credit: '0.00',
        feeRate: '0.12',
        fee: '0.00',
        net: '0.00',
      });
      assert.equal(json.refund, '0.00');
      assert.equal(json.refundUsd, '0.00');
    });

    it('many payments: 31 of 36 paid on a P3Y', () => {
      // 36000.00 over 1096 days (2023-06-01 → 2026-06-01); 31000.00 paid. 2025-12-15 is day 928, usedDays 929:
      // used = 36000 × 929/1096 = 30514.5985… → "30514.60", credit = round(31000 − 30514.5985…) = 485.40,
      // fee = round(58.248) = 58.25, net = 427.15.
      const json = refundQuote(
        refundInput('2025-12-15T00:00:00Z', {
          term: 'P3Y',
          billingPlan: 'Monthly',
          benefitStart: '2023-06-01T00:00:00Z',
          totalCommitment: '36000.00',
          paidToDate: '31000.00',
        }),
      );
      assert.equal(json.daysSincePurchase, 928);
      assert.deepStrictEqual(money(json), {
        rule: 'prorated-with-fee',
        paid: '31000.00',
        used: '30514.60',
        credit: '485.40',
        feeRate: '0.12',
        fee: '58.25',
        net: '427.15',
      });
    });

    it('Monthly within 5 days and unused: full credit of what was paid', () => {
      // One payment of 1000.00 for the whole quantity of 2; one unit returned: 500.00.
      const json = refundQuote(refundInput('2025-01-11T00:00:00Z', { billingPlan: 'Monthly', quantity: 2, returnQuantity: 1, paidToDate: '1000.00' }));
      assert.equal(json.rule, 'full-credit');
      assert.equal(json.paid, '500.00');
      assert.equal(json.credit, '500.00');
    });
  });

  describe('currencies', () => {
    it('JPY has no decimals; USD figures keep 2', () => {
      // 3 units of 1,200,000 JPY, 2 returned: total 800000. Day 10, usedDays 11: used = 800000 × 11/365 =
      // 24109.59 → "24110", credit = round(775890.41) = 775890, fee = round(93106.8) = 93107, net = 682783,
      // netUsd = 682783 × 0.0067 = 4574.6461 → 4574.65.
      const json = refundQuote(
        refundInput('2025-01-20T00:00:00Z', {
          quantity: 3,
          returnQuantity: 2,
          totalCommitment: '1200000',
          currency: 'JPY',
          usdRate: '0.0067',
        }),
      );
      assert.deepStrictEqual(money(json), {
        rule: 'prorated-with-fee',
        paid: '800000',
        used: '24110',
        credit: '775890',
        feeRate: '0.12',
        fee: '93107',
        net: '682783',
      });
      assert.equal(json.netUsd, '4574.65');
      assert.equal(json.refund, '682783');
      assert.equal(json.refundUsd, '4574.65');
      assert.equal(json.capRemainingAfterUsd, '45425.35');
    });
  });

  describe('the 50,000 USD cap', () => {
    // Day 6 of the base reservation: net 3150.40 USD.
    const day6 = '2025-01-16T00:00:00Z';

    it('a refund that exactly fits what is left is not capped', () => {
      // 50000.00 − 46849.60 = 3150.40 = netUsd.
      const json = refundQuote(refundInput(day6, {}, { capConsumedUsd: '46849.60' }));
      assert.equal(json.capRemainingUsd, '3150.40');
      assert.equal(json.capped, false);
      assert.equal(json.refund, '3150.40');
      assert.equal(json.refundUsd, '3150.40');
      assert.equal(json.capRemainingAfterUsd, '0.00');
    });

    it('a refund 0.01 USD over what is left is capped to the remaining cap', () => {
      const json = refundQuote(refundInput(day6, {}, { capConsumedUsd: '46849.61' }));
      assert.equal(json.eligible, true);
      assert.equal(json.net, '3150.40');
      assert.equal(json.netUsd, '3150.40');
      assert.equal(json.capRemainingUsd, '3150.39');
      assert.equal(json.capped, true);
      assert.equal(json.refund, '3150.39');
      assert.equal(json.refundUsd, '3150.39');
      assert.equal(json.capRemainingAfterUsd, '0.00');
    });

    it('a capped refund in another currency converts the remaining USD back, rounded once', () => {
      // The SPEC example (netUsd 5546.18) with 5546.17 left: refund = round(5546.17 / 1.08) = round(5135.3425…) = 5135.34.
      const json = refundQuote({ ...SPEC_EXAMPLE_INPUT, capConsumedUsd: '44453.83' });
      assert.equal(json.capRemainingUsd, '5546.17');
      assert.equal(json.capped, true);
      assert.equal(json.refund, '5135.34');
      assert.equal(json.refundUsd, '5546.17');
      assert.equal(json.capRemainingAfterUsd, '0.00');
    });

    it('no cap left: capped to zero, still eligible', () => {
      const json = refundQuote(refundInput(day6, {}, { capConsumedUsd: '50000.00' }));
      assert.equal(json.eligible, true);
      assert.equal(json.capRemainingUsd, '0.00');
      assert.equal(json.capped, true);
      assert.equal(json.refund, '0.00');
      assert.equal(json.refundUsd, '0.00');
      assert.equal(json.capRemainingAfterUsd, '0.00');
    });

    it('consumption above the limit leaves a remaining cap of zero, never negative', () => {
      const json = refundQuote(refundInput(day6, {}, { capConsumedUsd: '61234.56' }));
      assert.equal(json.capConsumedUsd, '61234.56');
      assert.equal(json.capRemainingUsd, '0.00');
      assert.equal(json.refund, '0.00');
    });

    it('a zero refund is not capped even with no cap left', () => {
      // A full-term-used reservation: credit 0.00, netUsd 0.00 ≤ remaining 0.00.
      const json = refundQuote(refundInput('2026-01-09T00:00:00Z', {}, { capConsumedUsd: '50000.00' }));
      assert.equal(json.net, '0.00');
      assert.equal(json.capped, false);
    });
  });
});
