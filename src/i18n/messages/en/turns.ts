/** The card prompt's own words: the small answered card that replaces a card once answered, and its replies. */
export const enTurns = {
  'turn.answered.typed': 'Typed: “{text}”',
  'turn.answered.cancelled': 'Cancelled',
  'turn.answered.expired': 'Expired',
  'turn.answered.replaced': 'Replaced by /{command}',
  'turn.notThisCardsButton': "That is not one of this card's buttons; nothing changed.",
  'turn.stepHelp': '{help} (Type cancel to stop.)',
  'turn.topicCustomerGone': 'That customer can no longer be found.',
} as const;
