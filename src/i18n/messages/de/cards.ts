import type { enCards } from '../en/cards';

export const deCards: Readonly<Record<keyof typeof enCards, string>> = {
  'card.customer-picker.fallback': 'Kunden wählen: einen Teil des Namens oder der Domain eingeben.',
  'card.customer-picker.title': 'Kunden wählen',
  'card.customer-picker.matching': 'Kunden zu „{query}“: {total, number}',
  'card.customer-picker.noMatch': 'Kein Kunde passt. Geben Sie einen anderen Namen oder eine andere Domain ein.',
  'card.customer-picker.pageHint': '{pageText}. Sie können auch einen Teil eines Namens oder einer Domain eingeben.',
  'card.customer-picker.previousPage': 'Vorherige Seite',
  'card.customer-picker.nextPage': 'Weitere Kunden',
};
