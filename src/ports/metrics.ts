/**
 * What the bot tells its metrics, one narrow interface per place an event happens, so each module depends only on
 * its own part and the wiring passes one instance per app (tests run several apps in one process). Labels carry
 * kinds, outcomes, channel and service names only: never a customer, a person, an amount or an unbounded id.
 * With metrics off every call goes to `noMetrics`.
 */

/**
 * A chat turn as the channel ran it: `error` when the turn threw (the channel apologised), `storage-unavailable` when
 * the turn handler answered a storage outage itself (it marks the turn with STORAGE_UNAVAILABLE_TURN).
 */
export interface TurnMetrics {
  turnFinished(channel: 'teams' | 'slack' | 'playground', outcome: TurnOutcome, seconds: number): void;
}

export type TurnOutcome = 'ok' | 'error' | 'storage-unavailable';

/** The turnState key the turn handler sets when it told the agent that storage is not answering. */
export const STORAGE_UNAVAILABLE_TURN = Symbol('storage-unavailable-turn');

export interface FilingMetrics {
  /**
   * A filing's outcome (FilingService's, e.g. `cap-exceeded`, `failed`, `uncertain`), with `filed` only for a ticket
   * filed by this call, `already-filed` for a repeat that found it filed, and `error` for an exception.
   */
  filingFinished(kind: 'refund' | 'exchange', outcome: string): void;
  /** A self-service return or exchange through Azure (issue 9): its final outcome, e.g. `succeeded`, `refused`. */
  selfServiceFinished(kind: 'refund' | 'exchange', outcome: string): void;
}

export interface CapMetrics {
  /** The cap ledger refused a reservation: the customer's yearly cap has no room for it. */
  capRefused(): void;
}

export interface CreditMetrics {
  creditApplied(kind: 'refund' | 'exchange'): void;
  creditNotApplied(reason: 'unknown-ticket' | 'not-creditable' | 'implausible'): void;
}

export interface NotificationMetrics {
  /** A delivery pass's result for one notice; `lagSeconds` (queued → posted) when it was posted. */
  noticeHandled(result: string, lagSeconds?: number): void;
}

export interface RedisMetrics {
  /** One command, from the call to its answer. `connection`: no answer (lost, closed, retries spent); `reply`: Redis answered an error. */
  redisCommand(command: string, outcome: 'ok' | 'reply-error' | 'connection-error', seconds: number): void;
}

export interface ProviderCallMetrics {
  /** One HTTP attempt to Partner Center or Azure: `status` is the HTTP status, or `timeout` / `network`. */
  providerCall(service: string, method: string, status: string, seconds: number): void;
}

export type DeskMetrics = TurnMetrics & FilingMetrics & CapMetrics & CreditMetrics & NotificationMetrics & RedisMetrics & ProviderCallMetrics;

const ignore = (): void => undefined;

export const noMetrics: DeskMetrics = {
  turnFinished: ignore,
  filingFinished: ignore,
  selfServiceFinished: ignore,
  capRefused: ignore,
  creditApplied: ignore,
  creditNotApplied: ignore,
  noticeHandled: ignore,
  redisCommand: ignore,
  providerCall: ignore,
};

/** Seconds since `startMs` (a `performance.now()` reading): latencies use the monotonic clock, never the business one. */
export function secondsSince(startMs: number): number {
  return (performance.now() - startMs) / 1000;
}
