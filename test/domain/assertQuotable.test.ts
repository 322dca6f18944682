import { strict as assert } from 'node:assert';
import { Decimal } from '../../src/domain/money';
import { computeExchangeQuote, computeRefundQuote, type RefundQuoteRequest } from '../../src/domain/quote';
import { InvalidInputError } from '../../src/errors';

/** Dialogs call the domain with domain values directly; the same checks guard them as guard the CLI. */
function request(overrides: Partial<RefundQuoteRequest> = {}, reservation: Partial<RefundQuoteRequest['reservation']> = {}): RefundQuoteRequest {
  return {
    kind: 'refund',
    policy: 'csp-2020',
    asOf: new Date('2025-01-16T00:00:00Z'),
    returnQuantity: 1,
    capConsumedUsd: new Decimal(0),
    reservation: {
      term: 'P1Y',
      billingPlan: 'Upfront',
      benefitStart: new Date('2025-01-10T00:00:00Z'),
      quantity: 1,
      totalCommitment: new Decimal('3650.00'),
      currency: 'USD',
      paidToDate: new Decimal('3650.00'),
      usdRate: new Decimal(1),
      usageSeen: false,
      reservedResourceType: 'VirtualMachines',
      state: 'Succeeded',
      ...reservation,
    },
    ...overrides,
  };
}

function assertRefused(run: () => unknown, field: string): void {
  assert.throws(run, (error: unknown) => error instanceof InvalidInputError && error.code === 'invalid-input' && error.details.field === field);
}

describe('domain preconditions', () => {
  it('quotes well-formed domain values (day 6: net 3150.40)', () => {
    const quote = computeRefundQuote(request());
    assert.equal(quote.net.toFixed(2), '3150.40');
    assert.equal(quote.eligible, true);
  });

  it('quotes a time earlier in the day than the benefit start, on its UTC date, as day 0', () => {
    const quote = computeRefundQuote(request({ asOf: new Date('2025-01-10T06:00:00Z') }, { benefitStart: new Date('2025-01-10T18:00:00Z') }));
    assert.equal(quote.daysSincePurchase, 0);
    assert.equal(quote.usedDays, 1);
    assert.equal(quote.net.toFixed(2), '3650.00');
  });

  it('refuses facts that do not hang together, naming the field', () => {
    assertRefused(() => computeRefundQuote(request({ returnQuantity: 0 })), 'reservation.returnQuantity');
    assertRefused(() => computeRefundQuote(request({ returnQuantity: 2 })), 'reservation.returnQuantity');
    assertRefused(() => computeRefundQuote(request({}, { quantity: 1.5 })), 'reservation.quantity');
    assertRefused(() => computeRefundQuote(request({ asOf: new Date('2025-01-09T23:59:59Z') })), 'asOf');
    assertRefused(() => computeRefundQuote(request({ asOf: new Date('2025-01-09T12:00:00Z') }, { benefitStart: new Date('2025-01-10T00:30:00Z') })), 'asOf');
    assertRefused(() => computeRefundQuote(request({ asOf: new Date('not a date') })), 'asOf');
    assertRefused(() => computeRefundQuote(request({}, { usdRate: new Decimal(0) })), 'reservation.usdRate');
    assertRefused(() => computeRefundQuote(request({}, { totalCommitment: new Decimal(-1) })), 'reservation.totalCommitment');
    assertRefused(() => computeRefundQuote(request({}, { billingPlan: 'Monthly', paidToDate: new Decimal('3650.01') })), 'reservation.paidToDate');
    assertRefused(() => computeRefundQuote(request({ capConsumedUsd: new Decimal('-0.01') })), 'capConsumedUsd');
    const { capConsumedUsd: _unused, ...base } = request();
    assertRefused(
      () => computeExchangeQuote({ ...base, kind: 'exchange', replacement: { totalCommitment: new Decimal(1), currency: 'usd' } }),
      'replacement.currency',
    );
  });
});
