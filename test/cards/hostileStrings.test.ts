import assert from 'node:assert/strict';
import type { AdaptiveCard } from '../../src/cards/render';
import { cardText, plainText } from '../../src/cards/text';
import { cardObjects, validateCard } from '../../src/cards/validate';
import { LOCALES, type Locale } from '../../src/i18n';
import { LIMITS, cardSamples, renderSample } from './cardSamples';
import { HOSTILE, outside } from './hostileText';

const TEMPLATE_SYNTAX = ['template cardId', 'template root', 'template function', 'mustache', 'when keyword'];

/** What the host shows for escaped card text: `\*` displays as `*`. */
const visible = (s: string) => s.replace(/\\([\s\S])/g, '$1');
const visibleLength = (s: string) => Array.from(visible(s)).length;

/** Markdown the host would still act on (escaped characters removed first). */
function liveMarkdown(s: string): string[] {
  const bare = s.replace(/\\[\s\S]/g, '');
  const found: string[] = [];
  if (/\*\*|__/.test(bare)) found.push('bold');
  if (/(^|\W)[*_]\S/.test(bare)) found.push('emphasis');
  if (/\[[^\]]*\]\([^)]*\)/.test(bare)) found.push('link');
  if (/`/.test(bare)) found.push('code');
  if (/<\/?[a-z]/i.test(bare)) found.push('html/mention');
  if (/^\s*(#{1,6}(\s|$)|[>+\-*]\s|\d+[.)]\s)/.test(bare)) found.push('block');
  return found;
}

// Cc/Cf (control, bidi, zero-width, BOM, soft hyphen), which can hide or reorder what the agent reads.
const INVISIBLE = /[\p{Cc}\p{Cf}]/u;

interface DisplayString {
  where: string;
  text: string;
  /** Shown through the host's markdown subset (TextBlock and FactSet). */
  markdown: boolean;
}

function displayStrings(card: AdaptiveCard): DisplayString[] {
  const out: DisplayString[] = [];
  if (typeof card.fallbackText === 'string') out.push({ where: 'fallbackText', text: card.fallbackText, markdown: false });
  for (const o of cardObjects(card)) {
    if (o.type === 'TextBlock' && typeof o.text === 'string') out.push({ where: 'TextBlock', text: o.text, markdown: true });
    if (o.type === 'FactSet') {
      for (const f of o.facts as Array<{ title: string; value: string }>) {
        out.push({ where: 'Fact title', text: f.title, markdown: true }, { where: 'Fact value', text: f.value, markdown: true });
      }
    }
    if (o.type === 'Input.ChoiceSet') {
      for (const c of o.choices as Array<{ title: string }>) out.push({ where: 'Choice', text: c.title, markdown: false });
    }
    if (typeof o.type === 'string' && o.type.startsWith('Action.') && typeof o.title === 'string') out.push({ where: `${o.type} title`, text: o.title, markdown: false });
    if (o.type === 'Input.Text' && typeof o.value === 'string') out.push({ where: `${o.type} value`, text: o.value, markdown: false });
  }
  return out;
}

/** No display string on a card is longer than this many visible characters (the longest legit one is ~300). */
const DISPLAY_LIMIT = 600;
/** Teams rejects messages over about 28 KB; a card must stay well under that whatever the data. */
const CARD_BYTES_LIMIT = 20_000;

/** A rendered card validates, survives JSON, fits Teams, and shows every string bounded, visible and without live markdown. */
function assertSafeCard(card: AdaptiveCard, locale: Locale): void {
  const where = (s: DisplayString) => `${s.where} (${locale})`;
  assert.deepEqual(validateCard(card), [], locale);
  assert.deepEqual(JSON.parse(JSON.stringify(card)), card, 'card does not survive JSON');
  assert.ok(Buffer.byteLength(JSON.stringify(card)) < CARD_BYTES_LIMIT, `card too large for Teams (${locale})`);
  for (const s of displayStrings(card)) {
    assert.ok(visibleLength(s.text) <= DISPLAY_LIMIT, `${where(s)} shows ${visibleLength(s.text)} characters`);
    assert.ok(!INVISIBLE.test(s.text), `${where(s)} has an invisible character: ${JSON.stringify(s.text)}`);
    if (s.markdown) assert.deepEqual(liveMarkdown(s.text), [], `${where(s)} has live markdown: ${JSON.stringify(s.text)}`);
    if (s.where.endsWith('Action.Submit title')) assert.ok(visibleLength(s.text) <= LIMITS.button, `button title too long: ${s.text}`);
  }
}

describe('cardText / plainText with hostile strings', () => {
  it('the live-markdown check itself spots markdown and accepts escaped markdown', () => {
    assert.deepEqual(liveMarkdown('**b**'), ['bold', 'emphasis']);
    assert.deepEqual(liveMarkdown('[l](u) `c` <at>x</at>'), ['link', 'code', 'html/mention']);
    assert.deepEqual(liveMarkdown('# h'), ['block']);
    assert.deepEqual(liveMarkdown('1. x'), ['block']);
    assert.deepEqual(liveMarkdown('\\*\\*b\\*\\* \\[l\\](u) \\`c\\`'), []);
    assert.deepEqual(liveMarkdown('\\# h'), []);
    assert.deepEqual(liveMarkdown('96.66 EUR (12%)'), []);
  });

  for (const [name, value] of Object.entries(HOSTILE)) {
    it(`${name}: stays within every limit, one line, no invisible characters, no live markdown`, () => {
      for (const limit of Object.values(LIMITS)) {
        const plain = plainText(value, limit);
        const escaped = cardText(value, limit);
        assert.ok(Array.from(plain).length <= limit, `plainText over ${limit}`);
        assert.ok(visibleLength(escaped) <= limit, `cardText shows more than ${limit}`);
        assert.equal(visible(escaped), plain, 'escaping changed what is shown');
        assert.ok(!/\n|\r/.test(escaped), 'line break left');
        assert.ok(!INVISIBLE.test(escaped), `invisible character left: ${JSON.stringify(escaped)}`);
        assert.deepEqual(liveMarkdown(escaped), [], `live markdown in ${JSON.stringify(escaped)}`);
      }
    });
  }

  it('truncates a very long name with an ellipsis', () => {
    const shown = plainText(HOSTILE['very long'], LIMITS.name);
    assert.equal(Array.from(shown).length, LIMITS.name);
    assert.ok(shown.endsWith('…'));
  });
});

describe('cards rendered with hostile customer and provider strings', () => {
  for (const [name, value] of Object.entries(HOSTILE)) {
    describe(name, () => {
      const ids = value.length < 1000 ? 'hostile' : 'benign';
      const text = outside(value, ids);
      const samples = cardSamples(text, plainText(`Customer: ${value}`, LIMITS.actionLabel));

      for (const sample of samples) {
        it(`${sample.card} (${sample.variant}) still validates and shows the data as plain, bounded text, in English and German`, () => {
          for (const locale of LOCALES) assertSafeCard(renderSample(sample, locale), locale);
        });

        it(`${sample.card} (${sample.variant}) carries ids unchanged in its action data`, () => {
          const card = renderSample(sample);
          const expected = new Set([text.customerId, `${text.customerId}-2`, text.reservationId, text.replacementId, `${text.replacementId}-2`]);
          for (const o of cardObjects(card)) {
            if (o.type === 'Action.Submit') {
              const data = o.data as Record<string, unknown>;
              for (const key of ['customerId', 'reservationId'] as const) {
                if (key in data) assert.ok(expected.has(data[key] as string), `${key} corrupted: ${JSON.stringify(data[key])}`);
              }
              if (sample.open) assert.equal(typeof data.rd, 'string');
            }
            if (o.type === 'Input.ChoiceSet' && o.id === 'replacementId') {
              assert.equal(o.value, text.replacementId);
              assert.deepEqual((o.choices as Array<{ value: string }>).map((c) => c.value), [text.replacementId, `${text.replacementId}-2`]);
            }
          }
        });
      }
    });
  }

  // Templating must insert data literally: swapping the hostile text for a plain marker has to be the only difference.
  const MARKER = 'MARKER-7f3a';
  for (const name of TEMPLATE_SYNTAX) {
    const value = HOSTILE[name];
    it(`${name}: data is inserted literally, never evaluated, on every card`, () => {
      assert.equal(cardText(value), value, 'precondition: cardText leaves this string as typed');
      const hostile = cardSamples(outside(value, 'hostile'), value);
      const plain = cardSamples(outside(MARKER, 'hostile'), MARKER);
      const jsonEscaped = JSON.stringify(value).slice(1, -1);
      for (const locale of LOCALES) {
        hostile.forEach((sample, i) => {
          const rendered = JSON.stringify(renderSample(sample, locale));
          assert.ok(rendered.includes(jsonEscaped), `${sample.card} (${sample.variant}, ${locale}) does not show ${value} literally`);
          const swapped = JSON.parse(rendered.split(jsonEscaped).join(MARKER)) as object;
          assert.deepEqual(swapped, renderSample(plain[i], locale), `${sample.card} (${sample.variant}, ${locale}) changed beyond the data`);
        });
      }
    });
  }
});
