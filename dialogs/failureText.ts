import { t, type Locale, type MessageKey } from '../src/i18n';

/**
 * What went wrong, in the agent's language. The providers and the filing service write their failures in English
 * (`DeskError.message`, a filing outcome's `message`: logs and audit keep those); this module finds the catalog text
 * that says the same from the failure's code and details and words it in the turn's language.
 *
 * A translation is used only when its English is exactly the message the desk wrote: English output is the message
 * itself by construction, and a German sentence can never say something else than the English one (a provider whose
 * wording changed, a code reused with another meaning, a detail the failure no longer carries). Anything not
 * recognised is shown in the desk's own (English) words. Azure's own words (`azureMessage`) stay as Azure wrote them.
 */

/** A failure as dialogs see it: a DeskError's code and details (dialogs never import the providers), and its message. */
export interface Failure {
  code?: string;
  details?: Readonly<Record<string, unknown>>;
  message: string;
}

/** One catalog text that may say what the failure says; `service` is named per language. */
interface Wording {
  key: MessageKey;
  values?: Record<string, string | number>;
  service?: string;
}

/** The services of the azure provider's error codes (`${service}-${kind}`), named as Microsoft names them. */
const PRODUCT_NAMES: Readonly<Record<string, string>> = {
  'partner-center': 'Partner Center',
  'azure-support': 'Azure Support',
  'microsoft-graph': 'Microsoft Graph',
};
const AZURE_SERVICES = ['partner-center', 'azure-reservations', 'azure-support', 'microsoft-graph'] as const;
const AZURE_CODE = new RegExp(`^(${AZURE_SERVICES.join('|')})-(.+)$`);

/** What the azure provider says it does not know (its calls' `subject`), as the catalog's select names it. */
const NOT_FOUND_SUBJECTS: Readonly<Record<string, string>> = {
  'this reservation': 'reservation',
  'this user': 'user',
  'this customer': 'customer',
  'this reservation artifact': 'artifact',
  'this reservation order': 'order',
  'the reservations of this tenant': 'tenantReservations',
  'the Billing support service': 'billingService',
  'this support request': 'ticket',
  'this exchange': 'exchange',
  'the exchange it started': 'exchangeStarted',
  'the operation it started': 'operationStarted',
  'what the bot asked for': 'other',
};

function serviceName(service: string, locale: Locale): string {
  return service === 'azure-reservations' ? t(locale, 'failure.service.reservations') : (PRODUCT_NAMES[service] ?? service);
}

function render(wording: Wording, locale: Locale): string {
  const values = wording.service === undefined ? wording.values : { ...wording.values, service: serviceName(wording.service, locale) };
  return t(locale, wording.key, values);
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The wordings an azure provider failure (`partner-center-unavailable`, …) may have, from its kind and details. */
function azureWordings(service: string, kind: string, details: Readonly<Record<string, unknown>>): Wording[] {
  const intents = details.intent === 'read' || details.intent === 'write' ? [details.intent] : (['read', 'write'] as const);
  switch (kind) {
    case 'unavailable':
      return intents.map((intent) => ({ key: intent === 'write' ? 'failure.unavailable.write' : 'failure.unavailable.read', service }));
    case 'throttled': {
      const retryAfterMs = typeof details.retryAfterMs === 'number' ? details.retryAfterMs : undefined;
      const minutes = retryAfterMs !== undefined && retryAfterMs > 60_000 ? Math.ceil(retryAfterMs / 60_000) : 1;
      return intents.map((intent) =>
        intent === 'write'
          ? { key: 'failure.throttled.write' as const, service }
          : { key: 'failure.throttled.read' as const, service, values: { count: minutes, minutes: String(minutes) } },
      );
    }
    case 'forbidden':
      return [{ key: 'failure.forbidden', service }];
    case 'not-found': {
      const what = text(details.what);
      const subjects = what === undefined ? Object.values(NOT_FOUND_SUBJECTS) : [NOT_FOUND_SUBJECTS[what]].filter((s) => s !== undefined);
      return subjects.map((subject) => ({ key: 'failure.notFound', service, values: { what: subject } }));
    }
    case 'malformed-answer':
      return [{ key: 'failure.malformedAnswer', service }];
    case 'rejected': {
      const said = text(details.azureMessage);
      if (said === undefined) return [];
      // As the provider quotes it: one line, at most 300 characters.
      const azureMessage = said.replace(/\s+/g, ' ').slice(0, 300);
      return [said ? { key: 'failure.rejected', service, values: { azureMessage } } : { key: 'failure.rejected.silent', service }];
    }
    case 'operation-failed': {
      const said = text(details.azureMessage);
      if (said === undefined) return [];
      return [said ? { key: 'failure.operationFailed', service, values: { azureMessage: said } } : { key: 'failure.operationFailed.silent', service }];
    }
    default:
      return [];
  }
}

/** The write the azure provider's change refusals name (`action`), as the catalog's select names it. */
const CHANGE_ACTIONS: Readonly<Record<string, string>> = { 'change the reservation': 'change', 'grant the role': 'grant', 'revoke the role': 'revoke' };

/** A change a provider refused (the providers' management.ts): the wordings its details can fill. */
function changeRefusedWordings(details: Readonly<Record<string, unknown>>): Wording[] {
  const wordings: Wording[] = [{ key: 'failure.change.noSuchUser' }, { key: 'failure.change.assignmentGone' }];
  const [state, reason, user, role, fallback] = [details.state, details.scopeReason, details.user, details.role, details.fallback].map(text);
  if (state !== undefined) wordings.push({ key: 'failure.change.notSucceeded', values: { state } });
  if (reason !== undefined) wordings.push({ key: 'failure.change.scopeRefused', values: { reason } });
  if (user !== undefined && role !== undefined) wordings.push({ key: 'failure.change.alreadyHasRole', values: { user, role } });
  if (role !== undefined && fallback !== undefined) wordings.push({ key: 'failure.change.neitherRole', values: { role, fallback } });
  if (typeof details.code === 'string') wordings.push({ key: 'failure.change.unconfirmed', values: { code: details.code } });
  const action = CHANGE_ACTIONS[text(details.action) ?? ''];
  const said = text(details.azureMessage);
  if (action !== undefined && said !== undefined) {
    // As the provider quotes Azure: one line, at most 300 characters.
    const azureMessage = said.replace(/\s+/g, ' ').slice(0, 300);
    for (const conflict of ['yes', 'no']) {
      wordings.push(
        said
          ? { key: 'failure.change.azureRefused', values: { action, conflict, azureMessage } }
          : { key: 'failure.change.azureRefused.silent', values: { action, conflict } },
      );
    }
    wordings.push(
      { key: 'failure.change.forbidden', values: { action, status: String(typeof details.status === 'number' ? details.status : 403) } },
      said ? { key: 'failure.change.incomplete', values: { azureMessage } } : { key: 'failure.change.incomplete.silent' },
      { key: 'failure.change.gone', values: { action } },
    );
  }
  return wordings;
}

/** The wordings a failure with this code may have: the azure provider's, then the desk's own fixed sentences. */
function wordingsOf(code: string | undefined, details: Readonly<Record<string, unknown>>): Wording[] {
  if (code === undefined) return [];
  const azure = AZURE_CODE.exec(code);
  if (azure) return azureWordings(azure[1]!, azure[2]!, details);
  switch (code) {
    case 'support-classification-not-found': {
      const displayName = text(details.displayName);
      return displayName === undefined ? [] : [{ key: 'failure.supportClassificationNotFound', values: { displayName } }];
    }
    case 'reservation-price-unknown':
      return [{ key: 'failure.reservationPriceUnknown' }];
    case 'not-found':
      return [
        { key: 'failure.customerUnknown' },
        { key: 'failure.customerUnknown.nothingFiled' },
        { key: 'failure.reservationUnknown' },
        { key: 'failure.reservationUnknown.nothingFiled' },
        { key: 'failure.reservationUnknown.nothingReturned' },
        { key: 'failure.subscriptionUnknown' },
      ];
    case 'invalid-input':
      return [{ key: 'failure.replacementUnknown' }, { key: 'failure.support.phoneNeeded' }];
    case 'change-refused':
      return changeRefusedWordings(details);
    case 'ticket-incomplete':
      return [{ key: 'failure.support.noContact' }];
    case 'self-service-unavailable':
      return [{ key: 'failure.selfService.unavailable' }];
    case 'self-service-incomplete':
      return [{ key: 'failure.selfService.noUnits' }, { key: 'failure.selfService.noReplacement' }];
    case 'azure-settlement-unavailable':
      return [{ key: 'failure.selfService.unconfirmed' }];
    default:
      return [];
  }
}

/** The first wording whose English is the failure's message, in `locale`; else the message as the desk wrote it. */
function firstMatching(wordings: Wording[], message: string, locale: Locale): string {
  const match = wordings.find((wording) => render(wording, 'en') === message);
  return match ? render(match, locale) : message;
}

/** A DeskError (or any failure with a code and details) in the agent's language; unknown ones in their own words. */
export function failureText(failure: Failure, locale: Locale): string {
  if (locale === 'en') return failure.message;
  return firstMatching(wordingsOf(failure.code, failure.details ?? {}), failure.message, locale);
}

/** What a failed or uncertain filing outcome carries (src/services/filing.ts `FilingOutcome`). */
export interface FilingFailure {
  outcome: 'failed' | 'uncertain';
  message: string;
  record: { failureReason?: string };
  /** The ticket of the other open request that keeps the reservation busy (reservation-busy). */
  openTicketId?: string;
}

/**
 * A failed or uncertain filing's message in the agent's language. The outcome carries no error code of its own: a
 * failed one has its record's `failureReason` (the filing service's reason, or the provider error's code without its
 * details), an uncertain one nothing (only a write that may have reached Microsoft is uncertain, so the few such
 * wordings are tried).
 */
export function filingFailureText(outcome: FilingFailure, locale: Locale): string {
  if (locale === 'en') return outcome.message;
  if (outcome.outcome === 'uncertain') {
    const wordings: Wording[] = AZURE_SERVICES.flatMap((service) => [
      { key: 'failure.unavailable.write' as const, service },
      { key: 'failure.throttled.write' as const, service },
    ]);
    return firstMatching([...wordings, { key: 'failure.selfService.unconfirmed' }], outcome.message, locale);
  }
  const reason = outcome.record.failureReason;
  const wordings: Wording[] = [
    ...filingReasonWordings(reason, outcome.openTicketId),
    ...wordingsOf(reason, { intent: 'read' }),
    // A request that had failed before this click (its reason says why it failed then).
    { key: 'failure.filing.earlier' },
  ];
  return firstMatching(wordings, outcome.message, locale);
}

function filingReasonWordings(reason: string | undefined, openTicketId: string | undefined): Wording[] {
  switch (reason) {
    case 'reservation-busy':
      return [{ key: 'failure.filing.busy' }, ...(openTicketId ? [{ key: 'failure.filing.busyTicket' as const, values: { ticket: openTicketId } }] : [])];
    case 'cap-released':
      return [{ key: 'failure.filing.stopped' }];
    case 'interrupted':
      return [{ key: 'failure.filing.interrupted' }];
    case 'unexpected':
      return [{ key: 'failure.filing.unexpected' }];
    default:
      return [];
  }
}
