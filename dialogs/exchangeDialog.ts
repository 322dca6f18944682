import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { cardText, plainText } from '../src/cards/text';
import { Decimal } from '../src/domain/money';
import { pickReasonText, minimumCommitment, quoteExchange, returnableQuantity, unitsToReturn } from '../src/services/quoting';
import { readTypedUnits } from './units';
import { replacementChoices } from '../src/services/replacements';
import { CARD_PROMPT, type CardAnswer } from './cardPrompt';
import { CONFIRM_AND_FILE, type ConfirmOptions, type ConfirmResult } from './confirmAndFile';
import { promptQuote, pickCustomerStep, pickedReservation, pickReservationStep, type FlowOptions, type FlowValues } from './flowSteps';
import { AMOUNTS_MOVED, cancelFlow } from './flowAudit';
import { money } from '../src/cards/format';
import { quoteFacts } from './quoteFacts';
import { EXCHANGE_DIALOG, handOver, quoteShownOnCard } from './refundDialog';
import type { DeskServices } from './services';
import { replacementOf, type StoredQuote, type StoredReplacement } from './flowState';
import { FlowWaterfall } from './flowWaterfall';
import { quoteBasisOf, replacementChoiceOf, type QuoteBasis } from './shownQuote';
import type { ReplacementChoice } from '../src/services/ticketText';
import { t } from '../src/i18n';
import { turnLocale } from './language';

const MAX_QUANTITY = 1000;

/**
 * The shown quote's basis (its catalog item and quantity, dialogs/shownQuote.ts), kept only until the confirm step
 * takes it over. `replacement` and `quote` are the layout before (both packed); a flow stored so goes on with them.
 */
type ExchangeValues = FlowValues & { shown?: QuoteBasis; replacement?: StoredReplacement; quote?: StoredQuote; returnQuantity?: number };

/**
 * /exchange: customer → reservation → replacement from the catalog → exchange quote → confirm → filed → receipt. A
 * waterfall on the root dialog set, as /refund is.
 */
export class ExchangeDialog extends FlowWaterfall<FlowOptions> {
  constructor(private readonly services: DeskServices) {
    super(EXCHANGE_DIALOG);
    this.addStep(pickCustomerStep());
    this.addStep(pickReservationStep('exchange'));
    this.addStep(this.pickReplacement.bind(this));
    this.addStep(this.showQuote.bind(this));
    this.addStep(this.confirmOnContinue.bind(this));
    this.addStep(this.afterFiling.bind(this));
  }

  private async pickReplacement(step: WaterfallStepContext<FlowOptions>): Promise<DialogTurnResult> {
    const values = step.values as ExchangeValues;
    values.reservationId = step.result as string | undefined;
    if (!values.reservationId) return step.endDialog();
    const reservation = await pickedReservation(this.services, step);
    if (!reservation) return step.endDialog();
    const locale = turnLocale(step.context);
    const offer = await this.services.provider.catalog.replacementOffer(reservation.customerId, reservation.reservationId);
    const { choosable: items, emptyReason, notOffered } = replacementChoices(offer, reservation.currency, locale);
    if (items.length === 0) {
      this.services.log.warn(
        {
          event: 'replacement-picker-empty',
          customerId: reservation.customerId,
          reservationId: reservation.reservationId,
          reason: emptyReason,
          unpriced: offer.unpriced.length,
        },
        'no replacement to offer',
      );
      await step.context.sendActivity(cardText(t(locale, 'exchange.noReplacement', { name: reservation.displayName, reason: emptyReason ?? '' }), 600));
      return step.endDialog();
    }
    return step.beginDialog(CARD_PROMPT, {
      card: 'replacement-picker',
      help: { keys: ['exchange.help.pick'] },
      subject: { kind: 'exchange', fromFlow: true },
      data: {
        customerName: cardText(values.customer!.name, 80),
        reservationName: cardText(reservation.displayName, 80),
        currency: reservation.currency,
        // Numbers, not text: Input.Number renderers drop a value that is a string.
        quantity: Math.max(1, returnableQuantity(reservation)),
        maxQuantity: MAX_QUANTITY,
        // The least a replacement must commit for all units still returnable (fewer units, a smaller minimum).
        minimum: money(minimumCommitment(this.services, reservation, this.services.provider.clock.now()), reservation.currency, locale),
        multiUnit: returnableQuantity(reservation) > 1,
        returnQuantity: unitsToReturn(reservation, step.options.returnQuantity),
        maxReturn: returnableQuantity(reservation),
        firstItemId: items[0].id,
        notOffered: cardText(notOffered, 400),
        choices: items.map((item) => ({
          value: item.id,
          // Choice titles are shown as typed (no markdown), so they are plain text.
          title: plainText(
            t(locale, 'exchange.choiceTitle', {
              sku: item.sku,
              region: item.region,
              term: item.term,
              billingPlan: item.billingPlan,
              price: money(item.unitPrice, item.currency, locale),
            }),
            150,
          ),
        })),
      },
    });
  }

  private async showQuote(step: WaterfallStepContext<FlowOptions>): Promise<DialogTurnResult> {
    const values = step.values as ExchangeValues;
    const answer = step.result as CardAnswer | undefined;
    if (answer && (answer.kind !== 'action' || answer.action.action !== 'choose')) {
      return cancelFlow(this.services, step, { kind: 'exchange', customerId: values.customer?.id, reservationId: values.reservationId }, 'replacement picker');
    }
    const reservation = await pickedReservation(this.services, step);
    if (!reservation) return step.endDialog();
    const locale = turnLocale(step.context);
    let chosen: ReplacementChoice | undefined = values.replacement && replacementOf(values.replacement);
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
        await step.context.sendActivity(!item ? t(locale, 'exchange.chooseFromList') : t(locale, 'exchange.quantityRange', { max: MAX_QUANTITY }));
        return step.replaceDialog(this.id, { customer: values.customer, reservationId: values.reservationId } satisfies FlowOptions);
      }
      // Units of the old reservation to exchange: all still returnable unless the agent typed fewer.
      const units = readTypedUnits(answer.action.returnQuantity, returnableQuantity(reservation), locale, 'exchange');
      if (units.kind === 'invalid') {
        await step.context.sendActivity(units.message);
        return step.replaceDialog(this.id, {
          customer: values.customer,
          reservationId: values.reservationId,
          returnQuantity: step.options.returnQuantity,
        } satisfies FlowOptions);
      }
      values.returnQuantity = units.kind === 'units' ? units.units : step.options.returnQuantity;
      chosen = replacementChoiceOf(item, quantity);
    }
    if (!chosen) return step.endDialog();
    const replacement = chosen;
    const { json, quote } = quoteExchange(
      this.services,
      reservation,
      { totalCommitment: new Decimal(replacement.totalCommitment), currency: replacement.currency },
      this.services.provider.clock.now(),
      values.returnQuantity,
    );
    values.shown = quoteBasisOf(json, replacement, values.customer!.id);
    delete values.quote;
    delete values.replacement;
    // The name is read again with the reservation when the quote is made again (the confirm card shows it).
    delete values.reservationName;
    values.returnQuantity = quote.returnQuantity;
    const minimum = money(quote.remainingCommitment, quote.currency, locale);
    const refusal = json.reasons.includes('below-minimum-commitment')
      ? t(locale, 'exchange.belowMinimum', { total: money(replacement.totalCommitment, replacement.currency, locale), minimum })
      : json.reasons.includes('currency-mismatch')
        ? t(locale, 'exchange.currencyMismatch', { replacementCurrency: replacement.currency, currency: json.currency, minimum })
        : json.reasons.map((r) => pickReasonText(r, locale)).join('; ');
    return promptQuote(this.services, step, {
      card: 'exchange-quote',
      help: { keys: ['exchange.help.quote'] },
      customer: values.customer!,
      reservation,
      quote: json,
      facts: quoteFacts(json, replacement, locale),
      extra: { refusal: cardText(refusal, 400), unitsText: t(locale, 'quote.units', { units: quote.returnQuantity, quantity: reservation.quantity }) },
    });
  }

  private async confirmOnContinue(step: WaterfallStepContext<FlowOptions>): Promise<DialogTurnResult> {
    const values = step.values as ExchangeValues;
    const answer = step.result as CardAnswer;
    const action = answer.kind === 'action' ? answer.action.action : 'cancel';
    if (action === 'another')
      return step.replaceDialog(this.id, {
        customer: values.customer,
        reservationId: values.reservationId,
        returnQuantity: values.returnQuantity,
      } satisfies FlowOptions);
    // As after a re-quote at filing, moved figures have the replacement chosen again against the fresh minimum.
    const made = await quoteShownOnCard(this.services, step, values, action, this.id, { customer: values.customer, reservationId: values.reservationId });
    if ('turn' in made) return made.turn;
    const shown = made.quote;
    if (action !== 'continue' || !shown?.eligible) {
      return cancelFlow(
        this.services,
        step,
        { kind: 'exchange', customerId: values.customer?.id, reservationId: values.reservationId, quote: shown },
        'exchange quote',
        made.moved ? AMOUNTS_MOVED : undefined,
      );
    }
    const confirm: ConfirmOptions = {
      customer: values.customer!,
      reservationId: values.reservationId!,
      returnQuantity: values.returnQuantity!,
      ...(values.shown
        ? { shown: values.shown }
        : { reservationName: values.reservationName, quote: values.quote!, ...(values.replacement ? { replacement: values.replacement } : {}) }),
    };
    // Handed over: the confirm step keeps all of it from here on, and names what to quote again if it must.
    handOver(step);
    return step.beginDialog(CONFIRM_AND_FILE, confirm);
  }

  private async afterFiling(step: WaterfallStepContext<FlowOptions>): Promise<DialogTurnResult> {
    const values = step.values as ExchangeValues;
    const result = step.result as ConfirmResult;
    // Fresh figures: the replacement is chosen again against the new minimum (and all units, as at the start).
    if (result === 'requote') {
      return step.replaceDialog(this.id, { customer: values.customer, reservationId: values.reservationId } satisfies FlowOptions);
    }
    if (typeof result === 'object') {
      return step.replaceDialog(this.id, { customer: result.requote.customer, reservationId: result.requote.reservationId } satisfies FlowOptions);
    }
    return step.endDialog();
  }
}
