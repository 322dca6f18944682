import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';

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

/** Expands a template with data (the data's strings must already be made safe with cardText/plainText). */
export function renderCard(name: CardName, data: object): AdaptiveCard {
  return template(name).expand({ $root: data }) as AdaptiveCard;
}

/** The Bot Framework attachment for a card. */
export function cardAttachment(card: AdaptiveCard): { contentType: string; content: AdaptiveCard } {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card };
}
