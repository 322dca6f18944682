import { isNonRefundableType } from '../../domain/eligibility';
import { TERMS, type BillingPlan, type Term } from '../../domain/types';
import type { CatalogItem, ExchangeCatalog } from '../../ports/catalog';
import { decimalOf } from './ids';
import type { ArmReservationsClient } from './reservationsArm';
import type { ReservationLocator } from './reservationSource';
import type { WireCatalogItem } from './wire/armSchemas';

/**
 * Exchange replacements from the Microsoft.Capacity catalog of the subscription the reservation is billed to,
 * same reserved resource type and region. Prices are Azure's list prices (msrp) for the whole term per unit;
 * what Azure would actually charge is what calculateExchange says (ReservationSource.estimateExchange).
 *
 * An item id carries everything needed to find the item again (customer, subscription, type, region, SKU,
 * term, plan), so `getItem` works without any state kept between calls or across instances.
 */
export interface CatalogItemKey {
  customerId: string;
  subscriptionId: string;
  reservedResourceType: string;
  location: string;
  sku: string;
  term: Term;
  billingPlan: BillingPlan;
}

const ID_PREFIX = 'azure-catalog';

export function catalogItemId(key: CatalogItemKey): string {
  return [ID_PREFIX, key.customerId, key.subscriptionId, key.reservedResourceType, key.location, key.sku, key.term, key.billingPlan]
    .map(encodeURIComponent)
    .join('~');
}

export function parseCatalogItemId(id: string): CatalogItemKey | undefined {
  if (typeof id !== 'string') return undefined;
  const parts = id.split('~');
  if (parts.length !== 8 || parts[0] !== ID_PREFIX) return undefined;
  let decoded: string[];
  try {
    decoded = parts.map(decodeURIComponent);
  } catch {
    return undefined;
  }
  const [, customerId, subscriptionId, reservedResourceType, location, sku, term, billingPlan] = decoded;
  const validTerm = TERMS.find((t) => t === term);
  if (!validTerm || (billingPlan !== 'Upfront' && billingPlan !== 'Monthly')) return undefined;
  if ([customerId, subscriptionId, reservedResourceType, location, sku].some((p) => !p)) return undefined;
  return { customerId, subscriptionId, reservedResourceType, location, sku, term: validTerm, billingPlan };
}

/** `/subscriptions/{id}` (the billing scope) → the subscription id. */
export function subscriptionOf(billingScopeId: string | null | undefined): string | undefined {
  return /^\/subscriptions\/([^/]+)/i.exec(billingScopeId ?? '')?.[1];
}

export class AzureExchangeCatalog implements ExchangeCatalog {
  constructor(
    private readonly arm: ArmReservationsClient,
    private readonly locator: ReservationLocator,
  ) {}

  async listReplacements(customerId: string, reservationId: string): Promise<CatalogItem[]> {
    const found = await this.locator.requireWire(customerId, reservationId);
    const type = found.wire.properties.reservedResourceType;
    const location = found.wire.location;
    const subscriptionId = subscriptionOf(found.wire.properties.billingScopeId);
    if (!type || !location || !subscriptionId || isNonRefundableType(type)) return [];
    const entries = await this.arm.catalog(found.customer.tenantId, subscriptionId, type, location);
    return entries.flatMap((entry) => itemsOf(entry, { customerId, subscriptionId, reservedResourceType: type, location }));
  }

  async getItem(itemId: string): Promise<CatalogItem | undefined> {
    const key = parseCatalogItemId(itemId);
    if (!key) return undefined;
    const customer = await this.locator.customer(key.customerId);
    if (!customer) return undefined;
    const entries = await this.arm.catalog(customer.tenantId, key.subscriptionId, key.reservedResourceType, key.location);
    const entry = entries.find((e) => e.name === key.sku);
    return entry ? itemsOf(entry, key).find((item) => item.id === itemId) : undefined;
  }
}

type Scope = Pick<CatalogItemKey, 'customerId' | 'subscriptionId' | 'reservedResourceType' | 'location'>;

/** One item per term with a list price and per billing plan offered, minus what the subscription may not buy. */
export function itemsOf(entry: WireCatalogItem, scope: Scope): CatalogItem[] {
  const items: CatalogItem[] = [];
  const restrictions = entry.restrictions ?? [];
  const locationBlocked = restrictions.some(
    (r) => r.type?.toLowerCase() === 'location' && (r.values ?? []).some((v) => v.toLowerCase() === scope.location.toLowerCase()),
  );
  if (locationBlocked) return items;
  const title = entry.skuProperties?.find((p) => p.name === 'ProductTitle')?.value ?? entry.name;
  for (const term of TERMS) {
    const price = entry.msrp?.[msrpKey(term)];
    if (!price || (entry.terms && !entry.terms.includes(term))) continue;
    if (restrictions.some((r) => r.type?.toLowerCase() === 'term' && (r.values ?? []).includes(term))) continue;
    const plans = (entry.billingPlans?.[term] ?? ['Upfront']).filter((p): p is BillingPlan => p === 'Upfront' || p === 'Monthly');
    for (const billingPlan of plans) {
      const key: CatalogItemKey = { ...scope, sku: entry.name, term, billingPlan };
      items.push({
        id: catalogItemId(key),
        sku: entry.name,
        displayName: `${title}, ${scope.location}, ${term === 'P1Y' ? '1 year' : term === 'P3Y' ? '3 years' : '5 years'}, ${billingPlan}`,
        region: scope.location,
        term,
        billingPlan,
        reservedResourceType: scope.reservedResourceType,
        currency: price.currencyCode.toUpperCase(),
        unitPrice: decimalOf(price.amount),
      });
    }
  }
  return items;
}

function msrpKey(term: Term): 'p1Y' | 'p3Y' | 'p5Y' {
  return term === 'P1Y' ? 'p1Y' : term === 'P3Y' ? 'p3Y' : 'p5Y';
}
