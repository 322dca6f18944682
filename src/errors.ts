/**
 * Every error the product raises on purpose is a DeskError with a stable `code` (for logs, tests and
 * the audit trail) and a `message` fit to show an agent. Anything else that escapes is a bug.
 */
export class DeskError extends Error {
  /** The message as catalog data (src/i18n `worded`), so a dialog can say it in the agent's language. */
  readonly wording?: Wording;

  constructor(
    readonly code: string,
    message: string | WordedMessage,
    readonly details: Record<string, unknown> = {},
  ) {
    super(typeof message === 'string' ? message : message.text);
    if (typeof message !== 'string') this.wording = message.wording;
    this.name = new.target.name;
  }
}

/** A value a wording fills in: as it is, or a term of the catalog (a service's name) said in the reader's language. */
export type WordingValue = string | number | { readonly term: string };

/** A failure's words as data: a message key of the catalog and the values it takes (JSON, so it can be stored). */
export interface Wording {
  readonly key: string;
  readonly values?: Readonly<Record<string, WordingValue>>;
}

/** A message in English (logs, audit, the text the desk has always written) together with its wording. */
export interface WordedMessage {
  readonly text: string;
  readonly wording: Wording;
}

/** Input that does not follow a contract (quote JSON, webhook body, card payload). */
export class InvalidInputError extends DeskError {
  constructor(message: string | WordedMessage, details: Record<string, unknown> = {}) {
    super('invalid-input', message, details);
  }
}

/** A configuration value that stops start-up; the message names the variable. */
export class ConfigError extends DeskError {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super('config', message, { variable });
  }
}

/** A state change that the record's current state does not allow (e.g. credited → filed). */
export class IllegalTransitionError extends DeskError {
  constructor(message: string | WordedMessage, details: Record<string, unknown> = {}) {
    super('illegal-transition', message, details);
  }
}

/** The same idempotency key was used again with different content. */
export class IdempotencyConflictError extends DeskError {
  constructor(message: string | WordedMessage, details: Record<string, unknown> = {}) {
    super('idempotency-conflict', message, details);
  }
}

export class NotFoundError extends DeskError {
  constructor(message: string | WordedMessage, details: Record<string, unknown> = {}) {
    super('not-found', message, details);
  }
}

/** A write based on a version of a record that is no longer current (a stale eTag): re-read, then retry. */
export class ConcurrencyConflictError extends DeskError {
  constructor(message: string | WordedMessage, details: Record<string, unknown> = {}) {
    super('concurrency-conflict', message, details);
  }
}

/**
 * A card that cannot be shown in a channel without losing data (e.g. an action's data too long for a Slack button
 * value, more choices than Slack can list). A card template bug: the message names what to change.
 */
export class CardRenderError extends DeskError {
  constructor(message: string | WordedMessage, details: Record<string, unknown> = {}) {
    super('card-render', message, details);
  }
}

/**
 * A change to a reservation (scope, renewal, name, access) that was refused: by Azure (a scope it does not accept,
 * a conflict) or because the card no longer matches the reservation. Nothing changed; the message says why.
 */
export class ChangeRefusedError extends DeskError {
  constructor(message: string | WordedMessage, details: Record<string, unknown> = {}) {
    super('change-refused', message, details);
  }
}

/**
 * Storage (Redis) did not answer in time or is unreachable. The write in flight may still be applied once it
 * answers; every write of ours is idempotent, so the same action can safely be retried.
 */
export class StorageUnavailableError extends DeskError {
  constructor(message: string | WordedMessage, details: Record<string, unknown> = {}) {
    super('storage-unavailable', message, details);
  }
}
