import assert from 'node:assert/strict';
import type { ExchangeQuoteJson, RefundQuoteJson } from '../../src/domain/quoteContract';
import { customerOf, flowCustomer, quoteOf, replacementOf, storedQuote, storedReplacement } from '../../dialogs/flowState';

const refund: RefundQuoteJson = {
  kind: 'refund',
  policy: 'csp-2020',
  eligible: true,
  reasons: [],
  currency: 'EUR',
  daysSincePurchase: 200,
  termDays: 365,
  usedDays: 201,
  rule: 'prorated-with-fee',
  paid: '11400.00',
  used: '6277.81',
  credit: '5122.19',
  feeRate: '0.12',
  fee: '614.66',
  net: '4507.53',
  netUsd: '4868.13',
  capLimitUsd: '50000.00',
  capConsumedUsd: '0.00',
  capRemainingUsd: '50000.00',
  capped: false,
  refund: '4507.53',
  refundUsd: '4868.13',
  capRemainingAfterUsd: '45131.87',
};

describe('flow state: what a flow keeps between steps', () => {
  it('packs a quote and reads back the very same quote, field for field and in order', () => {
    const ineligible: ExchangeQuoteJson = {
      kind: 'exchange',
      policy: 'csp-2020',
      eligible: false,
      reasons: ['currency-mismatch'],
      currency: 'EUR',
      daysSincePurchase: 2,
      termDays: 1096,
      usedDays: 3,
      rule: 'prorated',
      paid: '200.00',
      used: '19.71',
      credit: '180.29',
      remainingCommitment: '7180.29',
      newTotal: '129600.00',
    };
    for (const quote of [refund, ineligible, { ...refund, fee: undefined, feeRate: undefined } as unknown as RefundQuoteJson]) {
      const packed = storedQuote(JSON.parse(JSON.stringify(quote)));
      assert.ok(Array.isArray(packed), 'packed');
      assert.equal(JSON.stringify(quoteOf(JSON.parse(JSON.stringify(packed)))), JSON.stringify(quote));
    }
    assert.ok(JSON.stringify(storedQuote(refund)).length < JSON.stringify(refund).length / 2);
  });

  it('keeps a quote it cannot pack exactly as it is: a field it does not know, fields out of order', () => {
    const unknownField = { ...refund, extra: 'x' } as RefundQuoteJson;
    assert.deepEqual(storedQuote(unknownField), unknownField);
    const { kind, policy, ...rest } = refund;
    const reordered = { policy, kind, ...rest } as RefundQuoteJson;
    assert.deepEqual(storedQuote(reordered), reordered);
    // A quote stored before packing (a flow in progress across the upgrade) reads as itself.
    assert.equal(quoteOf(refund), refund);
  });

  it('packs a replacement and reads it back; reads one stored whole', () => {
    const replacement = {
      itemId: 'vm.d2s.westeurope.p1y.eur',
      sku: 'Standard_D2s_v5',
      displayName: 'Standard_D2s_v5, West Europe, 1 year, Upfront',
      region: 'westeurope',
      term: 'P1Y',
      billingPlan: 'Upfront',
      quantity: 200,
      currency: 'EUR',
      totalCommitment: '129600.00',
    };
    assert.deepEqual(replacementOf(JSON.parse(JSON.stringify(storedReplacement(replacement)))), replacement);
    assert.equal(replacementOf(replacement), replacement);
  });

  it('keeps a customer as id and name, and its tenant id only where it is not the id', () => {
    assert.deepEqual(flowCustomer({ id: 'c1', name: 'Contoso', tenantId: 'c1', domain: 'contoso.example' } as never), { id: 'c1', name: 'Contoso' });
    assert.deepEqual(customerOf(flowCustomer({ id: 'c1', name: 'Contoso', tenantId: 't9' })), { id: 'c1', name: 'Contoso', tenantId: 't9' });
    assert.deepEqual(customerOf({ id: 'c1', name: 'Contoso' }), { id: 'c1', name: 'Contoso', tenantId: 'c1' });
  });
});
