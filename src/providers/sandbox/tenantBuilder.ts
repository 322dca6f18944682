import { expiryOf } from '../../domain/dates';
import { Decimal, roundMoney } from '../../domain/money';
import type { Customer } from '../../ports/partnerDirectory';
import type { Reservation } from '../../ports/reservations';
import { addCalendarMonths, daysBefore, latestLeapDayOnOrBefore, startOfUtcDay } from './calendar';
import { stableGuid } from './stableIds';
import { CAP_HISTORY_SEEDS } from './tenant/capHistory';
import { buildCustomers, customerIdOf } from './tenant/customers';
import { usdRateOf } from './tenant/rates';
import { RESERVATION_SEEDS, type ReservationSeed } from './tenant/reservations';

/** A refund given before the sandbox started, for the bot to seed into its cap ledger (filed and credited). */
export interface CapHistoryEntry {
  customerId: string;
  requestId: string;
  amountUsd: Decimal;
  at: Date;
}

/** The whole fictional tenant as of one "today"; a pure function of that date. */
export interface SandboxTenant {
  /** Midnight UTC of the sandbox's today: every benefit start is an offset from it. */
  today: Date;
  customers: Customer[];
  reservations: Reservation[];
  capHistory: CapHistoryEntry[];
}

const TERM_MONTHS = { P1Y: 12, P3Y: 36, P5Y: 60 } as const;

export function portalUrlOf(reservationOrderId: string, reservationId: string): string {
  return `https://portal.azure.com/#resource/providers/Microsoft.Capacity/reservationOrders/${reservationOrderId}/reservations/${reservationId}/overview`;
}

function benefitStartOf(seed: ReservationSeed, today: Date): Date {
  if ('daysAgo' in seed.start) return daysBefore(today, seed.start.daysAgo, seed.start.hourUtc);
  // At least a day old, so the start is never later than the clock, whatever its time of day.
  return latestLeapDayOnOrBefore(daysBefore(today, 1, 0), seed.start.hourUtc);
}

/** Monthly plans pay at purchase and then on the same day of each month; payments due by `asOf` are made. */
function paymentsMadeBy(benefitStart: Date, months: number, asOf: Date): number {
  let made = 0;
  while (made < months && addCalendarMonths(benefitStart, made).getTime() <= asOf.getTime()) made += 1;
  return made;
}

function buildReservation(seed: ReservationSeed, today: Date, asOf: Date): Reservation {
  const benefitStart = benefitStartOf(seed, today);
  const totalCommitment = new Decimal(seed.unitPrice).times(seed.quantity);
  const months = TERM_MONTHS[seed.term];
  // Monthly instalments are total / months; prices are chosen so that each is a whole minor unit.
  const paidToDate =
    seed.billingPlan === 'Upfront'
      ? totalCommitment
      : roundMoney(totalCommitment.times(paymentsMadeBy(benefitStart, months, asOf)).dividedBy(months), seed.currency);
  const reservationOrderId = stableGuid(`reservation-order/${seed.orderKey ?? seed.key}`);
  const reservationId = stableGuid(`reservation/${seed.key}`);
  return {
    customerId: customerIdOf(seed.customerKey),
    reservationId,
    reservationOrderId,
    displayName: seed.key,
    sku: seed.sku,
    region: seed.region,
    quantity: seed.quantity,
    term: seed.term,
    billingPlan: seed.billingPlan,
    benefitStart,
    expiry: expiryOf(benefitStart, seed.term),
    scope: seed.scope,
    utilization: { ...seed.utilization },
    // The sandbox plays an Azure that has measured every reservation.
    usageReported: true,
    usageSeen: seed.usageSeen,
    currency: seed.currency,
    totalCommitment,
    paidToDate,
    usdRate: usdRateOf(seed.currency),
    reservedResourceType: seed.reservedResourceType,
    state: seed.state,
    returnedQuantity: seed.returnedQuantity ?? 0,
    ...(seed.renew !== undefined ? { renew: seed.renew } : {}),
    portalUrl: portalUrlOf(reservationOrderId, reservationId),
  };
}

/** The tenant as of `asOf` (the sandbox clock when the provider is created). */
export function buildSandboxTenant(asOf: Date): SandboxTenant {
  const today = startOfUtcDay(asOf);
  return {
    today,
    customers: buildCustomers(),
    reservations: RESERVATION_SEEDS.map((seed) => buildReservation(seed, today, asOf)),
    capHistory: CAP_HISTORY_SEEDS.map((seed) => ({
      customerId: customerIdOf(seed.customerKey),
      requestId: seed.requestId,
      amountUsd: new Decimal(seed.amountUsd),
      at: daysBefore(today, seed.daysAgo, seed.hourUtc),
    })),
  };
}

/** The prior refunds to seed into the cap ledger, as of `now` (oldest first). */
export function sandboxCapHistory(now: Date): CapHistoryEntry[] {
  return buildSandboxTenant(now).capHistory.sort((a, b) => a.at.getTime() - b.at.getTime());
}
