import assert from 'node:assert/strict';
import { IntlMessageFormat } from 'intl-messageformat';
import { CATALOGS, LOCALES, t, type MessageKey } from '../../src/i18n';

type Element = ReturnType<IntlMessageFormat['getAst']>[number];

/** Every placeholder a message uses, with its kind (argument, plural, select…), nested plural branches included. */
function placeholders(message: string): string[] {
  const found = new Set<string>();
  const walk = (elements: Element[]): void => {
    for (const element of elements) {
      if ('value' in element && typeof element.value === 'string' && element.type !== 0 /* literal */) found.add(`${element.value}:${element.type}`);
      if ('options' in element) for (const option of Object.values(element.options)) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(message, 'en').getAst());
  return [...found].sort();
}

const KEYS = Object.keys(CATALOGS.en) as MessageKey[];

describe('i18n catalog', () => {
  it('has every key in every language, and no key only one language has', () => {
    for (const locale of LOCALES) assert.deepEqual(Object.keys(CATALOGS[locale]).sort(), [...KEYS].sort(), locale);
  });

  it('uses the same placeholders in German as in English for every key', () => {
    assert.deepEqual(placeholders('{a} {n, plural, one {#} other {{b}}}'), ['a:1', 'b:1', 'n:6'], 'the checker sees nested placeholders');
    for (const key of KEYS) assert.deepEqual(placeholders(CATALOGS.de[key]), placeholders(CATALOGS.en[key]), key);
  });

  it('parses every message as ICU MessageFormat and translates every one (no English left in German)', () => {
    // Microsoft's product names, the same in every language.
    const productNames = new Set(['failure.service.partner-center', 'failure.service.azure-support', 'failure.service.microsoft-graph']);
    for (const key of KEYS) {
      for (const locale of LOCALES) assert.doesNotThrow(() => new IntlMessageFormat(CATALOGS[locale][key], locale), `${locale} ${key}`);
      if (productNames.has(key)) assert.equal(CATALOGS.de[key], CATALOGS.en[key], key);
      else assert.notEqual(CATALOGS.de[key], CATALOGS.en[key], key);
    }
  });

  it('fills placeholders and picks the plural form per language', () => {
    assert.equal(
      t('en', 'flow.expired', { flow: 'refund', minutes: 1 }),
      'Your /refund flow expired after 1 minute without activity. Nothing was filed. Start again with /refund.',
    );
    assert.match(t('en', 'flow.expired', { flow: 'refund', minutes: 30 }), /after 30 minutes without/);
    assert.match(t('de', 'flow.expired', { flow: 'exchange', minutes: 1 }), /^Ihr Vorgang \/exchange ist nach 1 Minute ohne/);
    assert.match(t('de', 'flow.expired', { flow: 'exchange', minutes: 30 }), /nach 30 Minuten ohne/);
    assert.equal(t('de', 'cancel.cancelled', { flow: 'refund' }), 'Der Vorgang /refund wurde abgebrochen. Es wurde nichts eingereicht.');
  });

  it('keeps an apostrophe in English text literal (ICU quoting)', () => {
    assert.match(t('en', 'help.general'), /a reservation's expiry/);
  });

  it('inserts a value literally, even one that looks like ICU syntax', () => {
    assert.equal(t('en', 'cancel.cancelled', { flow: '{x, plural, other {#}}' }), 'Cancelled the /{x, plural, other {#}} flow. Nothing was filed.');
  });

  it('names the missing value when a placeholder is not given', () => {
    assert.throws(() => t('en', 'cancel.cancelled'), /flow/);
  });

  it('gives exactly what intl-messageformat gives for every message and language, the first time and again (texts it keeps)', () => {
    const samples: Array<(name: string) => string | number> = [
      (name) => `v-${name}`,
      () => 1,
      () => 3,
      () => 0,
      () => -0,
      () => -2.5,
      () => 1234567.891,
      () => '',
    ];
    for (const locale of LOCALES) {
      for (const key of KEYS) {
        const message = new IntlMessageFormat(CATALOGS[locale][key], locale);
        const names = placeholders(CATALOGS[locale][key]).map((placeholder) => placeholder.split(':')[0]);
        for (const sample of samples) {
          const values = Object.fromEntries(names.map((name) => [name, sample(name)]));
          const expected = String(message.format<string>(values));
          assert.equal(t(locale, key, values), expected, `${locale} ${key}`);
          assert.equal(t(locale, key, values), expected, `${locale} ${key}, again`);
        }
        if (names.length > 0) assert.throws(() => t(locale, key, {}), /was not provided/, `${locale} ${key} without values`);
      }
    }
  });
});
