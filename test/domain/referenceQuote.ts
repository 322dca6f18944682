/**
 * An independent reference for SPEC section 3, used only by the tests. It shares no code with src/domain:
 * dates are civil (year, month, day) triples counted with Howard Hinnant's days-from-civil algorithm rather
 * than JavaScript Dates, and money is BigInt minor units with exact rational rounding rather than decimal.js.
 */

export interface CivilDate {
  year: number;
  month: number; // 1..12
  day: number;
}

export function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function monthLength(year: number, month: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
export function daysFromCivil({ year, month, day }: CivilDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The inverse (Hinnant's civil_from_days). */
export function civilFromDays(days: number): CivilDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function isoAt(date: CivilDate, secondOfDay: number): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const h = Math.floor(secondOfDay / 3600);
  const m = Math.floor((secondOfDay % 3600) / 60);
  const s = secondOfDay % 60;
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}T${pad(h)}:${pad(m)}:${pad(s)}Z`;
}

/** round(numerator / denominator) half away from zero, for a non-negative numerator and positive denominator. */
export function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (numerator < 0n) return -roundHalfUp(-numerator, denominator);
  return (2n * numerator + denominator) / (2n * denominator);
}

/** Minor units → the contract's string with exactly `decimals` decimals. */
export function formatMinor(minor: bigint, decimals: number): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = decimals === 0 ? '' : `.${digits.slice(digits.length - decimals)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

export const ZERO_DECIMAL = new Set(['JPY', 'KRW']);
export const decimalsOf = (currency: string): number => (ZERO_DECIMAL.has(currency) ? 0 : 2);

const NON_REFUNDABLE = ['databricks', 'synapseanalytics', 'vmwarecloudsimple', 'redhat', 'redhatosa', 'suselinux'];

export interface ReferenceCase {
  kind: 'refund' | 'exchange';
  policy: 'csp-2020' | 'azure-2023';
  termYears: 1 | 3 | 5;
  billingPlan: 'Upfront' | 'Monthly';
  start: CivilDate;
  asOf: CivilDate;
  quantity: number;
  returnQuantity: number;
  currency: string;
  totalMinor: bigint;
  /** Whole quantity's completed payments (Monthly); ignored for Upfront. */
  paidToDateMinor: bigint;
  /** usdRate = rateNumerator / rateDenominator. */
  rateNumerator: bigint;
  rateDenominator: bigint;
  usageSeen: boolean;
  reservedResourceType: string;
  state: string;
  consumedCents: bigint;
  replacementCurrency: string;
  replacementTotalMinor: bigint;
}

export interface ReferenceFigures {
  termDays: number;
  daysSincePurchase: number;
  usedDays: number;
  /** round(total − used) in minor units. */
  remainingCommitmentMinor: bigint;
}

export function referenceFigures(c: ReferenceCase): ReferenceFigures {
  const expiryYear = c.start.year + c.termYears;
  const expiry: CivilDate = {
    year: expiryYear,
    month: c.start.month,
    day: c.start.month === 2 && c.start.day === 29 && !isLeap(expiryYear) ? 28 : c.start.day,
  };
  const startDay = daysFromCivil(c.start);
  const termDays = daysFromCivil(expiry) - startDay;
  const daysSincePurchase = daysFromCivil(c.asOf) - startDay;
  const usedDays = Math.min(daysSincePurchase + 1, termDays);
  const q = BigInt(c.quantity);
  const rq = BigInt(c.returnQuantity);
  const remainingCommitmentMinor = roundHalfUp(c.totalMinor * rq * BigInt(termDays - usedDays), q * BigInt(termDays));
  return { termDays, daysSincePurchase, usedDays, remainingCommitmentMinor };
}

/** The contract JSON the SPEC asks for, fields in the contract's order. */
export function referenceQuoteJson(c: ReferenceCase): Record<string, unknown> {
  const { termDays, daysSincePurchase, usedDays, remainingCommitmentMinor } = referenceFigures(c);
  const decimals = decimalsOf(c.currency);
  const scale = 10n ** BigInt(decimals);
  const money = (minor: bigint) => formatMinor(minor, decimals);
  const usd = (cents: bigint) => formatMinor(cents, 2);

  const q = BigInt(c.quantity);
  const rq = BigInt(c.returnQuantity);
  const t = BigInt(termDays);
  const u = BigInt(usedDays);
  const paidWholeMinor = c.billingPlan === 'Upfront' ? c.totalMinor : c.paidToDateMinor;

  const withinGrace = c.policy === 'csp-2020' && daysSincePurchase <= 5;
  const fullCredit = withinGrace && !c.usageSeen;
  const withFee = c.kind === 'refund' && c.policy === 'csp-2020' && daysSincePurchase > 5;
  const rule = fullCredit ? 'full-credit' : withFee ? 'prorated-with-fee' : 'prorated';

  const paidMinor = roundHalfUp(paidWholeMinor * rq, q);
  const usedMinor = roundHalfUp(c.totalMinor * rq * u, q * t);
  const proratedNumerator = rq * (paidWholeMinor * t - c.totalMinor * u);
  const creditMinor = fullCredit ? paidMinor : roundHalfUp(proratedNumerator > 0n ? proratedNumerator : 0n, q * t);

  const state = c.state.toLowerCase();
  const reasons: string[] = [];
  if (daysSincePurchase >= termDays || state === 'expired') reasons.push('expired');
  if (state === 'cancelled') reasons.push('cancelled');
  if (state === 'failed') reasons.push('failed');
  if (NON_REFUNDABLE.includes(c.reservedResourceType.toLowerCase())) reasons.push('not-refundable-type');
  const sameCurrency = c.replacementCurrency === c.currency;
  if (c.kind === 'exchange') {
    if (!sameCurrency) reasons.push('currency-mismatch');
    else if (c.replacementTotalMinor < remainingCommitmentMinor) reasons.push('below-minimum-commitment');
  }

  const head = {
    kind: c.kind,
    policy: c.policy,
    eligible: reasons.length === 0,
    reasons,
    currency: c.currency,
    daysSincePurchase,
    termDays,
    usedDays,
  };

  // An ineligible quote carries every figure; only netPayable across two currencies does not exist.
  if (c.kind === 'exchange') {
    const figures = {
      ...head,
      rule,
      paid: money(paidMinor),
      used: money(usedMinor),
      credit: money(creditMinor),
      remainingCommitment: money(remainingCommitmentMinor),
      newTotal: formatMinor(c.replacementTotalMinor, decimalsOf(c.replacementCurrency)),
    };
    if (!sameCurrency) return figures;
    return { ...figures, netPayable: money(c.replacementTotalMinor - creditMinor) };
  }

  const feeMinor = withFee ? roundHalfUp(creditMinor * 12n, 100n) : 0n;
  const netMinor = creditMinor - feeMinor;
  // net (currency units) × rate × 100 = cents.
  const netUsdCents = roundHalfUp(netMinor * c.rateNumerator * 100n, scale * c.rateDenominator);
  const remainingCents = 5_000_000n - c.consumedCents > 0n ? 5_000_000n - c.consumedCents : 0n;
  const capped = netUsdCents > remainingCents;
  const refundUsdCents = capped ? remainingCents : netUsdCents;
  const refundMinor = capped ? roundHalfUp(remainingCents * scale * c.rateDenominator, 100n * c.rateNumerator) : netMinor;
  return {
    ...head,
    rule,
    paid: money(paidMinor),
    used: money(usedMinor),
    credit: money(creditMinor),
    feeRate: withFee ? '0.12' : '0',
    fee: money(feeMinor),
    net: money(netMinor),
    netUsd: usd(netUsdCents),
    capLimitUsd: '50000.00',
    capConsumedUsd: usd(c.consumedCents),
    capRemainingUsd: usd(remainingCents),
    capped,
    refund: money(refundMinor),
    refundUsd: usd(refundUsdCents),
    capRemainingAfterUsd: usd(remainingCents - refundUsdCents),
  };
}
