import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { CATALOGS, compiledMessage, isStaticMessage, type Locale, type MessageKey } from '../i18n';

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

const templates = new Map<CardName, ACData.Template>();

export function loadTemplate(name: CardName): object {
  return JSON.parse(readFileSync(path.join(cardsDirectory(), `${name}.json`), 'utf8')) as object;
}

function template(name: CardName): ACData.Template {
  let t = templates.get(name);
  if (!t) {
    t = new ACData.Template(loadTemplate(name));
    templates.set(name, t);
  }
  return t;
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

/** Words without placeholders, per card and language: the same on every render. */
const staticWords = new Map<string, Readonly<Record<string, string>>>();

/**
 * A card's fixed words in one language, for the template's `${$root.words.<element>}`. Words with placeholders
 * (`Grant access to a user of {customerName}`) take the values of the card's own data, so word order can differ
 * per language while the template stays single-source; values are inserted literally (already made safe by the
 * caller with cardText/plainText), never parsed as ICU or template syntax.
 */
export function cardWords(name: CardName, locale: Locale, data: object): Record<string, string> {
  const cacheKey = `${name}\u0000${locale}`;
  let fixed = staticWords.get(cacheKey);
  if (!fixed) {
    fixed = Object.fromEntries(cardWordKeys(name).filter(({ key }) => isStaticMessage(locale, key)).map(({ key, element }) => [element, String(compiledMessage(locale, key).format())]));
    staticWords.set(cacheKey, fixed);
  }
  const words: Record<string, string> = { ...fixed };
  for (const { key, element } of cardWordKeys(name)) {
    if (!(element in fixed)) words[element] = String(compiledMessage(locale, key).format<string>(data as Record<string, string | number>));
  }
  return words;
}

/**
 * Expands a template in a language (the data's strings must already be made safe with cardText/plainText). The
 * template reads its fixed words from `words` (cardWords); amounts and dates arrive formatted for that language.
 */
export function renderCard(name: CardName, data: object, locale: Locale): AdaptiveCard {
  return template(name).expand({ $root: { ...data, words: cardWords(name, locale, data) } }) as AdaptiveCard;
}

/** The Bot Framework attachment for a card. */
export function cardAttachment(card: AdaptiveCard): { contentType: string; content: AdaptiveCard } {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card };
}
