import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatWord, wordPieces } from '../../src/cards/wordFormat';
import { CATALOGS, compiledMessage, isStaticMessage, LOCALES, type Locale, type MessageKey } from '../../src/i18n';
import { cardSamples } from './cardSamples';
import { HOSTILE, outside } from './hostileText';

/** What renderCard formatted card words with before: intl-messageformat, every time. */
function byLibrary(locale: Locale, key: MessageKey, data: object): { text: string } | { error: string } {
  try {
    return { text: String(compiledMessage(locale, key).format<string>(data as Record<string, string | number>)) };
  } catch (error) {
    return { error: error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error) };
  }
}

function ours(locale: Locale, key: MessageKey, data: object): { text: string } | { error: string } {
  try {
    return { text: formatWord(locale, key, wordPieces(locale, key), data) };
  } catch (error) {
    return { error: error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error) };
  }
}

const FILLED_WORDS: ReadonlyArray<{ locale: Locale; key: MessageKey }> = LOCALES.flatMap((locale) =>
  (Object.keys(CATALOGS.en) as MessageKey[]).filter((key) => key.startsWith('card.') && !isStaticMessage(locale, key)).map((key) => ({ locale, key })),
);

describe('card words joined from their pieces', () => {
  it('takes every filled card word in both languages as pieces (none needs intl-messageformat)', () => {
    assert.ok(FILLED_WORDS.length > 30);
    for (const { locale, key } of FILLED_WORDS) assert.ok(wordPieces(locale, key), `${locale} ${key}`);
  });

  it('formats every filled card word as intl-messageformat does, for every card sample, benign and hostile', () => {
    const samples = [cardSamples(), ...Object.values(HOSTILE).map((value) => cardSamples(outside(value, 'hostile')))].flat();
    for (const sample of samples) {
      for (const { locale, key } of FILLED_WORDS.filter(({ key }) => key.startsWith(`card.${sample.card}.`))) {
        assert.deepEqual(ours(locale, key, sample.data), byLibrary(locale, key, sample.data), `${locale} ${key} (${sample.card}, ${sample.variant})`);
      }
    }
  });

  it('formats, or fails, as intl-messageformat does for values of any type and missing ones', () => {
    const value = fc.oneof(
      fc.constantFrom<unknown>(undefined, null, false, true, 0, -0, 1234.5, 1e21, Number.NaN, 12n, '', '1234.56', 'x', '{x}', '${x}', [], ['a'], {}, { a: 1 }, new Date(0)),
      fc.string({ maxLength: 8 }),
      fc.double(),
      fc.integer(),
    );
    for (const { locale, key } of FILLED_WORDS) {
      const names = (wordPieces(locale, key) ?? []).flatMap((p) => (typeof p === 'string' ? [] : ['argument' in p ? p.argument : p.number]));
      fc.assert(
        fc.property(fc.dictionary(fc.constantFrom(...names, 'other'), value, { maxKeys: names.length + 1 }), (data) => {
          assert.deepEqual(ours(locale, key, data), byLibrary(locale, key, data), `${locale} ${key}`);
        }),
        { numRuns: 40 },
      );
    }
  });
});
