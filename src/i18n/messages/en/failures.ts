/**
 * What went wrong, as the agent reads it: the providers' failures (src/providers/azure/errors.ts, the desk's own
 * refusals) and the filing service's failed or uncertain outcomes. The providers and the filing service raise them
 * with `worded(key, values)` (src/i18n/wording.ts): the English text is their message, and a dialog says the same
 * wording in the agent's language. `failure.service.*` are the services' names, filled in as terms.
 */
export const enFailures = {
  'failure.service.partner-center': 'Partner Center',
  'failure.service.azure-reservations': 'Azure (reservations)',
  'failure.service.azure-support': 'Azure Support',
  'failure.service.microsoft-graph': 'Microsoft Graph',
  'failure.unavailable.read': '{service} is not answering; nothing was filed. Try again in a few minutes.',
  'failure.unavailable.write':
    '{service} is not answering, so it is not certain the request reached Microsoft. Trying again is safe: the same request is never filed twice.',
  'failure.throttled.read':
    '{service} is asking the bot to slow down (too many requests); nothing was filed. Try again in {count, plural, =1 {a minute} other {{minutes} minutes}}.',
  'failure.throttled.write':
    '{service} is asking the bot to slow down, so it is not certain the request reached Microsoft. Trying again is safe: the same request is never filed twice.',
  'failure.forbidden':
    "{service} refused the bot's credentials or permissions; an administrator must check the app registration and its access to this customer. Nothing was filed.",
  'failure.notFound':
    '{service} does not know {what, select, reservation {this reservation} user {this user} customer {this customer} artifact {this reservation artifact} order {this reservation order} tenantReservations {the reservations of this tenant} billingService {the Billing support service} ticket {this support request} exchange {this exchange} exchangeStarted {the exchange it started} operationStarted {the operation it started} other {what the bot asked for}}; it may have been removed or moved.',
  'failure.malformedAnswer': '{service} sent an answer the bot cannot read; nothing was filed. The details are in the log.',
  'failure.rejected': '{service} refused the request: {azureMessage} Nothing was filed.',
  'failure.rejected.silent': '{service} refused the request. Nothing was filed.',
  'failure.operationFailed': '{service} could not complete the operation: {azureMessage}',
  'failure.operationFailed.silent': '{service} could not complete the operation.',
  'failure.supportClassificationNotFound':
    'Azure Support no longer offers "{displayName}" under Billing, so the request cannot be filed automatically; nothing was filed. File it in the Azure portal and tell an administrator.',
  'failure.reservationPriceUnknown':
    'Azure did not say what this reservation cost or in which currency it is billed, so the bot cannot quote it. Use the Azure portal for this one.',
  'failure.customerUnknown': 'That customer is not one of this partner\u2019s customers.',
  'failure.customerUnknown.nothingFiled': 'That customer is not one of this partner\u2019s customers; nothing was filed.',
  'failure.reservationUnknown': 'That reservation is not one of this customer\u2019s reservations.',
  'failure.reservationUnknown.nothingFiled': 'That reservation is not one of this customer\u2019s reservations; nothing was filed.',
  'failure.reservationUnknown.nothingReturned': 'That reservation is not one of this customer\u2019s reservations; nothing was returned.',
  'failure.subscriptionUnknown': 'That subscription is not one of this customer\u2019s subscriptions.',
  'failure.replacementUnknown': 'That replacement is not from this customer\u2019s exchange catalog.',
  'failure.change.notSucceeded': 'Azure does not change a reservation that is {state}. Nothing changed.',
  'failure.change.noSuchUser': 'The customer\u2019s tenant has no such user. Nothing changed.',
  'failure.change.assignmentGone': 'That role assignment is not (or no longer) on this reservation order. Nothing changed.',
  'failure.change.scopeRefused': 'Azure refused that scope: {reason} Nothing changed.',
  'failure.change.alreadyHasRole': '{user} already has {role} on this reservation order. Nothing changed.',
  'failure.change.neitherRole': 'Azure offers neither {role} nor {fallback} at this reservation order. Nothing changed.',
  'failure.change.azureRefused':
    'Azure refused to {action, select, change {change the reservation} grant {grant the role} other {revoke the role}}{conflict, select, yes { (another change to it is still in progress; try again in a few minutes)} other {}}: {azureMessage} Nothing changed.',
  'failure.change.azureRefused.silent':
    'Azure refused to {action, select, change {change the reservation} grant {grant the role} other {revoke the role}}{conflict, select, yes { (another change to it is still in progress; try again in a few minutes)} other {}}. Nothing changed.',
  'failure.change.forbidden':
    "Azure refused the bot's permission to {action, select, change {change the reservation} grant {grant the role} other {revoke the role}} in this customer's tenant (HTTP {status}); the partner needs admin rights there. Nothing changed.",
  'failure.change.incomplete': 'Azure could not complete the change: {azureMessage} Nothing changed.',
  'failure.change.incomplete.silent': 'Azure could not complete the change. Nothing changed.',
  'failure.change.gone':
    'Azure no longer knows this reservation or assignment, so it could not {action, select, change {change the reservation} grant {grant the role} other {revoke the role}}. Nothing changed.',
  'failure.change.unconfirmed':
    'Azure did not confirm the change in time ({code}), so it is not certain it was made. Look at the reservation again before trying again.',
  'failure.support.phoneNeeded': 'A phone number is needed when the preferred contact method is phone; nothing was filed.',
  'failure.support.noContact': 'The support request has no contact details; nothing was filed.',
  'failure.filing.busy': 'Another request for this reservation is already open; nothing was filed.',
  'failure.filing.busyTicket': 'Another request for this reservation is already open (ticket {ticket}); nothing was filed.',
  'failure.filing.stopped': 'This request was stopped earlier; nothing was filed.',
  'failure.filing.interrupted': 'The filing was interrupted before Microsoft received it; nothing was filed.',
  'failure.filing.earlier': 'This request could not be filed earlier; nothing was filed.',
  'failure.filing.unexpected': 'Something went wrong before Microsoft answered; nothing was filed.',
  'failure.selfService.unavailable': 'This provider cannot settle requests through Azure itself; nothing was changed. File a support request instead.',
  'failure.selfService.noUnits': 'This request does not say how many units it settles; nothing was changed.',
  'failure.selfService.noReplacement': 'This request does not name its replacement; nothing was exchanged.',
  'failure.selfService.unconfirmed':
    'Azure has not confirmed this yet, and the order does not show it done. It is never posted twice: check again in a few minutes with the same button.',
} as const;
