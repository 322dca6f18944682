/**
 * What the desk sends first, outside any turn: credit notices, expiry reminders, underused digests and the recovery
 * notice. Each goes out in the language of the person it is for: the agent who filed the request (stored with it),
 * or who made the subscription (stored with it); English for records from before languages were stored.
 */
export const enProactive = {
  'proactive.credit.title': '{kind, select, refund {Refund credited} other {Exchange credited}}',
  'proactive.credit.nextRefund': 'Microsoft has credited your partner account. Now refund your customer.',
  'proactive.credit.nextExchange':
    'Microsoft has credited the unused value to your partner account toward the replacement. Nothing is owed back to the customer for this credit.',
  'proactive.credit.headline':
    'Microsoft credited {amount} for {kind, select, refund {the refund} other {the exchange}} of {reservationName} ({customerName}).',
  'proactive.credit.factCredited': 'Credited',
  'proactive.credit.factCreditedOn': 'Credited on',
  'proactive.credit.factAzureReturn': 'Azure return',
  'proactive.credit.factAzureExchange': 'Azure exchange',
  'proactive.credit.factTicket': 'Support ticket',
  'proactive.fact.customer': 'Customer',
  'proactive.fact.reservation': 'Reservation',
  'proactive.fact.reservationId': 'Reservation ID',
  'proactive.renewal.on': 'on',
  'proactive.renewal.off': 'off',
  'proactive.renewal.unknown': 'not known',
  'proactive.percent.none': 'no data',
  'proactive.utilization': '7 days {day7} · 30 days {day30}',
  'proactive.expiry.title': 'Reservation expires within {stage} days',
  'proactive.expiry.headline': '{name} of {customerName} expires {daysLeft, plural, one {in # day} other {in # days}}, on {date}. Renewal is {renewal}.',
  'proactive.expiry.summary': '{name} ({customerName}) expires {daysLeft, plural, one {in # day} other {in # days}}; renewal {renewal}',
  'proactive.expiry.factExpiry': 'Expiry',
  'proactive.expiry.factRenewal': 'Renewal',
  'proactive.expiry.factProduct': 'Product',
  'proactive.expiry.factUtilization': 'Utilization',
  'proactive.expiry.nextRenews': 'It renews by itself. Quote an exchange if the customer needs something else.',
  'proactive.expiry.nextEnds': 'Its benefit ends at expiry unless it is renewed. Turn renewal on here, or quote an exchange for a replacement.',
  'proactive.underused.title': 'Underused reservations, week of {date}',
  'proactive.underused.summary': '{count, plural, one {# reservation} other {# reservations}} used below {threshold}% over 7 and 30 days',
  'proactive.underused.intro':
    'Used below {threshold}% over both the last 7 and the last 30 days, least used first. An exchange moves the commitment to something that is used.',
  'proactive.underused.detail': '{utilization} · {product} · expires {date}',
  'proactive.underused.more': '… and {count} more: see /reservation for each customer.',
  'proactive.recovery.filed':
    'Your {kind, select, refund {refund} other {exchange}} request for {reservationName} ({customerName}) was interrupted while it was being filed; Microsoft has it, so it is now filed. Here is its receipt.',
  'proactive.recovery.failed':
    "Your {kind, select, refund {refund} other {exchange}} request for {reservationName} ({customerName}) was interrupted before Microsoft received it: nothing was filed{kind, select, refund { and the customer's refund cap is as it was before} other {}}. Start again with /{kind} when you are ready.",
  'card.expiry-reminder.openOverview': 'Open the overview',
  'card.expiry-reminder.quoteExchange': 'Quote an exchange',
  'card.expiry-reminder.renewal': 'Renewal',
  'card.expiry-reminder.changeScope': 'Change scope',
  'card.underused-digest.openOverview': 'Open the overview',
  'card.underused-digest.quoteExchange': 'Quote an exchange',
  'card.underused-digest.renewal': 'Renewal',
  'card.underused-digest.changeScope': 'Change scope',
} as const;
