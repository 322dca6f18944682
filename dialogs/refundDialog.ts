import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { money } from '../src/cards/format';
import { Decimal } from '../src/domain/money';
import { t, type MessageKey } from '../src/i18n';
import { turnLocale, turnText } from './language';
import { CAP_LIMIT_USD, CAP_WINDOW_DAYS } from '../src/domain/cap';
import { nothingToRefund, pickReasonText, quoteRefund, returnableQuantity } from '../src/services/quoting';
import { auditAmounts } from '../src/services/auditAmounts';
import { chatActorOf } from './identity';
import type { CardAnswer, HelpText } from './cardPrompt';
import { CONFIRM_AND_FILE, type ConfirmOptions, type ConfirmResult } from './confirmAndFile';
import { promptQuote, pickCustomerStep, pickedReservation, pickReservationStep, type FlowOptions, type FlowValues } from './flowSteps';
import { AMOUNTS_MOVED, cancelFlow } from './flowAudit';
import { fitsInFullText } from './capDialog';
import { microsoftRefundCheck, quoteFacts } from './quoteFacts';
import { readTypedUnits } from './units';
import { readAheadOf } from '../src/ports/readAhead';
import type { DeskServices } from './services';
import { quoteOf, type StoredQuote } from './flowState';
import { FlowWaterfall } from './flowWaterfall';
import { isShown, quoteBasisOf, shownQuote, type NotShown, type QuoteBasis } from './shownQuote';
import type { QuoteJson } from '../src/domain/quoteContract';

export const REFUND_DIALOG = 'refund';

/** What a flow ends with when it hands the agent over to another flow. */
export interface FlowSwitch {
  /** The flow to continue in: exchange from a refund quote; scope, renew, access or rename from the overview card. */
  switchTo: 'exchange' | 'scope' | 'renew' | 'access' | 'rename';
  options: FlowOptions;
}

/**
 * The shown quote's basis (dialogs/shownQuote.ts), kept only until the confirm step takes it over. `quote` is the
 * layout before: the quote itself, packed; a flow stored so goes on with it.
 */
type RefundValues = FlowValues & { shown?: QuoteBasis; quote?: StoredQuote; returnQuantity?: number; returnable?: number };
export const EXCHANGE_DIALOG = 'exchange';

/** What `help` says on a refund quote: only the buttons and fields this card has (as message keys, for the state). */
function quoteHelp(card: { canRefund: boolean; capped: boolean; multiUnit: boolean; continueLabel: string }): HelpText {
  const keys: MessageKey[] = ['refund.help.intro'];
  if (card.canRefund) keys.push('refund.help.continue');
  else if (card.capped) keys.push('refund.help.capUsedUp');
  if (card.multiUnit) keys.push('refund.help.units');
  if (card.capped) keys.push('refund.help.exchange');
  keys.push('refund.help.cancel');
  return card.canRefund ? { keys, values: { continueLabel: card.continueLabel } } : { keys };
}

/**
 * Empties a flow's values and options once the confirm step has what it needs: the dialog state keeps each thing once
 * (what comes back from the confirm step names what to quote again, if it must).
 */
export function handOver(step: WaterfallStepContext): void {
  for (const kept of [step.values, step.options as Record<string, unknown> | undefined])
    for (const key of Object.keys(kept ?? {})) delete (kept as Record<string, unknown>)[key];
}

/**
 * /refund: customer → reservation → refund quote → confirm (contact details) → filed → receipt. A waterfall on the root
 * dialog set; the pickers, card prompt and confirm step it begins sit above it on the same stack.
 */
export class RefundDialog extends FlowWaterfall<FlowOptions> {
  constructor(private readonly services: DeskServices) {
    super(REFUND_DIALOG);
    this.addStep(pickCustomerStep());
    this.addStep(pickReservationStep('refund'));
    this.addStep(this.showQuote.bind(this));
    this.addStep(this.confirmOnContinue.bind(this));
    this.addStep(this.afterFiling.bind(this));
  }

  private async showQuote(step: WaterfallStepContext<FlowOptions>): Promise<DialogTurnResult> {
    const values = step.values as RefundValues;
    values.reservationId = step.result as string | undefined;
    if (!values.reservationId) return step.endDialog();
    const reservation = await pickedReservation(this.services, step);
    if (!reservation) return step.endDialog();
    const requested = step.options.returnQuantity;
    // The customer's cap entries, from the turn's snapshot when the click read them ahead.
    const capEntries = this.services.capLedger.entries(reservation.customerId, readAheadOf(step.context));
    const { json, quote } = await quoteRefund(this.services, reservation, this.services.provider.clock.now(), requested, capEntries);
    values.shown = quoteBasisOf(json);
    delete values.quote;
    // The name is read again with the reservation when the quote is made again (the confirm card shows it).
    delete values.reservationName;
    values.returnQuantity = quote.returnQuantity;
    const returnable = returnableQuantity(reservation);
    values.returnable = returnable;
    const locale = turnLocale(step.context);
    const amount = (value: string | Decimal | undefined, currency: string) => money(value, currency, locale);
    const microsoft = await microsoftRefundCheck(this.services, reservation, quote.returnQuantity, locale);
    const capped = json.capped === true;
    // A cap used up entirely leaves nothing to refund: returning the reservation for 0 is never offered.
    const nothingLeft = nothingToRefund(json);
    const fitsOn = capped ? await fitsInFullText(this.services, reservation.customerId, json, locale) : '';
    const cappedText = nothingLeft
      ? t(locale, 'refund.capUsedUp', { limit: amount(CAP_LIMIT_USD, 'USD'), days: CAP_WINDOW_DAYS, fitsOn })
      : t(locale, 'refund.capped', {
          remaining: amount(json.capRemainingUsd, 'USD'),
          limit: amount(CAP_LIMIT_USD, 'USD'),
          refund: amount(json.refund, json.currency),
          net: amount(json.net, json.currency),
          fitsOn,
        });
    const continueLabel = capped ? t(locale, 'refund.acceptCapped', { amount: amount(json.refund, json.currency) }) : t(locale, 'refund.continue');
    return promptQuote(this.services, step, {
      card: 'refund-quote',
      help: quoteHelp({ canRefund: json.eligible && !nothingLeft, capped, multiUnit: returnable > 1 && !nothingLeft, continueLabel }),
      customer: values.customer!,
      reservation,
      quote: json,
      facts: [...quoteFacts(json, undefined, locale), ...microsoft.facts],
      extra: {
        estimateNote: microsoft.note,
        canRefund: json.eligible && !nothingLeft,
        reasons: json.reasons.map((reason) => pickReasonText(reason, locale)).join(', '),
        capped,
        cappedText: capped ? cappedText : '',
        continueLabel,
        refund: json.refund ? amount(json.refund, json.currency) : '',
        unitsText: t(locale, 'quote.units', { units: quote.returnQuantity, quantity: reservation.quantity }),
        multiUnit: returnable > 1 && !nothingLeft,
        // A number, not text: Input.Number renderers drop a value that is a string.
        returnQuantity: quote.returnQuantity,
        maxQuantity: returnable,
      },
    });
  }

  private async confirmOnContinue(step: WaterfallStepContext<FlowOptions>): Promise<DialogTurnResult> {
    const values = step.values as RefundValues;
    const answer = step.result as CardAnswer;
    const action = answer.kind === 'action' ? answer.action.action : 'cancel';
    if (answer.kind === 'action' && (action === 'quantity' || action === 'continue')) {
      const quoted = values.returnQuantity ?? 1;
      const returnable = values.returnable ?? quoted;
      const locale = turnLocale(step.context);
      const typed = readTypedUnits(answer.action.returnQuantity, returnable, locale);
      // "Update quote" needs a number; Continue with the field left empty goes on with the units quoted.
      const units = typed.kind === 'none' && action === 'quantity' ? readTypedUnits(0, returnable, locale) : typed;
      if (units.kind === 'invalid') {
        // A bad number changes nothing: the agent is told the range and sees the same quote again.
        await step.context.sendActivity(t(locale, 'refund.stillQuoted', { message: units.message, units: quoted }));
        return step.replaceDialog(this.id, { customer: values.customer, reservationId: values.reservationId, returnQuantity: quoted } satisfies FlowOptions);
      }
      // "Update quote", or Continue with a number of units other than the one quoted: the agent sees that quote first.
      if (units.kind === 'units' && (action === 'quantity' || units.units !== quoted)) {
        if (action === 'continue') await step.context.sendActivity(t(locale, 'refund.quoteFirst', { units: units.units }));
        return step.replaceDialog(this.id, {
          customer: values.customer,
          reservationId: values.reservationId,
          returnQuantity: units.units,
        } satisfies FlowOptions);
      }
    }
    if (action === 'exchange') {
      // Handed to the turn handler, which starts /exchange in this flow's place and records it as the active flow.
      return step.endDialog({
        switchTo: 'exchange',
        options: { customer: values.customer, reservationId: values.reservationId, returnQuantity: values.returnQuantity } satisfies FlowOptions,
      } satisfies FlowSwitch);
    }
    const made = await quoteShownOnCard(this.services, step, values, action, this.id, {
      customer: values.customer,
      reservationId: values.reservationId,
      returnQuantity: values.returnQuantity,
    });
    if ('turn' in made) return made.turn;
    const shown = made.quote;
    if (action !== 'continue' || !shown?.eligible || (shown.kind === 'refund' && nothingToRefund(shown))) {
      return cancelFlow(
        this.services,
        step,
        { kind: 'refund', customerId: values.customer?.id, reservationId: values.reservationId, quote: shown },
        'refund quote',
        made.moved ? AMOUNTS_MOVED : undefined,
      );
    }
    if (shown.kind === 'refund' && shown.capped) {
      await this.services.audit.record({
        at: this.services.wallClock.now().toISOString(),
        type: 'capped-confirmed',
        actor: chatActorOf(step.context),
        customerId: values.customer!.id,
        reservationId: values.reservationId,
        ...auditAmounts(shown),
      });
    }
    const confirm: ConfirmOptions = {
      customer: values.customer!,
      reservationId: values.reservationId!,
      returnQuantity: values.returnQuantity!,
      ...(values.shown ? { shown: values.shown } : { reservationName: values.reservationName, quote: values.quote! }),
    };
    // Handed over: the confirm step keeps all of it from here on, and names what to quote again if it must.
    handOver(step);
    return step.beginDialog(CONFIRM_AND_FILE, confirm);
  }

  private async afterFiling(step: WaterfallStepContext<FlowOptions>): Promise<DialogTurnResult> {
    const values = step.values as RefundValues;
    const result = step.result as ConfirmResult;
    if (result === 'requote') {
      return step.replaceDialog(this.id, {
        customer: values.customer,
        reservationId: values.reservationId,
        returnQuantity: values.returnQuantity,
      } satisfies FlowOptions);
    }
    if (typeof result === 'object') return step.replaceDialog(this.id, result.requote satisfies FlowOptions);
    return step.endDialog();
  }
}

/** What a quote card's flow keeps of the quote it showed: the quote itself (flows stored before), or its basis. */
interface ShownOnCard {
  quote?: StoredQuote;
  shown?: QuoteBasis;
  customer?: FlowValues['customer'];
  reservationId?: string;
  returnQuantity?: number;
}

/**
 * The quote a card showed, for its Continue and Cancel: made again from its basis (the reservation, and an exchange's
 * catalog item, read again), or the quote itself in a flow stored before. Figures that moved since (the reservation,
 * the day, the price) are never confirmed: Continue then begins the flow again with `again` (the fresh quote, or an
 * exchange's replacement chosen again); a Cancel audits the fresh amounts and says so.
 */
export async function quoteShownOnCard(
  services: DeskServices,
  step: WaterfallStepContext,
  values: ShownOnCard,
  action: string,
  flowId: string,
  again: FlowOptions,
): Promise<{ quote?: QuoteJson; moved?: true } | { turn: DialogTurnResult }> {
  if (values.quote) return { quote: quoteOf(values.quote) };
  if (!values.shown || !values.customer || !values.reservationId || (action !== 'continue' && action !== 'cancel')) return {};
  const subject = { customerId: values.customer.id, reservationId: values.reservationId, returnQuantity: values.returnQuantity, basis: values.shown };
  const made = await shownQuote(services, step.context, subject, turnLocale(step.context));
  if (isShown(made)) return { quote: made.quote };
  if (action === 'cancel') return made.why === 'moved' && made.fresh ? { quote: made.fresh.quote, moved: true } : {};
  return { turn: await figuresMoved(step, made, flowId, again) };
}

/**
 * Continue on a quote whose figures moved since it was shown: nothing goes further; the agent is told why and, where
 * the reservation can still be quoted, sees the fresh quote (the flow begun again with the same choices).
 */
export async function figuresMoved(step: WaterfallStepContext, made: NotShown, flowId: string, again: FlowOptions): Promise<DialogTurnResult> {
  if (made.why === 'reservation-gone') {
    await step.context.sendActivity(turnText(step.context, 'confirm.reservationGone'));
    return step.endDialog();
  }
  if (made.why === 'unquotable') {
    await step.context.sendActivity(turnText(step.context, 'confirm.unquotable', { name: made.reservation.displayName, reason: made.reason }));
    return step.endDialog();
  }
  await step.context.sendActivity(turnText(step.context, 'confirm.figuresChanged'));
  return step.replaceDialog(flowId, again);
}
