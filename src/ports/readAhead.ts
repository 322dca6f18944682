/** How many of a customer's requests the reservation picker looks at (newest first), and so what is read ahead. */
export const CUSTOMER_REQUESTS_LISTED = 200;

/**
 * What a click names that its step will read. Taken from the card's action data, which the agent's client may alter:
 * a hint only decides what is read ahead, never what a step uses.
 */
export interface ReadAheadHints {
  /** The customer whose requests the step lists (the reservation picker marks those with one open). */
  requestsOf?: string;
  /** The customer whose cap entries the step reads (a refund quote, the confirm step's re-quote). */
  capOf?: string;
  /** The request key the step looks up (the confirm card's). */
  requestKey?: string;
}

/** Writes through the request, cap and filing stores in this process, counted (see ReadAheadSnapshot). */
let storeWrites = 0;

/** A store writes requests or cap entries: every read-ahead reply read before now is no longer answered. */
export function noteStoreWrite(): void {
  storeWrites += 1;
}

/**
 * Replies a turn's start brought along with its state, keyed by the exact read a store would make (the store's own
 * key: its command, Redis key and arguments). Each is answered once and then dropped, and none is answered after a
 * write through the request, cap or filing stores in this process since it was read (this turn's, or any other's):
 * what a step gets is what the same read sent at its turn's start returned, never older than its own turn and never
 * older than a write this process made. Kept per turn (the turn handler's), handed to the stores by the steps.
 */
export class ReadAheadSnapshot {
  private readonly replies = new Map<string, unknown>();
  private readSince = storeWrites;

  /** Called before the reads are sent: a write from now on drops what they return. */
  beginReads(): void {
    this.replies.clear();
    this.readSince = storeWrites;
  }

  put(read: string, reply: unknown): void {
    this.replies.set(read, reply);
  }

  /** The reply to this read, once; undefined when it was not read ahead, was taken, or a store wrote since. */
  take(read: string): { reply: unknown } | undefined {
    if (this.readSince !== storeWrites) {
      this.replies.clear();
      return undefined;
    }
    if (!this.replies.has(read)) return undefined;
    const reply = this.replies.get(read);
    this.replies.delete(read);
    return { reply };
  }

  /** Replies still answerable (tests). */
  get size(): number {
    return this.readSince === storeWrites ? this.replies.size : 0;
  }
}

const READ_AHEAD = Symbol('readAhead');

/** The turn's snapshot, kept in its turn state (botbuilder's TurnContext.turnState, or anything alike). */
export function readAheadOf(context: { turnState: Map<unknown, unknown> }): ReadAheadSnapshot | undefined {
  return context.turnState.get(READ_AHEAD) as ReadAheadSnapshot | undefined;
}

export function keepReadAhead(context: { turnState: Map<unknown, unknown> }, snapshot: ReadAheadSnapshot): void {
  context.turnState.set(READ_AHEAD, snapshot);
}
