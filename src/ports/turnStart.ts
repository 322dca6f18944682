import { StorageUnavailableError } from '../errors';
import type { IdempotencyStore } from './idempotency';
import type { ReadAheadHints, ReadAheadSnapshot } from './readAhead';

/** A claim a turn must win before it may run (the activity's dedupe claim, a click's card claim). */
export interface TurnClaim {
  key: string;
  ttlMs: number;
  /**
   * Given back when the turn cannot start (a store error after or during this claim), so the thing it guards (a
   * card) stays usable; a claim that was not this turn's is never given back.
   */
  giveBackOnFailure?: boolean;
}

/** A stored state item as a botbuilder Storage returns it (its fields and its eTag). */
export type StateItem = Record<string, unknown>;

/** What a turn start needs of a state store: botbuilder's Storage read, which every bot storage of ours has. */
export interface StateReader {
  read(keys: string[]): Promise<Record<string, StateItem>>;
}

/** An item a turn reads once its claims are won: a bot state storage and the key in it. */
export interface TurnRead {
  storage: StateReader;
  key: string;
}

/** What a turn's click names, and the turn's snapshot to put those reads' replies in. */
export interface ReadAhead {
  hints: ReadAheadHints;
  snapshot: ReadAheadSnapshot;
}

export interface TurnStartResult {
  /** Claims won, in order: claiming stops at the first one lost, so a later claim is never taken by a loser. */
  won: number;
  /** The items read, one per TurnRead (undefined: no such item); present only when every claim was won. */
  items?: Array<StateItem | undefined>;
}

/**
 * The start of a turn: its claims in order, then — only when all were won — its state reads. The reads are
 * executed after the claims, so a turn that loses a claim never acts on state the winner is changing; a store that
 * can do all of it in one round trip (a Redis script) should. When it fails, the claims marked giveBackOnFailure
 * that may be this turn's are given back before it rejects (not waited for while storage is not answering).
 */
export interface TurnStart {
  /**
   * `readAhead`: what the turn's click names; a store that can read it in the same round trip puts the replies in the
   * turn's snapshot (src/ports/readAhead.ts), others ignore it (the steps then read as usual).
   */
  claimThenRead(claims: TurnClaim[], reads: TurnRead[], readAhead?: ReadAhead): Promise<TurnStartResult>;
}

/** Any idempotency store and storages: each claim awaited in turn, then the reads together. */
export class SequentialTurnStart implements TurnStart {
  constructor(private readonly idempotency: IdempotencyStore) {}

  async claimThenRead(claims: TurnClaim[], reads: TurnRead[]): Promise<TurnStartResult> {
    let won = 0;
    try {
      for (const claim of claims) {
        if (!(await this.idempotency.claim(claim.key, claim.ttlMs))) return { won };
        won += 1;
      }
      const found = await Promise.all(reads.map((read) => read.storage.read([read.key])));
      return { won, items: found.map((items, i) => items[reads[i].key]) };
    } catch (err) {
      // The claims won, and the one whose call failed (it may have been applied: a timeout).
      const mayBeOurs = claims.slice(0, won + 1).filter((claim) => claim.giveBackOnFailure);
      await giveBack(
        err,
        mayBeOurs.map((claim) => this.idempotency.release(claim.key)),
      );
      throw err;
    }
  }
}

/** Waits for the give-backs unless storage is not answering (the agent's answer must not wait for them). */
export async function giveBack(err: unknown, releases: Array<Promise<unknown>>): Promise<void> {
  const settled = Promise.allSettled(releases);
  if (!(err instanceof StorageUnavailableError)) await settled;
}
