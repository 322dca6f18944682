import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cardText, literalCardText, plainText } from '../../src/cards/text';
import { HOSTILE } from './hostileText';

/*
 * plainText returns already-plain text without running its regexes, cardText escapes with a replacement string, and
 * literalCardText skips text without a backslash. The functions as they were before stay here as the reference.
 */
const referencePlainText = (value: unknown, limit = 200): string => {
  const text = String(value ?? '')
    .replace(/(?![\t\n\r])[\p{Cc}\p{Cf}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = Array.from(text);
  return chars.length > limit ? `${chars.slice(0, limit - 1).join('')}…` : text;
};
const referenceCardText = (value: unknown, limit = 200): string =>
  referencePlainText(value, limit)
    .replace(/[\\`*_[\]<>~|]/g, (c) => `\\${c}`)
    .replace(/^(>|[#+\-=](?=\s|$)|\d+(?=[.)](\s|$)))/, (start) => (/^\d/.test(start) ? `${start}\\` : `\\${start}`));
const referenceLiteralCardText = (text: string): string => text.replace(/\\([\\`*_[\]<>~|#+\-=>.)])/g, '$1');

function assertSameAsBefore(value: string, limit: number): void {
  assert.equal(plainText(value, limit), referencePlainText(value, limit), `plainText(${JSON.stringify(value)}, ${limit})`);
  assert.equal(cardText(value, limit), referenceCardText(value, limit), `cardText(${JSON.stringify(value)}, ${limit})`);
  assert.equal(literalCardText(value), referenceLiteralCardText(value), `literalCardText(${JSON.stringify(value)})`);
}

describe('card text functions give what they gave before', () => {
  it('for every UTF-16 code unit, alone, between words, doubled and at either end', () => {
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      for (const value of [ch, `a${ch}b`, `a ${ch}${ch} b`, ` ${ch}`, `${ch} `]) assertSameAsBefore(value, 200);
    }
  });

  it('for the hostile strings and card-like text, at every limit around their length', () => {
    const texts = [...Object.values(HOSTILE), 'Contoso Ltd', 'VM_RI_2025-01-15', '1. list', '- x', 'Übergröße · 1.234,56 € — „ok“ ✔', 'a  b', ' a', 'a ', ''];
    for (const text of texts) {
      for (const limit of [0, 1, 2, 5, 60, 80, 200, text.length - 1, text.length, text.length + 1]) assertSameAsBefore(text, limit);
    }
  });

  it('for generated strings and limits', () => {
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: fc.constantFrom('a', ' ', '\t', '\n', '*', '\\', '1', '.', '#', 'é', '\u00a0', '\u200b', '\u202e', '😀'), maxLength: 30 }));
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 45 }), (value, limit) => assertSameAsBefore(value, limit)),
      { numRuns: 3000 },
    );
  });
});
