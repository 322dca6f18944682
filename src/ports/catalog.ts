import type { Decimal } from '../domain/money';
import type { BillingPlan, Term } from '../domain/types';

/** A reservation product an exchange can buy. Price is per unit for the whole term, in `currency`. */
export interface CatalogItem {
  id: string;
  sku: string;
  displayName: string;
  region: string;
  term: Term;
  billingPlan: BillingPlan;
  reservedResourceType: string;
  currency: string;
  unitPrice: Decimal;
}

/** A product the catalog lists as a replacement but that has no price the bot may use, and why. */
export interface UnpricedReplacement {
  sku: string;
  displayName: string;
  region: string;
  term: Term;
  billingPlan: BillingPlan;
  reason: string;
}

/** Everything the replacement picker needs to offer candidates or say why there are none. */
export interface ReplacementOffer {
  /** Products of the same reserved resource type the catalog lists for the reservation's scope and region. */
  sameTypeProducts: number;
  /** Priced candidates (any currency: the picker decides what an exchange may buy). */
  items: CatalogItem[];
  /** Candidates shown as "no price", with the reason. */
  unpriced: UnpricedReplacement[];
}

export interface ExchangeCatalog {
  /** Priced replacements for a customer's reservation (same reserved resource type family where relevant). */
  listReplacements(customerId: string, reservationId: string): Promise<CatalogItem[]>;
  /** The same candidates plus those without a price and the size of the catalog they came from. */
  replacementOffer(customerId: string, reservationId: string): Promise<ReplacementOffer>;
  getItem(itemId: string): Promise<CatalogItem | undefined>;
}
