/** The turn handler's own words: help, welcome, cancel, expiry, refusals, /language. */
export const enCore = {
  'help.general': [
    'I quote and file Azure reservation refunds and exchanges for your customers, and manage their reservations.',
    '• /refund [customer] — quote a refund and file it with Microsoft',
    '• /exchange [customer] — quote an exchange for another reservation and file it',
    "• /reservation [customer] — a reservation's expiry, scope, utilization and IDs",
    '• /requests [customer] — open and recent requests and their state; /requests export [customer] — the finance export (CSV)',
    "• /scope [customer] — show and change where a reservation's discount applies",
    '• /renew [customer] — show and turn automatic renewal at expiry on or off',
    '• /access [customer] — who may manage or read a reservation; grant or revoke Reservations Reader / Administrator',
    '• Rename a reservation with the button on its /reservation card. Changes need Admin agent or Global admin.',
    '• /cap customer — the yearly refund cap: consumed, remaining, and when past refunds free it up',
    '• /subscribe topics customer|all — hear about expiry, underused or credits here; /subscriptions, /unsubscribe',
    '• help — what the current step expects; cancel — stop the current flow',
    '• /language en|de — the language I answer in',
  ].join('\n'),
  'welcome.greeting': 'Hello! {help}',
  'cancel.nothingToCancel': 'There is nothing to cancel.',
  'cancel.cancelled': 'Cancelled the /{flow} flow. Nothing was filed.',
  'flow.expired':
    'Your /{flow} flow expired after {minutes, plural, one {# minute} other {# minutes}} without activity. Nothing was filed. Start again with /{flow}.',
  'flow.changed': 'The desk was updated since your /{flow} flow began, so it cannot go on. Nothing was filed. Start again with /{flow}.',
  'refusal.roles':
    'Sorry, only partner users with one of these roles may quote or file refunds and exchanges: {roles}. Ask your partner admin for one of them.',
  'refusal.notOnRoster': "{refusal} (You are not on this partner's roster.)",
  'language.set': 'I answer in {name} from now on.',
  'language.current': 'I answer in {name}. Choose another with /language followed by one of: {supported}.',
  'language.unknown': 'I do not speak “{value}”. Choose one of: {supported}. Nothing was changed.',
} as const;
