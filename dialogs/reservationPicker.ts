import type { DialogContext } from 'botbuilder-dialogs';
import { cardText, plainText } from '../src/cards/text';
import type { Reservation } from '../src/ports/reservations';
import { CUSTOMER_REQUESTS_LISTED, readAheadOf } from '../src/ports/readAhead';
import { pickReasonText, pickReasons, returnableQuantity, unquotableReason } from '../src/services/quoting';
import { CardQuestion, type Asked, type CardAnswer, type Checked } from './cardPrompt';
import { lastPageOf, pagingData } from './paging';
import { day } from '../src/cards/format';
import type { DeskServices } from './services';
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

/**
 * Lists a customer's reservations; ineligible ones are shown with the reason and no button. Ends with the reservation
 * id, or undefined when the customer has none.
 */
export class ReservationPickerDialog extends CardQuestion<ReservationPickerOptions, string | undefined, ReservationPickerOptions> {
  constructor(services: DeskServices) {
    super(RESERVATION_PICKER, services);
  }

  /**
   * The customer's reservations, and why each one cannot be picked (none for an overview), worded for the agent.
   * Reasons are worked out per reservation when asked for: a click needs them for its one reservation only.
   */
  private async listed(
    dc: DialogContext,
    options: ReservationPickerOptions,
    locale: Locale,
  ): Promise<{ reservations: Reservation[]; reasonsOf: (reservation: Reservation) => string[] }> {
    const asOf = this.services.provider.clock.now();
    const [reservations, requests] = await Promise.all([
      this.services.provider.reservations.listReservations(options.customerId),
      this.services.requests.listByCustomer(options.customerId, CUSTOMER_REQUESTS_LISTED, readAheadOf(dc.context)),
    ]);
    const reasonsOf = (reservation: Reservation): string[] =>
      options.purpose === 'overview'
        ? []
        : pickReasons(reservation, asOf, requests).map((r) =>
            r === 'figures-inconsistent' ? unquotableReason(reservation, locale)! : pickReasonText(r, locale),
          );
    return { reservations, reasonsOf };
  }

  protected async ask(dc: DialogContext, options: ReservationPickerOptions): Promise<Asked<string | undefined, ReservationPickerOptions>> {
    const locale = turnLocale(dc.context);
    // The flow gives the customer's name for the first page; the state does not keep it (the flow has it).
    const { customerName: given, ...kept } = options;
    const customerName = given ?? (await this.services.provider.directory.getCustomer(options.customerId))?.name ?? '';
    const { reservations, reasonsOf } = await this.listed(dc, kept, locale);
    if (reservations.length === 0) {
      await dc.context.sendActivity(t(locale, 'pick.reservation.none', { customer: customerName }));
      return { answer: undefined };
    }
    // A page past the end (a forged or stale click) shows the last one, from the list already read.
    const page = Math.min(options.page, lastPageOf(reservations.length, RESERVATION_PAGE_SIZE));
    const pageItems = reservations.slice(page * RESERVATION_PAGE_SIZE, (page + 1) * RESERVATION_PAGE_SIZE).map((reservation) => ({
      reservation,
      reasons: reasonsOf(reservation),
    }));
    return {
      keep: kept,
      card: {
        card: 'reservation-picker',
        acceptText: true,
        help: { keys: ['pick.reservation.help'] },
        data: {
          customerName: cardText(customerName, 80),
          // On the pick buttons: the click's step reads this customer's requests and cap entries with the turn's start.
          customerId: options.customerId,
          purpose: options.purpose,
          ...pagingData(page, reservations.length, RESERVATION_PAGE_SIZE, locale),
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
      },
    };
  }

  protected async check(dc: DialogContext, answer: CardAnswer, options: ReservationPickerOptions): Promise<Checked<ReservationPickerOptions, string>> {
    if (answer.kind === 'action' && answer.action.action === 'page' && Number.isSafeInteger(answer.action.page)) {
      return { askAgain: { ...options, page: Math.max(0, answer.action.page as number) } };
    }
    const { reservations, reasonsOf } = await this.listed(dc, options, turnLocale(dc.context));
    const typed = answer.kind === 'text' ? answer.text.toLowerCase() : undefined;
    const wanted =
      answer.kind === 'action'
        ? reservations.filter((r) => r.reservationId === answer.action.reservationId)
        : reservations.filter((r) => r.displayName.toLowerCase().includes(typed!) || r.reservationId.toLowerCase() === typed);
    const reasons = wanted.length === 1 ? reasonsOf(wanted[0]) : [];
    if (wanted.length === 1 && reasons.length === 0) return { answer: wanted[0].reservationId };
    if (wanted.length === 1) {
      await dc.context.sendActivity(turnText(dc.context, 'pick.reservation.cannotChoose', { name: wanted[0].displayName, reasons: reasons.join('; ') }));
    } else {
      await dc.context.sendActivity(turnText(dc.context, wanted.length === 0 ? 'pick.reservation.noMatch' : 'pick.reservation.several'));
    }
    return { askAgain: { ...options, page: 0 } };
  }
}
