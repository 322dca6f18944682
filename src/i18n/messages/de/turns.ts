import type { enTurns } from '../en/turns';

export const deTurns: Readonly<Record<keyof typeof enTurns, string>> = {
  'turn.answered.typed': 'Eingegeben: „{text}“',
  'turn.answered.cancelled': 'Abgebrochen',
  'turn.answered.expired': 'Abgelaufen',
  'turn.answered.replaced': 'Ersetzt durch /{command}',
  'turn.notThisCardsButton': 'Das ist keine Schaltfläche dieser Karte; es wurde nichts geändert.',
  'turn.stepHelp': '{help} (Mit „abbrechen“ beenden Sie den Vorgang.)',
  'turn.topicCustomerGone': 'Dieser Kunde ist nicht mehr zu finden.',
};
