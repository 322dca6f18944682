import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Decimal } from '../../src/domain/money';
import { day, money } from '../../src/cards/format';

describe('per-language formatting of amounts and dates', () => {
  it('groups amounts per language with the ISO code after the number', () => {
    assert.equal(money('1234.56', 'EUR', 'en'), '1,234.56 EUR');
    assert.equal(money('1234.56', 'EUR', 'de'), '1.234,56 EUR');
    assert.equal(money('1234.56', 'EUR'), '1,234.56 EUR', 'English stays the default');
    assert.equal(money('999', 'USD', 'de'), '999,00 USD');
    assert.equal(money(new Decimal('-50000'), 'USD', 'de'), '−50.000,00 USD');
    assert.equal(money('-0.5', 'USD', 'en'), '−0.50 USD');
    assert.equal(money(undefined, 'USD', 'de'), '—');
  });

  it('keeps every digit of amounts beyond a JS number’s precision', () => {
    assert.equal(money('12345678901234.56', 'EUR', 'en'), '12,345,678,901,234.56 EUR');
    assert.equal(money('12345678901234.56', 'EUR', 'de'), '12.345.678.901.234,56 EUR');
    assert.equal(money('99999999999999999.99', 'USD', 'de'), '99.999.999.999.999.999,99 USD');
    assert.notEqual(String(Number('99999999999999999.99')), '99999999999999999.99', 'a JS number would have rounded it');
  });

  it('rounds exactly as decimal.js does (half up to the minor unit) in both languages', () => {
    for (const [amount, en, de] of [
      ['0.005', '0.01', '0,01'],
      ['0.004', '0.00', '0,00'],
      ['1.005', '1.01', '1,01'],
      ['2.675', '2.68', '2,68'],
      ['1234.565', '1,234.57', '1.234,57'],
      ['0.125', '0.13', '0,13'],
    ]) {
      assert.equal(money(amount, 'USD', 'en'), `${en} USD`, amount);
      assert.equal(money(amount, 'USD', 'de'), `${de} USD`, amount);
    }
    // A JS number rounds 1.005 and 2.675 down (binary 1.00499…, 2.67499…): proof the string path is the one taken.
    assert.equal((1.005).toFixed(2), '1.00');
  });

  it('uses each currency’s own minor units', () => {
    assert.equal(money('1234.5', 'JPY', 'de'), '1.235 JPY');
    assert.equal(money('1234.5', 'JPY', 'en'), '1,235 JPY');
  });

  it('groups the same digits in German and English for any exact amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.integer({ min: 0, max: 99 }), (whole, cents) => {
        const amount = `${whole}.${String(cents).padStart(2, '0')}`;
        assert.equal(money(amount, 'EUR', 'en').replace(/,/g, ''), `${amount} EUR`);
        assert.equal(money(amount, 'EUR', 'de').replace(/\./g, '').replace(',', '.'), `${amount} EUR`);
      }),
    );
  });

  it('shows a calendar day as ISO in English and DD.MM.YYYY in German, in UTC', () => {
    assert.equal(day('2026-11-30', 'en'), '2026-11-30');
    assert.equal(day('2026-11-30'), '2026-11-30');
    assert.equal(day('2026-11-30', 'de'), '30.11.2026');
    assert.equal(day(new Date('2026-11-30T23:30:00Z'), 'de'), '30.11.2026', 'UTC, not the machine’s zone');
    assert.equal(day(new Date('2027-01-05T00:00:00Z'), 'de'), '05.01.2027');
  });
});
