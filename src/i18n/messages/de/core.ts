import type { enCore } from '../en/core';

export const deCore: Readonly<Record<keyof typeof enCore, string>> = {
  'help.general': [
    'Ich kalkuliere Rückerstattungen und Umtausche von Azure-Reservierungen für Ihre Kunden, reiche sie ein und verwalte deren Reservierungen.',
    '• /refund oder erstattung [Kunde] — eine Rückerstattung kalkulieren und bei Microsoft einreichen',
    '• /exchange oder umtausch [Kunde] — einen Umtausch in eine andere Reservierung kalkulieren und einreichen',
    '• /reservation oder reservierung [Kunde] — Ablauf, Bereich, Auslastung und IDs einer Reservierung',
    '• /requests oder anträge [Kunde] — offene und kürzliche Anträge und ihr Stand; /requests export [Kunde] — der Finanzexport (CSV)',
    '• /scope oder bereich [Kunde] — anzeigen und ändern, wo der Rabatt einer Reservierung gilt',
    '• /renew oder verlängerung [Kunde] — die automatische Verlängerung bei Ablauf anzeigen, ein- oder ausschalten',
    '• /access oder zugriff [Kunde] — wer eine Reservierung verwalten oder lesen darf; Reservations Reader / Administrator erteilen oder entziehen',
    '• Umbenennen mit der Schaltfläche auf der /reservation-Karte. Änderungen erfordern Admin agent oder Global admin.',
    '• /cap oder grenze Kunde — die jährliche Erstattungsgrenze: verbraucht, verbleibend und wann frühere Erstattungen sie wieder freigeben',
    '• /subscribe oder abonnieren Themen Kunde|alle — hier von Ablauf, geringer Auslastung oder Gutschriften erfahren; /subscriptions (abonnements), /unsubscribe (abbestellen)',
    '• hilfe — was der aktuelle Schritt erwartet; abbrechen — den aktuellen Vorgang beenden',
    '• /sprache de|en — die Sprache, in der ich antworte',
  ].join('\n'),
  'welcome.greeting': 'Hallo! {help}',
  'cancel.nothingToCancel': 'Es gibt nichts abzubrechen.',
  'cancel.cancelled': 'Der Vorgang /{flow} wurde abgebrochen. Es wurde nichts eingereicht.',
  'flow.expired':
    'Ihr Vorgang /{flow} ist nach {minutes, plural, one {# Minute} other {# Minuten}} ohne Aktivität abgelaufen. Es wurde nichts eingereicht. Beginnen Sie neu mit /{flow}.',
  'flow.changed':
    'Der Desk wurde aktualisiert, seit Ihr Vorgang /{flow} begonnen hat; er kann daher nicht fortgesetzt werden. Es wurde nichts eingereicht. Beginnen Sie neu mit /{flow}.',
  'refusal.roles':
    'Leider dürfen nur Partnerbenutzer mit einer dieser Rollen Rückerstattungen und Umtausche kalkulieren oder einreichen: {roles}. Bitten Sie Ihren Partneradministrator um eine davon.',
  'refusal.notOnRoster': '{refusal} (Sie stehen nicht auf der Benutzerliste dieses Partners.)',
  'language.set': 'Ich antworte ab jetzt auf {name}.',
  'language.current': 'Ich antworte auf {name}. Eine andere Sprache wählen Sie mit /sprache und einer von: {supported}.',
  'language.unknown': '„{value}“ spreche ich nicht. Wählen Sie eine von: {supported}. Es wurde nichts geändert.',
};
