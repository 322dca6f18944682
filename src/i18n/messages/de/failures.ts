import type { enFailures } from '../en/failures';

export const deFailures: Readonly<Record<keyof typeof enFailures, string>> = {
  'failure.service.partner-center': 'Partner Center',
  'failure.service.azure-reservations': 'Azure (Reservierungen)',
  'failure.service.azure-support': 'Azure Support',
  'failure.service.microsoft-graph': 'Microsoft Graph',
  'failure.unavailable.read': '{service} antwortet nicht; es wurde nichts eingereicht. Versuchen Sie es in einigen Minuten erneut.',
  'failure.unavailable.write':
    '{service} antwortet nicht, daher ist nicht sicher, ob die Anfrage Microsoft erreicht hat. Ein erneuter Versuch ist sicher: Dieselbe Anfrage wird nie zweimal eingereicht.',
  'failure.throttled.read':
    '{service} bittet den Bot, langsamer zu werden (zu viele Anfragen); es wurde nichts eingereicht. Versuchen Sie es in {count, plural, =1 {einer Minute} other {{minutes} Minuten}} erneut.',
  'failure.throttled.write':
    '{service} bittet den Bot, langsamer zu werden, daher ist nicht sicher, ob die Anfrage Microsoft erreicht hat. Ein erneuter Versuch ist sicher: Dieselbe Anfrage wird nie zweimal eingereicht.',
  'failure.forbidden':
    '{service} hat die Anmeldedaten oder Berechtigungen des Bots abgelehnt; ein Administrator muss die App-Registrierung und ihren Zugriff auf diesen Kunden prüfen. Es wurde nichts eingereicht.',
  'failure.notFound':
    '{service} kennt {what, select, reservation {diese Reservierung} user {diesen Benutzer} customer {diesen Kunden} artifact {dieses Reservierungsartefakt} order {diese Reservierungsbestellung} tenantReservations {die Reservierungen dieses Mandanten} billingService {den Supportdienst „Billing“} ticket {diese Supportanfrage} exchange {diesen Umtausch} exchangeStarted {den begonnenen Umtausch} operationStarted {den begonnenen Vorgang} other {das Angefragte}} nicht (möglicherweise entfernt oder verschoben).',
  'failure.malformedAnswer':
    '{service} hat eine Antwort gesendet, die der Bot nicht lesen kann; es wurde nichts eingereicht. Die Einzelheiten stehen im Protokoll.',
  'failure.rejected': '{service} hat die Anfrage abgelehnt („{azureMessage}“). Es wurde nichts eingereicht.',
  'failure.rejected.silent': '{service} hat die Anfrage abgelehnt. Es wurde nichts eingereicht.',
  'failure.operationFailed': '{service} konnte den Vorgang nicht abschließen („{azureMessage}“).',
  'failure.operationFailed.silent': '{service} konnte den Vorgang nicht abschließen.',
  'failure.supportClassificationNotFound':
    'Azure Support bietet „{displayName}“ unter „Billing“ nicht mehr an, daher kann die Anfrage nicht automatisch eingereicht werden; es wurde nichts eingereicht. Reichen Sie sie im Azure-Portal ein und informieren Sie einen Administrator.',
  'failure.reservationPriceUnknown':
    'Azure hat nicht mitgeteilt, was diese Reservierung gekostet hat oder in welcher Währung sie abgerechnet wird, daher kann der Bot kein Angebot erstellen. Verwenden Sie dafür das Azure-Portal.',
  'failure.customerUnknown': 'Dieser Kunde gehört nicht zu den Kunden dieses Partners.',
  'failure.customerUnknown.nothingFiled': 'Dieser Kunde gehört nicht zu den Kunden dieses Partners; es wurde nichts eingereicht.',
  'failure.reservationUnknown': 'Diese Reservierung gehört nicht zu den Reservierungen dieses Kunden.',
  'failure.reservationUnknown.nothingFiled': 'Diese Reservierung gehört nicht zu den Reservierungen dieses Kunden; es wurde nichts eingereicht.',
  'failure.reservationUnknown.nothingReturned': 'Diese Reservierung gehört nicht zu den Reservierungen dieses Kunden; es wurde nichts zurückgegeben.',
  'failure.subscriptionUnknown': 'Dieses Abonnement gehört nicht zu den Abonnements dieses Kunden.',
  'failure.replacementUnknown': 'Dieser Ersatz stammt nicht aus dem Umtauschkatalog dieses Kunden.',
  'failure.change.notSucceeded': 'Azure ändert keine Reservierung im Status {state}. Es wurde nichts geändert.',
  'failure.change.noSuchUser': 'Im Mandanten des Kunden gibt es diesen Benutzer nicht. Es wurde nichts geändert.',
  'failure.change.assignmentGone': 'Diese Rollenzuweisung besteht für diese Reservierungsbestellung nicht (mehr). Es wurde nichts geändert.',
  'failure.change.scopeRefused': 'Azure hat diesen Bereich abgelehnt („{reason}“). Es wurde nichts geändert.',
  'failure.change.alreadyHasRole': '{user} hat die Rolle {role} für diese Reservierungsbestellung bereits. Es wurde nichts geändert.',
  'failure.change.neitherRole': 'Azure bietet für diese Reservierungsbestellung weder {role} noch {fallback} an. Es wurde nichts geändert.',
  'failure.change.azureRefused':
    'Azure hat abgelehnt, {action, select, change {die Reservierung zu ändern} grant {die Rolle zuzuweisen} other {die Rolle zu entziehen}}{conflict, select, yes { (eine andere Änderung daran läuft noch; versuchen Sie es in einigen Minuten erneut)} other {}} („{azureMessage}“). Es wurde nichts geändert.',
  'failure.change.azureRefused.silent':
    'Azure hat abgelehnt, {action, select, change {die Reservierung zu ändern} grant {die Rolle zuzuweisen} other {die Rolle zu entziehen}}{conflict, select, yes { (eine andere Änderung daran läuft noch; versuchen Sie es in einigen Minuten erneut)} other {}}. Es wurde nichts geändert.',
  'failure.change.forbidden':
    'Azure hat dem Bot die Berechtigung verweigert, im Mandanten dieses Kunden {action, select, change {die Reservierung zu ändern} grant {die Rolle zuzuweisen} other {die Rolle zu entziehen}} (HTTP {status}); der Partner benötigt dort Administratorrechte. Es wurde nichts geändert.',
  'failure.change.incomplete': 'Azure konnte die Änderung nicht abschließen („{azureMessage}“). Es wurde nichts geändert.',
  'failure.change.incomplete.silent': 'Azure konnte die Änderung nicht abschließen. Es wurde nichts geändert.',
  'failure.change.gone':
    'Azure kennt diese Reservierung oder Zuweisung nicht mehr und konnte daher {action, select, change {die Reservierung nicht ändern} grant {die Rolle nicht zuweisen} other {die Rolle nicht entziehen}}. Es wurde nichts geändert.',
  'failure.change.unconfirmed':
    'Azure hat die Änderung nicht rechtzeitig bestätigt ({code}), daher ist nicht sicher, ob sie vorgenommen wurde. Sehen Sie sich die Reservierung erneut an, bevor Sie es noch einmal versuchen.',
  'failure.support.phoneNeeded': 'Wenn die bevorzugte Kontaktmethode Telefon ist, wird eine Telefonnummer benötigt; es wurde nichts eingereicht.',
  'failure.support.noContact': 'Die Supportanfrage enthält keine Kontaktdaten; es wurde nichts eingereicht.',
  'failure.filing.busy': 'Für diese Reservierung ist bereits ein anderer Antrag offen; es wurde nichts eingereicht.',
  'failure.filing.busyTicket': 'Für diese Reservierung ist bereits ein anderer Antrag offen (Ticket {ticket}); es wurde nichts eingereicht.',
  'failure.filing.stopped': 'Dieser Antrag wurde bereits früher gestoppt; es wurde nichts eingereicht.',
  'failure.filing.interrupted': 'Die Einreichung wurde unterbrochen, bevor Microsoft sie erhalten hat; es wurde nichts eingereicht.',
  'failure.filing.earlier': 'Dieser Antrag konnte bereits früher nicht eingereicht werden; es wurde nichts eingereicht.',
  'failure.filing.unexpected': 'Bevor Microsoft antwortete, ist etwas schiefgegangen; es wurde nichts eingereicht.',
  'failure.selfService.unavailable':
    'Dieser Anbieter kann Anträge nicht über Azure selbst abwickeln; es wurde nichts geändert. Reichen Sie stattdessen eine Supportanfrage ein.',
  'failure.selfService.noUnits': 'Dieser Antrag gibt nicht an, wie viele Einheiten er abwickelt; es wurde nichts geändert.',
  'failure.selfService.noReplacement': 'Dieser Antrag nennt keinen Ersatz; es wurde nichts umgetauscht.',
  'failure.selfService.unconfirmed':
    'Azure hat dies noch nicht bestätigt, und die Bestellung zeigt es nicht als erledigt an. Es wird nie zweimal gesendet: Sehen Sie in einigen Minuten mit derselben Schaltfläche erneut nach.',
};
