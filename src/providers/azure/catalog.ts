import { isNonRefundableType } from '../../domain/eligibility';
import { CURRENCY_CODE } from '../../domain/money';
import { TERMS, type BillingPlan, type Term } from '../../domain/types';
import type { Logger } from '../../log';
import type { CatalogItem, ExchangeCatalog, ReplacementOffer, UnpricedReplacement } from '../../ports/catalog';
import { mapLimit } from '../../concurrency';
import { decimalOf } from './ids';
import type { ArmReservationsClient, ExchangePurchase } from './reservationsArm';
import type { ReservationLocator } from './reservationSource';
import type { WireCatalogItem } from './wire/armSchemas';

/**
 * An exchange replacement's id: an item id carries everything needed to find the item again (customer, subscription, type, region, SKU,
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

/** The purchase a catalog item stands for, as calculatePrice takes it and calculateExchange's `reservationsToPurchase` holds it. */
export function purchaseOf(key: CatalogItemKey, quantity: number, displayName: string): ExchangePurchase {
  return {
    sku: key.sku,
    location: key.location,
    reservedResourceType: key.reservedResourceType,
    billingScopeId: `/subscriptions/${key.subscriptionId}`,
    term: key.term,
    billingPlan: key.billingPlan,
    quantity,
    displayName,
  };
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

/** Candidates priced per listing: enough for a picker, few enough to keep calculatePrice calls bounded. */
export const MAX_PRICED_CANDIDATES = 24;
/**
 * How long a price Azure gave is reused. One exchange reads the offer for the picker, again to check the choice,
 * and the item for the quote: without this each would cost every calculatePrice call again. Refusals are not kept.
 */
export const PRICE_TTL_MS = 5 * 60_000;
const MAX_CACHED_PRICES = 2_000;
const CONCURRENCY = 4;

/** A product × term × billing plan the subscription may buy, before Azure has priced it. */
interface Candidate {
  key: CatalogItemKey;
  displayName: string;
}

type Priced = { ok: true; item: CatalogItem } | { ok: false; reason: string };

/**
 * Exchange replacements: the Microsoft.Capacity catalog of the reservation's billing subscription (same reserved
 * resource type and region) says what may be bought; `calculatePrice` with the purchase request for that billing
 * scope says what it costs, in the customer's billing currency. The catalog's `msrp` is not used: Microsoft's
 * examples carry none, and where present it is a list price in the pricing currency, not what the customer pays.
 */
export class AzureExchangeCatalog implements ExchangeCatalog {
  private readonly prices = new Map<string, { item: CatalogItem; until: number }>();

  constructor(
    private readonly arm: ArmReservationsClient,
    private readonly locator: ReservationLocator,
    private readonly logger?: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async listReplacements(customerId: string, reservationId: string): Promise<CatalogItem[]> {
    return (await this.replacementOffer(customerId, reservationId)).items;
  }

  async replacementOffer(customerId: string, reservationId: string): Promise<ReplacementOffer> {
    const found = await this.locator.requireWire(customerId, reservationId);
    const type = found.wire.properties.reservedResourceType;
    const location = found.wire.location;
    const subscriptionId = subscriptionOf(found.wire.properties.billingScopeId);
    if (!type || !location || !subscriptionId || isNonRefundableType(type)) return { sameTypeProducts: 0, items: [], unpriced: [] };
    const entries = await this.arm.catalog(found.customer.tenantId, subscriptionId, type, location);
    const sku = found.wire.sku?.name ?? '';
    // The reservation's own SKU first (the likeliest exchange), then by name, so the priced ones are the useful ones.
    const candidates = entries
      .flatMap((entry) => candidatesOf(entry, { customerId, subscriptionId, reservedResourceType: type, location }))
      .sort((a, b) => Number(b.key.sku === sku) - Number(a.key.sku === sku) || (a.key.sku < b.key.sku ? -1 : a.key.sku > b.key.sku ? 1 : 0));
    const priced = await mapLimit(candidates.slice(0, MAX_PRICED_CANDIDATES), CONCURRENCY, (c) => this.price(found.customer.tenantId, c));
    const offer: ReplacementOffer = { sameTypeProducts: entries.length, items: [], unpriced: [] };
    candidates.forEach((candidate, index) => {
      const result: Priced = priced[index] ?? { ok: false, reason: `not priced: only the first ${MAX_PRICED_CANDIDATES} candidates are priced` };
      if (result.ok) offer.items.push(result.item);
      else offer.unpriced.push({ ...describe(candidate), reason: result.reason });
    });
    if (offer.unpriced.length > 0) {
      this.logger?.warn({
        event: 'azure-replacements-unpriced',
        customerId,
        reservationId,
        unpriced: offer.unpriced.length,
        priced: offer.items.length,
        reasons: [...new Set(offer.unpriced.map((u) => u.reason))].slice(0, 5),
      });
    }
    return offer;
  }

  async getItem(itemId: string): Promise<CatalogItem | undefined> {
    const key = parseCatalogItemId(itemId);
    if (!key) return undefined;
    const customer = await this.locator.customer(key.customerId);
    if (!customer) return undefined;
    const entries = await this.arm.catalog(customer.tenantId, key.subscriptionId, key.reservedResourceType, key.location);
    const entry = entries.find((e) => e.name === key.sku);
    const candidate = entry ? candidatesOf(entry, key).find((c) => catalogItemId(c.key) === itemId) : undefined;
    if (!candidate) return undefined;
    const priced = await this.price(customer.tenantId, candidate);
    return priced.ok ? priced.item : undefined;
  }

  /** calculatePrice for one unit; a refusal, an outage or an answer that contradicts itself leaves it unpriced. */
  private async price(tenantId: string, candidate: Candidate): Promise<Priced> {
    const cacheKey = `${tenantId.toLowerCase()}|${catalogItemId(candidate.key)}`;
    const cached = this.prices.get(cacheKey);
    if (cached && cached.until > this.now()) return { ok: true, item: { ...cached.item } };
    const priced = await this.askPrice(tenantId, candidate);
    if (priced.ok) {
      if (this.prices.size >= MAX_CACHED_PRICES) this.prices.clear();
      this.prices.set(cacheKey, { item: { ...priced.item }, until: this.now() + PRICE_TTL_MS });
    }
    return priced;
  }

  private async askPrice(tenantId: string, candidate: Candidate): Promise<Priced> {
    const { key } = candidate;
    const answer = await this.arm.calculatePrice(tenantId, purchaseOf(key, 1, `${key.sku} (price check)`));
    if (!answer.ok) {
      const said = String(answer.error.details.azureMessage ?? '') || answer.error.azureCode || answer.error.code;
      return { ok: false, reason: `Azure gives no price for it (${said})` };
    }
    const total = answer.value.properties?.billingCurrencyTotal;
    if (!total) return { ok: false, reason: 'Azure’s price answer has no amount in the billing currency' };
    if (!Number.isFinite(total.amount) || total.amount <= 0)
      return { ok: false, reason: `Azure’s price contradicts itself (${total.amount} ${total.currencyCode})` };
    if (!CURRENCY_CODE.test(total.currencyCode.toUpperCase())) return { ok: false, reason: `Azure’s price has no valid currency (${total.currencyCode})` };
    return {
      ok: true,
      item: {
        id: catalogItemId(key),
        ...describe(candidate),
        reservedResourceType: key.reservedResourceType,
        currency: total.currencyCode.toUpperCase(),
        unitPrice: decimalOf(total.amount),
      },
    };
  }
}

type Scope = Pick<CatalogItemKey, 'customerId' | 'subscriptionId' | 'reservedResourceType' | 'location'>;

function describe(candidate: Candidate): Omit<UnpricedReplacement, 'reason'> {
  const { key } = candidate;
  return { sku: key.sku, displayName: candidate.displayName, region: key.location, term: key.term, billingPlan: key.billingPlan };
}

/** One candidate per term and billing plan offered, minus what the subscription may not buy. */
function candidatesOf(entry: WireCatalogItem, scope: Scope): Candidate[] {
  const candidates: Candidate[] = [];
  const restrictions = entry.restrictions ?? [];
  const locationBlocked = restrictions.some(
    (r) => r.type?.toLowerCase() === 'location' && (r.values ?? []).some((v) => v.toLowerCase() === scope.location.toLowerCase()),
  );
  if (locationBlocked) return candidates;
  const title = entry.skuProperties?.find((p) => p.name === 'ProductTitle')?.value ?? entry.name;
  for (const term of TERMS) {
    if (!(entry.terms ?? []).includes(term)) continue;
    if (restrictions.some((r) => r.type?.toLowerCase() === 'term' && (r.values ?? []).includes(term))) continue;
    const plans = (entry.billingPlans?.[term] ?? ['Upfront']).filter((p): p is BillingPlan => p === 'Upfront' || p === 'Monthly');
    for (const billingPlan of plans) {
      candidates.push({
        key: { ...scope, sku: entry.name, term, billingPlan },
        displayName: `${title}, ${scope.location}, ${term === 'P1Y' ? '1 year' : term === 'P3Y' ? '3 years' : '5 years'}, ${billingPlan}`,
      });
    }
  }
  return candidates;
}
