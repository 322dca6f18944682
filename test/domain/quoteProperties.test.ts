import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { Decimal } from '../../src/domain/money';
import { computeQuote } from '../../src/domain/quote';
import { parseQuoteRequest } from '../../src/domain/quoteInput';
import { quoteJson } from '../../src/domain/quoteJson';
import type { ExchangeQuoteJson, QuoteJson, RefundQuoteJson } from '../../src/domain/quoteContract';
import {
  civilFromDays,
  daysFromCivil,
  decimalsOf,
  formatMinor,
  isoAt,
  monthLength,
  referenceFigures,
  referenceQuoteJson,
  type CivilDate,
  type ReferenceCase,
} from './referenceQuote';

/**
 * Thousands of generated reservations through the contract (parse → compute → JSON), checked two ways: field
 * by field against the independent BigInt reference, and against the SPEC's invariants on the output alone.
 */

const RUNS = 3000;
const CURRENCIES = ['USD', 'EUR', 'GBP', 'JPY', 'KRW'];

const civilDate: fc.Arbitrary<CivilDate> = fc.oneof(
  fc
    .record({ year: fc.integer({ min: 2016, max: 2032 }), month: fc.integer({ min: 1, max: 12 }) })
    .chain(({ year, month }) => fc.integer({ min: 1, max: monthLength(year, month) }).map((day) => ({ year, month, day }))),
  // Leap days and the days around them, where calendar arithmetic goes wrong.
  fc.constantFrom<CivilDate>(
    { year: 2020, month: 2, day: 29 },
    { year: 2024, month: 2, day: 29 },
    { year: 2028, month: 2, day: 29 },
    { year: 2023, month: 2, day: 28 },
    { year: 2024, month: 3, day: 1 },
    { year: 2027, month: 12, day: 31 },
  ),
);

/** A decimal rate num/10^k, as the contract's string. */
const usdRate = fc
  .record({ numerator: fc.bigInt({ min: 1n, max: 300_000_000n }), scale: fc.integer({ min: 0, max: 9 }) })
  .map(({ numerator, scale }) => ({ numerator, denominator: 10n ** BigInt(scale), text: formatMinor(numerator, scale) }));

const amountMinor = fc.oneof(fc.bigInt({ min: 0n, max: 2_000n }), fc.bigInt({ min: 0n, max: 100_000_000_000n }));

const consumedCents = fc.oneof(
  fc.bigInt({ min: 0n, max: 5_000_000n }),
  fc.bigInt({ min: 4_990_000n, max: 5_010_000n }),
  fc.constant(5_000_000n),
  fc.bigInt({ min: 0n, max: 20_000_000n }),
);

interface GeneratedCase {
  reference: ReferenceCase;
  input: Record<string, unknown>;
}

const generatedCase: fc.Arbitrary<GeneratedCase> = fc
  .record({
    kind: fc.constantFrom('refund' as const, 'exchange' as const),
    policy: fc.constantFrom('csp-2020' as const, 'azure-2023' as const),
    policyGiven: fc.boolean(),
    termYears: fc.constantFrom(1 as const, 3 as const, 5 as const),
    billingPlan: fc.constantFrom('Upfront' as const, 'Monthly' as const),
    start: civilDate,
    startSecond: fc.integer({ min: 0, max: 86_399 }),
    // Mostly around the 5-day boundary and inside the term; sometimes past the end of a 5-year term.
    offsetDays: fc.oneof(
      { weight: 3, arbitrary: fc.integer({ min: 0, max: 8 }) },
      { weight: 4, arbitrary: fc.integer({ min: 0, max: 366 }) },
      { weight: 2, arbitrary: fc.integer({ min: 0, max: 1900 }) },
    ),
    asOfSecond: fc.integer({ min: 0, max: 86_399 }),
    quantity: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 1_000_000 })),
    returnFraction: fc.double({ min: 0, max: 1, noNaN: true }),
    currency: fc.constantFrom(...CURRENCIES),
    totalMinor: amountMinor,
    paidFraction: fc.bigInt({ min: 0n, max: 1000n }),
    rate: usdRate,
    usageSeen: fc.boolean(),
    // Mostly quotable reservations, so the money paths get most of the runs.
    reservedResourceType: fc.oneof(
      { weight: 9, arbitrary: fc.constantFrom('VirtualMachines', 'SqlDatabases', 'CosmosDb', 'AppService') },
      { weight: 1, arbitrary: fc.constantFrom('Databricks', 'synapseanalytics', 'VMwareCloudSimple', 'REDHAT', 'RedHatOsa', 'SuseLinux') },
    ),
    state: fc.oneof(
      { weight: 9, arbitrary: fc.constant('Succeeded') },
      { weight: 1, arbitrary: fc.constantFrom('Expired', 'cancelled', 'Cancelled', 'Failed', 'FAILED') },
    ),
    consumedCents,
    otherReplacementCurrency: fc.double({ min: 0, max: 1, noNaN: true }),
    // The replacement's total relative to the minimum: around the boundary, or anywhere.
    replacementDelta: fc.oneof(fc.bigInt({ min: -3n, max: 3n }), fc.bigInt({ min: -1_000_000n, max: 100_000_000n })),
  })
  .map((g): GeneratedCase => {
    const asOf = civilFromDays(daysFromCivil(g.start) + g.offsetDays);
    // Only dates count: on the day of purchase the quote time may be earlier in the day than the benefit start.
    const asOfSecond = g.asOfSecond;
    const returnQuantity = Math.max(1, Math.ceil(g.returnFraction * g.quantity));
    const isUsd = g.currency === 'USD';
    const rate = isUsd ? { numerator: 1n, denominator: 1n, text: '1' } : g.rate;
    const paidToDateMinor = (g.totalMinor * g.paidFraction) / 1000n;
    const replacementCurrency = g.otherReplacementCurrency < 0.85 ? g.currency : (CURRENCIES.find((c) => c !== g.currency) as string);
    const reference: ReferenceCase = {
      kind: g.kind,
      policy: g.policy,
      termYears: g.termYears,
      billingPlan: g.billingPlan,
      start: g.start,
      asOf,
      quantity: g.quantity,
      returnQuantity,
      currency: g.currency,
      totalMinor: g.totalMinor,
      paidToDateMinor,
      rateNumerator: rate.numerator,
      rateDenominator: rate.denominator,
      usageSeen: g.usageSeen,
      reservedResourceType: g.reservedResourceType,
      state: g.state,
      consumedCents: g.consumedCents,
      replacementCurrency,
      replacementTotalMinor: 0n,
    };
    const minimum = referenceFigures(reference).remainingCommitmentMinor;
    const replacementTotalMinor = minimum + g.replacementDelta > 0n ? minimum + g.replacementDelta : 0n;
    reference.replacementTotalMinor = replacementTotalMinor;

    const decimals = decimalsOf(g.currency);
    const input: Record<string, unknown> = {
      kind: g.kind,
      ...(g.policyGiven || g.policy !== 'csp-2020' ? { policy: g.policy } : {}),
      asOf: isoAt(asOf, asOfSecond),
      reservation: {
        term: `P${g.termYears}Y`,
        billingPlan: g.billingPlan,
        benefitStart: isoAt(g.start, g.startSecond),
        quantity: g.quantity,
        returnQuantity,
        totalCommitment: formatMinor(g.totalMinor, decimals),
        currency: g.currency,
        ...(g.billingPlan === 'Monthly' ? { paidToDate: formatMinor(paidToDateMinor, decimals) } : {}),
        ...(isUsd ? {} : { usdRate: rate.text }),
        usageSeen: g.usageSeen,
        reservedResourceType: g.reservedResourceType,
        state: g.state,
      },
      ...(g.kind === 'refund'
        ? { capConsumedUsd: formatMinor(g.consumedCents, 2) }
        : { replacement: { totalCommitment: formatMinor(replacementTotalMinor, decimalsOf(replacementCurrency)), currency: replacementCurrency } }),
    };
    return { reference, input };
  });

function quoteOf(input: unknown): QuoteJson {
  return quoteJson(computeQuote(parseQuoteRequest(input)));
}

/** The same reservation quoted as a refund, so every generated case exercises the refund invariants. */
function asRefund(input: Record<string, unknown>): Record<string, unknown> {
  const refund: Record<string, unknown> = { ...input, kind: 'refund' };
  delete refund.replacement;
  return refund;
}

function isRefund(json: QuoteJson): json is RefundQuoteJson {
  return json.kind === 'refund';
}

function amount(text: string | undefined): Decimal {
  assert.ok(text !== undefined, 'expected an amount');
  return new Decimal(text);
}

describe('quote properties (fast-check, generated reservations)', () => {
  it('matches the independent BigInt reference field by field, in the contract order', () => {
    fc.assert(
      fc.property(generatedCase, ({ reference, input }) => {
        const actual = quoteOf(input);
        const expected = referenceQuoteJson(reference);
        assert.deepStrictEqual(actual, expected);
        assert.deepStrictEqual(Object.keys(actual), Object.keys(expected));
      }),
      { numRuns: RUNS },
    );
  });

  it('refunds: 0 ≤ refund ≤ paid, fee is 12% of credit within half a minor unit, cap never negative', () => {
    fc.assert(
      fc.property(generatedCase, ({ input }) => {
        const json = quoteOf(asRefund(input));
        assert.ok(isRefund(json));
        assert.ok(json.usedDays <= json.termDays);
        if (!json.eligible) return;
        const halfMinorUnit = new Decimal(10).pow(-decimalsOf(json.currency)).dividedBy(2);
        const refund = amount(json.refund);
        assert.ok(refund.greaterThanOrEqualTo(0) && refund.lessThanOrEqualTo(amount(json.paid)), `refund ${json.refund} paid ${json.paid}`);
        const exactFee = amount(json.credit).times(json.feeRate === '0.12' ? '0.12' : '0');
        assert.ok(amount(json.fee).minus(exactFee).abs().lessThanOrEqualTo(halfMinorUnit), `fee ${json.fee} credit ${json.credit}`);
        assert.ok(amount(json.capRemainingUsd).greaterThanOrEqualTo(0));
        assert.ok(amount(json.capRemainingAfterUsd).greaterThanOrEqualTo(0));
        assert.ok(amount(json.refundUsd).lessThanOrEqualTo(amount(json.capRemainingUsd)));
        if (json.currency === 'USD') assert.equal(json.refundUsd, json.refund);
      }),
      { numRuns: RUNS },
    );
  });

  it('exchanges: netPayable = newTotal − credit, newTotal ≥ remainingCommitment when eligible', () => {
    fc.assert(
      fc.property(generatedCase, ({ input }) => {
        if (input.kind !== 'exchange') return;
        const json = quoteOf(input) as ExchangeQuoteJson;
        assert.ok(json.usedDays <= json.termDays);
        if (!json.eligible) return;
        assert.ok(amount(json.netPayable).equals(amount(json.newTotal).minus(amount(json.credit))));
        assert.ok(amount(json.newTotal).greaterThanOrEqualTo(amount(json.remainingCommitment)));
      }),
      { numRuns: RUNS },
    );
  });

  it('every amount string has exactly the currency’s decimals (USD fields 2)', () => {
    const usdFields = new Set(['netUsd', 'capLimitUsd', 'capConsumedUsd', 'capRemainingUsd', 'refundUsd', 'capRemainingAfterUsd']);
    const nonAmounts = new Set(['kind', 'policy', 'eligible', 'reasons', 'currency', 'daysSincePurchase', 'termDays', 'usedDays', 'rule', 'feeRate', 'capped']);
    fc.assert(
      fc.property(generatedCase, ({ input }) => {
        const json = quoteOf(input) as unknown as Record<string, unknown>;
        for (const [field, value] of Object.entries(json)) {
          if (nonAmounts.has(field)) continue;
          const replacementCurrency = (input as { replacement?: { currency: string } }).replacement?.currency;
          const decimals = usdFields.has(field)
            ? 2
            : field === 'newTotal' && replacementCurrency
              ? decimalsOf(replacementCurrency)
              : decimalsOf(json.currency as string);
          const shape = decimals === 0 ? /^-?(0|[1-9]\d*)$/ : new RegExp(`^-?(0|[1-9]\\d*)\\.\\d{${decimals}}$`);
          assert.match(String(value), shape, `${field} = ${String(value)}`);
          assert.equal(typeof value, 'string', field);
        }
        for (const field of ['daysSincePurchase', 'termDays', 'usedDays']) assert.ok(Number.isInteger(json[field]), field);
      }),
      { numRuns: RUNS },
    );
  });
});
