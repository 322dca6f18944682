import assert from 'node:assert/strict';
import * as ACData from 'adaptivecards-templating';
import fc from 'fast-check';
import { CARD_NAMES, compiledCardTemplate, loadTemplate, renderCard, type CardName } from '../../src/cards/render';
import { compileTemplate, UnsupportedTemplate, type RenderWords } from '../../src/cards/compiledTemplate';
import { CATALOGS, compiledMessage, isStaticMessage, LOCALES, type Locale, type MessageKey } from '../../src/i18n';
import { cardSamples } from './cardSamples';
import { HOSTILE, outside } from './hostileText';
import { plainText } from '../../src/cards/text';

/*
 * renderCard no longer runs adaptivecards-templating; it runs our compiled templates. The library stays here as
 * the reference: for every template and every sample the card tests render, the compiled output must be the
 * library's, key order included (it is what goes over the wire), and data that breaks rendering must break both.
 */

/** The words object renderCard gave the library before (the pre-compiler cardWords, restated as the reference). */
function referenceWords(name: CardName, locale: Locale, data: object): Record<string, string> {
  const prefix = `card.${name}.`;
  const keys = (Object.keys(CATALOGS.en) as MessageKey[]).filter((key) => key.startsWith(prefix)).map((key) => ({ key, element: key.slice(prefix.length) }));
  const fixed = Object.fromEntries(keys.filter(({ key }) => isStaticMessage(locale, key)).map(({ key, element }) => [element, String(compiledMessage(locale, key).format())]));
  const words: Record<string, string> = { ...fixed };
  for (const { key, element } of keys) {
    if (!(element in fixed)) words[element] = String(compiledMessage(locale, key).format<string>(data as Record<string, string | number>));
  }
  return words;
}

const libraryTemplates = new Map<string, ACData.Template>();

function libraryExpand(name: string, template: object, root: object): unknown {
  const cacheKey = `${name}\n${JSON.stringify(template)}`;
  let library = libraryTemplates.get(cacheKey);
  if (!library) {
    library = new ACData.Template(template);
    libraryTemplates.set(cacheKey, library);
  }
  return library.expand({ $root: root });
}

type Outcome = { value: unknown } | { error: string };

function outcome(run: () => unknown): Outcome {
  try {
    return { value: run() };
  } catch (error) {
    // The kind of error: V8's TypeError texts name the library's own variables.
    return { error: error instanceof Error ? error.name : typeof error };
  }
}

/** Same value (deep, strict), same JSON text (key order), or the same error. */
function assertSameOutcome(actual: Outcome, expected: Outcome, label: string): void {
  if ('error' in expected || 'error' in actual) {
    assert.deepEqual(actual, expected, `${label}: one threw, or they threw differently`);
    return;
  }
  assert.deepStrictEqual(actual.value, expected.value, label);
  assert.equal(JSON.stringify(actual.value), JSON.stringify(expected.value), `${label}: key order`);
}

function assertRendersLikeLibrary(name: CardName, data: object, locale: Locale, label: string): void {
  const expected = outcome(() => libraryExpand(name, loadTemplate(name), { ...data, words: referenceWords(name, locale, data) }));
  assertSameOutcome(
    outcome(() => renderCard(name, data, locale)),
    expected,
    `${name} ${label} (${locale})`,
  );
}

/** Words for a compiled template from a plain object, looked up the way adaptive-expressions looks up members. */
function plainWords(words: Record<string, unknown>): RenderWords {
  return {
    word: (lowerName) => {
      const key = Object.keys(words).find((k) => k.toLowerCase() === lowerName);
      return key === undefined ? undefined : words[key];
    },
    toObject: () => words,
  };
}

/** A template (any JSON) compiled and expanded by the library, with the same data and words. */
function assertExpandsLikeLibrary(name: string, template: object, data: object, words: Record<string, unknown>, label: string): void {
  const expected = outcome(() => libraryExpand(name, template, { ...data, words }));
  const actual = outcome(() => compileTemplate(name, template)(data, plainWords(words)));
  assertSameOutcome(actual, expected, `${name} ${label}`);
}

/** The identifiers a template's expressions read, and the words (`$root.words.x`) it reads. */
function namesRead(name: CardName): { names: string[]; words: string[] } {
  const json = JSON.stringify(loadTemplate(name));
  const expressions = [...json.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]);
  const words = new Set<string>();
  const names = new Set<string>();
  for (const expression of expressions) {
    for (const m of expression.matchAll(/\$root\.words\.([A-Za-z0-9_]+)/g)) words.add(m[1]);
    for (const m of expression.matchAll(/\$?[A-Za-z_][A-Za-z0-9_]*/g)) if (!['count', '$root', 'words'].includes(m[0]) && !words.has(m[0])) names.add(m[0]);
  }
  return { names: [...names], words: [...words] };
}

describe('compiled card templates', () => {
  it('compiles every template in cards/', () => {
    for (const name of CARD_NAMES) assert.equal(typeof compiledCardTemplate(name), 'function', name);
  });

  describe('render exactly as adaptivecards-templating', () => {
    const benign = cardSamples();

    it('every card sample, in English and German', () => {
      for (const sample of benign) for (const locale of LOCALES) assertRendersLikeLibrary(sample.card, sample.data, locale, sample.variant);
    });

    for (const [name, value] of Object.entries(HOSTILE)) {
      it(`every card sample with hostile strings: ${name}`, () => {
        const ids = value.length < 1000 ? 'hostile' : 'benign';
        for (const sample of cardSamples(outside(value, ids), plainText(`Customer: ${value}`, 100))) {
          for (const locale of LOCALES) assertRendersLikeLibrary(sample.card, sample.data, locale, sample.variant);
        }
      });
    }

    describe('every card sample with each field flipped, emptied, missing, null or mistyped', () => {
      // Every variation keeps the words' placeholder values, so what differs is the expansion, not the words.
      const variations: Array<[string, (value: unknown) => unknown]> = [
        ['true', () => true],
        ['false', () => false],
        ['empty list', (v) => (Array.isArray(v) ? [] : v)],
        ['one item', (v) => (Array.isArray(v) ? v.slice(0, 1) : v)],
        ['null', () => null],
        ['missing', () => undefined],
        ['zero', () => 0],
        ['empty text', () => ''],
        ['text', () => 'true'],
      ];
      for (const sample of benign) {
        it(`${sample.card} (${sample.variant})`, () => {
          for (const key of Object.keys(sample.data)) {
            for (const [what, change] of variations) {
              const data: Record<string, unknown> = { ...sample.data, [key]: change(sample.data[key]) };
              if (what === 'missing') delete data[key];
              for (const locale of LOCALES) assertRendersLikeLibrary(sample.card, data, locale, `${sample.variant}, ${key} ${what}`);
            }
          }
        });
      }
    });

    it('generated data of any shape, on every template', () => {
      const scalar = fc.oneof(
        fc.constantFrom<unknown>(undefined, null, true, false, 0, 1, -1, 0.5, Number.EPSILON / 2, Number.NaN, '', 'true', '${cardId}', '${$root.open}', "${if(true, 'a', 'b')}", '$when'),
        fc.string({ maxLength: 8 }),
        fc.integer({ min: -3, max: 3 }),
      );
      for (const name of CARD_NAMES) {
        const { names, words } = namesRead(name);
        // Names as the template spells them, in other cases (members match ignoring case), and words itself.
        const keys = [...names, ...names.map((n) => n.toUpperCase()), 'words', 'Words'];
        const { value } = fc.letrec((tie) => ({
          value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('record'), fc.array(fc.oneof(tie('record'), scalar), { maxLength: 3 })),
          record: fc.dictionary(fc.constantFrom(...keys), tie('value'), { maxKeys: names.length + 2 }),
        }));
        const data = fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: keys.length });
        const wordsObject =
          words.length === 0 ? fc.constant({}) : fc.dictionary(fc.constantFrom(...words, ...words.map((w) => w.toUpperCase())), fc.oneof(fc.string({ maxLength: 6 }), scalar), { maxKeys: words.length });
        fc.assert(
          fc.property(data, wordsObject, (d, w) => assertExpandsLikeLibrary(name, loadTemplate(name), d as object, w, JSON.stringify(d))),
          { numRuns: 150 },
        );
      }
    });
  });

  describe('follow the library in its corner cases', () => {
    const expand = (template: object, data: object, words: Record<string, unknown> = {}): unknown => {
      assertExpandsLikeLibrary('corner', template, data, words, JSON.stringify({ template, data }));
      return compileTemplate('corner', template)(data, plainWords(words));
    };

    it('leaves ${path} for an undefined path, keeps null, keeps a single binding typed', () => {
      assert.deepEqual(expand({ a: '${missing}', b: '${$root.words.none}', c: '${n}', d: '${flag}', e: '${nothing}', f: '${list}' }, { n: 3, flag: false, nothing: null, list: [1] }), {
        a: '${missing}',
        b: '${$root.words.none}',
        c: 3,
        d: false,
        e: null,
        f: [1],
      });
    });

    it('concatenates toString() of each value around text, and throws on null like the library', () => {
      assert.deepEqual(expand({ t: '✔ ${n} · ${flag} · ${missing}' }, { n: 3, flag: true }), { t: '✔ 3 · true · ${missing}' });
      assert.throws(() => compileTemplate('corner', { t: 'x ${nothing}' })({ nothing: null }, plainWords({})), TypeError);
      assert.throws(() => new ACData.Template({ t: 'x ${nothing}' }).expand({ $root: { nothing: null, words: {} } }), TypeError);
    });

    it('drops an element whose $when is not exactly true, and a null array item', () => {
      const template = { body: [{ $when: '${w}', x: 1 }, null, '${nothing}', { y: 2 }] };
      for (const w of [true, false, 1, 'true', null, undefined]) expand(template, { w, nothing: null });
      assert.deepEqual(expand(template, { w: 1, nothing: null }), { body: [{ y: 2 }] });
      assert.deepEqual(expand({ p: { $when: '${w}', x: 1 } }, { w: false }), { p: null });
    });

    it('repeats $data per item: none, one (not an array), several spliced in; a non-array is one scope', () => {
      const template = { body: [{ $data: '${items}', t: '${title}', r: '${$root.top}' }, { z: 0 }] };
      assert.deepEqual(expand(template, { items: [], top: 'T' }), { body: [{ z: 0 }] });
      assert.deepEqual(expand({ one: { $data: '${items}', t: '${title}' } }, { items: [{ title: 'a' }] }), { one: { t: 'a' } });
      assert.deepEqual(expand(template, { items: [{ title: 'a' }, { title: 'b' }], top: 'T' }), { body: [{ t: 'a', r: 'T' }, { t: 'b', r: 'T' }, { z: 0 }] });
      assert.deepEqual(expand(template, { items: { title: 'o' }, top: 'T' }), { body: [{ t: 'o', r: 'T' }, { z: 0 }] });
      assert.deepEqual(expand(template, { top: 'T' }), { body: [{ t: '${title}', r: 'T' }, { z: 0 }] });
      // An undefined item keeps the scope before it (the root first, then the previous item).
      assert.deepEqual(expand(template, { items: [undefined, { title: 'a' }, undefined], title: 'root', top: 'T' }), {
        body: [{ t: 'root', r: 'T' }, { t: 'a', r: 'T' }, { t: 'a', r: 'T' }, { z: 0 }],
      });
    });

    it('evaluates !, &&, ||, ==, !=, > and count() as adaptive-expressions does', () => {
      const template = {
        not: '${!x}',
        and: '${x && y}',
        or: '${x || y}',
        eq: "${x == ''}",
        ne: "${x != ''}",
        countEq: '${count(x) == 0}',
        countNe: '${count(x) != 0}',
      };
      const greater = { gt: '${x > 0}', gtText: "${x > 'b'}", when: [{ $when: '${x > 0}', t: 1 }], notGt: '${!(x > 0)}', orGt: '${y || x > 0}' };
      for (const x of [undefined, null, 0, 1, '', 'a', 'c', [], [1], {}, { a: 1 }, Number.EPSILON / 2, Number.NaN, true, false]) {
        for (const y of [undefined, null, 0, true, false]) {
          expand(template, { x, y });
          assertExpandsLikeLibrary('corner', greater, { x, y }, {}, JSON.stringify({ x, y }));
        }
      }
      assert.deepEqual(expand(template, { x: 0, y: undefined }), { not: false, and: false, or: true, eq: false, ne: true, countEq: false, countNe: false });
      assert.deepEqual(expand(template, { x: null, y: null }), { not: true, and: false, or: null, eq: false, ne: true, countEq: false, countNe: false });
      // `>` of a number and text fails: false inside other expressions and $when, an error in a binding of its own.
      assert.throws(() => compileTemplate('corner', { gt: '${x > 0}' })({ x: '' }, plainWords({})), /must be comparable/);
      assert.deepEqual(compileTemplate('corner', { b: [{ $when: '${x > 0}', t: 1 }], n: '${!(x > 0)}' })({ x: '' }, plainWords({})), { b: [], n: true });
    });

    it('matches member names ignoring case, the first key winning, and puts words where data has its own', () => {
      assert.deepEqual(expand({ a: '${title}', b: '${$root.TITLE}' }, { TITLE: 1, title: 2 }), { a: 1, b: 1 });
      assert.deepEqual(expand({ a: '${key}' }, { '\u212Aey': 'kelvin', key: 'plain' }), { a: 'kelvin' });
      assert.deepEqual(expand({ w: '${$root.words.cancel}' }, { words: 'mine' }, { cancel: 'Cancel' }), { w: 'Cancel' });
      assert.deepEqual(expand({ w: '${$root.words.cancel}' }, { Words: { cancel: 'theirs' } }, { cancel: 'Cancel' }), { w: 'theirs' });
      assert.deepEqual(expand({ w: '${words.CANCEL}' }, {}, { Cancel: 'Cancel' }), { w: 'Cancel' });
    });
  });

  describe('refuse what they do not implement, naming the template and the construct', () => {
    const refusals: Array<[string, object, RegExp]> = [
      ['a function other than count()', { t: "${if(open, 'a', 'b')}" }, /function if\(\)/],
      ['$index', { t: '${$index}' }, /\$index/],
      ['$root on its own', { t: '${$root}' }, /\$root on its own/],
      ['indexing', { t: '${items[0]}' }, /"\[0\]/],
      ['arithmetic', { t: '${a + 1}' }, /"\+ 1"/],
      ['>=', { t: '${a >= 1}' }, /operator >=/],
      ['a comparison of two paths', { t: '${a == b}' }, /right side is not a number/],
      ['a comparison of a comparison', { t: '${!a != 0}' }, /left side is not a path/],
      ['count() outside a comparison', { t: '${count(a)}' }, /count\(\) outside a comparison/],
      ['an expression inside text', { t: 'x ${!a}' }, /inside text/],
      ['a $when that is not an expression', { body: [{ $when: 'yes', t: 'x' }] }, /\$when "yes"/],
      ['a $data that is not a path', { body: [{ $data: '${!a}', t: 'x' }] }, /\$data that is not a path/],
      ['escapes in text', { t: '\\${a} ${b}' }, /literal text/],
      ['a constant word', { t: '${true}' }, /the constant true/],
    ];
    for (const [what, template, construct] of refusals) {
      it(what, () => {
        assert.throws(
          () => compileTemplate('bad-card', template),
          (error: unknown) => error instanceof UnsupportedTemplate && error.message.startsWith('cards/bad-card.json: ') && construct.test(error.message),
        );
      });
    }
  });
});
