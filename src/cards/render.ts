import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compileTemplate, type CompiledTemplate, type RenderWords } from './compiledTemplate';
import { CATALOGS, compiledMessage, isStaticMessage, type Locale, type MessageKey } from '../i18n';
import { formatWord, wordPieces, type WordPiece } from './wordFormat';

/** An expanded Adaptive Card, ready for Teams or for the Block Kit renderer. */
export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** The templates in cards/, one per screen. The name is the file name without `.json`. */
export const CARD_NAMES = [
  'customer-picker',
  'reservation-picker',
  'refund-quote',
  'replacement-picker',
  'exchange-quote',
  'confirm',
  'receipt',
  'reservation-overview',
  'requests',
  'notice',
  'credit-notice',
  'manage-choices',
  'change-confirm',
  'rename',
  'access',
  'manage-result',
  'cap',
  'expiry-reminder',
  'underused-digest',
] as const;
export type CardName = (typeof CARD_NAMES)[number];

/** cards/ sits at the repository root, beside src/ (and beside dist/ once compiled). */
function cardsDirectory(): string {
  for (const candidate of [path.resolve(__dirname, '../../cards'), path.resolve(__dirname, '../../../cards')]) {
    try {
      readFileSync(path.join(candidate, 'notice.json'));
      return candidate;
    } catch {
      // try the next layout
    }
  }
  throw new Error('cards/ directory not found next to the code');
}

export function loadTemplate(name: CardName): object {
  return JSON.parse(readFileSync(path.join(cardsDirectory(), `${name}.json`), 'utf8')) as object;
}

/** Each template compiled at its first render (src/cards/compiledTemplate.ts; refused constructs throw there). */
const compiledTemplates = new Map<CardName, CompiledTemplate>();

export function compiledCardTemplate(name: CardName): CompiledTemplate {
  let compiled = compiledTemplates.get(name);
  if (!compiled) {
    compiled = compileTemplate(name, loadTemplate(name));
    compiledTemplates.set(name, compiled);
  }
  return compiled;
}

/** The catalog keys of one card's words: `card.<template>.<element>`. */
const wordKeys = new Map<CardName, ReadonlyArray<{ key: MessageKey; element: string }>>();

function cardWordKeys(name: CardName): ReadonlyArray<{ key: MessageKey; element: string }> {
  let keys = wordKeys.get(name);
  if (!keys) {
    const prefix = `card.${name}.`;
    keys = (Object.keys(CATALOGS.en) as MessageKey[]).filter((key) => key.startsWith(prefix)).map((key) => ({ key, element: key.slice(prefix.length) }));
    wordKeys.set(name, keys);
  }
  return keys;
}

/**
 * One card's words in one language: the fixed ones (no placeholders, the same on every render), the ones filled
 * from the card's data, and where each element sits in the words object, so a render reads `$root.words.<element>`
 * without building that object.
 */
interface WordsPlan {
  fixed: Readonly<Record<string, string>>;
  filled: ReadonlyArray<{ key: MessageKey; element: string; pieces: readonly WordPiece[] | undefined }>;
  /** The words object's keys in order, each the fixed text or the index of a filled word. */
  order: ReadonlyArray<{ element: string; fixed: string } | { element: string; filled: number }>;
  /** Lower-cased element name → the first key in order that matches it ignoring case (as template lookups do). */
  byLowerName: Map<string, { fixed: string } | { filled: number } | undefined>;
}

const wordsPlans: Readonly<Record<Locale, Map<CardName, WordsPlan>>> = { en: new Map(), de: new Map() };

function wordsPlan(name: CardName, locale: Locale): WordsPlan {
  let plan = wordsPlans[locale].get(name);
  if (!plan) {
    const fixed = Object.fromEntries(cardWordKeys(name).filter(({ key }) => isStaticMessage(locale, key)).map(({ key, element }) => [element, String(compiledMessage(locale, key).format())]));
    const filled = cardWordKeys(name)
      .filter(({ element }) => !(element in fixed))
      .map(({ key, element }) => ({ key, element, pieces: wordPieces(locale, key) }));
    // The key order of the object cardWords builds ({ ...fixed } then each filled element), read off a stand-in.
    const standIn: Record<string, string | number> = { ...fixed };
    filled.forEach(({ element }, i) => (standIn[element] = i));
    const order = Object.entries(standIn).map(([element, value]) => (typeof value === 'number' ? { element, filled: value } : { element, fixed: value }));
    plan = { fixed, filled, order, byLowerName: new Map() };
    wordsPlans[locale].set(name, plan);
  }
  return plan;
}

/** A render's words: the filled ones formatted up front (a missing placeholder value throws, as before), read by name. */
class CardWords implements RenderWords {
  constructor(
    private readonly plan: WordsPlan,
    private readonly filled: readonly string[],
  ) {}

  word(lowerName: string): unknown {
    const byLowerName = this.plan.byLowerName;
    let found = byLowerName.get(lowerName);
    if (found === undefined && !byLowerName.has(lowerName)) {
      const entry = this.plan.order.find(({ element }) => element.toLowerCase() === lowerName);
      found = entry && ('filled' in entry ? { filled: entry.filled } : { fixed: entry.fixed });
      byLowerName.set(lowerName, found);
    }
    if (found === undefined) return undefined;
    return 'fixed' in found ? found.fixed : this.filled[found.filled];
  }

  toObject(): Record<string, string> {
    const words: Record<string, string> = { ...this.plan.fixed };
    this.plan.filled.forEach(({ element }, i) => (words[element] = this.filled[i]));
    return words;
  }
}

const NOTHING_FILLED: readonly string[] = [];

function renderWords(name: CardName, locale: Locale, data: object): CardWords {
  const plan = wordsPlan(name, locale);
  const filled = plan.filled.length === 0 ? NOTHING_FILLED : plan.filled.map(({ key, pieces }) => formatWord(locale, key, pieces, data));
  return new CardWords(plan, filled);
}

/**
 * A card's fixed words in one language, for the template's `${$root.words.<element>}`. Words with placeholders
 * (`Grant access to a user of {customerName}`) take the values of the card's own data, so word order can differ
 * per language while the template stays single-source; values are inserted literally (already made safe by the
 * caller with cardText/plainText), never parsed as ICU or template syntax.
 */
export function cardWords(name: CardName, locale: Locale, data: object): Record<string, string> {
  return renderWords(name, locale, data).toObject();
}

/**
 * Expands a template in a language (the data's strings must already be made safe with cardText/plainText). The
 * template reads its fixed words from `words` (cardWords); amounts and dates arrive formatted for that language.
 * The output is adaptivecards-templating's for `{ $root: { ...data, words: cardWords(name, locale, data) } }`.
 */
export function renderCard(name: CardName, data: object, locale: Locale): AdaptiveCard {
  return compiledCardTemplate(name)(data, renderWords(name, locale, data)) as AdaptiveCard;
}

/** The Bot Framework attachment for a card. */
export function cardAttachment(card: AdaptiveCard): { contentType: string; content: AdaptiveCard } {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card };
}
