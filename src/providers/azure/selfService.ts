import { Decimal } from '../../domain/money';
import type { Logger } from '../../log';
import {
  returnReference,
  SelfServiceRefusedError,
  type AzureRefundFigures,
  type PreparedReturn,
  type ReturnOrder,
  type ReturnSettlement,
  type SelfServiceDesk,
  type SelfServiceOffer,
  type StatedAmount,
} from '../../ports/selfService';
import { AzureMalformedAnswerError, AzureRejectedError, AzureServiceError } from './errors';
import type { ApiCall, AzureHttpClient } from './http/client';
import { awaitOperation, type PollingOptions } from './http/longRunning';
import { decimalOf, reservationResourceId, segment } from './ids';
import { reservationIdsOf } from './reservationMapping';
import type { ReservationLocator } from './reservationSource';
import { RESERVATIONS_API_VERSION, type ArmReservationsClient } from './reservationsArm';
import { calculateRefundResponseSchema, type WirePrice, type WireRefundResponse, type WireReservation } from './wire/armSchemas';

/**
 * Azure's own returns (Microsoft.Capacity 2022-11-01): `calculateRefund` for a session and Azure's figures, then
 * `POST .../reservationOrders/{id}/return` with that sessionId. Azure answers 202 with the refund figures and a
 * `Location` (the reservation order) to follow until it answers 200 (azure-rest-api-specs example Return.json).
 *
 * The POST is sent once (no automatic retry: a timeout or 5xx leaves the outcome unknown, and the filing service
 * then reads the order's state instead of posting again). A reservation whose `capabilities` are stated without
 * `ApiReturnEnabled` is not offered; one without `capabilities` is judged by calculateRefund's policy errors.
 */
export interface AzureSelfServiceOptions {
  baseUrl: string;
  scope: string;
  polling: Omit<PollingOptions, 'finalGet'>;
  logger?: Logger;
}

/** Why the return is sent: Azure asks for a reason; it is the customer's decision relayed by the partner. */
const RETURN_REASON = 'Returned by the CSP partner on the customer\u2019s request (Reservation Desk)';
const RETURN_CAPABILITY = 'apireturnenabled';

export class AzureSelfService implements SelfServiceDesk {
  constructor(
    private readonly locator: ReservationLocator,
    private readonly arm: ArmReservationsClient,
    private readonly http: AzureHttpClient,
    private readonly options: AzureSelfServiceOptions,
  ) {}

  async offerReturn(customerId: string, reservationId: string, quantity: number): Promise<SelfServiceOffer> {
    try {
      const prepared = await this.calculate(customerId, reservationId, quantity);
      return { available: true, figures: prepared.figures };
    } catch (error) {
      if (error instanceof SelfServiceRefusedError) return { available: false, reason: error.reason, ...(error.azureCode ? { azureCode: error.azureCode } : {}) };
      if (error instanceof AzureServiceError) return { available: false, reason: `Azure could not be asked (${error.code}).` };
      throw error;
    }
  }

  async prepareReturn(order: ReturnOrder): Promise<PreparedReturn> {
    return this.calculate(order.customerId, order.reservationId, order.quantity);
  }

  async submitReturn(order: ReturnOrder, prepared: PreparedReturn): Promise<ReturnSettlement> {
    const call: ApiCall = {
      ...this.call(order.customerTenantId, 'POST', `/providers/Microsoft.Capacity/reservationOrders/${segment(order.reservationOrderId)}/return`),
      body: {
        properties: {
          sessionId: prepared.sessionId,
          scope: 'Reservation',
          reservationToReturn: { reservationId: reservationResourceId(order.reservationOrderId, order.reservationId), quantity: order.quantity },
          returnReason: RETURN_REASON,
        },
      },
      intent: 'write',
      // Never re-sent automatically: a lost answer is resolved by reading the order (findReturn).
      maxAttempts: 1,
      subject: 'this reservation order',
    };
    const reference = returnReference(order.requestKey);
    const accepted = await this.http.send(call);
    const figures = this.answeredFigures(call, accepted.text, prepared.figures);
    try {
      await awaitOperation(this.http, call, accepted, this.options.polling);
    } catch (error) {
      // Azure took the return (202); only following it failed. The credit poller sees it complete.
      if (!(error instanceof AzureServiceError)) throw error;
      this.options.logger?.warn({ event: 'azure-return-still-running', requestKey: order.requestKey, code: error.code });
      return { reference, status: 'accepted', figures, resolvedBy: 'answer' };
    }
    return { reference, status: 'returned', figures, resolvedBy: 'answer' };
  }

  async findReturn(order: ReturnOrder): Promise<ReturnSettlement | undefined> {
    const wire = await this.arm.getReservation(order.customerTenantId, order.reservationOrderId, order.reservationId);
    if (!showsReturned(wire, order.quantityBefore, order.quantity)) return undefined;
    return { reference: returnReference(order.requestKey), status: 'returned', figures: {}, resolvedBy: 'order-state' };
  }

  /** calculateRefund for these units, refused unless Azure allows a return and its answer is consistent. */
  private async calculate(customerId: string, reservationId: string, quantity: number): Promise<PreparedReturn> {
    const found = await this.locator.requireWire(customerId, reservationId);
    const capabilities = found.wire.properties.capabilities;
    if (capabilities && !capabilities.toLowerCase().split(/[\s,]+/).includes(RETURN_CAPABILITY)) {
      throw new SelfServiceRefusedError(`Azure does not allow returning this reservation through the API (its capabilities: ${capabilities.slice(0, 100)}).`);
    }
    const ids = reservationIdsOf(found.wire) ?? { orderId: found.orderId, reservationId };
    const checked = await this.arm.calculateRefund(found.customer.tenantId, ids.orderId, ids.reservationId, quantity);
    if (!checked.ok) {
      if (checked.error instanceof AzureRejectedError) {
        throw new SelfServiceRefusedError(String(checked.error.details.azureMessage || checked.error.azureCode || 'not allowed'), checked.error.azureCode);
      }
      throw checked.error;
    }
    const p = checked.value.properties;
    const policyError = p?.policyResult?.properties?.policyErrors?.find(Boolean);
    if (policyError) throw new SelfServiceRefusedError(policyError.message ?? policyError.code ?? 'not allowed', policyError.code ?? undefined);
    const context = { service: 'azure-reservations' as const, intent: 'read' as const };
    if (!p?.sessionId) throw new AzureMalformedAnswerError(context, 'calculateRefund named no sessionId');
    const figures = figuresOf(checked.value);
    const contradiction = contradictionIn(checked.value, quantity, figures);
    if (contradiction) throw new AzureMalformedAnswerError(context, `calculateRefund contradicts itself: ${contradiction}`);
    return { sessionId: p.sessionId, figures };
  }

  /** The 202's body carries Azure's figures for the return; unreadable or absent, the calculation's stand. */
  private answeredFigures(call: ApiCall, text: string, calculated: AzureRefundFigures): AzureRefundFigures {
    if (!text.trim()) return calculated;
    try {
      const answered = figuresOf(this.http.parse(call, { status: 202, headers: new Headers(), text, url: call.url }, calculateRefundResponseSchema));
      return answered.refund ? answered : calculated;
    } catch (error) {
      if (error instanceof AzureMalformedAnswerError) return calculated;
      throw error;
    }
  }

  private call(tenantId: string, method: 'POST', path: string): ApiCall {
    const url = new URL(`${this.options.baseUrl}${path}?api-version=${RESERVATIONS_API_VERSION}`);
    return { service: 'azure-reservations', method, url, tenantId, scope: this.options.scope };
  }
}

/** Azure shows the units returned: the reservation is gone or Cancelled, or its quantity dropped by at least them. */
export function showsReturned(wire: WireReservation | undefined, quantityBefore: number, returned: number): boolean {
  if (!wire) return true;
  if (wire.properties.provisioningState?.toLowerCase() === 'cancelled') return true;
  const now = wire.properties.quantity;
  return typeof now === 'number' && now <= quantityBefore - returned;
}

function stated(price: WirePrice | null | undefined): StatedAmount | undefined {
  return price ? { amount: decimalOf(price.amount).toString(), currency: price.currencyCode.toUpperCase() } : undefined;
}

function figuresOf(answer: WireRefundResponse): AzureRefundFigures {
  const p = answer.properties;
  const entries: Array<[keyof AzureRefundFigures, StatedAmount | undefined]> = [
    ['refund', stated(p?.billingRefundAmount)],
    ['totalPaid', stated(p?.billingInformation?.billingCurrencyTotalPaidAmount)],
    ['prorated', stated(p?.billingInformation?.billingCurrencyProratedAmount)],
    ['remainingCommitment', stated(p?.billingInformation?.billingCurrencyRemainingCommitmentAmount)],
    ['consumedRefundsTotal', stated(p?.policyResult?.properties?.consumedRefundsTotal)],
    ['maxRefundLimit', stated(p?.policyResult?.properties?.maxRefundLimit)],
  ];
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined)) as AzureRefundFigures;
}

/** A figure Azure states that cannot be true together with the others, or undefined. */
function contradictionIn(answer: WireRefundResponse, quantity: number, figures: AzureRefundFigures): string | undefined {
  const answeredQuantity = answer.properties?.quantity;
  if (typeof answeredQuantity === 'number' && answeredQuantity !== quantity) return `quantity ${answeredQuantity}, not the ${quantity} asked for`;
  if (!figures.refund) return 'no billingRefundAmount';
  for (const [name, amount] of Object.entries(figures)) if (amount && amount.amount.startsWith('-')) return `${name} is negative`;
  const { refund, totalPaid } = figures;
  if (totalPaid && totalPaid.currency === refund.currency && new Decimal(refund.amount).greaterThan(totalPaid.amount)) {
    return `refund ${refund.amount} is above the ${totalPaid.amount} paid`;
  }
  return undefined;
}
