import { isNonRefundableType } from '../../domain/eligibility';
import { Decimal } from '../../domain/money';
import { BILLING_PLANS, type Term } from '../../domain/types';
import { NotFoundError } from '../../errors';
import { worded } from '../../i18n';
import type { CatalogItem, ExchangeCatalog, ReplacementOffer } from '../../ports/catalog';
import type { SandboxReservations } from './reservationSource';
import { CATALOG_PRODUCTS, CATALOG_REGIONS, P3Y_PRICE_FACTOR, REGION_NAMES, type CatalogProductSeed } from './tenant/catalog';
import { usdRateOf } from './tenant/rates';

const CATALOG_TERMS: readonly Term[] = ['P1Y', 'P3Y'];
const TERM_LABELS: Readonly<Record<Term, string>> = { P1Y: '1 year', P3Y: '3 years', P5Y: '5 years' };

/** Local prices are rounded as a price list would be: whole units, whole thousands of yen. */
function localPrice(usd: Decimal, currency: string): Decimal {
  const local = usd.dividedBy(usdRateOf(currency));
  return currency === 'JPY' ? local.dividedBy(1000).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).times(1000) : local.toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
}

function itemsFor(product: CatalogProductSeed, currency: string): CatalogItem[] {
  const items: CatalogItem[] = [];
  for (const region of CATALOG_REGIONS[currency] ?? []) {
    for (const term of CATALOG_TERMS) {
      const usd = new Decimal(product.usdPerYear).times(term === 'P3Y' ? P3Y_PRICE_FACTOR : 1);
      for (const billingPlan of BILLING_PLANS) {
        items.push({
          id: [product.reservedResourceType, product.sku, region, term, billingPlan, currency].join('.').toLowerCase(),
          sku: product.sku,
          displayName: `${product.sku}, ${REGION_NAMES[region] ?? region}, ${TERM_LABELS[term]}, ${billingPlan}`,
          region,
          term,
          billingPlan,
          reservedResourceType: product.reservedResourceType,
          currency,
          unitPrice: localPrice(usd, currency),
        });
      }
    }
  }
  return items;
}

/** Every product in every currency that has regions; built once, it is small (a few hundred items). */
export function buildCatalog(): CatalogItem[] {
  return Object.keys(CATALOG_REGIONS).flatMap((currency) => CATALOG_PRODUCTS.flatMap((product) => itemsFor(product, currency)));
}

export class SandboxCatalog implements ExchangeCatalog {
  private readonly items: readonly CatalogItem[] = buildCatalog();
  private readonly byId = new Map(this.items.map((item) => [item.id, item]));

  constructor(private readonly reservations: SandboxReservations) {}

  /** Same reserved resource type and billing currency; none for types Microsoft does not exchange. */
  async listReplacements(customerId: string, reservationId: string): Promise<CatalogItem[]> {
    const reservation = this.reservations.find(customerId, reservationId);
    if (!reservation) throw new NotFoundError(worded('failure.reservationUnknown'), { customerId, reservationId });
    if (isNonRefundableType(reservation.reservedResourceType)) return [];
    return this.items
      .filter((item) => item.reservedResourceType === reservation.reservedResourceType && item.currency === reservation.currency)
      .map((item) => ({ ...item }));
  }

  /** The sandbox prices every product, so nothing is unpriced; the same-type count is across currencies. */
  async replacementOffer(customerId: string, reservationId: string): Promise<ReplacementOffer> {
    const items = await this.listReplacements(customerId, reservationId);
    const reservation = this.reservations.find(customerId, reservationId)!;
    const sameTypeProducts = isNonRefundableType(reservation.reservedResourceType)
      ? 0
      : new Set(this.items.filter((item) => item.reservedResourceType === reservation.reservedResourceType).map((item) => item.sku)).size;
    return { sameTypeProducts, items, unpriced: [] };
  }

  async getItem(itemId: string): Promise<CatalogItem | undefined> {
    const item = this.byId.get(itemId);
    return item ? { ...item } : undefined;
  }
}
