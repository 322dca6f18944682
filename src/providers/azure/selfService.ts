import { Decimal } from '../../domain/money';
import type { Logger } from '../../log';
import {
  EXCHANGE_STATUSES,
  exchangeReference,
  FINAL_EXCHANGE_STATUSES,
  returnReference,
  SelfServiceRefusedError,
  type AzureExchangeFigures,
  type ExchangeOrder,
  type ExchangeSettlement,
  type ExchangeStatus,
  type PreparedExchange,
  type AzureRefundFigures,
  type PreparedReturn,
  type ReturnOrder,
  type ReturnSettlement,
  type SelfServiceDesk,
  type SelfServiceOffer,
  type StatedAmount,
} from '../../ports/selfService';
import { InvalidInputError } from '../../errors';
import { worded } from '../../i18n';
import { parseCatalogItemId, purchaseOf } from './catalog';
import { AzureMalformedAnswerError, AzureOperationFailedError, AzureRejectedError, AzureServiceError } from './errors';
import { retryAfterMs } from './http/retryPolicy';
import { exchangeOperationSchema, type WireExchangeOperation } from './wire/exchangeSchemas';
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
const EXCHANGE_CAPABILITY = 'apiexchangeenabled';

/**
 * Refuses a reservation whose `capabilities` (Azure's comma- or space-separated list, any case) lack `capability`;
 * a reservation that lists none is not refused here (Azure's own answer decides).
 */
function requireCapability(wire: WireReservation, capability: string, doing: 'returning' | 'exchanging'): void {
  const capabilities = wire.properties.capabilities;
  if (
    capabilities &&
    !capabilities
      .toLowerCase()
      .split(/[\s,]+/)
      .includes(capability)
  ) {
    throw new SelfServiceRefusedError(`Azure does not allow ${doing} this reservation through the API (its capabilities: ${capabilities.slice(0, 100)}).`);
  }
}

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
      return refusalOf(error);
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
      subject: 'this reservation order' as const,
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
    requireCapability(found.wire, RETURN_CAPABILITY, 'returning');
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
    if (contradiction) {
      this.options.logger?.warn({ event: 'azure-answer-contradicts-itself', call: 'calculateRefund', customerId, reservationId, problem: contradiction });
      throw new AzureMalformedAnswerError(context, `calculateRefund contradicts itself: ${contradiction}`);
    }
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

  // ------------------------------------------------------------------ exchanges

  async offerExchange(
    customerId: string,
    reservationId: string,
    quantity: number,
    replacementItemId: string,
    replacementQuantity: number,
  ): Promise<SelfServiceOffer & { exchangeFigures?: AzureExchangeFigures }> {
    try {
      const prepared = await this.calculateExchange({ ...orderFor(customerId, reservationId, quantity), replacementItemId, replacementQuantity });
      return { available: true, figures: { refund: prepared.figures.refundsTotal }, exchangeFigures: prepared.figures };
    } catch (error) {
      return refusalOf(error);
    }
  }

  async prepareExchange(order: ExchangeOrder): Promise<PreparedExchange> {
    return this.calculateExchange(order);
  }

  /**
   * POST /providers/Microsoft.Capacity/exchange with the calculation's sessionId (Exchange.json), sent once, then
   * the `Azure-AsyncOperation` monitor is polled until a final status (Succeeded, Failed, Cancelled) or the polls
   * run out; PendingRefunds and PendingPurchases are kept with the operation id, for the credit poller to follow.
   */
  async submitExchange(order: ExchangeOrder, prepared: PreparedExchange): Promise<ExchangeSettlement> {
    const call: ApiCall = {
      ...this.call(order.customerTenantId, 'POST', '/providers/Microsoft.Capacity/exchange'),
      body: { properties: { sessionId: prepared.sessionId } },
      intent: 'write',
      maxAttempts: 1,
    };
    const accepted = await this.http.send(call);
    const monitor = accepted.headers.get('azure-asyncoperation') ?? accepted.headers.get('location');
    const operationId = monitor ? operationIdOf(monitor) : undefined;
    let operation: WireExchangeOperation | undefined =
      accepted.status === 200 && accepted.text.trim() ? this.http.parse(call, accepted, exchangeOperationSchema) : undefined;
    if (!operation && monitor) {
      try {
        operation = await this.followExchange(call, monitor, accepted.headers);
      } catch (error) {
        if (!(error instanceof AzureServiceError)) throw error;
        this.options.logger?.warn({ event: 'azure-exchange-not-followed', requestKey: order.requestKey, code: error.code });
      }
    }
    const settlement = settlementOf(order, operation, operationId, prepared.figures);
    if (settlement.status === 'Failed' || settlement.status === 'Cancelled') {
      throw new AzureOperationFailedError(
        { ...this.http.contextOf(call), intent: 'read', azureCode: operation?.error?.code ?? undefined },
        operation?.error?.message ?? `the exchange ended ${settlement.status}; nothing was exchanged`,
      );
    }
    return settlement;
  }

  /** After a lost answer: the reservation given in exchange shows it returned, so the refund part is done. */
  async findExchange(order: ExchangeOrder): Promise<ExchangeSettlement | undefined> {
    const wire = await this.arm.getReservation(order.customerTenantId, order.reservationOrderId, order.reservationId);
    if (!showsReturned(wire, order.quantityBefore, order.quantity)) return undefined;
    return {
      reference: exchangeReference(order.requestKey),
      status: 'PendingPurchases',
      refundCompleted: true,
      figures: {},
      newReservationIds: [],
      resolvedBy: 'order-state',
    };
  }

  /** Where an exchange stands now (the credit poller's question while the request is filed). */
  async exchangeProgress(tenantId: string, operationId: string): Promise<{ status: ExchangeStatus; refundCompleted: boolean }> {
    const call: ApiCall = {
      ...this.call(tenantId, 'GET', `/providers/Microsoft.Capacity/operationResults/${segment(operationId)}`),
      subject: 'this exchange' as const,
    };
    const operation = await this.http.json(call, exchangeOperationSchema);
    const status = statusOf(operation.status);
    return { status, refundCompleted: refundDone(status, operation) };
  }

  private async followExchange(call: ApiCall, monitor: string, firstHeaders: Headers): Promise<WireExchangeOperation | undefined> {
    let headers = firstHeaders;
    let last: WireExchangeOperation | undefined;
    for (let poll = 1; poll <= this.options.polling.maxPolls; poll += 1) {
      await this.options.polling.sleep(retryAfterMs(headers, this.options.polling.now()) ?? this.options.polling.pollIntervalMs);
      const pollCall: ApiCall = {
        service: call.service,
        method: 'GET',
        url: new URL(monitor, call.url),
        tenantId: call.tenantId,
        scope: call.scope,
        subject: 'the exchange it started' as const,
      };
      const response = await this.http.send(pollCall);
      headers = response.headers;
      last = this.http.parse(pollCall, response, exchangeOperationSchema);
      if (FINAL_EXCHANGE_STATUSES.includes(statusOf(last.status))) return last;
    }
    return last;
  }

  /** calculateExchange for the replacement, refused on policy errors; its sessionId is what `exchange` needs. */
  private async calculateExchange(order: ExchangeOrder): Promise<PreparedExchange> {
    const key = parseCatalogItemId(order.replacementItemId);
    if (!key || key.customerId !== order.customerId) {
      throw new InvalidInputError(worded('failure.replacementUnknown'), { field: 'replacementItemId' });
    }
    const found = await this.locator.requireWire(order.customerId, order.reservationId);
    requireCapability(found.wire, EXCHANGE_CAPABILITY, 'exchanging');
    const ids = reservationIdsOf(found.wire) ?? { orderId: found.orderId, reservationId: order.reservationId };
    const checked = await this.arm.calculateExchange(
      found.customer.tenantId,
      { reservationResourceId: reservationResourceId(ids.orderId, ids.reservationId), quantity: order.quantity },
      purchaseOf(key, order.replacementQuantity, `${key.sku} (exchange)`),
    );
    if (!checked.ok) {
      if (checked.error instanceof AzureRejectedError || checked.error instanceof AzureOperationFailedError) {
        throw new SelfServiceRefusedError(String(checked.error.details.azureMessage || checked.error.azureCode || 'not allowed'), checked.error.azureCode);
      }
      throw checked.error;
    }
    const p = checked.value.properties;
    const policyError = p?.policyResult?.policyErrors?.find(Boolean);
    if (policyError) throw new SelfServiceRefusedError(policyError.message ?? policyError.code ?? 'not allowed', policyError.code ?? undefined);
    if (!p?.sessionId) throw new AzureMalformedAnswerError({ service: 'azure-reservations', intent: 'read' }, 'calculateExchange named no sessionId');
    return { sessionId: p.sessionId, figures: exchangeFiguresOf(p) };
  }

  private call(tenantId: string, method: 'POST' | 'GET', path: string): ApiCall {
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
  return price ? { amount: decimalOf(price.amount).toFixed(), currency: price.currencyCode.toUpperCase() } : undefined;
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

/** Why an offer is not made, in words for the card: Azure's reason, the contradiction it answered, or the outage. */
function refusalOf(error: unknown): { available: false; reason: string; azureCode?: string } {
  if (error instanceof SelfServiceRefusedError) return error.asOffer();
  if (error instanceof AzureMalformedAnswerError)
    return { available: false, reason: `Azure's answer cannot be relied on (${String(error.details.problem ?? 'unreadable').slice(0, 160)}).` };
  if (error instanceof AzureServiceError) return { available: false, reason: `Azure could not be asked (${error.code}).` };
  throw error;
}

function orderFor(customerId: string, reservationId: string, quantity: number): ReturnOrder {
  // An offer only reads: no request key, tenant or order yet (the locator finds them).
  return { requestKey: '', customerId, customerTenantId: '', reservationId, reservationOrderId: '', quantity, quantityBefore: quantity };
}

function operationIdOf(monitor: string): string | undefined {
  try {
    return decodeURIComponent(new URL(monitor, 'https://management.azure.com').pathname.split('/').filter(Boolean).pop() ?? '') || undefined;
  } catch {
    return undefined;
  }
}

/** Azure's status, case-insensitively; anything else not final (InProgress, Accepted) means nothing is done yet. */
function statusOf(status: string | null | undefined): ExchangeStatus {
  return EXCHANGE_STATUSES.find((s) => s.toLowerCase() === String(status ?? '').toLowerCase()) ?? 'PendingRefunds';
}

function refundDone(status: ExchangeStatus, operation: WireExchangeOperation | undefined): boolean {
  if (status === 'Succeeded' || status === 'PendingPurchases') return true;
  const parts = operation?.properties?.reservationsToExchange ?? [];
  return parts.length > 0 && parts.every((part) => part.status?.toLowerCase() === 'succeeded');
}

function exchangeFiguresOf(
  p: { refundsTotal?: WirePrice | null; purchasesTotal?: WirePrice | null; netPayable?: WirePrice | null } | null | undefined,
): AzureExchangeFigures {
  const entries: Array<[keyof AzureExchangeFigures, StatedAmount | undefined]> = [
    ['refundsTotal', stated(p?.refundsTotal)],
    ['purchasesTotal', stated(p?.purchasesTotal)],
    ['netPayable', stated(p?.netPayable)],
  ];
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined)) as AzureExchangeFigures;
}

function settlementOf(
  order: ExchangeOrder,
  operation: WireExchangeOperation | undefined,
  operationId: string | undefined,
  calculated: AzureExchangeFigures,
): ExchangeSettlement {
  const status = statusOf(operation?.status);
  const figures = exchangeFiguresOf(operation?.properties);
  const purchase = operation?.properties?.reservationsToPurchase?.find((p) => p.reservationOrderId || p.reservationId);
  const newReservationOrderId = purchase?.reservationOrderId ? (purchase.reservationOrderId.split('/').pop() ?? undefined) : undefined;
  const newReservationIds = (operation?.properties?.reservationsToPurchase ?? []).flatMap((p) => (p.reservationId ? [p.reservationId.split('/').pop()!] : []));
  return {
    reference: exchangeReference(order.requestKey),
    status,
    refundCompleted: refundDone(status, operation),
    figures: figures.refundsTotal ? figures : calculated,
    ...(operationId ? { operationId } : {}),
    ...(newReservationOrderId ? { newReservationOrderId } : {}),
    newReservationIds,
    resolvedBy: 'answer',
  };
}
