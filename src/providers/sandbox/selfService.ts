import { computeRefundQuote } from '../../domain/quote';
import { formatMoney, roundMoney, Decimal } from '../../domain/money';
import { NotFoundError } from '../../errors';
import { worded } from '../../i18n';
import type { Clock } from '../../ports/clock';
import type { ExchangeCatalog } from '../../ports/catalog';
import type { Reservation } from '../../ports/reservations';
import {
  exchangeReference,
  returnReference,
  SelfServiceRefusedError,
  type AzureExchangeFigures,
  type ExchangeOrder,
  type ExchangeSettlement,
  type PreparedExchange,
  type StatedAmount,
  type AzureRefundFigures,
  type PreparedReturn,
  type ReturnOrder,
  type ReturnSettlement,
  type SelfServiceDesk,
  type SelfServiceOffer,
} from '../../ports/selfService';
import type { SandboxReservations } from './reservationSource';
import { stableGuid } from './stableIds';
import type { SandboxSupportDesk } from './supportDesk';
import { RESERVATION_SEEDS } from './tenant/reservations';

const NOT_SUPPORTED = { azureCode: 'SelfServiceRefundNotSupported', reason: 'Self-service refund is not supported for this reservation.' };

/**
 * Azure's own returns and exchanges, simulated: reservations marked `selfService: 'capable'` in the tenant are returned at
 * once (Azure's figures: what was paid minus the share of the term used, no fee); every other one is refused with
 * SelfServiceRefundNotSupported, as Azure answers for most CSP reservations. A return is idempotent by request key
 * and is credited by the simulated back office at once (its credit feed reports it).
 */
export class SandboxSelfService implements SelfServiceDesk {
  private readonly capable = new Set(RESERVATION_SEEDS.filter((seed) => seed.selfService === 'capable').map((seed) => seed.key));

  constructor(
    private readonly clock: Clock,
    private readonly reservations: SandboxReservations,
    private readonly desk: SandboxSupportDesk,
    private readonly catalog: ExchangeCatalog,
  ) {}

  async offerReturn(customerId: string, reservationId: string, quantity: number): Promise<SelfServiceOffer> {
    const reservation = await this.reservations.getReservation(customerId, reservationId);
    if (!reservation) return { available: false, reason: 'That reservation is not one of this customer\u2019s reservations.' };
    const checked = this.check(reservation, quantity);
    return 'refused' in checked ? { available: false, ...checked.refused } : { available: true, figures: checked.figures };
  }

  async prepareReturn(order: ReturnOrder): Promise<PreparedReturn> {
    const reservation = await this.reservations.getReservation(order.customerId, order.reservationId);
    if (!reservation)
      throw new NotFoundError(worded('failure.reservationUnknown.nothingReturned'), {
        reservationId: order.reservationId,
      });
    const checked = this.check(reservation, order.quantity);
    if ('refused' in checked) throw new SelfServiceRefusedError(checked.refused.reason, checked.refused.azureCode);
    return { sessionId: stableGuid(`return-session/${order.requestKey}/${this.clock.now().toISOString()}`), figures: checked.figures };
  }

  async submitReturn(order: ReturnOrder, prepared: PreparedReturn): Promise<ReturnSettlement> {
    const refund = prepared.figures.refund;
    if (!refund) throw new SelfServiceRefusedError('Azure stated no refund amount.');
    const reference = returnReference(order.requestKey);
    return this.desk.recordSettlement<ReturnSettlement>({
      ...this.entryOf(order, reference, refund),
      result: { reference, status: 'returned', figures: prepared.figures, resolvedBy: 'answer' },
    });
  }

  async findReturn(order: ReturnOrder): Promise<ReturnSettlement | undefined> {
    const found = this.desk.settlementFor<ReturnSettlement>(order.requestKey);
    return found && { ...found, resolvedBy: 'order-state' };
  }

  async offerExchange(
    customerId: string,
    reservationId: string,
    quantity: number,
    replacementItemId: string,
    replacementQuantity: number,
  ): Promise<SelfServiceOffer & { exchangeFigures?: AzureExchangeFigures }> {
    try {
      const prepared = await this.prepareExchange({
        requestKey: '',
        customerId,
        customerTenantId: '',
        reservationId,
        reservationOrderId: '',
        quantity,
        quantityBefore: quantity,
        replacementItemId,
        replacementQuantity,
      });
      return { available: true, figures: { refund: prepared.figures.refundsTotal }, exchangeFigures: prepared.figures };
    } catch (error) {
      if (error instanceof SelfServiceRefusedError) return error.asOffer();
      throw error;
    }
  }

  /** Azure's exchange rule: the returned units' prorated value toward the replacement's price, in one currency. */
  async prepareExchange(order: ExchangeOrder): Promise<PreparedExchange> {
    const returned = await this.prepareReturn(order);
    const item = await this.catalog.getItem(order.replacementItemId);
    const refund = returned.figures.refund;
    if (!item || !refund) throw new SelfServiceRefusedError('That replacement is not in this customer\u2019s exchange catalog.', 'InvalidReplacement');
    if (item.currency !== refund.currency)
      throw new SelfServiceRefusedError(`The replacement is billed in ${item.currency}, the reservation in ${refund.currency}.`, 'CurrencyMismatch');
    const purchases = item.unitPrice.times(order.replacementQuantity);
    const stated = (amount: Decimal) => ({ amount: formatMoney(amount, item.currency), currency: item.currency });
    return {
      sessionId: returned.sessionId,
      figures: { refundsTotal: refund, purchasesTotal: stated(purchases), netPayable: stated(purchases.minus(refund.amount)) },
    };
  }

  /** Settled at once and Succeeded: a new reservation order with one reservation, its ids derived from the request key. */
  async submitExchange(order: ExchangeOrder, prepared: PreparedExchange): Promise<ExchangeSettlement> {
    const refund = prepared.figures.refundsTotal;
    if (!refund) throw new SelfServiceRefusedError('Azure stated no refund amount.');
    const reference = exchangeReference(order.requestKey);
    return this.desk.recordSettlement<ExchangeSettlement>({
      ...this.entryOf(order, reference, refund),
      result: {
        reference,
        status: 'Succeeded',
        refundCompleted: true,
        figures: prepared.figures,
        newReservationOrderId: stableGuid(`exchange-order/${order.requestKey}`),
        newReservationIds: [stableGuid(`exchange-reservation/${order.requestKey}`)],
        resolvedBy: 'answer',
      },
    });
  }

  async findExchange(order: ExchangeOrder): Promise<ExchangeSettlement | undefined> {
    const found = this.desk.settlementFor<ExchangeSettlement>(order.requestKey);
    return found && { ...found, resolvedBy: 'order-state' };
  }

  private entryOf(order: ReturnOrder, reference: string, refund: StatedAmount) {
    return {
      requestKey: order.requestKey,
      reference,
      customerId: order.customerId,
      customerTenantId: order.customerTenantId,
      reservationId: order.reservationId,
      creditAmount: refund.amount,
      creditCurrency: refund.currency,
      returnQuantity: order.quantity,
    };
  }

  private check(reservation: Reservation, quantity: number): { figures: AzureRefundFigures } | { refused: { reason: string; azureCode?: string } } {
    if (!this.capable.has(reservation.displayName)) return { refused: NOT_SUPPORTED };
    const returnable = reservation.quantity - reservation.returnedQuantity;
    if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > returnable) {
      return { refused: { azureCode: 'InvalidRefundQuantity', reason: `Only ${returnable} unit${returnable === 1 ? '' : 's'} can be returned.` } };
    }
    // Azure's self-service rule: what was paid minus the share of the term used, never a fee (the azure-2023 preset).
    const quote = computeRefundQuote({
      kind: 'refund',
      policy: 'azure-2023',
      asOf: this.clock.now(),
      reservation: { ...reservation },
      returnQuantity: quantity,
      capConsumedUsd: new Decimal(0),
    });
    if (!quote.eligible)
      return { refused: { azureCode: 'ReservationNotReturnable', reason: `The reservation cannot be returned (${quote.reasons.join(', ')}).` } };
    const stated = (amount: Decimal) => ({ amount: formatMoney(roundMoney(amount, quote.currency), quote.currency), currency: quote.currency });
    return {
      figures: {
        refund: stated(quote.credit),
        totalPaid: stated(quote.paid),
        prorated: stated(quote.used),
        remainingCommitment: stated(quote.total.minus(quote.paid)),
        maxRefundLimit: { amount: '50000.00', currency: 'USD' },
      },
    };
  }
}
