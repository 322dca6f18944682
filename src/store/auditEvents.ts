import { daysInMonth, parseIsoInstant } from '../domain/dates';
import { InvalidInputError } from '../errors';
import { CURRENCY_CODE } from '../domain/money';
import { DEFAULT_AUDIT_LIMIT, MAX_AUDIT_LIMIT, type AuditEvent, type AuditQuery } from '../ports/audit';

/**
 * What may enter the audit trail. The trail keeps ids, amounts and plain facts; it must never hold contact
 * details (names, emails, phone numbers, addresses) or secrets (passwords, tokens, keys, signatures).
 *
 * - Structure is checked strictly: a bad time, type, id or amount throws InvalidInputError and nothing is recorded.
 * - Anything that is not a known field, and any `detail` entry whose key names personal or secret data or whose
 *   value looks like an email address, an international phone number or a credential, is dropped; the names of
 *   the dropped fields (never their values) are kept in `redacted`, so a caller that leaks shows up in review.
 *   Dropping rather than throwing keeps an audit call from failing a filing that already happened.
 * - An id that looks like an email address is refused: ids must be ids.
 */

// Matched against keys lower-cased with everything but letters and digits removed ("first_name" → "firstname").
const SENSITIVE_KEY_PARTS = [
  'mail',
  'phone',
  'mobile',
  'fax',
  'name',
  'address',
  'contact',
  'birth',
  'ssn',
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'privatekey',
  'accesskey',
  'signingkey',
  'credential',
  'authorization',
  'cookie',
  'signature',
];
const EMAIL_LIKE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/;
// '+' and at least 7 digits, spaces, dashes or parentheses between them (not dots: "+24453.82" is an amount).
const PHONE_LIKE = /\+\d(?:[\s()-]{0,2}\d){6,}/;
const CREDENTIAL_LIKE = /\beyJ[\w-]{5,}\.[\w-]{5,}\.|\bBearer\s+\S|-----BEGIN [A-Z ]*PRIVATE KEY|\bxox[abprs]-|\bSharedAccessSignature\b|\bsig=[\w%]{10,}/i;

const EVENT_TYPE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const AMOUNT = /^-?\d{1,18}(?:\.\d{1,10})?$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
const MAX_ID_LENGTH = 256;
const MAX_TEXT_LENGTH = 2000;
const MAX_DETAIL_ENTRIES = 50;

const EVENT_FIELDS = new Set(['at', 'type', 'actor', 'customerId', 'reservationId', 'requestId', 'currency', 'amounts', 'detail', 'redacted']);
const ACTOR_FIELDS = new Set(['partnerUserId', 'chatUserId']);
const ID_FIELDS = ['customerId', 'reservationId', 'requestId'] as const;

/** Returns the event as it may be stored; throws InvalidInputError for a malformed one. */
export function sanitizeAuditEvent(input: unknown): AuditEvent {
  const source = record(input, 'the audit event');
  const redacted: string[] = Object.keys(source).filter((k) => !EVENT_FIELDS.has(k));

  const event: AuditEvent = {
    at: instant(source.at, 'at'),
    type: eventType(source.type),
    actor: actor(source.actor, redacted),
  };
  for (const field of ID_FIELDS) {
    if (source[field] !== undefined) event[field] = id(source[field], field);
  }
  if (source.currency !== undefined) {
    if (typeof source.currency !== 'string' || !CURRENCY_CODE.test(source.currency)) {
      throw new InvalidInputError('Audit: currency must be an ISO 4217 code such as "EUR".');
    }
    event.currency = source.currency;
  }
  if (source.amounts !== undefined) event.amounts = amounts(source.amounts);
  if (source.detail !== undefined) {
    const detail = detailOf(source.detail, redacted);
    if (Object.keys(detail).length > 0) event.detail = detail;
  }
  if (redacted.length > 0) event.redacted = redacted;
  return event;
}

export interface NormalizedAuditQuery {
  sinceMs?: number;
  limit: number;
  customerId?: string;
  type?: string;
}

export function normalizeAuditQuery(query: AuditQuery = {}): NormalizedAuditQuery {
  const limit = query.limit ?? DEFAULT_AUDIT_LIMIT;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_AUDIT_LIMIT) {
    throw new InvalidInputError(`Audit: limit must be a whole number from 1 to ${MAX_AUDIT_LIMIT}.`);
  }
  const normalized: NormalizedAuditQuery = { limit };
  if (query.since !== undefined) normalized.sinceMs = Date.parse(instant(query.since, 'since'));
  if (query.customerId !== undefined) normalized.customerId = id(query.customerId, 'customerId');
  if (query.type !== undefined) normalized.type = eventType(query.type);
  return normalized;
}

export function matchesAuditQuery(event: AuditEvent, query: NormalizedAuditQuery): boolean {
  return (
    (query.sinceMs === undefined || Date.parse(event.at) >= query.sinceMs) &&
    (query.customerId === undefined || event.customerId === query.customerId) &&
    (query.type === undefined || event.type === query.type)
  );
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidInputError(`Audit: ${what} must be an object.`);
  }
  return value as Record<string, unknown>;
}

function instant(value: unknown, field: string): string {
  // Already normalised (what toISOString writes, as every event's `at` is made): it reads back as itself.
  if (typeof value === 'string' && isNormalisedInstant(value)) return value;
  // The domain's parser refuses impossible dates (30 February) instead of rolling them over.
  const parsed = typeof value === 'string' && ISO_INSTANT.test(value) ? parseIsoInstant(value) : undefined;
  if (!parsed) throw new InvalidInputError(`Audit: ${field} must be an ISO 8601 instant such as 2026-03-10T12:00:00Z.`);
  return parsed.toISOString();
}

/**
 * Whether the text is an instant exactly as toISOString writes it: YYYY-MM-DDTHH:mm:ss.sssZ with a four-digit year
 * and a real date and time of day (not 30 February, hour 24 or second 60). Those are exactly the texts that come
 * back unchanged from a round trip through Date, so the full parse below would accept them and give the same text.
 * Checked by character codes rather than by that round trip (Date.parse, toISOString), which cost a tenth of an
 * event's sanitizing.
 */
export function isNormalisedInstant(text: string): boolean {
  if (text.length !== INSTANT_SHAPE.length) return false;
  for (let i = 0; i < INSTANT_SHAPE.length; i++) {
    const code = text.charCodeAt(i);
    const expected = INSTANT_SHAPE.charCodeAt(i);
    if (expected === DIGIT ? code < ZERO || code > NINE : code !== expected) return false;
  }
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  return (
    month >= 1 &&
    day >= 1 &&
    day <= daysInMonth(digitsAt(text, 0, 4), month) &&
    digitsAt(text, 11, 2) <= 23 &&
    digitsAt(text, 14, 2) <= 59 &&
    digitsAt(text, 17, 2) <= 59
  );
}

// What toISOString writes for a four-digit year: '#' stands for a digit, anything else for itself.
const INSTANT_SHAPE = '####-##-##T##:##:##.###Z';
const DIGIT = '#'.charCodeAt(0);
const ZERO = '0'.charCodeAt(0);
const NINE = '9'.charCodeAt(0);

/** The number `count` decimal digits at `start` spell (already checked to be digits). */
function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) value = value * 10 + text.charCodeAt(i) - ZERO;
  return value;
}

function eventType(value: unknown): string {
  if (typeof value !== 'string' || value.length > 64 || !EVENT_TYPE.test(value)) {
    throw new InvalidInputError('Audit: type must be lowercase words joined by "-", such as "quote-shown".');
  }
  return value;
}

function id(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_LENGTH || CONTROL_CHARS.test(value)) {
    throw new InvalidInputError(`Audit: ${field} must be an id of 1 to ${MAX_ID_LENGTH} printable characters.`);
  }
  if (looksLikeEmail(value)) throw new InvalidInputError(`Audit: ${field} must be an id, not an email address.`);
  return value;
}

function actor(value: unknown, redacted: string[]): AuditEvent['actor'] {
  const source = record(value, 'actor');
  redacted.push(
    ...Object.keys(source)
      .filter((k) => !ACTOR_FIELDS.has(k))
      .map((k) => `actor.${k}`),
  );
  const result: AuditEvent['actor'] = { chatUserId: id(source.chatUserId, 'actor.chatUserId') };
  if (source.partnerUserId !== undefined) result.partnerUserId = id(source.partnerUserId, 'actor.partnerUserId');
  return result;
}

function amounts(value: unknown): Record<string, string> {
  const source = record(value, 'amounts');
  const result: Record<string, string> = {};
  for (const [key, amount] of Object.entries(source)) {
    if (!FIELD_NAME.test(key)) throw new InvalidInputError(`Audit: "${key.slice(0, 64)}" is not a valid amount name.`);
    if (typeof amount !== 'string' || !AMOUNT.test(amount)) {
      throw new InvalidInputError(`Audit: amounts.${key} must be a decimal string such as "5135.35".`);
    }
    result[key] = amount;
  }
  return result;
}

function detailOf(value: unknown, redacted: string[]): Record<string, string | number | boolean> {
  const source = record(value, 'detail');
  const entries = Object.entries(source);
  if (entries.length > MAX_DETAIL_ENTRIES) throw new InvalidInputError(`Audit: detail holds at most ${MAX_DETAIL_ENTRIES} entries.`);
  const result: Record<string, string | number | boolean> = {};
  for (const [key, item] of entries) {
    if (!FIELD_NAME.test(key)) throw new InvalidInputError(`Audit: "${key.slice(0, 64)}" is not a valid detail name.`);
    if (!isDetailValue(item)) {
      throw new InvalidInputError(`Audit: detail.${key} must be a string, a finite number or a boolean.`);
    }
    if (isSensitiveKey(key) || (typeof item === 'string' && isSensitiveText(item))) {
      redacted.push(`detail.${key}`);
      continue;
    }
    result[key] = typeof item === 'string' && item.length > MAX_TEXT_LENGTH ? truncate(item) : item;
  }
  return result;
}

function isDetailValue(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/** Detail keys already judged: a few dozen distinct ones in practice, bounded so that no caller can grow it. */
const judgedKeys = new Map<string, boolean>();
const MAX_JUDGED_KEYS = 1000;

function isSensitiveKey(key: string): boolean {
  let sensitive = judgedKeys.get(key);
  if (sensitive === undefined) {
    const plain = key.toLowerCase().replace(/[^a-z0-9]/g, '');
    sensitive = SENSITIVE_KEY_PARTS.some((part) => plain.includes(part));
    if (judgedKeys.size < MAX_JUDGED_KEYS) judgedKeys.set(key, sensitive);
  }
  return sensitive;
}

function isSensitiveText(text: string): boolean {
  return looksLikeEmail(text) || (text.includes('+') && PHONE_LIKE.test(text)) || CREDENTIAL_LIKE.test(text);
}

/**
 * EMAIL_LIKE, tried only on text with an '@', which the pattern needs (PHONE_LIKE likewise needs a '+'): unanchored,
 * the regex otherwise tries every start of a long id before failing, which was ~40% of an event's sanitizing.
 */
function looksLikeEmail(text: string): boolean {
  return text.includes('@') && EMAIL_LIKE.test(text);
}

function truncate(text: string): string {
  // Never cut a surrogate pair in half.
  return `${text.slice(0, MAX_TEXT_LENGTH).replace(/[\uD800-\uDBFF]$/, '')}…`;
}
