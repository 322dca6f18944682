import { NotFoundError } from '../../errors';
import type { Reservation, ReservationSource } from '../../ports/reservations';

/** Callers get copies: a card or dialog that mutates a Date must not change the tenant. */
export function copyReservation(r: Reservation): Reservation {
  return { ...r, benefitStart: new Date(r.benefitStart), expiry: new Date(r.expiry), utilization: { ...r.utilization } };
}

export class SandboxReservations implements ReservationSource {
  private readonly byCustomer = new Map<string, Reservation[]>();

  constructor(customerIds: readonly string[], reservations: readonly Reservation[]) {
    for (const id of customerIds) this.byCustomer.set(id, []);
    for (const r of reservations) this.byCustomer.get(r.customerId)?.push(r);
  }

  /** Newest benefit start first, as the Azure portal lists them. */
  async listReservations(customerId: string): Promise<Reservation[]> {
    const list = this.byCustomer.get(customerId);
    if (!list) throw new NotFoundError('That customer is not one of this partner\u2019s customers.', { customerId });
    return [...list].sort((a, b) => b.benefitStart.getTime() - a.benefitStart.getTime() || (a.reservationId < b.reservationId ? -1 : 1)).map(copyReservation);
  }

  async getReservation(customerId: string, reservationId: string): Promise<Reservation | undefined> {
    const found = this.byCustomer.get(customerId)?.find((r) => r.reservationId === reservationId);
    return found ? copyReservation(found) : undefined;
  }

  /** Synchronous lookup for the other sandbox parts (catalog, support desk). */
  find(customerId: string, reservationId: string): Reservation | undefined {
    return this.byCustomer.get(customerId)?.find((r) => r.reservationId === reservationId);
  }
}
