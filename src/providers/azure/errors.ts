import { ConfigError, DeskError } from '../../errors';

/**
 * The typed failures of the azure provider. Every one carries a stable code built from the service that
 * failed (`partner-center-unavailable`, `azure-support-throttled`, ...) and a message an agent can read in
 * the chat. `intent` says whether the call could have changed something at Microsoft: only then is
 * "nothing was filed" not a promise the bot can make.
 */
export type AzureService = 'partner-center' | 'azure-reservations' | 'azure-support' | 'microsoft-graph';
export type CallIntent = 'read' | 'write';

export const SERVICE_LABELS: Readonly<Record<AzureService, string>> = {
  'partner-center': 'Partner Center',
  'azure-reservations': 'Azure (reservations)',
  'azure-support': 'Azure Support',
  'microsoft-graph': 'Microsoft Graph',
};

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

  protected constructor(kind: string, message: string, context: AzureFailureContext, extra: Record<string, unknown> = {}) {
    super(`${context.service}-${kind}`, message, { ...context, ...extra });
    this.service = context.service;
    this.status = context.status;
    this.azureCode = context.azureCode;
  }
}

function label(context: AzureFailureContext): string {
  return SERVICE_LABELS[context.service];
}

function outcome(context: AzureFailureContext): string {
  return context.intent === 'write'
    ? 'it is not certain the request reached Microsoft. Trying again is safe: the same request is never filed twice.'
    : 'nothing was filed.';
}

/** Timeouts, network failures and 5xx answers that persisted through every retry. */
export class AzureUnavailableError extends AzureServiceError {
  constructor(context: AzureFailureContext, reason: string) {
    const message =
      context.intent === 'write'
        ? `${label(context)} is not answering, so ${outcome(context)}`
        : `${label(context)} is not answering; ${outcome(context)} Try again in a few minutes.`;
    super('unavailable', message, context, { reason });
  }
}

/** 429 answers that persisted through every retry (or asked for a longer pause than the bot will wait). */
export class AzureThrottledError extends AzureServiceError {
  constructor(context: AzureFailureContext, retryAfterMs?: number) {
    const wait = retryAfterMs !== undefined && retryAfterMs > 60_000 ? `${Math.ceil(retryAfterMs / 60_000)} minutes` : 'a minute';
    const message =
      context.intent === 'write'
        ? `${label(context)} is asking the bot to slow down, so ${outcome(context)}`
        : `${label(context)} is asking the bot to slow down (too many requests); ${outcome(context)} Try again in ${wait}.`;
    super('throttled', message, context, { retryAfterMs });
  }
}

/** 401/403 answers, or the credential could not get a token at all. */
export class AzureForbiddenError extends AzureServiceError {
  constructor(context: AzureFailureContext, reason: string) {
    super(
      'forbidden',
      `${label(context)} refused the bot's credentials or permissions; an administrator must check the app registration and its access to this customer. Nothing was filed.`,
      context,
      { reason },
    );
  }
}

export class AzureNotFoundError extends AzureServiceError {
  constructor(context: AzureFailureContext, what: string) {
    super('not-found', `${label(context)} does not know ${what}; it may have been removed or moved.`, context, { what });
  }
}

/** An answer that is not JSON, does not have the documented shape, or points the bot somewhere unexpected. */
export class AzureMalformedAnswerError extends AzureServiceError {
  constructor(context: AzureFailureContext, problem: string) {
    super('malformed-answer', `${label(context)} sent an answer the bot cannot read; nothing was filed. The details are in the log.`, context, {
      problem,
    });
  }
}

/** Any other 4xx: Azure understood the request and said no. Azure's own message is kept for the agent. */
export class AzureRejectedError extends AzureServiceError {
  constructor(context: AzureFailureContext, azureMessage: string) {
    const said = azureMessage ? `: ${azureMessage.replace(/\s+/g, ' ').slice(0, 300)}` : '.';
    super('rejected', `${label(context)} refused the request${said} Nothing was filed.`, context, { azureMessage });
  }
}

/** A long-running operation that Azure reports as Failed or Canceled. */
export class AzureOperationFailedError extends AzureServiceError {
  constructor(context: AzureFailureContext, azureMessage: string) {
    super('operation-failed', `${label(context)} could not complete the operation${azureMessage ? `: ${azureMessage}` : '.'}`, context, {
      azureMessage,
    });
  }
}

/** The Billing service has no problem classification with the expected display name. */
export class SupportClassificationNotFoundError extends DeskError {
  constructor(displayName: string, serviceId: string, seen: string[]) {
    super(
      'support-classification-not-found',
      `Azure Support no longer offers "${displayName}" under Billing, so the request cannot be filed automatically; nothing was filed. File it in the Azure portal and tell an administrator.`,
      { displayName, serviceId, seen: seen.slice(0, 50) },
    );
  }
}

/** Azure did not say what a reservation cost (no payment plan, no refund figures), so it cannot be quoted. */
export class ReservationPriceUnknownError extends DeskError {
  constructor(reservationId: string, reason: string) {
    super(
      'reservation-price-unknown',
      'Azure did not say what this reservation cost or in which currency it is billed, so the bot cannot quote it. Use the Azure portal for this one.',
      { reservationId, reason },
    );
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
