import { randomUUID } from 'node:crypto';
import { InvalidInputError } from '../../errors';
import type { Clock } from '../../ports/clock';
import type { CreditEvent, CreditFeed } from '../../ports/credits';
import type { SandboxSupportDesk } from './supportDesk';

/**
 * The simulated back office's credits. A credit enters the log the first time someone reads the feed after
 * it fell due, in due order; the cursor is a position in that log. So a credit is returned once per cursor
 * progression even when the clock is set backwards and tickets fall due out of filing order.
 *
 * The cursor names this provider instance: a cursor kept (say, in Redis) from an earlier process refers to a
 * log that no longer exists, and reading from the beginning of the new one is right, since everything in it is new.
 */
export class SandboxCreditFeed implements CreditFeed {
  private readonly instance = randomUUID().slice(0, 8);
  private readonly log: CreditEvent[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly desk: SandboxSupportDesk,
  ) {}

  async creditsSince(cursor: string | undefined): Promise<{ credits: CreditEvent[]; cursor: string }> {
    const from = this.positionOf(cursor);
    this.logCreditsDueBy(this.clock.now());
    return { credits: this.log.slice(from).map((c) => ({ ...c, creditedAt: new Date(c.creditedAt) })), cursor: `sandbox:${this.instance}:${this.log.length}` };
  }

  private positionOf(cursor: string | undefined): number {
    if (cursor === undefined || cursor === '') return 0;
    const match = typeof cursor === 'string' ? /^sandbox:([0-9a-f]{8}):(0|[1-9][0-9]{0,15})$/.exec(cursor) : null;
    if (!match) throw new InvalidInputError(`The credit feed cursor ${JSON.stringify(cursor)} is not one this sandbox issued.`, { field: 'cursor' });
    if (match[1] !== this.instance) return 0;
    const position = Number(match[2]);
    if (position > this.log.length) throw new InvalidInputError(`The credit feed cursor ${JSON.stringify(cursor)} is ahead of the feed.`, { field: 'cursor' });
    return position;
  }

  private logCreditsDueBy(now: Date): void {
    const due = this.desk
      .tickets()
      .filter((t) => !t.credited && t.creditDueAt.getTime() <= now.getTime())
      .sort((a, b) => a.creditDueAt.getTime() - b.creditDueAt.getTime() || a.sequence - b.sequence);
    for (const ticket of due) {
      this.desk.markCredited(ticket.ticketId);
      this.log.push({
        creditId: `sandbox-credit-${ticket.ticketId}`,
        ticketId: ticket.ticketId,
        reservationId: ticket.reservationId,
        amount: ticket.creditAmount,
        currency: ticket.creditCurrency,
        creditedAt: new Date(ticket.creditDueAt),
      });
    }
  }
}
