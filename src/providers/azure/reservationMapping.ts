import { expiryOf, parseIsoInstant } from '../../domain/dates';
import { Decimal, roundMoney } from '../../domain/money';
import { TERMS, type BillingPlan } from '../../domain/types';
import type { Customer } from '../../ports/partnerDirectory';
import type { Reservation, Utilization } from '../../ports/reservations';
import { decimalOf, parseReservationId } from './ids';
import type { WireBillingInformation, WireReservation, WireReservationOrder } from './wire/armSchemas';

/**
 * Azure's reservation and order → the port's Reservation. Pure: every rule about what Azure's fields mean
 * lives here (docs/azure-provider.md explains them). A reservation that cannot be priced is reported with
 * the reason instead of being guessed.
 */
export interface MappingContext {
  customer: Customer;
  portalUrl: string;
  usdRates: ReadonlyMap<string, Decimal>;
}

/** What the reservation cost, for its own quantity, in its billing currency. */
export interface Pricing {
  currency: string;
  total: Decimal;
  paid: Decimal;
  /** USD per billing unit, when Azure's own payment records show both currencies. */
  usdRateFromPayments?: Decimal;
}

export type Mapped = { ok: true; reservation: Reservation } | { ok: false; reason: string; priceUnknown: boolean };

const SUPERSEDED = new Set(['split', 'merged']);

/** A Cancelled reservation that only records a split or merge: its quantity lives on in other reservations. */
export function isSuperseded(wire: WireReservation): boolean {
  const code = wire.properties.extendedStatusInfo?.statusCode?.toLowerCase();
  return !!code && SUPERSEDED.has(code) && wire.properties.provisioningState?.toLowerCase() === 'cancelled';
}

export function reservationIdsOf(wire: WireReservation): { orderId: string; reservationId: string } | undefined {
  const parsed = parseReservationId(wire.id);
  if (parsed) return parsed;
  // `name` is "orderId/reservationId" in list answers.
  const [orderId, reservationId] = (wire.name ?? '').split('/');
  return orderId && reservationId ? { orderId, reservationId } : undefined;
}

export function mapReservation(wire: WireReservation, order: WireReservationOrder, pricing: Pricing | undefined, context: MappingContext): Mapped {
  const fail = (reason: string, priceUnknown = false): Mapped => ({ ok: false, reason, priceUnknown });
  const ids = reservationIdsOf(wire);
  if (!ids) return fail(`unreadable reservation id ${wire.id}`);
  const p = wire.properties;
  const o = order.properties;

  const term = TERMS.find((t) => t === (p.term ?? o.term)?.toUpperCase());
  if (!term) return fail(`unsupported term ${p.term ?? o.term ?? '(none)'}`);
  const billingPlan = planOf(p.billingPlan ?? o.billingPlan);
  if (!billingPlan) return fail(`unsupported billing plan ${p.billingPlan ?? o.billingPlan ?? '(none)'}`);
  const benefitStart = dateOf(p.benefitStartTime ?? o.benefitStartTime ?? p.effectiveDateTime ?? p.purchaseDateTime);
  if (!benefitStart) return fail('no benefit start time');
  const quantity = p.quantity ?? undefined;
  if (quantity === undefined || !Number.isSafeInteger(quantity) || quantity < 0) return fail('no whole quantity');
  if (!pricing) return fail('Azure shows no payment plan or refund figures for it', true);
  const usdRate = pricing.currency === 'USD' ? new Decimal(1) : (pricing.usdRateFromPayments ?? context.usdRates.get(pricing.currency));
  if (!usdRate) return fail(`no USD rate for ${pricing.currency} (Azure showed none; AZURE_USD_RATES has none)`, true);

  const utilization = utilizationOf(wire);
  return {
    ok: true,
    reservation: {
      customerId: context.customer.id,
      reservationId: ids.reservationId,
      reservationOrderId: ids.orderId,
      displayName: p.displayName?.trim() || p.skuDescription?.trim() || wire.sku?.name || ids.reservationId,
      sku: wire.sku?.name ?? '',
      region: wire.location ?? '',
      quantity,
      term,
      billingPlan,
      benefitStart,
      expiry: dateOf(p.expiryDateTime ?? p.expiryDate ?? o.expiryDateTime ?? o.expiryDate) ?? expiryOf(benefitStart, term),
      scope: p.userFriendlyAppliedScopeType?.trim() || p.appliedScopeType?.trim() || 'Shared',
      utilization,
      usageSeen: usageSeenOf(utilization),
      currency: pricing.currency,
      totalCommitment: pricing.total,
      paidToDate: pricing.paid,
      usdRate,
      reservedResourceType: p.reservedResourceType ?? '',
      state: p.provisioningState ?? p.displayProvisioningState ?? 'Unknown',
      // Azure lowers `quantity` when part of a reservation is returned, so what is left is already net of returns.
      returnedQuantity: 0,
      portalUrl: portalUrlOf(context, ids.orderId, ids.reservationId),
    },
  };
}

/**
 * The order's payment plan (`$expand=schedule`) → this reservation's share. The order total is in the pricing
 * currency; payments show pricing and billing amounts side by side, which gives the billing currency and, when
 * they differ, the rate Microsoft applied. An order split into several reservations is shared by quantity.
 */
export function pricingFromOrder(order: WireReservationOrder, reservationQuantity: number): Pricing | undefined {
  const plan = order.properties.planInformation;
  if (!plan?.pricingCurrencyTotal) return undefined;
  const pricingCurrency = plan.pricingCurrencyTotal.currencyCode.toUpperCase();
  const pricingTotal = decimalOf(plan.pricingCurrencyTotal.amount);
  const paid = (plan.transactions ?? []).filter((t) => t.status?.toLowerCase() === 'succeeded' && t.billingCurrencyTotal);
  const billingCurrency = (paid[0]?.billingCurrencyTotal?.currencyCode ?? pricingCurrency).toUpperCase();
  if (paid.some((t) => t.billingCurrencyTotal?.currencyCode.toUpperCase() !== billingCurrency)) return undefined;

  const billedSum = paid.reduce((sum, t) => sum.plus(decimalOf(t.billingCurrencyTotal!.amount)), new Decimal(0));
  let orderTotal = pricingTotal;
  let usdRateFromPayments: Decimal | undefined;
  if (billingCurrency !== pricingCurrency) {
    const pricedSum = paid.reduce((sum, t) => (t.pricingCurrencyTotal ? sum.plus(decimalOf(t.pricingCurrencyTotal.amount)) : sum), new Decimal(0));
    if (pricedSum.isZero() || billedSum.isZero() || paid.some((t) => !t.pricingCurrencyTotal)) return undefined;
    orderTotal = pricingTotal.times(billedSum).dividedBy(pricedSum);
    if (pricingCurrency === 'USD') usdRateFromPayments = pricedSum.dividedBy(billedSum).toDecimalPlaces(10, Decimal.ROUND_HALF_UP);
  }
  const upfront = planOf(order.properties.billingPlan) === 'Upfront';
  const orderPaid = upfront ? orderTotal : billedSum;
  const share = shareOf(order, reservationQuantity);
  return {
    currency: billingCurrency,
    total: roundMoney(orderTotal.times(share), billingCurrency),
    paid: roundMoney(orderPaid.times(share), billingCurrency),
    ...(usdRateFromPayments ? { usdRateFromPayments } : {}),
  };
}

/** calculateRefund's billing information for the whole reservation → pricing (used when the order has no plan). */
export function pricingFromRefundInformation(info: WireBillingInformation | null | undefined): Pricing | undefined {
  const paid = info?.billingCurrencyTotalPaidAmount;
  if (!paid) return undefined;
  const currency = paid.currencyCode.toUpperCase();
  const remaining = info.billingCurrencyRemainingCommitmentAmount;
  if (remaining && remaining.currencyCode.toUpperCase() !== currency) return undefined;
  const paidAmount = decimalOf(paid.amount);
  return { currency, total: roundMoney(paidAmount.plus(remaining ? decimalOf(remaining.amount) : 0), currency), paid: roundMoney(paidAmount, currency) };
}

function shareOf(order: WireReservationOrder, reservationQuantity: number): Decimal {
  const original = order.properties.originalQuantity;
  if (!original || original <= 0 || reservationQuantity > original) return new Decimal(1);
  return new Decimal(reservationQuantity).dividedBy(original);
}

export function utilizationOf(wire: WireReservation): Utilization {
  const utilization: Utilization = {};
  for (const aggregate of wire.properties.utilization?.aggregates ?? []) {
    if (aggregate.value === null || aggregate.value === undefined) continue;
    if (!aggregate.grainUnit?.toLowerCase().startsWith('day') || !aggregate.valueUnit?.toLowerCase().startsWith('percent')) continue;
    const value = decimalOf(aggregate.value).toString();
    if (aggregate.grain === 1) utilization.day1 = value;
    else if (aggregate.grain === 7) utilization.day7 = value;
    else if (aggregate.grain === 30) utilization.day30 = value;
  }
  return utilization;
}

/**
 * Usage seen: any utilization figure above zero. Figures that are all zero mean none. No figures at all means
 * Azure has not measured yet: counted as usage, so the bot never promises the 100% credit it cannot verify.
 */
export function usageSeenOf(utilization: Utilization): boolean {
  const figures = [utilization.day1, utilization.day7, utilization.day30].filter((v): v is string => v !== undefined);
  if (figures.length === 0) return true;
  return figures.some((v) => new Decimal(v).greaterThan(0));
}

function planOf(value: string | null | undefined): BillingPlan | undefined {
  const lower = value?.toLowerCase();
  return lower === 'upfront' ? 'Upfront' : lower === 'monthly' ? 'Monthly' : undefined;
}

function dateOf(value: string | null | undefined): Date | undefined {
  if (!value) return undefined;
  // A bare date (expiryDate) is midnight UTC; a date-time without a zone is UTC as well.
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : /[zZ]|[+-]\d{2}:\d{2}$/.test(value) ? value : `${value}Z`;
  return parseIsoInstant(text);
}

function portalUrlOf(context: MappingContext, orderId: string, reservationId: string): string {
  const tenant = context.customer.domain || context.customer.tenantId;
  return `${context.portalUrl}/#@${encodeURIComponent(tenant)}/resource/providers/Microsoft.Capacity/reservationOrders/${encodeURIComponent(orderId)}/reservations/${encodeURIComponent(reservationId)}/overview`;
}
