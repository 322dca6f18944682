import { DeskError } from '../errors';

/**
 * Azure's own, immediate way to settle a refund: returning a reservation through the API (`calculateRefund` →
 * `return` with its sessionId), instead of asking Microsoft Support. Only some reservations allow it; the
 * support ticket always remains possible (SPEC section 6).
 */

/** An amount as Azure stated it, kept as a decimal string so it can be stored and compared exactly. */
export interface StatedAmount {
  amount: string;
  currency: string;
}

/** What Azure's refund calculation (and the return's answer) says about the units returned. */
export interface AzureRefundFigures {
  refund?: StatedAmount;
  totalPaid?: StatedAmount;
  prorated?: StatedAmount;
  remainingCommitment?: StatedAmount;
  consumedRefundsTotal?: StatedAmount;
  maxRefundLimit?: StatedAmount;
}

/** Whether Azure would return these units itself right now, and if not, why (Azure's own reason). */
export type SelfServiceOffer = { available: true; figures: AzureRefundFigures } | { available: false; reason: string; azureCode?: string };

/** A return to settle: everything the provider needs, all from the request record. */
export interface ReturnOrder {
  /** The request key: one key, at most one return. */
  requestKey: string;
  customerId: string;
  customerTenantId: string;
  reservationId: string;
  reservationOrderId: string;
  /** Units to return. */
  quantity: number;
  /** The reservation's quantity when the agent confirmed: how a lost answer is recognised as a return that happened. */
  quantityBefore: number;
}

/** A fresh calculation, the one the return is posted with. */
export interface PreparedReturn {
  sessionId: string;
  figures: AzureRefundFigures;
}

/** What settling through Azure achieved. */
export interface ReturnSettlement {
  /** Our reference for it, unique per return: stored where a ticket id would be, so credits find the request. */
  reference: string;
  /** `returned`: Azure shows the units returned. `accepted`: Azure took the return and is still processing it. */
  status: 'returned' | 'accepted';
  figures: AzureRefundFigures;
  /** `answer`: from Azure's reply; `order-state`: the reply was lost and the order was read instead. */
  resolvedBy: 'answer' | 'order-state';
}

/** An exchange to settle: a return order plus the replacement it buys. */
export interface ExchangeOrder extends ReturnOrder {
  replacementItemId: string;
  replacementQuantity: number;
}

/** Azure's statuses for an exchange; the first three are final. */
export const EXCHANGE_STATUSES = ['Succeeded', 'Failed', 'Cancelled', 'PendingRefunds', 'PendingPurchases'] as const;
export type ExchangeStatus = (typeof EXCHANGE_STATUSES)[number];
export const FINAL_EXCHANGE_STATUSES: readonly ExchangeStatus[] = ['Succeeded', 'Failed', 'Cancelled'];

/** What Azure's exchange calculation (and the exchange's answer) says. */
export interface AzureExchangeFigures {
  refundsTotal?: StatedAmount;
  purchasesTotal?: StatedAmount;
  netPayable?: StatedAmount;
}

export interface PreparedExchange {
  sessionId: string;
  figures: AzureExchangeFigures;
}

/** What settling an exchange through Azure achieved so far. */
export interface ExchangeSettlement {
  /** One per request key, kept where a ticket id would be. */
  reference: string;
  status: ExchangeStatus;
  /** The refund part is done (status PendingPurchases or Succeeded, or the returned reservation shows it): the credit is due. */
  refundCompleted: boolean;
  figures: AzureExchangeFigures;
  /** Azure's operation, to follow an exchange that was not final when the turn ended. */
  operationId?: string;
  newReservationOrderId?: string;
  newReservationIds: string[];
  resolvedBy: 'answer' | 'order-state';
}

export interface SelfServiceDesk {
  /** Read-only: may these units be returned through Azure now? Failures and policy errors become `available: false`. */
  offerReturn(customerId: string, reservationId: string, quantity: number): Promise<SelfServiceOffer>;
  /** A fresh calculation for the return. Refusals throw SelfServiceRefusedError (nothing was changed). */
  prepareReturn(order: ReturnOrder): Promise<PreparedReturn>;
  /** Posts the return with the calculation's session and follows it. Errors with `intent: 'write'` leave the outcome unknown. */
  submitReturn(order: ReturnOrder, prepared: PreparedReturn): Promise<ReturnSettlement>;
  /** After an answer was lost: reads the order's state. Undefined when it shows no return of these units. */
  findReturn(order: ReturnOrder): Promise<ReturnSettlement | undefined>;
  /** Read-only: may Azure exchange these units for the replacement itself now (calculateExchange without policy errors)? */
  offerExchange?(
    customerId: string,
    reservationId: string,
    quantity: number,
    replacementItemId: string,
    replacementQuantity: number,
  ): Promise<SelfServiceOffer & { exchangeFigures?: AzureExchangeFigures }>;
  prepareExchange?(order: ExchangeOrder): Promise<PreparedExchange>;
  /** Posts `exchange` with the calculation's session and follows it until final or out of polls. Failed/Cancelled throw. */
  submitExchange?(order: ExchangeOrder, prepared: PreparedExchange): Promise<ExchangeSettlement>;
  /** After an answer was lost: reads the returned reservation's state. */
  findExchange?(order: ExchangeOrder): Promise<ExchangeSettlement | undefined>;
}

export function exchangeReference(requestKey: string): string {
  return `exchange:${requestKey}`;
}

export function isExchangeReference(ticketId: string): boolean {
  return ticketId.startsWith('exchange:');
}

/** The reference of a request's return: one per request key, kept where a ticket id would be so credits find it. */
export function returnReference(requestKey: string): string {
  return `return:${requestKey}`;
}

/** Whether a request's ticket id is in fact the reference of a return Azure made itself. */
export function isReturnReference(ticketId: string): boolean {
  return ticketId.startsWith('return:');
}

/** Azure will not return these units itself (a policy error such as SelfServiceRefundNotSupported): nothing was changed. */
export class SelfServiceRefusedError extends DeskError {
  constructor(
    readonly reason: string,
    readonly azureCode?: string,
  ) {
    super('self-service-refused', `Azure will not return this reservation itself: ${reason} Nothing was returned; file a support request instead.`, {
      azureCode,
    });
  }

  /** The refusal as an offer's answer: not available, for this reason. */
  asOffer(): SelfServiceOffer & { available: false } {
    return { available: false, reason: this.reason, ...(this.azureCode ? { azureCode: this.azureCode } : {}) };
  }
}
