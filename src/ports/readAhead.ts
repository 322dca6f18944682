import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What a click names that its step will read: the customer (their open requests for the reservation picker, their
 * cap entries for the quote and the filing's re-quote) and a request key (the confirm card's). Taken from the card's
 * action data, which the agent's client may alter: a hint only decides what is read ahead, never what a step uses.
 */
export interface ReadAheadHints {
  customerId?: string;
  requestKey?: string;
}

/** How many of a customer's requests the reservation picker looks at (newest first), and so what is read ahead. */
export const CUSTOMER_REQUESTS_LISTED = 200;

/**
 * Replies a turn's start brought along with its state, keyed by the exact read a store would make (the store's own
 * key: its command, Redis key and arguments). Each is answered once and then dropped, and a store's write in the
 * turn drops them all: what a step gets is what the same read sent a few milliseconds later at the turn's start
 * would have returned, never something older than its own turn.
 */
export class ReadAheadSnapshot {
  private readonly replies = new Map<string, unknown>();

  put(read: string, reply: unknown): void {
    this.replies.set(read, reply);
  }

  /** The reply to this read, once; undefined when the turn did not read it ahead (or it was taken or dropped). */
  take(read: string): { reply: unknown } | undefined {
    if (!this.replies.has(read)) return undefined;
    const reply = this.replies.get(read);
    this.replies.delete(read);
    return { reply };
  }

  /** A write of the turn: nothing read before it is answered after it. */
  clear(): void {
    this.replies.clear();
  }

  get size(): number {
    return this.replies.size;
  }
}

/** The scope a turn handler opens: stores are shared by every turn and worker, so the snapshot travels with the turn's async context. */
const turnScope = new AsyncLocalStorage<ReadAheadSnapshot>();

/** Runs a turn with a read-ahead snapshot of its own (empty until the turn's start fills it). */
export function withReadAhead<T>(turn: () => Promise<T>): Promise<T> {
  return turnScope.run(new ReadAheadSnapshot(), turn);
}

/** The current turn's snapshot; undefined outside a turn (workers, the CLI, tests calling stores directly). */
export function currentReadAhead(): ReadAheadSnapshot | undefined {
  return turnScope.getStore();
}

/** The stored reply to `read`, taken from the current turn's snapshot (once), or undefined: read from the store. */
export function takeReadAhead(read: string): { reply: unknown } | undefined {
  return turnScope.getStore()?.take(read);
}

/** A store writes: drops the current turn's read-ahead replies (cheap: a turn has a few at most). */
export function dropReadAhead(): void {
  turnScope.getStore()?.clear();
}
