import DecimalJs from 'decimal.js';

/**
 * The one Decimal every money computation uses. A clone with generous precision so that
 * divisions (proration, currency conversion) keep every digit that could change a rounding;
 * rounding to a currency's minor unit happens once, where SPEC section 3 says, via `roundMoney`.
 */
export const Decimal = DecimalJs.clone({ precision: 60, rounding: DecimalJs.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 });
export type Decimal = InstanceType<typeof Decimal>;

/** Currencies whose minor unit is the whole unit; every other currency has 2 decimals. */
const ZERO_DECIMAL_CURRENCIES = new Set(['JPY', 'KRW']);

export const CURRENCY_CODE = /^[A-Z]{3}$/;

export function minorUnits(currency: string): number {
  return ZERO_DECIMAL_CURRENCIES.has(currency) ? 0 : 2;
}

/** Rounds to the currency's minor unit, half away from zero. */
export function roundMoney(amount: Decimal, currency: string): Decimal {
  return amount.toDecimalPlaces(minorUnits(currency), Decimal.ROUND_HALF_UP);
}

/** The contract's string form: exactly the currency's minor-unit decimals. */
export function formatMoney(amount: Decimal, currency: string): string {
  return amount.toFixed(minorUnits(currency), Decimal.ROUND_HALF_UP);
}

const DECIMAL_STRING = /^(0|[1-9][0-9]*)(\.([0-9]+))?$/;

/**
 * Parses a non-negative decimal string with at most `maxDecimals` decimals. Returns undefined for anything
 * else (signs, exponents, spaces, empty), so callers can name the offending field in their own error.
 */
export function parseDecimalString(text: unknown, maxDecimals: number): Decimal | undefined {
  if (typeof text !== 'string' || text.length > 40) return undefined;
  const match = DECIMAL_STRING.exec(text);
  if (!match) return undefined;
  if ((match[3]?.length ?? 0) > maxDecimals) return undefined;
  return new Decimal(text);
}

export function parseMoney(text: unknown, currency: string): Decimal | undefined {
  return parseDecimalString(text, minorUnits(currency));
}
