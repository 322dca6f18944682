import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { calendarDaysBetween } from '../../src/domain/dates';
import { Decimal, roundMoney } from '../../src/domain/money';
import { computeQuote, type ExchangeQuote, type RefundQuote } from '../../src/domain/quote';
import { TERMS } from '../../src/domain/types';
import { CAP_WINDOW_MS } from '../../src/domain/cap';
import type { Customer } from '../../src/ports/partnerDirectory';
import type { Reservation } from '../../src/ports/reservations';
import { createSandboxProvider, sandboxCapHistory, type CapHistoryEntry, type SandboxProvider } from '../../src/providers/sandbox';

const CAP_LIMIT_USD = new Decimal(50000);
const MONTHS = { P1Y: 12, P3Y: 36, P5Y: 60 } as const;

/** One reservation with what the policy engine makes of it on the sandbox's clock. */
interface Case {
  customer: Customer;
  r: Reservation;
  /** What is left to return. */
  returnable: number;
  refund: RefundQuote;
  consumedUsd: Decimal;
}

function consumedAt(history: readonly CapHistoryEntry[], customerId: string, at: Date): Decimal {
  return history
    .filter((e) => e.customerId === customerId && e.at.getTime() > at.getTime() - CAP_WINDOW_MS && e.at.getTime() <= at.getTime())
    .reduce((sum, e) => sum.plus(e.amountUsd), new Decimal(0));
}

async function casesOf(provider: SandboxProvider): Promise<Case[]> {
  const asOf = provider.clock.now();
  const history = provider.capHistory();
  const cases: Case[] = [];
  for (const customer of (await provider.directory.searchCustomers('', 0, 100)).items) {
    const consumedUsd = consumedAt(history, customer.id, asOf);
    for (const r of await provider.reservations.listReservations(customer.id)) {
      const returnable = r.quantity - r.returnedQuantity;
      const refund = computeQuote({
        kind: 'refund',
        policy: 'csp-2020',
        asOf,
        reservation: r,
        returnQuantity: Math.max(1, returnable),
        capConsumedUsd: consumedUsd,
      });
      cases.push({ customer, r, returnable, refund, consumedUsd });
    }
  }
  return cases;
}

function paymentsMade(r: Reservation): number {
  return r.paidToDate.times(MONTHS[r.term]).dividedBy(r.totalCommitment).toNumber();
}

function exchangeQuote(provider: SandboxProvider, c: Case, newTotal: Decimal): ExchangeQuote {
  return computeQuote({
    kind: 'exchange',
    policy: 'csp-2020',
    asOf: provider.clock.now(),
    reservation: c.r,
    returnQuantity: c.returnable,
    replacement: { totalCommitment: newTotal, currency: c.r.currency },
  });
}

// Dates chosen to catch anchoring mistakes: a leap day just after midnight, the last second of a year, a
// century year without 29 February, and the real clock.
const DATES: ReadonlyArray<string | undefined> = ['2026-03-10T12:00:00Z', '2028-02-29T00:30:00Z', '2027-12-31T23:59:59Z', '2100-03-01T00:00:00Z', undefined];

for (const now of DATES) {
  describe(`sandbox tenant covers every SPEC section 3 rule (${now ?? 'real time'})`, () => {
    let provider: SandboxProvider;
    let cases: Case[];
    const some = (description: string, predicate: (c: Case) => boolean): Case => {
      const found = cases.find(predicate);
      assert.ok(found, `some reservation: ${description}`);
      return found;
    };

    before(async () => {
      provider = createSandboxProvider(now === undefined ? {} : { now });
      cases = await casesOf(provider);
    });

    it('has at least 6 customers on *.onmicrosoft.com, one without reservations, and at least 20 reservations', async () => {
      const customers = (await provider.directory.searchCustomers('', 0, 100)).items;
      assert.ok(customers.length >= 6);
      for (const c of customers) {
        assert.match(c.domain, /^[a-z0-9-]+\.onmicrosoft\.com$/);
        assert.match(c.tenantId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      }
      assert.ok(cases.length >= 20, `${cases.length} reservations`);
      assert.ok(
        customers.some((c) => !cases.some((x) => x.customer.id === c.id)),
        'a customer with no reservations',
      );
    });

    it('every reservation started before the sandbox clock', () => {
      for (const c of cases) assert.ok(c.r.benefitStart.getTime() < provider.clock.now().getTime(), c.r.displayName);
    });

    it('within 5 days, no usage, Upfront: full credit of the total', () => {
      const c = some(
        'Upfront, unused, ≤ 5 days',
        (x) => x.refund.eligible && x.r.billingPlan === 'Upfront' && !x.r.usageSeen && x.refund.daysSincePurchase <= 5,
      );
      assert.equal(c.refund.rule, 'full-credit');
      assert.ok(c.refund.fee.isZero());
    });

    it('within 5 days, no usage, Monthly: full credit of the payments made so far', () => {
      const c = some(
        'Monthly, unused, ≤ 5 days',
        (x) => x.refund.eligible && x.r.billingPlan === 'Monthly' && !x.r.usageSeen && x.refund.daysSincePurchase <= 5,
      );
      assert.equal(c.refund.rule, 'full-credit');
      assert.ok(c.r.paidToDate.lessThan(c.r.totalCommitment));
      assert.ok(c.refund.credit.equals(roundMoney(c.refund.paid, c.r.currency)));
    });

    it('within 5 days with usage: prorated, no fee', () => {
      const c = some('used, ≤ 5 days', (x) => x.refund.eligible && x.r.usageSeen && x.refund.daysSincePurchase <= 5);
      assert.equal(c.refund.rule, 'prorated');
      assert.ok(c.refund.fee.isZero());
    });

    it('after 5 days, with and without usage: prorated with the 12% fee', () => {
      for (const usageSeen of [true, false]) {
        const c = some(`usage ${usageSeen}, > 5 days`, (x) => x.refund.eligible && x.r.usageSeen === usageSeen && x.refund.daysSincePurchase > 5);
        assert.equal(c.refund.rule, 'prorated-with-fee');
        assert.ok(c.refund.fee.greaterThan(0));
      }
    });

    it('the boundary: unused on day 5 is full credit, unused on day 6 is not', () => {
      assert.equal(some('unused, day 5', (x) => x.refund.eligible && !x.r.usageSeen && x.refund.daysSincePurchase === 5).refund.rule, 'full-credit');
      assert.equal(some('unused, day 6', (x) => x.refund.eligible && !x.r.usageSeen && x.refund.daysSincePurchase === 6).refund.rule, 'prorated-with-fee');
    });

    it('Monthly plans with a few payments and with many', () => {
      some('Monthly, 1–2 payments made', (x) => x.refund.eligible && x.r.billingPlan === 'Monthly' && paymentsMade(x.r) <= 2);
      some(
        'Monthly, 12+ payments made, term not over',
        (x) => x.refund.eligible && x.r.billingPlan === 'Monthly' && paymentsMade(x.r) >= 12 && paymentsMade(x.r) < MONTHS[x.r.term],
      );
      for (const c of cases.filter((x) => x.r.billingPlan === 'Monthly')) {
        assert.ok(Number.isInteger(paymentsMade(c.r)), `${c.r.displayName} has paid whole instalments`);
      }
    });

    it('terms P1Y, P3Y and P5Y, and a P5Y bought on 29 February expiring on 28 February', () => {
      for (const term of TERMS) some(`eligible ${term}`, (x) => x.refund.eligible && x.r.term === term);
      const leap = some('bought on 29 February', (x) => x.r.benefitStart.getUTCMonth() === 1 && x.r.benefitStart.getUTCDate() === 29);
      assert.equal(leap.r.expiry.getUTCMonth(), 1);
      assert.equal(leap.r.expiry.getUTCDate(), 28);
      assert.ok(leap.refund.eligible);
    });

    it('billing currencies EUR, GBP, JPY and USD with realistic USD rates', () => {
      const ranges: Record<string, [string, string]> = { USD: ['1', '1'], EUR: ['0.9', '1.3'], GBP: ['1.1', '1.5'], JPY: ['0.005', '0.01'] };
      for (const [currency, [low, high]] of Object.entries(ranges)) {
        const c = some(`eligible in ${currency}`, (x) => x.refund.eligible && x.r.currency === currency);
        assert.ok(c.r.usdRate.greaterThanOrEqualTo(low) && c.r.usdRate.lessThanOrEqualTo(high), `${currency} rate ${c.r.usdRate.toString()}`);
      }
    });

    it('quantities above 1, so part of a reservation can be returned', () => {
      some('eligible with more than one unit left', (x) => x.refund.eligible && x.returnable > 1);
    });

    it('one with part of its quantity already returned', () => {
      const c = some('partly returned', (x) => x.r.returnedQuantity > 0 && x.r.returnedQuantity < x.r.quantity);
      assert.ok(c.refund.eligible);
    });

    it('non-refundable types, expired (by state and by date), cancelled and failed ones, refused with the reason', () => {
      some('not-refundable-type only', (x) => x.refund.reasons.join() === 'not-refundable-type');
      some('expired with state Expired', (x) => x.refund.reasons.includes('expired') && x.r.state === 'Expired');
      some('expired by date while Succeeded', (x) => x.refund.reasons.includes('expired') && x.r.state === 'Succeeded');
      some('cancelled', (x) => x.refund.reasons.join() === 'cancelled');
      some('failed', (x) => x.refund.reasons.join() === 'failed');
    });

    it('a customer with most of its 50,000 USD cap used: one refund is capped, another still fits', () => {
      const capped = some('capped refund', (x) => x.refund.eligible && x.refund.capped);
      assert.ok(capped.consumedUsd.greaterThanOrEqualTo(40000) && capped.consumedUsd.lessThan(CAP_LIMIT_USD), `consumed ${capped.consumedUsd.toString()}`);
      some(
        'a refund of the same customer that fits',
        (x) => x.customer.id === capped.customer.id && x.refund.eligible && !x.refund.capped && x.refund.refund.greaterThan(0),
      );
    });

    it('cap history that was within the cap on each filing date, part of it outside today\u2019s window', () => {
      const history = provider.capHistory();
      for (const [i, entry] of history.entries()) {
        assert.ok(entry.at.getTime() < provider.clock.now().getTime());
        assert.ok(consumedAt(history.slice(0, i), entry.customerId, entry.at).plus(entry.amountUsd).lessThanOrEqualTo(CAP_LIMIT_USD), entry.requestId);
      }
      assert.ok(
        history.some((e) => e.at.getTime() <= provider.clock.now().getTime() - CAP_WINDOW_MS),
        'an entry that has left the window',
      );
      assert.deepEqual(sandboxCapHistory(provider.clock.now()), history);
    });

    it('a catalog with replacements below and above the remaining commitment, in the reservation\u2019s currency', async () => {
      let both = 0;
      for (const c of cases.filter((x) => x.refund.eligible)) {
        const items = await provider.catalog.listReplacements(c.customer.id, c.r.reservationId);
        assert.ok(items.length > 0, `${c.r.displayName} has replacements`);
        assert.ok(items.every((i) => i.currency === c.r.currency && i.reservedResourceType === c.r.reservedResourceType));
        const verdicts = new Set(items.map((i) => exchangeQuote(provider, c, i.unitPrice).eligible));
        if (verdicts.size === 2) both += 1;
      }
      assert.ok(both >= 5, `${both} reservations have replacements (one unit) both below and above their remaining commitment`);
    });

    it('offers no replacements for non-refundable types', async () => {
      const c = some('not refundable', (x) => x.refund.reasons.includes('not-refundable-type'));
      assert.deepEqual(await provider.catalog.listReplacements(c.customer.id, c.r.reservationId), []);
    });
  });
}

describe('sandbox tenant determinism', () => {
  async function snapshot(provider: SandboxProvider): Promise<unknown> {
    const customers = (await provider.directory.searchCustomers('', 0, 100)).items;
    const reservations = [];
    const replacements = [];
    for (const c of customers) {
      for (const r of await provider.reservations.listReservations(c.id)) {
        reservations.push(r);
        replacements.push(await provider.catalog.listReplacements(c.id, r.reservationId));
      }
    }
    return {
      customers,
      reservations,
      replacements,
      capHistory: provider.capHistory(),
      roster: provider.roster,
      classification: await provider.supportDesk.problemClassificationId(),
    };
  }

  it('two providers on the same clock build identical tenants', async () => {
    const a = await snapshot(createSandboxProvider({ now: '2026-03-10T12:00:00Z' }));
    const b = await snapshot(createSandboxProvider({ now: new Date('2026-03-10T12:00:00Z') }));
    assert.deepEqual(a, b);
  });

  it('ids do not depend on the date; benefit starts move with "today"', async () => {
    const early = createSandboxProvider({ now: '2026-03-10T12:00:00Z' });
    const later = createSandboxProvider({ now: '2026-04-19T08:00:00Z' });
    const earlyCases = await casesOf(early);
    const laterById = new Map((await casesOf(later)).map((c) => [c.r.reservationId, c]));
    assert.equal(laterById.size, earlyCases.length);
    for (const c of earlyCases) {
      const moved = laterById.get(c.r.reservationId);
      assert.ok(moved, `${c.r.displayName} exists on both dates`);
      assert.deepEqual(moved.customer, c.customer);
      assert.equal(moved.r.reservationOrderId, c.r.reservationOrderId);
      // Only the leap-day reservation is pinned to a calendar date instead of an offset from today.
      if (c.r.benefitStart.getUTCDate() === 29 && c.r.benefitStart.getUTCMonth() === 1) continue;
      assert.equal(moved.refund.daysSincePurchase, c.refund.daysSincePurchase, `${c.r.displayName} is as old on both dates`);
      assert.equal(calendarDaysBetween(c.r.benefitStart, moved.r.benefitStart), 40, c.r.displayName);
    }
  });
});

describe('docs/sandbox.md', () => {
  it('describes every customer, reservation and roster user of the tenant', async () => {
    const doc = readFileSync(join(__dirname, '../../docs/sandbox.md'), 'utf8');
    const provider = createSandboxProvider({ now: '2026-03-10T12:00:00Z' });
    for (const c of (await provider.directory.searchCustomers('', 0, 100)).items) {
      assert.ok(doc.includes(c.name), `mentions ${c.name}`);
      assert.ok(doc.includes(c.domain), `mentions ${c.domain}`);
    }
    for (const c of await casesOf(provider)) assert.ok(doc.includes(c.r.displayName), `mentions ${c.r.displayName}`);
    for (const u of provider.roster.users) assert.ok(doc.includes(u.id), `mentions ${u.id}`);
  });
});
