import type { StatePropertyAccessor } from 'botbuilder';
import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { cardText, plainText } from '../src/cards/text';
import { Decimal, formatMoney } from '../src/domain/money';
import type { ExchangeQuoteJson } from '../src/domain/quoteContract';
import { PICK_REASON_TEXT, minimumCommitment, quoteExchange, returnableQuantity, unitsToReturn } from '../src/services/quoting';
import { readTypedUnits } from './units';
import type { ReplacementChoice } from '../src/services/ticketText';
import { replacementChoices } from '../src/services/replacements';
import { CARD_PROMPT, type CardAnswer } from './cardPrompt';
import { CONFIRM_AND_FILE, type ConfirmOptions, type ConfirmResult } from './confirmAndFile';
import type { AgentProfile } from './contact';
import { addFlowDialogs, promptQuote, pickCustomerStep, pickedReservation, pickReservationStep, type FlowOptions, type FlowValues } from './flowSteps';
import { cancelFlow } from './flowAudit';
import { money } from '../src/cards/format';
import { quoteFacts } from './quoteFacts';
import { EXCHANGE_DIALOG } from './refundDialog';
import type { DeskServices } from './services';

const MAX_QUANTITY = 1000;
const PICK_HELP = 'Choose the replacement reservation (SKU, region, term and billing plan) and the quantity, then click "Quote exchange".';
const QUOTE_HELP = 'This is what the exchange is worth. "Continue" asks for your contact details before anything is filed; "Pick another replacement" goes back; "Cancel" stops.';

type ExchangeValues = FlowValues & { replacement?: ReplacementChoice; quote?: ExchangeQuoteJson; returnQuantity?: number };

/** /exchange: customer → reservation → replacement from the catalog → exchange quote → confirm → filed → receipt. */
export class ExchangeDialog extends ComponentDialog {
  constructor(
    private readonly services: DeskServices,
    profiles: StatePropertyAccessor<AgentProfile>,
  ) {
    super(EXCHANGE_DIALOG);
    addFlowDialogs(this, services, profiles);
    this.addDialog(
      new WaterfallDialog('exchangeFlow', [
        pickCustomerStep(),
        pickReservationStep('exchange'),
        this.pickReplacement.bind(this),
        this.showQuote.bind(this),
        this.confirmOnContinue.bind(this),
        this.afterFiling.bind(this),
      ]),
    );
    this.initialDialogId = 'exchangeFlow';
  }

  private async pickReplacement(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as ExchangeValues;
    values.reservationId = step.result as string | undefined;
    if (!values.reservationId) return step.endDialog();
    const reservation = await pickedReservation(this.services, step);
    if (!reservation) return step.endDialog();
    const offer = await this.services.provider.catalog.replacementOffer(reservation.customerId, reservation.reservationId);
    const { choosable: items, emptyReason, notOffered } = replacementChoices(offer, reservation.currency);
    if (items.length === 0) {
      this.services.log.warn(
        { event: 'replacement-picker-empty', customerId: reservation.customerId, reservationId: reservation.reservationId, reason: emptyReason, unpriced: offer.unpriced.length },
        'no replacement to offer',
      );
      await step.context.sendActivity(cardText(`There is no replacement to offer for ${reservation.displayName}: ${emptyReason}. Nothing was filed.`, 600));
      return step.endDialog();
    }
    return step.beginDialog(CARD_PROMPT, {
      card: 'replacement-picker',
      help: PICK_HELP,
      subject: { kind: 'exchange', customerId: reservation.customerId, reservationId: reservation.reservationId },
      data: {
        customerName: cardText(values.customer!.name, 80),
        reservationName: cardText(reservation.displayName, 80),
        currency: reservation.currency,
        // Numbers, not text: Input.Number renderers drop a value that is a string.
        quantity: Math.max(1, returnableQuantity(reservation)),
        maxQuantity: MAX_QUANTITY,
        // The least a replacement must commit for all units still returnable (fewer units, a smaller minimum).
        minimum: money(minimumCommitment(this.services, reservation, this.services.provider.clock.now()), reservation.currency),
        multiUnit: returnableQuantity(reservation) > 1,
        returnQuantity: unitsToReturn(reservation, (step.options as FlowOptions | undefined)?.returnQuantity),
        maxReturn: returnableQuantity(reservation),
        firstItemId: items[0].id,
        notOffered: cardText(notOffered, 400),
        choices: items.map((item) => ({
          value: item.id,
          // Choice titles are shown as typed (no markdown), so they are plain text.
          title: plainText(`${item.sku} · ${item.region} · ${item.term} ${item.billingPlan} · ${money(item.unitPrice, item.currency)} per unit`, 150),
        })),
      },
    });
  }

  private async showQuote(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as ExchangeValues;
    const answer = step.result as CardAnswer | undefined;
    if (answer && (answer.kind !== 'action' || answer.action.action !== 'choose')) {
      return cancelFlow(this.services, step, { kind: 'exchange', customerId: values.customer?.id, reservationId: values.reservationId }, 'replacement picker');
    }
    const reservation = await pickedReservation(this.services, step);
    if (!reservation) return step.endDialog();
    if (answer) {
      const itemId = String(answer.action.replacementId ?? '');
      const quantityText = String(answer.action.quantity ?? '').trim();
      // Only a replacement this reservation was offered can be chosen, whatever id a click carries.
      const offered = itemId
        ? replacementChoices(await this.services.provider.catalog.replacementOffer(values.customer!.id, values.reservationId!), reservation.currency).choosable
        : [];
      const item = offered.find((candidate) => candidate.id === itemId);
      const quantity = /^[0-9]{1,4}$/.test(quantityText) ? Number(quantityText) : NaN;
      if (!item || !(quantity >= 1 && quantity <= MAX_QUANTITY)) {
        await step.context.sendActivity(!item ? 'Please choose a replacement from the list.' : `The quantity must be a whole number from 1 to ${MAX_QUANTITY}.`);
        return step.replaceDialog(this.id, { customer: values.customer, reservationId: values.reservationId } satisfies FlowOptions);
      }
      // Units of the old reservation to exchange: all still returnable unless the agent typed fewer.
      const units = readTypedUnits(answer.action.returnQuantity, returnableQuantity(reservation), 'The units of this reservation to exchange');
      if (units.kind === 'invalid') {
        await step.context.sendActivity(units.message);
        return step.replaceDialog(this.id, { customer: values.customer, reservationId: values.reservationId, returnQuantity: (step.options as FlowOptions | undefined)?.returnQuantity } satisfies FlowOptions);
      }
      values.returnQuantity = units.kind === 'units' ? units.units : (step.options as FlowOptions | undefined)?.returnQuantity;
      values.replacement = {
        itemId: item.id,
        sku: item.sku,
        displayName: item.displayName,
        region: item.region,
        term: item.term,
        billingPlan: item.billingPlan,
        quantity,
        currency: item.currency,
        totalCommitment: formatMoney(item.unitPrice.times(quantity), item.currency),
      };
    }
    if (!values.replacement) return step.endDialog();
    const { json, quote } = quoteExchange(this.services, reservation, { totalCommitment: new Decimal(values.replacement.totalCommitment), currency: values.replacement.currency }, this.services.provider.clock.now(), values.returnQuantity);
    values.quote = json;
    values.returnQuantity = quote.returnQuantity;
    const refusal = json.reasons.includes('below-minimum-commitment')
      ? `The replacement's total commitment (${money(values.replacement.totalCommitment, values.replacement.currency)}) is below the minimum of ${money(quote.remainingCommitment, quote.currency)}: the new reservation must commit at least what is left of the old one. Pick a larger quantity or another replacement.`
      : json.reasons.includes('currency-mismatch')
        ? `The replacement is billed in ${values.replacement.currency}, the reservation in ${json.currency}; an exchange must stay in one currency. The minimum new commitment is ${money(quote.remainingCommitment, quote.currency)}.`
        : json.reasons.map((r) => PICK_REASON_TEXT[r]).join('; ');
    return promptQuote(this.services, step, {
      card: 'exchange-quote',
      help: QUOTE_HELP,
      customer: values.customer!,
      reservation,
      quote: json,
      facts: quoteFacts(json, values.replacement),
      extra: { refusal: cardText(refusal, 400), unitsText: `${quote.returnQuantity} of ${reservation.quantity} unit${reservation.quantity === 1 ? '' : 's'}` },
    });
  }

  private async confirmOnContinue(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as ExchangeValues;
    const answer = step.result as CardAnswer;
    const action = answer.kind === 'action' ? answer.action.action : 'cancel';
    if (action === 'another') return step.replaceDialog(this.id, { customer: values.customer, reservationId: values.reservationId, returnQuantity: values.returnQuantity } satisfies FlowOptions);
    if (action !== 'continue' || !values.quote?.eligible) {
      return cancelFlow(this.services, step, { kind: 'exchange', customerId: values.customer?.id, reservationId: values.reservationId, quote: values.quote }, 'exchange quote');
    }
    return step.beginDialog(CONFIRM_AND_FILE, {
      kind: 'exchange',
      customer: values.customer!,
      reservationId: values.reservationId!,
      reservationName: values.reservationName,
      returnQuantity: values.returnQuantity!,
      quote: values.quote,
      replacement: values.replacement,
    } satisfies ConfirmOptions);
  }

  private async afterFiling(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as ExchangeValues;
    if ((step.result as ConfirmResult) === 'requote') {
      // Fresh figures: the replacement is chosen again against the new minimum.
      return step.replaceDialog(this.id, { customer: values.customer, reservationId: values.reservationId } satisfies FlowOptions);
    }
    return step.endDialog();
  }
}

