import { ComponentDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { cardText, plainText } from '../src/cards/text';
import type { Reservation } from '../src/ports/reservations';
import { CUSTOMER_REQUESTS_LISTED, readAheadOf } from '../src/ports/readAhead';
import { pickReasonText, pickReasons, returnableQuantity, unquotableReason } from '../src/services/quoting';
import { CARD_PROMPT, CardPrompt, type CardAnswer } from './cardPrompt';
import { lastPageOf, pagingData } from './paging';
import { day } from '../src/cards/format';
import type { DeskServices } from './services';
import { FlowWaterfall } from './flowState';
import { turnLocale, turnText } from './language';
import { t, type Locale } from '../src/i18n';

export const RESERVATION_PICKER = 'reservationPicker';
export const RESERVATION_PAGE_SIZE = 8;

export interface ReservationPickerOptions {
  customerId: string;
  /** Given by the flow for the first page; not kept in the state (the flow keeps it), read again to show another page. */
  customerName?: string;
  /** refund and exchange need an eligible reservation; an overview may show any. */
  purpose: 'refund' | 'exchange' | 'overview';
  page: number;
}

/** Lists a customer's reservations; ineligible ones are shown with the reason and no button. Ends with the reservation id. */
export class ReservationPickerDialog extends ComponentDialog {
  constructor(private readonly services: DeskServices) {
    super(RESERVATION_PICKER);
    this.addDialog(new CardPrompt(services));
    this.addDialog(new FlowWaterfall('pickReservation', [this.showReservations.bind(this), this.takeAnswer.bind(this)]));
    this.initialDialogId = 'pickReservation';
  }

  private async choosable(
    step: WaterfallStepContext,
    options: ReservationPickerOptions,
    locale: Locale,
  ): Promise<Array<{ reservation: Reservation; reasons: string[] }>> {
    const asOf = this.services.provider.clock.now();
    const [reservations, requests] = await Promise.all([
      this.services.provider.reservations.listReservations(options.customerId),
      this.services.requests.listByCustomer(options.customerId, CUSTOMER_REQUESTS_LISTED, readAheadOf(step.context)),
    ]);
    return reservations.map((reservation) => ({
      reservation,
      reasons:
        options.purpose === 'overview'
          ? []
          : pickReasons(reservation, asOf, requests).map((r) =>
              r === 'figures-inconsistent' ? unquotableReason(reservation, locale)! : pickReasonText(r, locale),
            ),
    }));
  }

  private async showReservations(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as ReservationPickerOptions;
    const customerName = options.customerName ?? (await this.services.provider.directory.getCustomer(options.customerId))?.name ?? '';
    delete options.customerName;
    const locale = turnLocale(step.context);
    const all = await this.choosable(step, options, locale);
    if (all.length === 0) {
      await step.context.sendActivity(t(locale, 'pick.reservation.none', { customer: customerName }));
      return step.endDialog(undefined);
    }
    // A page past the end (a forged or stale click) shows the last one, from the list already read.
    const page = Math.min(options.page, lastPageOf(all.length, RESERVATION_PAGE_SIZE));
    const pageItems = all.slice(page * RESERVATION_PAGE_SIZE, (page + 1) * RESERVATION_PAGE_SIZE);
    return step.beginDialog(CARD_PROMPT, {
      card: 'reservation-picker',
      acceptText: true,
      help: { keys: ['pick.reservation.help'] },
      data: {
        customerName: cardText(customerName, 80),
        // On the pick buttons: the click's step reads this customer's requests and cap entries with the turn's start.
        customerId: options.customerId,
        purpose: options.purpose,
        ...pagingData(page, all.length, RESERVATION_PAGE_SIZE, locale),
        reservations: pageItems.map(({ reservation: r, reasons }) => ({
          id: r.reservationId,
          name: cardText(r.displayName, 80),
          summary: cardText(
            t(locale, 'pick.reservation.summary', {
              sku: r.sku,
              region: r.region,
              returnable: returnableQuantity(r),
              quantity: r.quantity,
              term: r.term,
              billingPlan: r.billingPlan,
              expiry: day(r.expiry, locale),
            }),
            160,
          ),
          choosable: reasons.length === 0,
          reason: reasons.length ? cardText(t(locale, 'pick.reservation.notAvailable', { reasons: reasons.join('; ') }), 200) : '',
          button: plainText(t(locale, 'pick.reservation.button', { name: r.displayName }), 60),
          label: plainText(t(locale, 'pick.reservation.label', { name: r.displayName }), 100),
        })),
      },
    });
  }

  private async takeAnswer(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as ReservationPickerOptions;
    const answer = step.result as CardAnswer;
    if (answer.kind === 'action' && answer.action.action === 'page' && Number.isSafeInteger(answer.action.page)) {
      return step.replaceDialog(this.id, { ...options, page: Math.max(0, answer.action.page as number) });
    }
    const all = await this.choosable(step, options, turnLocale(step.context));
    const wanted =
      answer.kind === 'action'
        ? all.filter((c) => c.reservation.reservationId === answer.action.reservationId)
        : all.filter(
            (c) =>
              c.reservation.displayName.toLowerCase().includes(answer.text.toLowerCase()) ||
              c.reservation.reservationId.toLowerCase() === answer.text.toLowerCase(),
          );
    if (wanted.length === 1 && wanted[0].reasons.length === 0) return step.endDialog(wanted[0].reservation.reservationId);
    if (wanted.length === 1) {
      await step.context.sendActivity(
        turnText(step.context, 'pick.reservation.cannotChoose', { name: wanted[0].reservation.displayName, reasons: wanted[0].reasons.join('; ') }),
      );
    } else {
      await step.context.sendActivity(turnText(step.context, wanted.length === 0 ? 'pick.reservation.noMatch' : 'pick.reservation.several'));
    }
    return step.replaceDialog(this.id, { ...options, page: 0 });
  }
}
