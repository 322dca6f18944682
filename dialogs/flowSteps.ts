import type { WaterfallStepContext, DialogTurnResult } from 'botbuilder-dialogs';
import { CARD_PROMPT, type CardPromptOptions, type HelpText } from './cardPrompt';
import { cardText, plainText } from '../src/cards/text';
import type { QuoteJson } from '../src/domain/quoteContract';
import { recordQuoteShown } from './flowAudit';
import { usageFacts, type Fact } from './quoteFacts';
import { unquotableReason } from '../src/services/quoting';
import type { Customer } from '../src/ports/partnerDirectory';
import { flowCustomer, type FlowCustomer } from './flowState';
import type { Reservation } from '../src/ports/reservations';
import { CUSTOMER_PICKER, type CustomerPickerOptions } from './customerPicker';
import { RESERVATION_PICKER, type ReservationPickerOptions } from './reservationPicker';
import type { DeskServices } from './services';
import { turnLocale, turnText } from './language';

/** What every flow carries from step to step (waterfall values, persisted with the dialog stack). */
export interface FlowValues {
  /** Id and name (and tenant id), never the whole Customer: the dialog state keeps ids and choices. */
  customer?: FlowCustomer;
  reservationId?: string;
  reservationName?: string;
}

export interface FlowOptions {
  /** Text typed after the command, e.g. `/refund contoso`. */
  query?: string;
  /** Given when a flow hands over to another (refund → exchange) or re-quotes. */
  customer?: FlowCustomer;
  reservationId?: string;
  /** Units to return, when the agent chose fewer than all (refunds). */
  returnQuantity?: number;
}

/** The shared first steps: pick the customer, then one of its reservations. */
export function pickCustomerStep() {
  return async (step: WaterfallStepContext<FlowOptions>): Promise<DialogTurnResult> => {
    const options = step.options;
    if (options.customer) return step.next(options.customer);
    return step.beginDialog(CUSTOMER_PICKER, { query: options.query ?? '', page: 0 } satisfies CustomerPickerOptions);
  };
}

export function pickReservationStep(purpose: ReservationPickerOptions['purpose']) {
  return async (step: WaterfallStepContext<FlowOptions>): Promise<DialogTurnResult> => {
    const options = step.options;
    const picked = step.result as FlowCustomer | Customer | undefined;
    if (!picked) return step.endDialog();
    const customer = flowCustomer(picked);
    (step.values as FlowValues).customer = customer;
    if (options.reservationId && options.customer?.id === customer.id) return step.next(options.reservationId);
    return step.beginDialog(RESERVATION_PICKER, { customerId: customer.id, customerName: customer.name, purpose, page: 0 } satisfies ReservationPickerOptions);
  };
}

/**
 * Loads the picked reservation (fresh from the provider, so figures are current). For a quote (the default) a
 * reservation whose figures contradict each other in Azure is refused with the reason, whatever click led here.
 */
export async function pickedReservation(
  services: DeskServices,
  step: WaterfallStepContext,
  purpose: 'quote' | 'overview' = 'quote',
): Promise<Reservation | undefined> {
  const values = step.values as FlowValues;
  if (!values.customer || !values.reservationId) return undefined;
  const reservation = await services.provider.reservations.getReservation(values.customer.id, values.reservationId);
  if (!reservation) {
    await step.context.sendActivity(turnText(step.context, 'flow.reservationGone'));
    return undefined;
  }
  values.reservationName = reservation.displayName;
  const unquotable = purpose === 'quote' ? unquotableReason(reservation, turnLocale(step.context)) : undefined;
  if (unquotable) {
    services.log.warn(
      {
        event: 'quote-refused-inconsistent-figures',
        customerId: reservation.customerId,
        reservationId: reservation.reservationId,
        reason: reservation.figuresProblem,
      },
      'reservation not quoted',
    );
    await step.context.sendActivity(turnText(step.context, 'flow.unquotable', { name: reservation.displayName, reason: unquotable }));
    return undefined;
  }
  return reservation;
}

/**
 * Shows a quote card (refund or exchange) and audits that the agent saw it. The header every quote card has —
 * customer, reservation, policy, eligibility, the figures — is filled here; `extra` adds the card's own fields.
 */
export async function promptQuote(
  services: DeskServices,
  step: WaterfallStepContext,
  shown: {
    card: 'refund-quote' | 'exchange-quote';
    help: string | HelpText;
    customer: FlowCustomer;
    reservation: Reservation;
    quote: QuoteJson;
    facts: Fact[];
    extra: Record<string, unknown>;
  },
): Promise<DialogTurnResult> {
  const { reservation, quote } = shown;
  await recordQuoteShown(services, step.context, reservation, quote);
  const usage = usageFacts(reservation, quote, turnLocale(step.context));
  if (usage.length > 0) {
    services.log.info(
      { event: 'quote-usage-not-reported', customerId: reservation.customerId, reservationId: reservation.reservationId, rule: quote.rule ?? null },
      'usage not yet reported by Azure',
    );
  }
  return step.beginDialog(CARD_PROMPT, {
    card: shown.card,
    help: shown.help,
    // The customer, reservation and quote are named once, in the flow's values; a cancellation's audit reads them there.
    subject: { kind: quote.kind, fromFlow: true },
    data: {
      customerName: cardText(shown.customer.name, 80),
      reservationName: cardText(reservation.displayName, 80),
      reservationId: cardText(reservation.reservationId, 80),
      policy: quote.policy,
      eligible: quote.eligible,
      facts: [...shown.facts, ...usage],
      // Notifications and screen readers show the fallback text as is: plain, never markdown-escaped.
      summary: plainText(
        turnText(step.context, quote.kind === 'refund' ? 'quote.summary.refund' : 'quote.summary.exchange', { name: reservation.displayName }),
        150,
      ),
      ...shown.extra,
    },
  } satisfies CardPromptOptions);
}
