import { createHash } from 'node:crypto';
import { Decimal } from '../../domain/money';

/** Identifier and amount helpers shared by the azure clients. */

const ORDER_AND_RESERVATION = /reservationOrders\/([^/?#]+)\/reservations\/([^/?#]+)/i;
const ORDER_ONLY = /reservationOrders\/([^/?#]+)/i;

/** `{ orderId, reservationId }` from a full reservation id; undefined for anything else. */
export function parseReservationId(id: string): { orderId: string; reservationId: string } | undefined {
  const match = ORDER_AND_RESERVATION.exec(id);
  return match ? { orderId: match[1], reservationId: match[2] } : undefined;
}

export function parseOrderId(id: string): string | undefined {
  return ORDER_ONLY.exec(id)?.[1];
}

/** The last path segment: a bare GUID stays a GUID, a full ARM id gives its name. */
export function lastSegment(id: string): string {
  const parts = id.split('/').filter(Boolean);
  return parts[parts.length - 1] ?? id;
}

export function reservationResourceId(orderId: string, reservationId: string): string {
  return `/providers/Microsoft.Capacity/reservationOrders/${orderId}/reservations/${reservationId}`;
}

/** One URL path segment, encoded: ids come from users and answers and must never add path segments. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}

/**
 * The support ticket's resource name for a request key: a UUID-shaped digest, so a retry, a double click or a
 * redelivery of the same confirmation PUTs the same ticket instead of a second one.
 */
export function ticketNameFor(requestKey: string): string {
  const hex = createHash('sha256').update(`reservation-desk:ticket:${requestKey}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * A JSON number as a Decimal. JSON.parse has already made it a binary double, but for any literal of up to
 * 15 significant digits (every money amount Azure sends) the shortest round-trip form is the literal itself.
 */
export function decimalOf(value: number): Decimal {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite amount: ${value}`);
  return new Decimal(value.toString());
}
