import { createHash } from 'node:crypto';
import { IdempotencyConflictError, IllegalTransitionError, InvalidInputError } from '../errors';
import {
  REQUEST_TRANSITIONS,
  type CapFigures,
  type NewRequest,
  type RequestPatch,
  type RequestRecord,
  type RequestSettlement,
  type RequestState,
} from '../ports/requestStore';
import { EXCHANGE_STATUSES } from '../ports/selfService';
import { assertId, assertInstant } from './validation';

/**
 * Request-record rules shared by the in-memory and Redis request stores: the id, the initial record and
 * what a transition does. The stores differ only in how they make a change atomic.
 */

/**
 * The id is derived from the idempotency key, so a store can find "the record for this key" without a
 * separate key → id lookup; the Redis store's create script therefore names every key it touches up front.
 * 96 bits of SHA-256: a collision is not a practical concern, and the stores still check the stored key.
 */
export function requestIdForKey(key: string): string {
  return `rq-${createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 24)}`;
}

const MAX_KEY_LENGTH = 1024;

export function assertRequestKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new InvalidInputError(`request key must be a non-empty string of at most ${MAX_KEY_LENGTH} characters`);
  }
}

export function assertNewRequest(request: NewRequest): void {
  if (typeof request !== 'object' || request === null) throw new InvalidInputError('request must be an object');
  assertRequestKey(request.key);
  if (request.kind !== 'refund' && request.kind !== 'exchange') {
    throw new InvalidInputError('request kind must be refund or exchange', { kind: request.kind });
  }
  assertId(request.customerId, 'customerId');
  assertId(request.agent?.partnerUserId, 'agent.partnerUserId');
}

/** A new request starts in `filing`; the record is a plain JSON value (dates as ISO strings). */
export function newRequestRecord(request: NewRequest, at: Date): RequestRecord {
  assertNewRequest(request);
  assertInstant(at, 'at');
  const iso = at.toISOString();
  return toJsonValue({ ...request, id: requestIdForKey(request.key), state: 'filing', createdAt: iso, updatedAt: iso });
}

const PATCH_FIELDS = ['ticketId', 'creditedAmount', 'creditedAt', 'failureReason', 'filedAt', 'capFigures'] as const;
const CAP_FIGURE_FIELDS = ['capConsumedUsd', 'capRemainingUsd', 'capRemainingAfterUsd'] as const;
const USD_TEXT = /^(0|[1-9][0-9]{0,15})\.[0-9]{2}$/;
const PATCH_INSTANTS = new Set<string>(['creditedAt', 'filedAt']);

function isRequestState(value: unknown): value is RequestState {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(REQUEST_TRANSITIONS, value);
}

/**
 * The record after moving to `to`, or an error: IllegalTransitionError when REQUEST_TRANSITIONS forbids the
 * move, InvalidInputError for a malformed patch or a ticket id that would replace another. Entering `filed`
 * or `credited` stamps filedAt / creditedAt with the transition time unless the patch names one.
 */
export function applyTransition(record: RequestRecord, to: RequestState, patch: RequestPatch, at: Date): RequestRecord {
  if (!isRequestState(to)) throw new InvalidInputError('unknown request state', { to });
  assertInstant(at, 'at');
  const changes = checkedPatch(patch);
  if (!REQUEST_TRANSITIONS[record.state].includes(to)) {
    throw new IllegalTransitionError(`Request ${record.id} is ${record.state} and cannot become ${to}.`, {
      id: record.id,
      from: record.state,
      to,
    });
  }
  if (changes.ticketId !== undefined && record.ticketId !== undefined && changes.ticketId !== record.ticketId) {
    throw new InvalidInputError(`Request ${record.id} already has ticket ${record.ticketId}.`, {
      id: record.id,
      ticketId: changes.ticketId,
    });
  }
  const iso = at.toISOString();
  const next: RequestRecord = { ...record, ...changes, state: to, updatedAt: iso };
  if (to === 'filed' && next.filedAt === undefined) next.filedAt = iso;
  if (to === 'credited' && next.creditedAt === undefined) next.creditedAt = iso;
  return next;
}

function checkedPatch(patch: RequestPatch): RequestPatch {
  if (typeof patch !== 'object' || patch === null) throw new InvalidInputError('patch must be an object');
  const changes: RequestPatch = {};
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (field === 'settlement') {
      changes.settlement = checkedSettlement(value);
      continue;
    }
    if (!(PATCH_FIELDS as readonly string[]).includes(field)) {
      throw new InvalidInputError(`a transition cannot change ${field}`, { field });
    }
    if (field === 'capFigures') {
      changes.capFigures = checkedCapFigures(value);
      continue;
    }
    if (typeof value !== 'string' || value.length === 0) {
      throw new InvalidInputError(`${field} must be a non-empty string`, { field });
    }
    if (PATCH_INSTANTS.has(field) && !isIsoInstant(value)) {
      throw new InvalidInputError(`${field} must be an ISO 8601 UTC time like 2026-03-10T12:00:00.000Z`, {
        [field]: value,
      });
    }
    changes[field as Exclude<keyof RequestPatch, 'capFigures' | 'settlement'>] = value;
  }
  return changes;
}

const RETURN_STATUSES = new Set(['returned', 'accepted']);
const SETTLEMENT_SOURCES = new Set(['answer', 'order-state']);
const FIGURE_NAMES: Record<RequestSettlement['via'], readonly string[]> = {
  'azure-return': ['refund', 'totalPaid', 'prorated', 'remainingCommitment', 'consumedRefundsTotal', 'maxRefundLimit'],
  'azure-exchange': ['refundsTotal', 'purchasesTotal', 'netPayable'],
};
const DECIMAL = /^-?[0-9]{1,15}(\.[0-9]{1,10})?$/;
const AZURE_ID = /^[A-Za-z0-9._:/-]{1,300}$/;

/** Azure's answer as stored on a request: only the known fields, amounts as decimal strings, ids as ids. */
function checkedSettlement(value: unknown): RequestSettlement {
  const bad = (problem: string) => new InvalidInputError(`settlement ${problem}`, { field: 'settlement' });
  if (typeof value !== 'object' || value === null) throw bad('must be an object');
  const s = value as Record<string, unknown>;
  if (s.via !== 'azure-return' && s.via !== 'azure-exchange') throw bad('via must be azure-return or azure-exchange');
  if (!SETTLEMENT_SOURCES.has(String(s.resolvedBy))) throw bad('resolvedBy must be answer or order-state');
  if (typeof s.figures !== 'object' || s.figures === null) throw bad('figures must be an object');
  const figures: Record<string, { amount: string; currency: string }> = {};
  for (const [name, amount] of Object.entries(s.figures as Record<string, { amount?: unknown; currency?: unknown } | undefined>)) {
    if (!FIGURE_NAMES[s.via].includes(name)) throw bad(`figure ${name} is unknown`);
    if (amount === undefined) continue;
    if (typeof amount?.amount !== 'string' || !DECIMAL.test(amount.amount) || typeof amount.currency !== 'string' || !/^[A-Z]{3}$/.test(amount.currency)) {
      throw bad(`figure ${name} must be { amount: decimal string, currency: ISO 4217 }`);
    }
    figures[name] = { amount: amount.amount, currency: amount.currency };
  }
  const resolvedBy = s.resolvedBy as RequestSettlement['resolvedBy'];
  if (s.via === 'azure-return') {
    if (!RETURN_STATUSES.has(String(s.status))) throw bad('status must be returned or accepted');
    return { via: 'azure-return', status: s.status as 'returned' | 'accepted', resolvedBy, figures };
  }
  if (!(EXCHANGE_STATUSES as readonly string[]).includes(String(s.status))) throw bad(`status must be one of ${EXCHANGE_STATUSES.join(', ')}`);
  const ids = Array.isArray(s.newReservationIds) ? s.newReservationIds : [];
  const optionalId = (v: unknown, name: string) => {
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !AZURE_ID.test(v)) throw bad(`${name} is not an Azure id`);
    return v;
  };
  return {
    via: 'azure-exchange',
    status: s.status as (typeof EXCHANGE_STATUSES)[number],
    refundCompleted: s.refundCompleted === true,
    resolvedBy,
    figures,
    operationId: optionalId(s.operationId, 'operationId'),
    newReservationOrderId: optionalId(s.newReservationOrderId, 'newReservationOrderId'),
    newReservationIds: ids.slice(0, 50).map((id, i) => optionalId(id, `newReservationIds[${i}]`)!),
  };
}

function checkedCapFigures(value: unknown): CapFigures {
  const figures = value as Record<string, unknown> | null;
  const keys = typeof figures === 'object' && figures !== null ? Object.keys(figures) : [];
  const wellFormed =
    keys.length === CAP_FIGURE_FIELDS.length &&
    CAP_FIGURE_FIELDS.every((name) => typeof figures?.[name] === 'string' && USD_TEXT.test(figures[name] as string));
  if (!wellFormed) throw new InvalidInputError('capFigures must hold capConsumedUsd, capRemainingUsd and capRemainingAfterUsd as USD amounts like 120.00');
  return {
    capConsumedUsd: figures!.capConsumedUsd as string,
    capRemainingUsd: figures!.capRemainingUsd as string,
    capRemainingAfterUsd: figures!.capRemainingAfterUsd as string,
  };
}

function isIsoInstant(text: string): boolean {
  const time = Date.parse(text);
  return !Number.isNaN(time) && new Date(time).toISOString() === text;
}

/** Newest first by creation time; equal times by descending id, so both stores agree on every order. */
export function newestFirst(a: RequestRecord, b: RequestRecord): number {
  return Date.parse(b.createdAt) - Date.parse(a.createdAt) || compareText(b.id, a.id);
}

/** [from, to) as epoch milliseconds; a range that is not two valid instants in order is refused. */
export function createdRange(from: Date, to: Date): [number, number] {
  assertInstant(from, 'from');
  assertInstant(to, 'to');
  if (to.getTime() < from.getTime()) throw new InvalidInputError('the range ends before it starts', { from: from.toISOString(), to: to.toISOString() });
  return [from.getTime(), to.getTime()];
}

/** Oldest creation first, equal times by ascending id (the order of a sorted set read forwards). */
export function oldestCreatedFirst(a: RequestRecord, b: RequestRecord): number {
  return Date.parse(a.createdAt) - Date.parse(b.createdAt) || compareText(a.id, b.id);
}

/** Oldest filing first (what a credit poller should look at first); equal times by ascending id. */
export function oldestFiledFirst(a: RequestRecord, b: RequestRecord): number {
  return filedTime(a) - filedTime(b) || compareText(a.id, b.id);
}

export function filedTime(record: RequestRecord): number {
  return Date.parse(record.filedAt ?? record.updatedAt);
}

/** Byte order, the order Redis uses for equal scores (ids are ASCII, so code-unit order is the same). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Records are JSON values in both stores: what a caller gets back never shares objects with the store. */
export function toJsonValue<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A ticket belongs to one request: attaching it to a second is refused. */
export function ticketTaken(ticketId: string, holderId: string, id: string): InvalidInputError {
  return new InvalidInputError(`Ticket ${ticketId} already belongs to request ${holderId}.`, { ticketId, holderId, id });
}

/** Two keys hashing to one id (96 bits: not expected in practice, but never silently merged). */
export function keyCollision(key: string, stored: RequestRecord): IdempotencyConflictError {
  return new IdempotencyConflictError(`Request key ${key} collides with the key of request ${stored.id}.`, {
    key,
    id: stored.id,
  });
}

/** The stored record for `key`, or undefined when its id holds nothing or (collision) another key's record. */
export function recordForKey(key: string, stored: RequestRecord | undefined): RequestRecord | undefined {
  return stored !== undefined && stored.key === key ? stored : undefined;
}
