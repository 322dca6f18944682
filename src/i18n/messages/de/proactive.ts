import type { enProactive } from '../en/proactive';

export const deProactive: Readonly<Record<keyof typeof enProactive, string>> = {
  'proactive.credit.title': '{kind, select, refund {Rückerstattung gutgeschrieben} other {Umtausch gutgeschrieben}}',
  'proactive.credit.nextRefund': 'Microsoft hat Ihrem Partnerkonto den Betrag gutgeschrieben. Erstatten Sie ihn jetzt Ihrem Kunden.',
  'proactive.credit.nextExchange':
    'Microsoft hat den nicht genutzten Wert Ihrem Partnerkonto für die Ersatzreservierung gutgeschrieben. Für diese Gutschrift ist dem Kunden nichts zu erstatten.',
  'proactive.credit.headline':
    'Microsoft hat {amount} für {kind, select, refund {die Rückerstattung} other {den Umtausch}} von {reservationName} ({customerName}) gutgeschrieben.',
  'proactive.credit.factCredited': 'Gutgeschrieben',
  'proactive.credit.factCreditedOn': 'Gutgeschrieben am',
  'proactive.credit.factAzureReturn': 'Azure-Rückgabe',
  'proactive.credit.factAzureExchange': 'Azure-Umtausch',
  'proactive.credit.factTicket': 'Supportanfrage',
  'proactive.fact.customer': 'Kunde',
  'proactive.fact.reservation': 'Reservierung',
  'proactive.fact.reservationId': 'Reservierungs-ID',
  'proactive.renewal.on': 'an',
  'proactive.renewal.off': 'aus',
  'proactive.renewal.unknown': 'unbekannt',
  'proactive.percent.none': 'keine Daten',
  'proactive.utilization': '7 Tage {day7} · 30 Tage {day30}',
  'proactive.expiry.title': 'Reservierung läuft innerhalb von {stage} Tagen ab',
  'proactive.expiry.headline':
    '{name} von {customerName} läuft {daysLeft, plural, one {in # Tag} other {in # Tagen}} ab, am {date}. Automatische Verlängerung: {renewal}.',
  'proactive.expiry.summary': '{name} ({customerName}) läuft {daysLeft, plural, one {in # Tag} other {in # Tagen}} ab; automatische Verlängerung {renewal}',
  'proactive.expiry.factExpiry': 'Ablauf',
  'proactive.expiry.factRenewal': 'Automatische Verlängerung',
  'proactive.expiry.factProduct': 'Produkt',
  'proactive.expiry.factUtilization': 'Auslastung',
  'proactive.expiry.nextRenews': 'Sie verlängert sich automatisch. Kalkulieren Sie einen Umtausch, wenn der Kunde etwas anderes braucht.',
  'proactive.expiry.nextEnds':
    'Ihr Rabatt endet mit dem Ablauf, wenn sie nicht verlängert wird. Schalten Sie hier die automatische Verlängerung ein, oder kalkulieren Sie einen Umtausch gegen eine Ersatzreservierung.',
  'proactive.underused.title': 'Gering ausgelastete Reservierungen, Woche ab {date}',
  'proactive.underused.summary': '{count, plural, one {# Reservierung} other {# Reservierungen}} unter {threshold} % ausgelastet über 7 und 30 Tage',
  'proactive.underused.intro':
    'Unter {threshold} % ausgelastet, in den letzten 7 wie in den letzten 30 Tagen, die am wenigsten genutzte zuerst. Ein Umtausch verlagert die Verpflichtung auf etwas, das genutzt wird.',
  'proactive.underused.detail': '{utilization} · {product} · läuft am {date} ab',
  'proactive.underused.more': '… und {count} weitere: siehe /reservation für jeden Kunden.',
  'proactive.recovery.filed':
    'Ihr {kind, select, refund {Rückerstattungsantrag} other {Umtauschantrag}} für {reservationName} ({customerName}) wurde beim Einreichen unterbrochen; Microsoft hat ihn erhalten, er ist also eingereicht. Hier ist die Bestätigung.',
  'proactive.recovery.failed':
    'Ihr {kind, select, refund {Rückerstattungsantrag} other {Umtauschantrag}} für {reservationName} ({customerName}) wurde unterbrochen, bevor Microsoft ihn erhalten hat: Es wurde nichts eingereicht{kind, select, refund {, und die Erstattungsgrenze des Kunden ist unverändert} other {}}. Beginnen Sie neu mit /{kind}, wenn Sie bereit sind.',
  'card.expiry-reminder.openOverview': 'Übersicht öffnen',
  'card.expiry-reminder.quoteExchange': 'Umtausch kalkulieren',
  'card.expiry-reminder.renewal': 'Verlängerung',
  'card.expiry-reminder.changeScope': 'Bereich ändern',
  'card.underused-digest.openOverview': 'Übersicht öffnen',
  'card.underused-digest.quoteExchange': 'Umtausch kalkulieren',
  'card.underused-digest.renewal': 'Verlängerung',
  'card.underused-digest.changeScope': 'Bereich ändern',
};
