/**
 * Card words shared by the flows' pickers (keys `card.<template>.<element>`, read by the template as
 * `${$root.words.<element>}`). Placeholders take the card's own data fields.
 */
export const enCards = {
  'card.customer-picker.fallback': 'Pick a customer: type part of its name or domain.',
  'card.customer-picker.title': 'Pick a customer',
  'card.customer-picker.matching': 'Customers matching “{query}”: {total, number}',
  'card.customer-picker.noMatch': 'No customer matches. Type another name or domain.',
  'card.customer-picker.pageHint': '{pageText}. You can also type part of a name or domain.',
  'card.customer-picker.previousPage': 'Previous page',
  'card.customer-picker.nextPage': 'More customers',
} as const;
