/** A refund Microsoft has credited to the partner (SPEC section 5). */
export interface CreditEvent {
  /** Unique per credit: delivery dedupes on it. */
  creditId: string;
  ticketId: string;
  reservationId: string;
  amount: string;
  currency: string;
  creditedAt: Date;
}

/**
 * A filed request whose settlement ended without a refund, so no credit will ever come: an exchange Azure makes
 * itself that ended Failed or Cancelled after it was filed while still pending.
 */
export interface SettlementFailure {
  ticketId: string;
  /** Azure's final status, e.g. Failed or Cancelled. */
  status: string;
}

export interface CreditFeed {
  /**
   * Credits observed after `cursor` (opaque; undefined = from the beginning), and the cursor to resume from; and
   * settlements that ended without a refund (reported on every poll while their request is still filed).
   */
  creditsSince(cursor: string | undefined): Promise<{ credits: CreditEvent[]; cursor: string; failures?: SettlementFailure[] }>;
}
