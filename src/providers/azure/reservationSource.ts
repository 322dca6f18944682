import type { Decimal } from '../../domain/money';
import { InvalidInputError, NotFoundError } from '../../errors';
import { worded } from '../../i18n';
import type { Logger } from '../../log';
import type { Customer } from '../../ports/partnerDirectory';
import type { AmountInCurrency, EstimateWarning, ExchangeEstimate, RefundEstimate, Reservation, ReservationSource } from '../../ports/reservations';
import { parseCatalogItemId, purchaseOf } from './catalog';
import type { AzurePartnerDirectory } from './directory';
import { AzureMalformedAnswerError, AzureRejectedError, AzureServiceError, ReservationPriceUnknownError } from './errors';
import { decimalOf, lastSegment, parseOrderId, parseReservationId, reservationResourceId } from './ids';
import { reservedInstanceArtifacts, type PartnerCenterClient } from './partnerCenter';
import {
  impossibleUtilization,
  isSuperseded,
  mapReservation,
  pricingFromOrder,
  pricingFromRefundInformation,
  reservationIdsOf,
  type Mapped,
} from './reservationMapping';
import type { ArmReservationsClient } from './reservationsArm';
import type { WirePrice, WireReservation, WireReservationOrder, WireUtilization } from './wire/armSchemas';
import { mapLimit } from '../../concurrency';

/** Calls to Azure in flight at once for one listing: enough to be quick, few enough not to be throttled. */
const CONCURRENCY = 4;

/**
 * Which reservations a customer holds through the partner: every live reservation of the reservation orders
 * Partner Center's reserved-instance entitlements name for the customer (artifact `resourceId`, or the order of
 * the reservations behind the artifact's link when it names none). A split or merge makes new reservations inside
 * the same order, so ownership goes by order; the `Split`/`Merged` originals only record where the quantity went
 * and are hidden. Only those orders are ever read from Azure, so a reservation id typed or replayed by someone
 * cannot reach another customer's.
 */
export class ReservationLocator {
  constructor(
    private readonly partnerCenter: PartnerCenterClient,
    private readonly arm: ArmReservationsClient,
    private readonly directory: AzurePartnerDirectory,
  ) {}

  customer(customerId: string): Promise<Customer | undefined> {
    return this.directory.getCustomer(customerId);
  }

  requireCustomer(customerId: string): Promise<Customer> {
    return this.directory.requireCustomer(customerId);
  }

  /** The customer's reservation order ids, lower-cased, as Partner Center names them. */
  async orderIds(customerId: string): Promise<string[]> {
    const entitlements = await this.partnerCenter.reservedInstanceEntitlements(customerId);
    const orders = new Set<string>();
    await mapLimit(reservedInstanceArtifacts(entitlements), CONCURRENCY, async (artifact) => {
      const declared = artifact.resourceId ? (parseOrderId(artifact.resourceId) ?? lastSegment(artifact.resourceId)) : undefined;
      if (declared) {
        orders.add(declared.toLowerCase());
        return;
      }
      // No order on the artifact: the reservations behind its link name theirs (full ARM ids).
      const details = artifact.link ? await this.partnerCenter.artifactDetails(artifact.link) : undefined;
      for (const reservation of [...(details?.reservations ?? []), ...(details?.virtualMachineReservations ?? [])]) {
        const orderId = parseReservationId(reservation.reservationId)?.orderId;
        if (orderId) orders.add(orderId.toLowerCase());
      }
    });
    return [...orders];
  }

  /**
   * The raw reservation with its customer and order, or undefined when none of the customer's orders holds it
   * (or it is a Split/Merged original). A full ARM id naming an order that is not the customer's goes nowhere.
   */
  async findWire(customerId: string, reservationId: string): Promise<{ customer: Customer; orderId: string; wire: WireReservation } | undefined> {
    if (typeof reservationId !== 'string' || reservationId.trim() === '') return undefined;
    const customer = await this.requireCustomer(customerId);
    const wanted = lastSegment(reservationId).toLowerCase();
    const orders = await this.orderIds(customerId);
    const hinted = parseReservationId(reservationId)?.orderId.toLowerCase();
    if (hinted && !orders.includes(hinted)) return undefined;
    for (const orderId of hinted ? [hinted] : orders) {
      const wire = await this.arm.getReservation(customer.tenantId, orderId, wanted);
      if (wire) return isSuperseded(wire) ? undefined : { customer, orderId, wire };
    }
    return undefined;
  }

  async requireWire(customerId: string, reservationId: string): Promise<{ customer: Customer; orderId: string; wire: WireReservation }> {
    const found = await this.findWire(customerId, reservationId);
    if (!found) throw new NotFoundError(worded('failure.reservationUnknown'), { customerId, reservationId });
    return found;
  }
}

export interface ReservationSourceOptions {
  portalUrl: string;
  usdRates: ReadonlyMap<string, Decimal>;
  logger?: Logger;
}

/** The ReservationSource port over Partner Center (which reservations) and Resource Manager (what they are). */
export class AzureReservationSource implements ReservationSource {
  constructor(
    private readonly locator: ReservationLocator,
    private readonly arm: ArmReservationsClient,
    private readonly options: ReservationSourceOptions,
  ) {}

  /**
   * Newest benefit start first, as the Azure portal lists them. Reservations without a USD rate are left out (and
   * logged); those whose figures are missing or contradict each other are listed with `figuresProblem`.
   */
  async listReservations(customerId: string): Promise<Reservation[]> {
    const customer = await this.locator.requireCustomer(customerId);
    const orderIds = await this.locator.orderIds(customerId);
    // Read once for the whole listing, alongside the orders.
    const usageRead = orderIds.length > 0 ? this.usage(customerId, customer.tenantId) : Promise.resolve(new Map<string, WireUtilization | null>());
    const perOrder = await mapLimit(orderIds, CONCURRENCY, async (orderId) => {
      const [order, reservations, usage] = await Promise.all([
        this.arm.getOrder(customer.tenantId, orderId),
        this.arm.listReservations(customer.tenantId, orderId),
        usageRead,
      ]);
      if (!order) {
        this.skip(customerId, orderId, 'Resource Manager does not show this reservation order in the customer tenant');
        return [];
      }
      const mapped: Reservation[] = [];
      for (const wire of reservations.filter((r) => !isSuperseded(r))) {
        const result = await this.map(customer, order, wire, usage.get(reservationKey(wire)));
        if (result.ok) mapped.push(result.reservation);
        else this.skip(customerId, wire.id, result.reason);
      }
      return mapped;
    });
    return perOrder.flat().sort((a, b) => b.benefitStart.getTime() - a.benefitStart.getTime() || (a.reservationId < b.reservationId ? -1 : 1));
  }

  async getReservation(customerId: string, reservationId: string): Promise<Reservation | undefined> {
    const found = await this.locator.findWire(customerId, reservationId);
    if (!found) return undefined;
    const [order, usage] = await Promise.all([
      this.arm.getOrder(found.customer.tenantId, found.orderId),
      this.usage(customerId, found.customer.tenantId, listAllFilterFor(found.wire)),
    ]);
    if (!order) return undefined;
    const result = await this.map(found.customer, order, found.wire, usage.get(reservationKey(found.wire)));
    if (result.ok) return result.reservation;
    if (result.priceUnknown) throw new ReservationPriceUnknownError(found.wire.id, result.reason);
    throw new AzureMalformedAnswerError({ service: 'azure-reservations', intent: 'read' }, `reservation ${found.wire.id}: ${result.reason}`);
  }

  /**
   * Utilization per reservation id from Reservation_ListAll, the only Azure read that carries it. When Azure
   * cannot answer, usage counts as not reported (the conservative rule, which the quote card names) rather than
   * failing the listing.
   */
  private async usage(customerId: string, tenantId: string, filter?: string): Promise<Map<string, WireUtilization | null>> {
    const usage = new Map<string, WireUtilization | null>();
    try {
      for (const wire of await this.arm.listAllReservations(tenantId, filter)) usage.set(reservationKey(wire), wire.properties.utilization ?? null);
    } catch (error) {
      if (!(error instanceof AzureServiceError)) throw error;
      this.options.logger?.warn({ event: 'azure-usage-unavailable', customerId, code: error.code });
    }
    return usage;
  }

  async estimateRefund(customerId: string, reservationId: string, quantity: number): Promise<RefundEstimate> {
    assertQuantity(quantity, 'quantity');
    const estimate: RefundEstimate = { reservationId, quantity, warnings: [] };
    try {
      const found = await this.locator.requireWire(customerId, reservationId);
      const ids = reservationIdsOf(found.wire) ?? { orderId: found.orderId, reservationId };
      const checked = await this.arm.calculateRefund(found.customer.tenantId, ids.orderId, ids.reservationId, quantity);
      if (!checked.ok) return { ...estimate, warnings: [warningOf(checked.error, 'refund')] };
      const p = checked.value.properties;
      const policy = p?.policyResult?.properties;
      return {
        ...estimate,
        ...amount('refund', p?.billingRefundAmount),
        ...amount('maxRefundLimit', policy?.maxRefundLimit),
        ...amount('consumedRefundsTotal', policy?.consumedRefundsTotal),
        ...amount('totalPaid', p?.billingInformation?.billingCurrencyTotalPaidAmount),
        ...amount('prorated', p?.billingInformation?.billingCurrencyProratedAmount),
        ...amount('remainingCommitment', p?.billingInformation?.billingCurrencyRemainingCommitmentAmount),
        warnings: (policy?.policyErrors ?? []).map((e) => policyWarning(e.code ?? undefined, e.message ?? undefined, 'refund')),
      };
    } catch (error) {
      if (error instanceof AzureServiceError) return { ...estimate, warnings: [warningOf(error, 'refund')] };
      throw error;
    }
  }

  async estimateExchange(
    customerId: string,
    reservationId: string,
    quantity: number,
    replacementItemId: string,
    replacementQuantity: number,
  ): Promise<ExchangeEstimate> {
    assertQuantity(quantity, 'quantity');
    assertQuantity(replacementQuantity, 'replacementQuantity');
    const key = parseCatalogItemId(replacementItemId);
    if (!key || key.customerId !== customerId) {
      throw new InvalidInputError(worded('failure.replacementUnknown'), { field: 'replacementItemId' });
    }
    const estimate: ExchangeEstimate = { reservationId, quantity, replacementItemId, replacementQuantity, warnings: [] };
    try {
      const found = await this.locator.requireWire(customerId, reservationId);
      const ids = reservationIdsOf(found.wire) ?? { orderId: found.orderId, reservationId };
      const checked = await this.arm.calculateExchange(
        found.customer.tenantId,
        { reservationResourceId: reservationResourceId(ids.orderId, ids.reservationId), quantity },
        purchaseOf(key, replacementQuantity, `${key.sku} (exchange)`),
      );
      if (!checked.ok) return { ...estimate, warnings: [warningOf(checked.error, 'exchange')] };
      const p = checked.value.properties;
      return {
        ...estimate,
        ...amount('refundsTotal', p?.refundsTotal),
        ...amount('purchasesTotal', p?.purchasesTotal),
        ...amount('netPayable', p?.netPayable),
        ...amount('replacementPrice', p?.reservationsToPurchase?.[0]?.billingCurrencyTotal),
        warnings: (p?.policyResult?.policyErrors ?? []).map((e) => policyWarning(e.code ?? undefined, e.message ?? undefined, 'exchange')),
      };
    } catch (error) {
      if (error instanceof AzureServiceError) return { ...estimate, warnings: [warningOf(error, 'exchange')] };
      throw error;
    }
  }

  /** Maps with the order's payment plan; without one, asks calculateRefund for the billing figures. */
  private async map(customer: Customer, order: WireReservationOrder, wire: WireReservation, usage: WireUtilization | null | undefined): Promise<Mapped> {
    const context = { customer, portalUrl: this.options.portalUrl, usdRates: this.options.usdRates };
    const quantity = wire.properties.quantity ?? 0;
    let priced = pricingFromOrder(order, quantity);
    if (!priced && quantity > 0) {
      const ids = reservationIdsOf(wire);
      if (ids) {
        const refund = await this.arm.calculateRefund(customer.tenantId, ids.orderId, ids.reservationId, quantity);
        if (refund.ok) priced = pricingFromRefundInformation(refund.value.properties?.billingInformation);
      }
    }
    const impossible = impossibleUtilization(usage);
    if (impossible.length > 0)
      this.options.logger?.warn({ event: 'azure-usage-contradictory', customerId: customer.id, reservation: wire.id, values: impossible });
    const mapped = mapReservation(wire, order, priced, usage, context);
    if (mapped.ok && mapped.reservation.figuresProblem) {
      // Listed for the agent with the reason, never quoted (the dialogs refuse it).
      this.options.logger?.warn({
        event: 'azure-figures-inconsistent',
        customerId: customer.id,
        reservation: wire.id,
        reason: mapped.reservation.figuresProblem,
      });
    }
    return mapped;
  }

  private skip(customerId: string, what: string, reason: string): void {
    this.options.logger?.warn({ event: 'azure-reservation-skipped', customerId, reservation: what, reason });
  }
}

/** The lower-cased reservation id, the key that joins ListAll's answer to the order's reservations. */
function reservationKey(wire: WireReservation): string {
  return (reservationIdsOf(wire)?.reservationId ?? lastSegment(wire.id)).toLowerCase();
}

/**
 * ListAll's `$filter` cannot name a reservation id (it takes properties such as displayName and
 * reservedResourceType with `eq`/`and`), so a single read narrows by those and the id is matched here.
 */
export function listAllFilterFor(wire: WireReservation): string | undefined {
  const clauses: string[] = [];
  const quoted = (value: string) => `'${value.replace(/'/g, "''")}'`;
  if (wire.properties.displayName) clauses.push(`properties/displayName eq ${quoted(wire.properties.displayName)}`);
  if (wire.properties.reservedResourceType) clauses.push(`properties/reservedResourceType eq ${quoted(wire.properties.reservedResourceType)}`);
  return clauses.length ? clauses.join(' and ') : undefined;
}

function assertQuantity(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 1) throw new InvalidInputError(`${field} must be a whole number from 1, not ${value}`, { field });
}

function amount<K extends string>(key: K, price: WirePrice | null | undefined): Partial<Record<K, AmountInCurrency>> {
  if (!price) return {};
  return { [key]: { amount: decimalOf(price.amount), currency: price.currencyCode.toUpperCase() } } as Partial<Record<K, AmountInCurrency>>;
}

const SELF_SERVICE_NOT_SUPPORTED = 'selfservicerefundnotsupported';

function policyWarning(azureCode: string | undefined, message: string | undefined, kind: 'refund' | 'exchange'): EstimateWarning {
  if (azureCode?.toLowerCase() === SELF_SERVICE_NOT_SUPPORTED) {
    return {
      code: 'azure-policy',
      azureCode,
      message: `Azure does not estimate self-service ${kind}s for this reservation (SelfServiceRefundNotSupported); the quote stands and the support request can still be filed.`,
    };
  }
  return {
    code: 'azure-policy',
    ...(azureCode ? { azureCode } : {}),
    message: `Azure's ${kind} check says: ${message ?? azureCode ?? 'not allowed'}. The quote stands and the support request can still be filed.`,
  };
}

/** A failed estimate never blocks anything: 4xx answers are Azure's policy speaking, the rest are outages. */
function warningOf(error: AzureServiceError, kind: 'refund' | 'exchange'): EstimateWarning {
  if (error instanceof AzureRejectedError) {
    return policyWarning(error.azureCode, String(error.details.azureMessage ?? '') || undefined, kind);
  }
  return {
    code: error.code,
    ...(error.azureCode ? { azureCode: error.azureCode } : {}),
    message: `Azure's own ${kind} estimate is not available right now (${error.code}); the quote stands and the support request can still be filed.`,
  };
}
