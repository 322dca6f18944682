import assert from 'node:assert/strict';
import { decimal, money } from '../../src/cards/format';
import { Decimal, formatMoney } from '../../src/domain/money';
import type { Locale } from '../../src/i18n/locale';

/**
 * money() and decimal() group digits by hand for English and German and skip the Decimal for an amount already in
 * the contract's form: on many generated amounts they must write exactly what the Intl/Decimal way wrote.
 */

const NUMBER_LOCALES: Record<Locale, string> = { en: 'en-US', de: 'de-DE' };

const formats = new Map<string, Intl.NumberFormat>();

function intlGrouped(text: string, locale: Locale): string {
  const fractionDigits = text.split('.')[1]?.length ?? 0;
  const key = `${locale}:${fractionDigits}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(NUMBER_LOCALES[locale], { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits, useGrouping: true });
    formats.set(key, format);
  }
  return (format.format as unknown as (exact: string) => string)(text);
}

/** What a call gives, or the error it throws (Intl refuses over 20 decimals, before and after). */
function outcome(call: () => string): string {
  try {
    return call();
  } catch (error) {
    return `throws ${String(error)}`;
  }
}

function moneyBefore(amount: string | Decimal | undefined, currency: string, locale: Locale): string {
  if (amount === undefined) return '—';
  const value = typeof amount === 'string' ? new Decimal(amount) : amount;
  const digits = formatMoney(value.abs(), currency);
  return `${value.isNegative() ? '−' : ''}${intlGrouped(digits, locale)} ${currency}`;
}

function decimalBefore(text: string, locale: Locale): string {
  return /^\d+(\.\d+)?$/.test(text) ? intlGrouped(text, locale) : text;
}

function generator(seed: number) {
  let state = seed >>> 0;
  const int = (n: number) => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return Math.floor((state / 2 ** 32) * n);
  };
  const digits = (n: number) => Array.from({ length: n }, () => String(int(10))).join('');
  return { int, digits };
}

describe('card number formatting: by hand against Intl and Decimal', () => {
  const locales: Locale[] = ['en', 'de'];

  it('writes every amount as before, in both languages and every kind of currency', () => {
    const { int, digits } = generator(5);
    const amounts: string[] = ['0', '0.00', '-0.00', '0.5', '1000', '999.99', '1000.00', '-1234.56', '007.50', '12.345', '1e3', '1.5e-7', '.5'];
    for (let i = 0; i < 5000; i++) {
      const whole = int(4) === 0 ? '0' : String(1 + int(9)) + digits(int(32));
      const fraction = int(5) === 0 ? '' : `.${digits(int(4))}`;
      amounts.push(`${int(8) === 0 ? '-' : ''}${int(20) === 0 ? '0' : ''}${whole}${fraction}`);
    }
    for (const amount of amounts)
      for (const currency of ['EUR', 'USD', 'JPY', 'KRW'])
        for (const locale of locales) {
          assert.equal(money(amount, currency, locale), moneyBefore(amount, currency, locale), `${amount} ${currency} ${locale}`);
          const value = new Decimal(amount);
          assert.equal(money(value, currency, locale), moneyBefore(value, currency, locale), `Decimal ${amount} ${currency} ${locale}`);
        }
    for (const locale of locales) assert.equal(money(undefined, 'EUR', locale), '—');
  });

  it('writes every plain decimal and other text as before', () => {
    const { int, digits } = generator(9);
    const texts: string[] = ['', '.', '1.', '.5', '0', '00', '0012', '1,5', '10.5', 'n/a', '١٢٣', '12a', '1.2.3', `1.${'1'.repeat(25)}`, '9'.repeat(40)];
    for (let i = 0; i < 10000; i++) {
      const fraction = int(3) === 0 ? '' : `.${digits(1 + int(24))}`;
      texts.push(`${digits(1 + int(35))}${fraction}`);
    }
    for (const text of texts)
      for (const locale of locales) {
        assert.equal(
          outcome(() => decimal(text, locale)),
          outcome(() => decimalBefore(text, locale)),
          `${text} ${locale}`,
        );
      }
  });
});
