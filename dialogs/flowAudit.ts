import type { TurnContext } from 'botbuilder';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import type { QuoteJson } from '../src/domain/quoteContract';
import type { Reservation } from '../src/ports/reservations';
import { auditAmounts } from '../src/services/auditAmounts';
import type { StepSubject } from './cardPrompt';
import { chatActorOf } from './identity';
import type { DeskServices } from './services';
import { turnText } from './language';

/** The audit trail's record that an agent saw a quote, with its amounts. */
export async function recordQuoteShown(services: DeskServices, context: TurnContext, reservation: Reservation, quote: QuoteJson): Promise<void> {
  await services.audit.record({
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
export async function recordCancelled(services: DeskServices, context: TurnContext, subject: StepSubject | undefined, detail: Record<string, string>): Promise<void> {
  await services.audit.record({
    at: services.wallClock.now().toISOString(),
    type: 'cancelled',
    actor: chatActorOf(context),
    ...(subject?.customerId ? { customerId: subject.customerId } : {}),
    ...(subject?.reservationId ? { reservationId: subject.reservationId } : {}),
    ...(subject?.quote ? auditAmounts(subject.quote) : {}),
    detail: { ...detail, ...(subject?.kind ? { kind: subject.kind } : {}) },
  });
}

/** Ends a flow on a Cancel button: audited with what it was about, and the agent told nothing was filed. */
export async function cancelFlow(services: DeskServices, step: WaterfallStepContext, subject: StepSubject, stepName: string): Promise<DialogTurnResult> {
  await recordCancelled(services, step.context, subject, { step: stepName });
  await step.context.sendActivity(turnText(step.context, 'flow.cancelledNothingFiled'));
  return step.endDialog();
}
