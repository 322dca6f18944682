import assert from 'node:assert/strict';
import { computeRefundQuote } from '../../src/domain/quote';
import { quoteJson } from '../../src/domain/quoteJson';
import { Decimal } from '../../src/domain/money';
import { POLICY_NAMES, type PolicyName } from '../../src/domain/types';
import type { Reservation } from '../../src/ports/reservations';
import { createSandboxProvider } from '../../src/providers/sandbox';
import { factsOf, quoteRefundAtCap, unitsToReturn } from '../../src/services/quoting';

/**
 * quoteRefundAtCap keeps the quotes it made lately and answers the same inputs from them: what it gives must be,
 * field for field, the quote computed afresh, whatever the time of day, and no caller may change another's copy.
 */

const NOW = new Date('2026-06-15T10:00:00Z');
const DAY_MS = 24 * 60 * 60 * 1000;
const POLICIES = POLICY_NAMES;

function computedAfresh(policy: PolicyName, reservation: Reservation, asOf: Date, cap: Decimal, units?: number) {
  const quote = computeRefundQuote({
    kind: 'refund',
    policy,
    asOf,
    reservation: factsOf(reservation),
    returnQuantity: unitsToReturn(reservation, units),
    capConsumedUsd: cap,
  });
  return { quote, json: quoteJson(quote) };
}

async function sandboxReservations(): Promise<Reservation[]> {
  const provider = createSandboxProvider({ now: NOW });
  const all: Reservation[] = [];
  for (const customer of (await provider.directory.searchCustomers('', 0, 100)).items) {
    all.push(...(await provider.reservations.listReservations(customer.id)));
  }
  return all.filter((r) => !r.figuresProblem && r.benefitStart.getTime() <= NOW.getTime());
}

describe('refund quotes made lately', () => {
  it('gives, on the same inputs, the quote computed afresh, at any time of the same UTC day and on other days', async () => {
    const reservations = await sandboxReservations();
    assert.ok(reservations.length > 10);
    const caps = ['0', '1234.56', '49000.00', '50000', '60000.10'].map((c) => new Decimal(c));
    let compared = 0;
    for (const reservation of reservations)
      for (const policy of POLICIES)
        for (const cap of caps)
          for (const units of [undefined, 1, 2])
            for (const offsetMs of [0, -10 * 60 * 60 * 1000 + 1, 13 * 60 * 60 * 1000, DAY_MS, 40 * DAY_MS + 7]) {
              const asOf = new Date(NOW.getTime() + offsetMs);
              let expected;
              try {
                expected = computedAfresh(policy, reservation, asOf, cap, units);
              } catch {
                assert.throws(() => quoteRefundAtCap({ policy }, reservation, asOf, cap, units));
                continue;
              }
              // The first call may be made or kept; the second is kept: both equal the fresh one.
              assert.deepEqual(quoteRefundAtCap({ policy }, reservation, asOf, cap, units), expected);
              assert.deepEqual(quoteRefundAtCap({ policy }, reservation, asOf, cap, units), expected);
              compared++;
            }
    assert.ok(compared > 1000, String(compared));
  });

  it('sees a change in any fact the quote reads', async () => {
    const [reservation] = await sandboxReservations();
    const cap = new Decimal('1000');
    quoteRefundAtCap({ policy: 'csp-2020' }, reservation, NOW, cap);
    const changed: Reservation[] = [
      { ...reservation, paidToDate: reservation.paidToDate.dividedBy(2) },
      { ...reservation, totalCommitment: reservation.totalCommitment.times(2) },
      { ...reservation, usdRate: reservation.usdRate.plus('0.01') },
      { ...reservation, usageSeen: !reservation.usageSeen },
      { ...reservation, state: 'Cancelled' },
      { ...reservation, benefitStart: new Date(reservation.benefitStart.getTime() - DAY_MS) },
      { ...reservation, quantity: reservation.quantity + 1 },
    ];
    for (const other of changed) assert.deepEqual(quoteRefundAtCap({ policy: 'csp-2020' }, other, NOW, cap), computedAfresh('csp-2020', other, NOW, cap));
    assert.deepEqual(
      quoteRefundAtCap({ policy: 'csp-2020' }, reservation, NOW, cap.plus('0.01')),
      computedAfresh('csp-2020', reservation, NOW, cap.plus('0.01')),
    );
  });

  it('gives every caller its own copy', async () => {
    const [reservation] = await sandboxReservations();
    const cap = new Decimal('10');
    const first = quoteRefundAtCap({ policy: 'csp-2020' }, reservation, NOW, cap);
    const expected = computedAfresh('csp-2020', reservation, NOW, cap);
    first.json.reasons.push('expired');
    first.quote.reasons.push('expired');
    first.quote.expiry.setTime(0);
    (first.json as unknown as Record<string, unknown>).refund = 'changed';
    assert.deepEqual(quoteRefundAtCap({ policy: 'csp-2020' }, reservation, NOW, cap), expected);
  });
});
