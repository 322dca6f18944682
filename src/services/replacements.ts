import type { CatalogItem, ReplacementOffer } from '../ports/catalog';
import { DEFAULT_LOCALE, t, type Locale } from '../i18n';

/** Candidates named one by one in the picker's notes; the rest are counted. */
const NAMED = 3;

/** What the replacement picker may offer for a reservation, and in words what it leaves out or why it is empty. */
export interface ReplacementChoices {
  /** Priced in the reservation's billing currency: the only ones an exchange can buy. */
  choosable: CatalogItem[];
  /** Why there is nothing to choose (set only when `choosable` is empty). */
  emptyReason?: string;
  /** Candidates the catalog lists but the picker does not offer, counted with their reason ('' when none). */
  notOffered: string;
}

/**
 * Splits a provider's replacement offer for a reservation billed in `currency`: an exchange stays in one
 * currency, and a candidate without a price cannot be quoted. An empty picker always says why: no product of
 * the same type, none with a price, or none in this currency.
 */
export function replacementChoices(offer: ReplacementOffer, currency: string, locale: Locale = DEFAULT_LOCALE): ReplacementChoices {
  const choosable = offer.items.filter((item) => item.currency === currency);
  const otherCurrency = offer.items.filter((item) => item.currency !== currency);
  const parts: string[] = [];
  if (offer.unpriced.length > 0) {
    const reasons = [...new Set(offer.unpriced.map((u) => u.reason))];
    // Azure's own reasons, quoted as it gave them.
    parts.push(
      t(locale, 'replacements.unpriced', {
        candidates: named(offer.unpriced, locale),
        reasons: `${reasons.slice(0, 2).join('; ')}${reasons.length > 2 ? '; …' : ''}`,
      }),
    );
  }
  if (otherCurrency.length > 0) {
    const currencies = [...new Set(otherCurrency.map((item) => item.currency))].sort().join(', ');
    parts.push(t(locale, 'replacements.otherCurrency', { candidates: named(otherCurrency, locale), currencies, currency }));
  }
  if (choosable.length > 0) return { choosable, notOffered: parts.length ? t(locale, 'replacements.notOffered', { parts: parts.join('; ') }) : '' };
  const emptyReason =
    offer.sameTypeProducts === 0
      ? t(locale, 'replacements.noSameType')
      : parts.length === 0
        ? t(locale, 'replacements.restricted', { count: offer.sameTypeProducts })
        : parts.join('; ');
  return { choosable, emptyReason, notOffered: '' };
}

/** Candidates by SKU, term and plan: the first few by name, the rest counted. */
function named(candidates: ReadonlyArray<Pick<CatalogItem, 'sku' | 'term' | 'billingPlan'>>, locale: Locale): string {
  const shown = candidates.slice(0, NAMED).map((c) => `${c.sku} ${c.term} ${c.billingPlan}`);
  const rest = candidates.length - shown.length;
  return rest > 0 ? t(locale, 'replacements.andMore', { shown: shown.join(', '), rest }) : shown.join(', ');
}
