import { NotFoundError } from '../../errors';
import { worded } from '../../i18n';
import type { Reservation, ReservationSource } from '../../ports/reservations';

/** Callers get copies: a card or dialog that mutates a Date must not change the tenant. */
export function copyReservation(r: Reservation): Reservation {
  return { ...r, benefitStart: new Date(r.benefitStart), expiry: new Date(r.expiry), utilization: { ...r.utilization } };
}

export class SandboxReservations implements ReservationSource {
  private readonly byCustomer = new Map<string, Reservation[]>();
  /** Units returned through the simulated desk since start (set once the desk exists). */
  unitsReturned: (reservationId: string) => number = () => 0;

  constructor(customerIds: readonly string[], reservations: readonly Reservation[]) {
    for (const id of customerIds) this.byCustomer.set(id, []);
    for (const r of reservations) this.byCustomer.get(r.customerId)?.push(r);
  }

  /** Newest benefit start first, as the Azure portal lists them. */
  async listReservations(customerId: string): Promise<Reservation[]> {
    const list = this.byCustomer.get(customerId);
    if (!list) throw new NotFoundError(worded('failure.customerUnknown'), { customerId });
    return [...list]
      .sort((a, b) => b.benefitStart.getTime() - a.benefitStart.getTime() || (a.reservationId < b.reservationId ? -1 : 1))
      .map((r) => this.current(r));
  }

  async getReservation(customerId: string, reservationId: string): Promise<Reservation | undefined> {
    const found = this.byCustomer.get(customerId)?.find((r) => r.reservationId === reservationId);
    return found ? this.current(found) : undefined;
  }

  /** A copy as Azure would show it now: credited returns counted, a reservation with nothing left cancelled. */
  private current(r: Reservation): Reservation {
    const copy = copyReservation(r);
    const returned = Math.min(copy.quantity, copy.returnedQuantity + this.unitsReturned(copy.reservationId));
    if (returned !== copy.returnedQuantity) {
      copy.returnedQuantity = returned;
      if (returned >= copy.quantity) copy.state = 'Cancelled';
    }
    return copy;
  }

  /** Synchronous lookup for the other sandbox parts (catalog, support desk). */
  find(customerId: string, reservationId: string): Reservation | undefined {
    return this.byCustomer.get(customerId)?.find((r) => r.reservationId === reservationId);
  }
}
