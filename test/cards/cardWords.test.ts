import assert from 'node:assert/strict';
import { CARD_NAMES, cardWords, loadTemplate, renderCard, type CardName } from '../../src/cards/render';
import { CATALOGS, LOCALES } from '../../src/i18n';
import { cardSamples } from './cardSamples';

/** Card properties the host shows to the agent. */
const DISPLAY_PROPERTIES = new Set(['text', 'title', 'label', 'placeholder', 'errorMessage', 'fallbackText', 'altText', 'speak']);

/** Template text with every `${…}` expression removed (expressions nest braces: `${if(a, {…}, b)}`). */
function outsideExpressions(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '$' && value[i + 1] === '{') {
      let depth = 0;
      for (i += 1; i < value.length; i++) {
        if (value[i] === '{') depth++;
        else if (value[i] === '}' && --depth === 0) break;
      }
      continue;
    }
    out += value[i];
  }
  return out;
}

/** Display strings of a template that still hold a word of their own instead of `${$root.words.…}`. */
function literalWords(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => literalWords(item, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      // Action data travels back to the bot and stays language-neutral, except the label an answered card shows.
      if (key === 'data' && value && typeof value === 'object') {
        const label = (value as Record<string, unknown>).label;
        if (typeof label === 'string' && /\p{L}/u.test(outsideExpressions(label))) found.push(label);
        continue;
      }
      if (typeof value === 'string' && DISPLAY_PROPERTIES.has(key) && /\p{L}/u.test(outsideExpressions(value))) found.push(value);
      else literalWords(value, found);
    }
  }
  return found;
}

/** Every `$root.words.<element>` a template reads. */
function wordsRead(name: CardName): Set<string> {
  return new Set([...JSON.stringify(loadTemplate(name)).matchAll(/\$root\.words\.([A-Za-z0-9_]+)/g)].map((m) => m[1]));
}

/** Cards whose words are still written in the template (English only); each translated card leaves this list. */
const NOT_YET_TRANSLATED: ReadonlySet<CardName> = new Set<CardName>([]);

describe('card words from the catalog', () => {
  it('the literal-word check sees words outside expressions only', () => {
    assert.deepEqual(literalWords({ type: 'TextBlock', text: 'Customer: ${customerName}' }), ['Customer: ${customerName}']);
    assert.deepEqual(literalWords({ type: 'TextBlock', text: "✔ ${answered} · ${if(open, 'x', 'y')}" }), []);
    assert.deepEqual(literalWords({ type: 'Action.Submit', title: '${$root.words.cancel}', data: { action: 'cancel', label: 'Cancelled' } }), ['Cancelled']);
  });

  for (const name of CARD_NAMES) {
    it(`${name}: reads only words the catalog has, and the catalog has none it does not read`, () => {
      const read = wordsRead(name);
      const prefix = `card.${name}.`;
      const inCatalog = new Set(Object.keys(CATALOGS.en).filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length)));
      assert.deepEqual([...read].filter((w) => !inCatalog.has(w)), [], 'read by the template but missing from the catalog');
      assert.deepEqual([...inCatalog].filter((w) => !read.has(w)), [], 'in the catalog but never read by the template');
    });

    it(`${name}: ${NOT_YET_TRANSLATED.has(name) ? 'still has words of its own (listed as not yet translated)' : 'has no word of its own left in the template'}`, () => {
      const literal = literalWords(loadTemplate(name));
      if (NOT_YET_TRANSLATED.has(name)) assert.notDeepEqual(literal, [], 'translated: remove it from NOT_YET_TRANSLATED');
      else assert.deepEqual(literal, []);
    });
  }

  it('every card word key names a card of cards/', () => {
    const cards = new Set<string>(CARD_NAMES);
    const strays = Object.keys(CATALOGS.en).filter((key) => key.startsWith('card.') && !cards.has(key.split('.')[1]));
    assert.deepEqual(strays, []);
  });

  it('gives every sample card its words in each language, the same elements in both, placeholders filled', () => {
    for (const sample of cardSamples()) {
      const english = cardWords(sample.card, 'en', sample.data);
      for (const locale of LOCALES) {
        const words = cardWords(sample.card, locale, sample.data);
        assert.deepEqual(Object.keys(words).sort(), Object.keys(english).sort(), `${sample.card} ${locale}`);
        for (const [element, text] of Object.entries(words)) assert.doesNotMatch(text, /\{[a-zA-Z]+\}/, `${sample.card}.${element} (${locale}) left a placeholder`);
      }
    }
  });

  it('fills a word\'s placeholders from the card data, literally, with numbers grouped per language', () => {
    const data = { query: '${cardId} {total}', total: 1234, pageText: 'Page 1 of 247' };
    assert.equal(cardWords('customer-picker', 'en', data).matching, 'Customers matching “${cardId} {total}”: 1,234');
    assert.equal(cardWords('customer-picker', 'de', data).matching, 'Kunden zu „${cardId} {total}“: 1.234');
    const card = JSON.stringify(renderCard('customer-picker', { ...data, open: true, cardId: 'c1', customers: [], hasPrevious: false, hasMore: false }, 'de'));
    assert.ok(card.includes('Kunden zu „${cardId} {total}“: 1.234'), card);
  });

  it('leaves the data as it is: the words go beside it, not into it', () => {
    const data = { title: 'T', text: 'body' };
    const card = renderCard('notice', data, 'de');
    assert.equal(JSON.stringify(card).includes('body'), true);
    assert.deepEqual(data, { title: 'T', text: 'body' });
  });
});
