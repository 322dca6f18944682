import { ConfigError, DeskError, type WordedMessage } from '../../errors';
import { worded } from '../../i18n';

/**
 * The typed failures of the azure provider. Every one carries a stable code built from the service that
 * failed (`partner-center-unavailable`, `azure-support-throttled`, ...) and a message an agent can read in
 * the chat. `intent` says whether the call could have changed something at Microsoft: only then is
 * "nothing was filed" not a promise the bot can make.
 */
export type AzureService = 'partner-center' | 'azure-reservations' | 'azure-support' | 'microsoft-graph';
export type CallIntent = 'read' | 'write';

export interface AzureFailureContext {
  service: AzureService;
  intent: CallIntent;
  method?: string;
  /** Path and query without host, never with secrets (URLs carry none). */
  path?: string;
  status?: number;
  /** Azure's own error code from the answer body, e.g. `SelfServiceRefundNotSupported`. */
  azureCode?: string;
  /** Request id Microsoft echoed (x-ms-request-id / MS-RequestId), for support cases. */
  requestId?: string;
  attempts?: number;
}

/** Base of every failure talking to Partner Center or Azure. */
export abstract class AzureServiceError extends DeskError {
  readonly service: AzureService;
  readonly status?: number;
  readonly azureCode?: string;

  protected constructor(kind: string, message: WordedMessage, context: AzureFailureContext, extra: Record<string, unknown> = {}) {
    super(`${context.service}-${kind}`, message, { ...context, ...extra });
    this.service = context.service;
    this.status = context.status;
    this.azureCode = context.azureCode;
  }
}

/** The service's name, said in the reader's language. */
function service(context: AzureFailureContext): { term: string } {
  return { term: `failure.service.${context.service}` };
}

/** Azure's own words as the agent reads them: one line, at most 300 characters. */
function oneLine(azureMessage: string): string {
  return azureMessage.replace(/\s+/g, ' ').slice(0, 300);
}

/** Timeouts, network failures and 5xx answers that persisted through every retry. */
export class AzureUnavailableError extends AzureServiceError {
  constructor(context: AzureFailureContext, reason: string) {
    super(
      'unavailable',
      worded(context.intent === 'write' ? 'failure.unavailable.write' : 'failure.unavailable.read', { service: service(context) }),
      context,
      {
        reason,
      },
    );
  }
}

/** 429 answers that persisted through every retry (or asked for a longer pause than the bot will wait). */
export class AzureThrottledError extends AzureServiceError {
  constructor(context: AzureFailureContext, retryAfterMs?: number) {
    const minutes = retryAfterMs !== undefined && retryAfterMs > 60_000 ? Math.ceil(retryAfterMs / 60_000) : 1;
    const message =
      context.intent === 'write'
        ? worded('failure.throttled.write', { service: service(context) })
        : worded('failure.throttled.read', { service: service(context), count: minutes, minutes: String(minutes) });
    super('throttled', message, context, { retryAfterMs });
  }
}

/** 401/403 answers, or the credential could not get a token at all. */
export class AzureForbiddenError extends AzureServiceError {
  constructor(context: AzureFailureContext, reason: string) {
    super('forbidden', worded('failure.forbidden', { service: service(context) }), context, { reason });
  }
}

/** What the provider's calls say they could not find (`what`), as the catalog's select names it. */
const NOT_FOUND_SUBJECTS = {
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
} as const;

/** What a call names in its not-found message ("this customer"); undefined: "what the bot asked for". */
export type NotFoundSubject = keyof typeof NOT_FOUND_SUBJECTS;

export class AzureNotFoundError extends AzureServiceError {
  constructor(context: AzureFailureContext, what?: NotFoundSubject) {
    const subject = what === undefined ? 'other' : NOT_FOUND_SUBJECTS[what];
    super('not-found', worded('failure.notFound', { service: service(context), what: subject }), context, { what: what ?? 'what the bot asked for' });
  }
}

/** An answer that is not JSON, does not have the documented shape, or points the bot somewhere unexpected. */
export class AzureMalformedAnswerError extends AzureServiceError {
  constructor(context: AzureFailureContext, problem: string) {
    super('malformed-answer', worded('failure.malformedAnswer', { service: service(context) }), context, { problem });
  }
}

/** Any other 4xx: Azure understood the request and said no. Azure's own message is kept for the agent. */
export class AzureRejectedError extends AzureServiceError {
  constructor(context: AzureFailureContext, azureMessage: string) {
    const message = azureMessage
      ? worded('failure.rejected', { service: service(context), azureMessage: oneLine(azureMessage) })
      : worded('failure.rejected.silent', { service: service(context) });
    super('rejected', message, context, { azureMessage });
  }
}

/** A long-running operation that Azure reports as Failed or Canceled. */
export class AzureOperationFailedError extends AzureServiceError {
  constructor(context: AzureFailureContext, azureMessage: string) {
    const message = azureMessage
      ? worded('failure.operationFailed', { service: service(context), azureMessage })
      : worded('failure.operationFailed.silent', { service: service(context) });
    super('operation-failed', message, context, { azureMessage });
  }
}

/** The Billing service has no problem classification with the expected display name. */
export class SupportClassificationNotFoundError extends DeskError {
  constructor(displayName: string, serviceId: string, seen: string[]) {
    super('support-classification-not-found', worded('failure.supportClassificationNotFound', { displayName }), {
      displayName,
      serviceId,
      seen: seen.slice(0, 50),
    });
  }
}

/** Azure did not say what a reservation cost (no payment plan, no refund figures), so it cannot be quoted. */
export class ReservationPriceUnknownError extends DeskError {
  constructor(reservationId: string, reason: string) {
    super('reservation-price-unknown', worded('failure.reservationPriceUnknown'), { reservationId, reason });
  }
}

/** The provider's settings are missing or invalid; the message names every variable concerned. */
export class AzureSettingsError extends ConfigError {
  constructor(
    readonly missing: string[],
    readonly invalid: string[],
  ) {
    const lines = [...missing.map((name) => `${name} is required for PROVIDER=azure`), ...invalid];
    super(missing[0] ?? invalid[0]?.split(' ')[0] ?? 'azure', `The azure provider cannot start:\n- ${lines.join('\n- ')}`);
  }
}
