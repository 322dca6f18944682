import { Decimal, formatMoney, minorUnits } from '../domain/money';
import { DEFAULT_LOCALE, type Locale } from '../i18n/locale';

/** The Intl locale each language formats with; 'en' groups like en-US and shows dates as ISO (unchanged). */
const NUMBER_LOCALES: Readonly<Record<Locale, string>> = { en: 'en-US', de: 'de-DE' };

const groupers = new Map<string, Intl.NumberFormat>();

/**
 * Groups an exact non-negative decimal string per language without touching its digits: the fraction length is
 * the string's own, so Intl has nothing to round. Intl.NumberFormat's format() takes the string itself as an exact
 * decimal (Node 20+, ECMA-402 NumberFormat v3); a JS number would lose digits beyond 2^53. ES2022's typings only
 * know format(number | bigint), hence the widened signature.
 */
function groupDecimal(text: string, locale: Locale): string {
  const grouped = groupedByHand(text, locale);
  if (grouped !== undefined) return grouped;
  const fractionDigits = text.split('.')[1]?.length ?? 0;
  const cacheKey = `${locale}:${fractionDigits}`;
  let grouper = groupers.get(cacheKey);
  if (!grouper) {
    grouper = new Intl.NumberFormat(NUMBER_LOCALES[locale], { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits, useGrouping: true });
    groupers.set(cacheKey, grouper);
  }
  return (grouper.format as unknown as (exactDecimal: string) => string)(text);
}

/** How each language groups digits and writes the decimal point; what Intl writes for them (test/cards/format.test.ts). */
const SEPARATORS: Readonly<Record<Locale, { group: string; point: string }>> = { en: { group: ',', point: '.' }, de: { group: '.', point: ',' } };

/**
 * Intl's grouping of a plain decimal string, written by hand for the languages above (an Intl format of a string
 * costs a few microseconds, several times per card); undefined for text it leaves to Intl: leading zeros, empty
 * parts, anything but digits and one point, more digits than amounts have.
 */
function groupedByHand(text: string, locale: Locale): string | undefined {
  const separators = SEPARATORS[locale];
  if (!separators || text.length > 48) return undefined;
  const point = text.indexOf('.');
  const whole = point < 0 ? text.length : point;
  if (whole === 0 || whole > 30 || point === text.length - 1 || text.length - whole > 21) return undefined;
  if (text.charCodeAt(0) === ZERO && whole > 1) return undefined;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < ZERO || code > NINE) && i !== point) return undefined;
  }
  const head = whole % 3 || 3;
  let grouped = text.slice(0, head);
  for (let i = head; i < whole; i += 3) grouped += separators.group + text.slice(i, i + 3);
  return point < 0 ? grouped : grouped + separators.point + text.slice(point + 1);
}

const ZERO = '0'.charCodeAt(0);
const NINE = '9'.charCodeAt(0);

/** Amounts as the quote contract writes them: no sign, no leading zero, exactly the currency's minor-unit decimals. */
const CONTRACT_AMOUNT: Readonly<Record<number, RegExp>> = { 0: /^(?:0|[1-9][0-9]*)$/, 2: /^(?:0|[1-9][0-9]*)\.[0-9]{2}$/ };

/**
 * An amount with its ISO currency code, per language: "1,234.56 EUR" / "1.234,56 EUR". The one rounding is
 * formatMoney's (decimal.js, half-up to the currency's minor units, as everywhere else); Intl only groups the digits.
 */
export function money(amount: string | Decimal | undefined, currency: string, locale: Locale = DEFAULT_LOCALE): string {
  if (amount === undefined) return '—';
  // A contract amount is already what formatMoney would write for it: no Decimal to make.
  if (typeof amount === 'string' && CONTRACT_AMOUNT[minorUnits(currency)]?.test(amount)) return `${groupDecimal(amount, locale)} ${currency}`;
  const value = typeof amount === 'string' ? new Decimal(amount) : amount;
  const digits = formatMoney(value.abs(), currency);
  return `${value.isNegative() ? '−' : ''}${groupDecimal(digits, locale)} ${currency}`;
}

const germanDay = new Intl.DateTimeFormat('de-DE', { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' });

/** A calendar day (UTC): YYYY-MM-DD in English, DD.MM.YYYY in German. */
export function day(date: Date | string, locale: Locale = DEFAULT_LOCALE): string {
  const value = typeof date === 'string' ? new Date(date) : date;
  return locale === 'de' ? germanDay.format(value) : value.toISOString().slice(0, 10);
}

/** A non-negative decimal string as the language writes it ("10.5" → "10,5"), its digits untouched; other text as is. */
export function decimal(text: string, locale: Locale = DEFAULT_LOCALE): string {
  return /^\d+(\.\d+)?$/.test(text) ? groupDecimal(text, locale) : text;
}
