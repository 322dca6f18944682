/**
 * The audit trail (SPEC section 1 and issue 4): who saw which quote, and who filed, was refused or cancelled
 * what, with amounts. It holds ids, never contact details or secrets: every implementation passes events through
 * sanitizeAuditEvent (src/store/auditEvents.ts), which drops anything else and names what it dropped.
 */

export const KNOWN_AUDIT_EVENT_TYPES = [
  'quote-shown',
  'capped-confirmed',
  'filed',
  'filing-failed',
  'refused',
  'cancelled',
  'credited',
  'withdrawn',
  // Managing a reservation (SPEC section 8): changes with before/after, access with object ids, Azure's refusals.
  'reservation-changed',
  'access-granted',
  'access-revoked',
  'change-refused',
] as const;
export type KnownAuditEventType = (typeof KNOWN_AUDIT_EVENT_TYPES)[number];
/** Open for new kinds (lowercase words joined by '-'); the known ones autocomplete. */
export type AuditEventType = KnownAuditEventType | (string & {});

export interface AuditActor {
  /** The partner user from the roster, when the chat user is on it. */
  partnerUserId?: string;
  /** e.g. `teams:<tenantId>:<aadObjectId>`; `system:<component>` for events no person caused (credits). */
  chatUserId: string;
}

export interface AuditEvent {
  /** ISO 8601 instant (normalised to UTC with milliseconds when recorded). */
  at: string;
  type: AuditEventType;
  actor: AuditActor;
  customerId?: string;
  reservationId?: string;
  requestId?: string;
  /** ISO 4217 currency of `amounts`; names ending in `Usd` are in USD whatever this says (as in the quote JSON). */
  currency?: string;
  /** Decimal strings, e.g. { credit: "5835.62", fee: "700.27", refund: "5135.35", capRemainingAfterUsd: "24453.82" }. */
  amounts?: Record<string, string>;
  detail?: Record<string, string | number | boolean>;
  /** Set by the sanitizer: names of the fields it dropped (e.g. "detail.email"), never their values. */
  redacted?: string[];
}

export interface AuditQuery {
  /** ISO instant: only events with `at` at or after it. */
  since?: string;
  /** At most this many events (default DEFAULT_AUDIT_LIMIT, at most MAX_AUDIT_LIMIT). */
  limit?: number;
  customerId?: string;
  type?: string;
}

export const DEFAULT_AUDIT_LIMIT = 100;
export const MAX_AUDIT_LIMIT = 10_000;
/** Events a trail keeps before dropping the oldest. */
export const DEFAULT_AUDIT_MAX_LENGTH = 100_000;

export interface AuditTrail {
  /** Sanitizes and appends one event; a malformed event (no type, bad time, bad amount) throws InvalidInputError. */
  record(event: AuditEvent): Promise<void>;
  /** Matching events, newest first (in recording order), at most `limit`. */
  list(query?: AuditQuery): Promise<AuditEvent[]>;
}
