import type { QuoteJson } from '../domain/quoteContract';
import type { Customer } from '../ports/partnerDirectory';
import type { Reservation } from '../ports/reservations';

export interface ReplacementChoice {
  itemId: string;
  sku: string;
  displayName: string;
  region: string;
  term: string;
  billingPlan: string;
  quantity: number;
  currency: string;
  totalCommitment: string;
}

/** The support request's title (SPEC section 4: names the action and the reservation). */
export function ticketTitle(kind: 'refund' | 'exchange', reservation: Reservation): string {
  const action = kind === 'refund' ? 'Refund' : 'Exchange';
  return `${action} of Azure reservation ${reservation.displayName} (${reservation.reservationId})`.slice(0, 200);
}

/** The support request's description: everything Microsoft support asks for, in plain lines. */
export function ticketDescription(
  kind: 'refund' | 'exchange',
  customer: Pick<Customer, 'name' | 'tenantId'>,
  reservation: Reservation,
  quote: QuoteJson,
  replacement: ReplacementChoice | undefined,
  returnQuantity: number,
): string {
  const lines = [
    `Request: ${kind === 'refund' ? 'cancel the reservation and refund the partner' : 'exchange the reservation'} on behalf of a CSP customer.`,
    `Quantity to ${kind === 'refund' ? 'return' : 'exchange'}: ${returnQuantity} of ${reservation.quantity}`,
    `Reservation ID: ${reservation.reservationId}`,
    `Reservation order ID: ${reservation.reservationOrderId}`,
    `Reservation: ${reservation.displayName}, ${reservation.sku}, ${reservation.region}, quantity ${reservation.quantity}, ${reservation.term} ${reservation.billingPlan}`,
    `Customer: ${customer.name} (tenant ID ${customer.tenantId})`,
    `Policy: ${quote.policy}; days since purchase ${quote.daysSincePurchase}; used days ${quote.usedDays} of ${quote.termDays}`,
  ];
  if (quote.kind === 'refund') {
    lines.push(
      `Credit: ${quote.credit} ${quote.currency}; early termination fee: ${quote.fee} ${quote.currency} (rate ${quote.feeRate}); refund: ${quote.refund} ${quote.currency} (${quote.refundUsd} USD)`,
      `Refund cap: limit ${quote.capLimitUsd} USD, consumed ${quote.capConsumedUsd} USD, remaining ${quote.capRemainingUsd} USD, remaining after this refund ${quote.capRemainingAfterUsd} USD${quote.capped ? ' (refund capped at the remaining cap)' : ''}`,
    );
  } else {
    lines.push(`Credit toward the replacement: ${quote.credit} ${quote.currency}; minimum new commitment: ${quote.remainingCommitment} ${quote.currency}`);
    if (replacement) {
      lines.push(
        `Replacement: ${replacement.displayName} (${replacement.sku}), ${replacement.region}, ${replacement.term} ${replacement.billingPlan}, quantity ${replacement.quantity}, total commitment ${replacement.totalCommitment} ${replacement.currency}; net payable ${quote.netPayable} ${quote.currency}`,
      );
    }
  }
  return lines.join('\n');
}
