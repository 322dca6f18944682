import type { Decimal } from '../../domain/money';
import { InvalidInputError, NotFoundError } from '../../errors';
import type { Logger } from '../../log';
import type { Customer } from '../../ports/partnerDirectory';
import type {
  AmountInCurrency,
  EstimateWarning,
  ExchangeEstimate,
  RefundEstimate,
  Reservation,
  ReservationSource,
} from '../../ports/reservations';
import { parseCatalogItemId } from './catalog';
import type { AzurePartnerDirectory } from './directory';
import { AzureMalformedAnswerError, AzureRejectedError, AzureServiceError, ReservationPriceUnknownError } from './errors';
import { decimalOf, lastSegment, parseOrderId, parseReservationId, reservationResourceId } from './ids';
import { reservedInstanceArtifacts, type PartnerCenterClient } from './partnerCenter';
import { isSuperseded, mapReservation, pricingFromOrder, pricingFromRefundInformation, reservationIdsOf, type Mapped } from './reservationMapping';
import type { ArmReservationsClient } from './reservationsArm';
import type { WirePrice, WireReservation, WireReservationOrder } from './wire/armSchemas';
import { mapLimit } from '../../concurrency';

/** Calls to Azure in flight at once for one listing: enough to be quick, few enough not to be throttled. */
const CONCURRENCY = 4;

/**
 * Which reservations a customer holds through the partner: Partner Center's reserved-instance entitlements name
 * the reservation orders (artifact resourceId) and, behind each artifact's link, the reservations. Only those
 * are ever read from Azure, so a reservation id typed or replayed by someone cannot reach another customer's.
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

  /** Order id → the reservation ids Partner Center names for it (empty: it named none, take the whole order). */
  async holdings(customerId: string): Promise<Map<string, Set<string>>> {
    const entitlements = await this.partnerCenter.reservedInstanceEntitlements(customerId);
    const holdings = new Map<string, Set<string>>();
    const add = (orderId: string) => {
      const key = orderId.toLowerCase();
      if (!holdings.has(key)) holdings.set(key, new Set());
      return holdings.get(key)!;
    };
    await mapLimit(reservedInstanceArtifacts(entitlements), CONCURRENCY, async (artifact) => {
      const declaredOrder = artifact.resourceId ? (parseOrderId(artifact.resourceId) ?? lastSegment(artifact.resourceId)) : undefined;
      const details = artifact.link ? await this.partnerCenter.artifactDetails(artifact.link) : undefined;
      const named = [...(details?.reservations ?? []), ...(details?.virtualMachineReservations ?? [])];
      if (declaredOrder) add(declaredOrder);
      for (const reservation of named) {
        const full = parseReservationId(reservation.reservationId);
        const orderId = full?.orderId ?? declaredOrder;
        if (orderId) add(orderId).add((full?.reservationId ?? lastSegment(reservation.reservationId)).toLowerCase());
      }
    });
    return holdings;
  }

  /** The raw reservation with its customer and order, or undefined when the customer does not hold it. */
  async findWire(customerId: string, reservationId: string): Promise<{ customer: Customer; orderId: string; wire: WireReservation } | undefined> {
    if (typeof reservationId !== 'string' || reservationId.trim() === '') return undefined;
    const customer = await this.requireCustomer(customerId);
    const wanted = lastSegment(reservationId).toLowerCase();
    const holdings = await this.holdings(customerId);
    const named = [...holdings].filter(([, ids]) => ids.has(wanted)).map(([orderId]) => orderId);
    const candidates = named.length > 0 ? named : [...holdings].filter(([, ids]) => ids.size === 0).map(([orderId]) => orderId);
    for (const orderId of candidates) {
      const wire = await this.arm.getReservation(customer.tenantId, orderId, wanted);
      if (wire) return { customer, orderId, wire };
    }
    return undefined;
  }

  async requireWire(customerId: string, reservationId: string): Promise<{ customer: Customer; orderId: string; wire: WireReservation }> {
    const found = await this.findWire(customerId, reservationId);
    if (!found) throw new NotFoundError('That reservation is not one of this customer\u2019s reservations.', { customerId, reservationId });
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

  /** Newest benefit start first, as the Azure portal lists them. Reservations Azure cannot price are left out (and logged). */
  async listReservations(customerId: string): Promise<Reservation[]> {
    const customer = await this.locator.requireCustomer(customerId);
    const holdings = await this.locator.holdings(customerId);
    const perOrder = await mapLimit([...holdings], CONCURRENCY, async ([orderId, named]) => {
      const [order, reservations] = await Promise.all([this.arm.getOrder(customer.tenantId, orderId), this.arm.listReservations(customer.tenantId, orderId)]);
      if (!order) {
        this.skip(customerId, orderId, 'Resource Manager does not show this reservation order in the customer tenant');
        return [];
      }
      const chosen = reservations.filter((r) => !isSuperseded(r) && (named.size === 0 || named.has(reservationIdsOf(r)?.reservationId.toLowerCase() ?? '')));
      const mapped: Reservation[] = [];
      for (const wire of chosen) {
        const result = await this.map(customer, order, wire);
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
    const order = await this.arm.getOrder(found.customer.tenantId, found.orderId);
    if (!order) return undefined;
    const result = await this.map(found.customer, order, found.wire);
    if (result.ok) return result.reservation;
    if (result.priceUnknown) throw new ReservationPriceUnknownError(found.wire.id, result.reason);
    throw new AzureMalformedAnswerError({ service: 'azure-reservations', intent: 'read' }, `reservation ${found.wire.id}: ${result.reason}`);
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
      throw new InvalidInputError('That replacement is not from this customer\u2019s exchange catalog.', { field: 'replacementItemId' });
    }
    const estimate: ExchangeEstimate = { reservationId, quantity, replacementItemId, replacementQuantity, warnings: [] };
    try {
      const found = await this.locator.requireWire(customerId, reservationId);
      const ids = reservationIdsOf(found.wire) ?? { orderId: found.orderId, reservationId };
      const checked = await this.arm.calculateExchange(
        found.customer.tenantId,
        { reservationResourceId: reservationResourceId(ids.orderId, ids.reservationId), quantity },
        {
          sku: key.sku,
          location: key.location,
          reservedResourceType: key.reservedResourceType,
          billingScopeId: `/subscriptions/${key.subscriptionId}`,
          term: key.term,
          billingPlan: key.billingPlan,
          quantity: replacementQuantity,
          displayName: `${key.sku} (exchange)`,
        },
      );
      if (!checked.ok) return { ...estimate, warnings: [warningOf(checked.error, 'exchange')] };
      const p = checked.value.properties;
      return {
        ...estimate,
        ...amount('refundsTotal', p?.refundsTotal),
        ...amount('purchasesTotal', p?.purchasesTotal),
        ...amount('netPayable', p?.netPayable),
        warnings: (p?.policyResult?.policyErrors ?? []).map((e) => policyWarning(e.code ?? undefined, e.message ?? undefined, 'exchange')),
      };
    } catch (error) {
      if (error instanceof AzureServiceError) return { ...estimate, warnings: [warningOf(error, 'exchange')] };
      throw error;
    }
  }

  /** Maps with the order's payment plan; without one, asks calculateRefund for the billing figures. */
  private async map(customer: Customer, order: WireReservationOrder, wire: WireReservation): Promise<Mapped> {
    const context = { customer, portalUrl: this.options.portalUrl, usdRates: this.options.usdRates };
    const quantity = wire.properties.quantity ?? 0;
    let pricing = pricingFromOrder(order, quantity);
    if (!pricing && quantity > 0) {
      const ids = reservationIdsOf(wire);
      if (ids) {
        const refund = await this.arm.calculateRefund(customer.tenantId, ids.orderId, ids.reservationId, quantity);
        if (refund.ok) pricing = pricingFromRefundInformation(refund.value.properties?.billingInformation);
      }
    }
    return mapReservation(wire, order, pricing, context);
  }

  private skip(customerId: string, what: string, reason: string): void {
    this.options.logger?.warn({ event: 'azure-reservation-skipped', customerId, reservation: what, reason });
  }
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
