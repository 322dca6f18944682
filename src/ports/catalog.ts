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

export interface ExchangeCatalog {
  /** Replacements offered for a customer's reservation (same reserved resource type family where relevant). */
  listReplacements(customerId: string, reservationId: string): Promise<CatalogItem[]>;
  getItem(itemId: string): Promise<CatalogItem | undefined>;
}
