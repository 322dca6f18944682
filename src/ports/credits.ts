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

export interface CreditFeed {
  /** Credits observed after `cursor` (opaque; undefined = from the beginning), and the cursor to resume from. */
  creditsSince(cursor: string | undefined): Promise<{ credits: CreditEvent[]; cursor: string }>;
}
