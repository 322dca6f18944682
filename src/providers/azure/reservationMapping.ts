import { expiryOf, parseIsoInstant, utcDayNumber } from '../../domain/dates';
import { Decimal, formatMoney, minorUnits, roundMoney } from '../../domain/money';
import { TERMS, type BillingPlan } from '../../domain/types';
import type { Customer } from '../../ports/partnerDirectory';
import type { Reservation, Utilization } from '../../ports/reservations';
import { decimalOf, parseReservationId } from './ids';
import type { WireBillingInformation, WireOrderAmount, WirePrice, WireReservation, WireReservationOrder, WireUtilization } from './wire/armSchemas';

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

/** What the order (or calculateRefund) says the reservation cost, or why its figures cannot be believed. */
export type PricingResult = { ok: true; pricing: Pricing } | { ok: false; problem: string };

/**
 * `usage` is the reservation's `utilization` from Reservation_ListAll (the only read that carries it); null or
 * undefined when ListAll did not show the reservation or showed it without figures.
 */
export function mapReservation(
  wire: WireReservation,
  order: WireReservationOrder,
  priced: PricingResult | undefined,
  usage: WireUtilization | null | undefined,
  context: MappingContext,
): Mapped {
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
  // Missing figures are listed for the agent with the reason, like contradictory ones, and never quoted.
  const pricing: PricingResult = priced ?? { ok: false, problem: 'Azure shows no payment plan or refund figures for it' };

  const expiry = expiryDayOf(wire, order) ?? expiryOf(benefitStart, term);
  const problem = !pricing.ok
    ? pricing.problem
    : utcDayNumber(expiry) < utcDayNumber(benefitStart)
      ? `it expires (${isoDay(expiry)}) before its benefit starts (${isoDay(benefitStart)})`
      : undefined;
  let money: Pick<Reservation, 'currency' | 'totalCommitment' | 'paidToDate' | 'usdRate'>;
  if (problem || !pricing.ok) {
    const zero = new Decimal(0);
    money = { currency: pricing.ok ? pricing.pricing.currency : 'USD', totalCommitment: zero, paidToDate: zero, usdRate: zero };
  } else {
    const figures = pricing.pricing;
    const usdRate = figures.currency === 'USD' ? new Decimal(1) : (figures.usdRateFromPayments ?? context.usdRates.get(figures.currency));
    if (!usdRate) return fail(`no USD rate for ${figures.currency} (Azure showed none; AZURE_USD_RATES has none)`, true);
    money = { currency: figures.currency, totalCommitment: figures.total, paidToDate: figures.paid, usdRate };
  }

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
      expiry,
      scope: p.userFriendlyAppliedScopeType?.trim() || p.appliedScopeType?.trim() || 'Shared',
      ...usageOf(usage),
      ...money,
      reservedResourceType: p.reservedResourceType ?? '',
      state: p.provisioningState ?? p.displayProvisioningState ?? 'Unknown',
      // Azure lowers `quantity` when part of a reservation is returned, so what is left is already net of returns.
      returnedQuantity: 0,
      // Only what Azure states: a reservation without `renew` stays "not known" rather than "off".
      ...(typeof p.renew === 'boolean' ? { renew: p.renew } : {}),
      portalUrl: portalUrlOf(context, ids.orderId, ids.reservationId),
      ...(problem ? { figuresProblem: problem } : {}),
    },
  };
}

/**
 * Expiry as a calendar day (midnight UTC). Lists answer `expiryDate` (a date), single reads `expiryDateTime` (a
 * date-time on the same day): reading only the day makes a list and a single read agree.
 */
function expiryDayOf(wire: WireReservation, order: WireReservationOrder): Date | undefined {
  const p = wire.properties;
  const o = order.properties;
  const text = p.expiryDate ?? p.expiryDateTime ?? o.expiryDate ?? o.expiryDateTime;
  return text ? dateOf(text.slice(0, 10)) : undefined;
}

/** An amount of Azure's figures, or what is wrong with it in words. */
type Read = { ok: true; currency: string; amount: Decimal } | { ok: false; problem: string };

function readAmount(value: WireOrderAmount | WirePrice | null | undefined, what: string): Read {
  if (!value) return { ok: false, problem: `${what} is missing` };
  const currency = value.currencyCode?.trim().toUpperCase();
  if (!currency) return { ok: false, problem: `${what} has no currency` };
  const amount: unknown = value.amount;
  if (amount === undefined || amount === null) return { ok: false, problem: `${what} has no amount` };
  if (typeof amount !== 'number' || !Number.isFinite(amount)) return { ok: false, problem: `${what} is not a number (${JSON.stringify(amount)})` };
  if (amount < 0) return { ok: false, problem: `${what} is negative (${amount} ${currency})` };
  return { ok: true, currency, amount: decimalOf(amount) };
}

/**
 * The order's payment plan (`$expand=schedule`) → this reservation's share, after checking that Azure's figures
 * agree with each other. The order total is in the pricing currency; payments show pricing and billing amounts
 * side by side, which gives the billing currency and, when they differ, the rate Microsoft applied. An order
 * split into several reservations is shared by quantity. Undefined: the order shows no plan at all.
 */
export function pricingFromOrder(order: WireReservationOrder, reservationQuantity: number): PricingResult | undefined {
  const plan = order.properties.planInformation;
  if (!plan || (!plan.pricingCurrencyTotal && !plan.transactions?.length)) return undefined;
  const problem = (text: string): PricingResult => ({ ok: false, problem: text });
  const total = readAmount(plan.pricingCurrencyTotal, 'the order total');
  if (!total.ok) return problem(total.problem);
  const paid: Array<{ billing: Extract<Read, { ok: true }>; pricing?: Extract<Read, { ok: true }> }> = [];
  for (const t of (plan.transactions ?? []).filter((t) => t.status?.toLowerCase() === 'succeeded')) {
    const label = `the payment of ${t.paymentDate ?? t.dueDate ?? '(no date)'}`;
    const billing = readAmount(t.billingCurrencyTotal, `${label} (billed amount)`);
    if (!billing.ok) return problem(billing.problem);
    const pricing = t.pricingCurrencyTotal ? readAmount(t.pricingCurrencyTotal, `${label} (amount in the order's currency)`) : undefined;
    if (pricing && !pricing.ok) return problem(pricing.problem);
    if (pricing && pricing.currency !== total.currency) {
      return problem(`the order is priced in ${total.currency} but ${label} in ${pricing.currency}`);
    }
    paid.push({ billing, ...(pricing ? { pricing } : {}) });
  }
  const billingCurrency = paid[0]?.billing.currency ?? total.currency;
  const other = paid.find((t) => t.billing.currency !== billingCurrency);
  if (other) return problem(`the order's payments are billed in both ${billingCurrency} and ${other.billing.currency}`);

  const sum = (amounts: Decimal[]) => amounts.reduce((a, b) => a.plus(b), new Decimal(0));
  const billedSum = sum(paid.map((t) => t.billing.amount));
  const pricedSum = sum(paid.map((t) => t.pricing?.amount ?? new Decimal(0)));
  // Each instalment is rounded to a minor unit, so their sum may pass the total by that much per payment.
  const slack = new Decimal(paid.length).times(new Decimal(10).pow(-minorUnits(total.currency)));
  const paidInPricing = billingCurrency === total.currency ? billedSum : pricedSum;
  if (paidInPricing.greaterThan(total.amount.plus(slack))) {
    return problem(
      `the succeeded payments (${formatMoney(paidInPricing, total.currency)} ${total.currency}) exceed the order total (${formatMoney(total.amount, total.currency)} ${total.currency})`,
    );
  }

  let orderTotal = total.amount;
  let usdRateFromPayments: Decimal | undefined;
  if (billingCurrency !== total.currency) {
    if (paid.some((t) => !t.pricing)) return problem(`a payment billed in ${billingCurrency} shows no amount in the order's currency ${total.currency}`);
    if (pricedSum.isZero() || billedSum.isZero()) return problem(`the payments show no rate between ${total.currency} and ${billingCurrency}`);
    orderTotal = total.amount.times(billedSum).dividedBy(pricedSum);
    if (total.currency === 'USD') usdRateFromPayments = pricedSum.dividedBy(billedSum).toDecimalPlaces(10, Decimal.ROUND_HALF_UP);
  }
  const upfront = planOf(order.properties.billingPlan) === 'Upfront';
  const orderPaid = upfront ? orderTotal : billedSum;
  const share = shareOf(order, reservationQuantity);
  return {
    ok: true,
    pricing: {
      currency: billingCurrency,
      total: roundMoney(orderTotal.times(share), billingCurrency),
      paid: roundMoney(orderPaid.times(share), billingCurrency),
      ...(usdRateFromPayments ? { usdRateFromPayments } : {}),
    },
  };
}

/** calculateRefund's billing information for the whole reservation → pricing (used when the order has no plan). */
export function pricingFromRefundInformation(info: WireBillingInformation | null | undefined): PricingResult | undefined {
  if (!info?.billingCurrencyTotalPaidAmount) return undefined;
  const paid = readAmount(info.billingCurrencyTotalPaidAmount, "calculateRefund's amount paid");
  if (!paid.ok) return { ok: false, problem: paid.problem };
  const remaining = info.billingCurrencyRemainingCommitmentAmount
    ? readAmount(info.billingCurrencyRemainingCommitmentAmount, "calculateRefund's remaining commitment")
    : undefined;
  if (remaining && !remaining.ok) return { ok: false, problem: remaining.problem };
  if (remaining && remaining.currency !== paid.currency) {
    return { ok: false, problem: `calculateRefund shows the amount paid in ${paid.currency} but the remaining commitment in ${remaining.currency}` };
  }
  const currency = paid.currency;
  return {
    ok: true,
    pricing: { currency, total: roundMoney(paid.amount.plus(remaining?.amount ?? 0), currency), paid: roundMoney(paid.amount, currency) },
  };
}

function shareOf(order: WireReservationOrder, reservationQuantity: number): Decimal {
  const original = order.properties.originalQuantity;
  if (!original || original <= 0 || reservationQuantity > original) return new Decimal(1);
  return new Decimal(reservationQuantity).dividedBy(original);
}

export function utilizationOf(usage: WireUtilization | null | undefined): Utilization {
  const utilization: Utilization = {};
  for (const aggregate of usage?.aggregates ?? []) {
    // A percentage outside 0..100 contradicts itself: no figure (see impossibleUtilization), never a guess.
    if (aggregate.value === null || aggregate.value === undefined || !isPercentage(aggregate.value)) continue;
    if (!aggregate.grainUnit?.toLowerCase().startsWith('day') || !aggregate.valueUnit?.toLowerCase().startsWith('percent')) continue;
    const value = decimalOf(aggregate.value).toString();
    if (aggregate.grain === 1) utilization.day1 = value;
    else if (aggregate.grain === 7) utilization.day7 = value;
    else if (aggregate.grain === 30) utilization.day30 = value;
  }
  return utilization;
}

function isPercentage(value: number): boolean {
  return Number.isFinite(value) && value >= 0 && value <= 100;
}

/** The utilization percentages Azure gave that cannot be percentages, for the log. */
export function impossibleUtilization(usage: WireUtilization | null | undefined): number[] {
  return (usage?.aggregates ?? []).map((a) => a.value).filter((v): v is number => typeof v === 'number' && !isPercentage(v));
}

/**
 * Usage seen: any utilization figure above zero; figures that are all zero mean none. No figures at all means
 * Azure has not reported yet: `usageReported` false, and usage counted, so the bot never promises the 100%
 * credit it cannot verify (the quote card says so and names the rule applied).
 */
export function usageOf(usage: WireUtilization | null | undefined): Pick<Reservation, 'utilization' | 'usageReported' | 'usageSeen'> {
  const utilization = utilizationOf(usage);
  const figures = [utilization.day1, utilization.day7, utilization.day30].filter((v): v is string => v !== undefined);
  if (figures.length === 0) return { utilization, usageReported: false, usageSeen: true };
  return { utilization, usageReported: true, usageSeen: figures.some((v) => new Decimal(v).greaterThan(0)) };
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

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function portalUrlOf(context: MappingContext, orderId: string, reservationId: string): string {
  const tenant = context.customer.domain || context.customer.tenantId;
  return `${context.portalUrl}/#@${encodeURIComponent(tenant)}/resource/providers/Microsoft.Capacity/reservationOrders/${encodeURIComponent(orderId)}/reservations/${encodeURIComponent(reservationId)}/overview`;
}
