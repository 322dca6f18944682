import type { QuoteJson } from '../domain/quoteContract';
import type { ExchangeSettlement, ReturnSettlement } from './selfService';
import type { Locale } from '../i18n/locale';
import type { ReadAheadSnapshot } from './readAhead';

/**
 * A support request's life. `filing` is the short moment between reserving cap + recording the request and
 * Microsoft answering with a ticket id; the SPEC's visible states are the other four.
 */
export type RequestState = 'filing' | 'filed' | 'credited' | 'failed' | 'withdrawn';

/** The only moves a request may make; anything else throws IllegalTransitionError. */
export const REQUEST_TRANSITIONS: Readonly<Record<RequestState, readonly RequestState[]>> = {
  filing: ['filed', 'failed'],
  filed: ['credited', 'failed', 'withdrawn'],
  credited: [],
  failed: [],
  withdrawn: [],
};

/** States in which a request still holds its reservation: at most one such request per reservation is filed. */
export const OPEN_REQUEST_STATES: readonly RequestState[] = ['filing', 'filed'];

export type ChannelName = 'teams' | 'slack' | 'playground';

/** Where a request was filed from, so its credit can be announced there (opaque per channel). */
export interface RequestOrigin {
  channel: ChannelName;
  /** Serialized conversation reference (Teams/playground) or { channelId, threadTs } (Slack). */
  conversation: Record<string, unknown>;
}

export interface RequestAgent {
  /** Partner user id from the roster/provider. */
  partnerUserId: string;
  /** The chat identity, e.g. `teams:<tenantId>:<aadObjectId>` or `slack:<teamId>:<userId>`. */
  chatUserId: string;
}

export interface NewRequest {
  /** Idempotency key: the confirmation's request key. Creating twice with one key returns the first record. */
  key: string;
  kind: 'refund' | 'exchange';
  customerId: string;
  customerName: string;
  customerTenantId: string;
  reservationId: string;
  reservationOrderId: string;
  quote: QuoteJson;
  /** For a refund: the USD amount reserved against the cap (refundUsd), else "0.00". */
  capUsd: string;
  agent: RequestAgent;
  origin: RequestOrigin;
  /** Free-form details for the ticket and the receipt (replacement for exchanges, severity...). */
  details?: Record<string, unknown>;
  /**
   * How the request is settled: a support ticket (the default) or Azure's own return (`azure-return`). Either way
   * the same record, cap reservation and request key make it happen once.
   */
  settleVia?: 'ticket' | 'azure-return' | 'azure-exchange';
  /** For Azure's own return or exchange: its refund as the agent confirmed it (for a return the cap holds its USD value). */
  confirmedAzureRefund?: { amount: string; currency: string };
  /**
   * The language of the agent who filed it (the turn's), for what the desk tells them later: the credit notice and
   * the recovery notice. Requests filed before it was stored have none: English.
   */
  locale?: Locale;
}

/**
 * What Azure answered when it settled a request itself (set when the request becomes `filed`): the settlement the
 * self-service desk returned, less its reference (kept as the request's ticket id).
 */
export type RequestSettlement =
  ({ via: 'azure-return' } & Omit<ReturnSettlement, 'reference'>) | ({ via: 'azure-exchange' } & Omit<ExchangeSettlement, 'reference'>);
/**
 * A refund's cap figures as the cap ledger reserved them (the quote's were read before other refunds may have
 * been reserved): named like the quote's fields, USD with 2 decimals.
 */
export interface CapFigures {
  capConsumedUsd: string;
  capRemainingUsd: string;
  capRemainingAfterUsd: string;
}

export interface RequestRecord extends NewRequest {
  id: string;
  state: RequestState;
  ticketId?: string;
  creditedAmount?: string;
  creditedAt?: string;
  failureReason?: string;
  createdAt: string;
  updatedAt: string;
  filedAt?: string;
  settlement?: RequestSettlement;
  /** Set when a refund is filed: what its receipt and audit event show instead of the quote's cap figures. */
  capFigures?: CapFigures;
}

export interface RequestPatch {
  ticketId?: string;
  creditedAmount?: string;
  creditedAt?: string;
  failureReason?: string;
  filedAt?: string;
  settlement?: RequestSettlement;
  capFigures?: CapFigures;
}

export interface RequestStore {
  /** Idempotent by `key`: `created` is false when the key was seen before (the first record is returned). */
  create(request: NewRequest, at: Date): Promise<{ created: boolean; record: RequestRecord }>;
  get(id: string): Promise<RequestRecord | undefined>;
  /** Several records in one read, in the order asked (undefined where none). */
  getMany(ids: readonly string[]): Promise<Array<RequestRecord | undefined>>;
  /** `readAhead`: the turn's snapshot, which may hold this read's reply (src/ports/readAhead.ts); stores without one ignore it. */
  getByKey(key: string, readAhead?: ReadAheadSnapshot): Promise<RequestRecord | undefined>;
  getByTicket(ticketId: string): Promise<RequestRecord | undefined>;
  /** Atomic: moves `id` to `to` only if REQUEST_TRANSITIONS allows it from the current state. */
  transition(id: string, to: RequestState, patch: RequestPatch, at: Date): Promise<RequestRecord>;
  /** Newest first. */
  listByAgent(partnerUserId: string, limit?: number): Promise<RequestRecord[]>;
  listByCustomer(customerId: string, limit?: number, readAhead?: ReadAheadSnapshot): Promise<RequestRecord[]>;
  /** Requests in state `filed`, for credit pollers. */
  listFiled(limit?: number): Promise<RequestRecord[]>;
  /** Requests still `filing`, oldest created first: the recovery worker's list of filings a crash may have cut short. */
  listFiling(limit?: number): Promise<RequestRecord[]>;
  /** Every open (filing or filed) request for a reservation, oldest first: an index, whatever the customer's history. */
  listOpenByReservation(reservationId: string): Promise<RequestRecord[]>;
  /**
   * Every request created in [from, to) (one customer's, or everyone's), oldest first, equal times by id: the
   * finance export. Requests are filed by people, so a period's list stays small enough to hold.
   */
  listCreatedBetween(from: Date, to: Date, customerId?: string): Promise<RequestRecord[]>;
}
