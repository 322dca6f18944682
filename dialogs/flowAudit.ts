import type { TurnContext } from 'botbuilder';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import type { QuoteJson } from '../src/domain/quoteContract';
import type { Reservation } from '../src/ports/reservations';
import { auditAmounts } from '../src/services/auditAmounts';
import type { StepSubject } from './cardPrompt';
import { chatActorOf } from './identity';
import type { DeskServices } from './services';
import { turnLocale, turnText } from './language';
import { isShown, shownQuote } from './shownQuote';
import type { AuditEvent } from '../src/ports/audit';

/** The audit events a desk turn has recorded so far; they are written with its state (DeskBot.run). */
const TURN_AUDIT = Symbol('turnAudit');

/** Marks a turn whose audit events wait for its state write (one round trip for both). */
export function queueTurnAudit(context: TurnContext): void {
  context.turnState.set(TURN_AUDIT, []);
}

/** Writes the turn's queued audit events (all at once) and forgets them. */
export async function flushTurnAudit(services: DeskServices, context: TurnContext): Promise<void> {
  const queued = context.turnState.get(TURN_AUDIT) as AuditEvent[] | undefined;
  if (!queued?.length) return;
  context.turnState.set(TURN_AUDIT, []);
  await Promise.all(queued.map((event) => services.audit.record(event)));
}

/** Queued with the turn's state write inside a desk turn; recorded at once anywhere else. */
async function recordForTurn(services: DeskServices, context: TurnContext, event: AuditEvent): Promise<void> {
  const queued = context.turnState.get(TURN_AUDIT) as AuditEvent[] | undefined;
  if (queued) queued.push(event);
  else await services.audit.record(event);
}

/** The audit trail's record that an agent saw a quote, with its amounts. */
export async function recordQuoteShown(services: DeskServices, context: TurnContext, reservation: Reservation, quote: QuoteJson): Promise<void> {
  await recordForTurn(services, context, {
    at: services.wallClock.now().toISOString(),
    type: 'quote-shown',
    actor: chatActorOf(context),
    customerId: reservation.customerId,
    reservationId: reservation.reservationId,
    ...auditAmounts(quote),
    detail: { kind: quote.kind, policy: quote.policy, eligible: quote.eligible, ...(quote.kind === 'refund' ? { capped: quote.capped ?? false } : {}) },
  });
}

/** The audit trail's record of a cancelled flow: who, at which step, and what it was about (with amounts). */
export async function recordCancelled(
  services: DeskServices,
  context: TurnContext,
  subject: StepSubject | undefined,
  detail: Record<string, string>,
): Promise<void> {
  let quote = subject?.quote;
  let moved = false;
  // A quote card's flow keeps the quote's basis, not its amounts: the quote is made again for the audit.
  if (!quote && !subject?.amounts && subject?.shown && subject.customerId && subject.reservationId) {
    const { units, ...basis } = subject.shown;
    const made = await shownQuote(
      services,
      context,
      { customerId: subject.customerId, reservationId: subject.reservationId, returnQuantity: units, basis },
      turnLocale(context),
    );
    if (isShown(made)) quote = made.quote;
    else if (made.why === 'moved' && made.fresh) [quote, moved] = [made.fresh.quote, true];
  }
  await recordForTurn(services, context, {
    at: services.wallClock.now().toISOString(),
    type: 'cancelled',
    actor: chatActorOf(context),
    ...(subject?.customerId ? { customerId: subject.customerId } : {}),
    ...(subject?.reservationId ? { reservationId: subject.reservationId } : {}),
    ...(quote ? auditAmounts(quote) : (subject?.amounts ?? {})),
    detail: { ...detail, ...(moved ? AMOUNTS_MOVED : {}), ...(subject?.kind ? { kind: subject.kind } : {}) },
  });
}

/**
 * A cancellation's detail when its amounts are not the shown quote's: the quote was made again to audit it and its
 * figures had moved since it was shown (the fresh amounts are recorded).
 */
export const AMOUNTS_MOVED = { amounts: 'quoted again: figures moved since shown' } as const;

/** Ends a flow on a Cancel button: audited with what it was about, and the agent told nothing was filed. */
export async function cancelFlow(
  services: DeskServices,
  step: WaterfallStepContext,
  subject: StepSubject,
  stepName: string,
  detail?: Record<string, string>,
): Promise<DialogTurnResult> {
  await recordCancelled(services, step.context, subject, { step: stepName, ...detail });
  await step.context.sendActivity(turnText(step.context, 'flow.cancelledNothingFiled'));
  return step.endDialog();
}
