import { createHash } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import type { QuoteJson } from '../src/domain/quoteContract';
import { Decimal, formatMoney } from '../src/domain/money';
import type { CatalogItem } from '../src/ports/catalog';
import type { Reservation } from '../src/ports/reservations';
import { quoteExchange, quoteRefundAtCap, unquotableReason } from '../src/services/quoting';
import type { ReplacementChoice } from '../src/services/ticketText';
import type { DeskServices } from './services';
import type { Locale } from '../src/i18n';

/**
 * What the dialog state keeps of a quote the agent was shown: what it was made from besides the reservation and
 * the clock (the cap figure a refund counted; an exchange's catalog item and quantity) and a fingerprint of the
 * quote and replacement as shown. The quote is made again from these wherever it is needed (the confirm card, a
 * cancellation's audit, filing) and is used only when it has the same fingerprint: then it is, field for field,
 * the quote the agent saw. Thirty to eighty bytes instead of the quote's 150 and the replacement's 190.
 */
export interface QuoteBasis {
  /** Fingerprint of the shown quote and replacement (fingerprintOf). */
  h: string;
  /** A refund's: the USD the cap had counted (capConsumedUsd), so the quote is made again without the ledger. */
  cap?: string;
  /**
   * An exchange's: the replacement's catalog item id and quantity. An id that holds the customer's id (Azure's do,
   * ~135 characters) is kept as the parts around it, the customer id being the flow's own (itemIdOf joins them).
   */
  item?: string | string[];
  qty?: number;
}

/** A quote as the agent saw it, made again: the reservation read for it, the quote and the replacement. */
export interface ShownQuote {
  reservation: Reservation;
  quote: QuoteJson;
  replacement?: ReplacementChoice;
}

/** Why a quote could not be made again as it was shown. */
export type NotShown =
  | { why: 'reservation-gone' }
  | { why: 'unquotable'; reservation: Reservation; reason: string }
  /** Made again, with other figures (the reservation, the day, the price changed) or no longer offered. */
  | { why: 'moved'; reservation?: Reservation; fresh?: ShownQuote };

/** What a quote is made again for: the flow's customer, reservation and units, and the basis kept. */
export interface QuoteSubject {
  customerId: string;
  reservationId: string;
  returnQuantity?: number;
  basis: QuoteBasis;
}

/**
 * 96 bits of SHA-256 over the quote's and replacement's JSON (key order included, as the contract writes it):
 * two quotes with one field different never share it by chance.
 */
export function fingerprintOf(quote: QuoteJson, replacement?: ReplacementChoice): string {
  const text = JSON.stringify([quote, replacement ?? null]);
  let fingerprint = recentFingerprints.get(text);
  if (fingerprint === undefined) {
    fingerprint = createHash('sha256').update(text).digest('base64url').slice(0, 16);
    if (recentFingerprints.size >= RECENT_FINGERPRINTS_KEPT) recentFingerprints.delete(recentFingerprints.keys().next().value!);
    recentFingerprints.set(text, fingerprint);
  }
  return fingerprint;
}

/** The last quotes' fingerprints by their JSON: a Cancel or confirm checks the quote its card showed (one hash fewer). */
const recentFingerprints = new Map<string, string>();
const RECENT_FINGERPRINTS_KEPT = 256;

export function quoteBasisOf(quote: QuoteJson, replacement?: ReplacementChoice, customerId?: string): QuoteBasis {
  const h = fingerprintOf(quote, replacement);
  if (quote.kind === 'refund') return { h, cap: quote.capConsumedUsd };
  if (!replacement) return { h };
  const parts = customerId ? replacement.itemId.split(customerId) : [];
  return { h, item: parts.length > 1 ? parts : replacement.itemId, qty: replacement.quantity };
}

/** The catalog item id a basis names (its parts joined by the customer id they were cut at). */
export function itemIdOf(basis: QuoteBasis, customerId: string): string | undefined {
  return Array.isArray(basis.item) ? basis.item.join(customerId) : basis.item;
}

/** The replacement an exchange quotes: a catalog item bought `quantity` times (fields in the order filed). */
export function replacementChoiceOf(item: CatalogItem, quantity: number): ReplacementChoice {
  return {
    itemId: item.id,
    sku: item.sku,
    displayName: item.displayName,
    region: item.region,
    term: item.term,
    billingPlan: item.billingPlan,
    quantity,
    currency: item.currency,
    totalCommitment: formatMoney(item.unitPrice.times(quantity), item.currency),
  };
}

/** Quotes made again this turn, so the flow and its confirm step share one (one reservation read per turn). */
const madeThisTurn = new WeakMap<TurnContext, Map<string, ShownQuote>>();

function turnKey(subject: QuoteSubject): string {
  return `${subject.customerId}|${subject.reservationId}|${subject.basis.h}`;
}

/**
 * The quote the agent was shown, made again now: from `reservation` when the turn has read it, else read here
 * (and an exchange's catalog item read here). A quote whose fingerprint differs is `moved`, with the fresh one.
 */
export async function shownQuote(
  services: DeskServices,
  context: TurnContext,
  subject: QuoteSubject,
  locale: Locale,
  reservation?: Reservation,
): Promise<ShownQuote | NotShown> {
  const made = madeThisTurn.get(context)?.get(turnKey(subject));
  if (made && (!reservation || reservation === made.reservation)) return made;
  const read = reservation ?? (await services.provider.reservations.getReservation(subject.customerId, subject.reservationId));
  if (!read) return { why: 'reservation-gone' };
  const unquotable = unquotableReason(read, locale);
  if (unquotable) return { why: 'unquotable', reservation: read, reason: unquotable };
  const asOf = services.provider.clock.now();
  const { basis } = subject;
  let again: ShownQuote;
  if (basis.item !== undefined) {
    const item = await services.provider.catalog.getItem(itemIdOf(basis, subject.customerId)!);
    // An item no longer sold, or now priced in another currency, cannot be what was shown.
    if (!item || item.currency !== read.currency || !basis.qty) return { why: 'moved', reservation: read };
    const replacement = replacementChoiceOf(item, basis.qty);
    const { json } = quoteExchange(
      services,
      read,
      { totalCommitment: new Decimal(replacement.totalCommitment), currency: replacement.currency },
      asOf,
      subject.returnQuantity,
    );
    again = { reservation: read, quote: json, replacement };
  } else if (basis.cap !== undefined) {
    again = { reservation: read, quote: quoteRefundAtCap(services, read, asOf, new Decimal(basis.cap), subject.returnQuantity).json };
  } else {
    return { why: 'moved', reservation: read };
  }
  if (fingerprintOf(again.quote, again.replacement) !== basis.h) return { why: 'moved', reservation: read, fresh: again };
  const turn = madeThisTurn.get(context) ?? new Map<string, ShownQuote>();
  turn.set(turnKey(subject), again);
  madeThisTurn.set(context, turn);
  return again;
}

export function isShown(made: ShownQuote | NotShown): made is ShownQuote {
  return 'quote' in made;
}
