import { computeExchangeQuote, computeRefundQuote, type ExchangeQuote, type RefundQuote, type RefundQuoteRequest } from '../domain/quote';
import { quoteJson } from '../domain/quoteJson';
import type { ExchangeQuoteJson, RefundQuoteJson } from '../domain/quoteContract';
import { reservationIneligibility } from '../domain/eligibility';
import { calendarDaysBetween, expiryOf, utcDayNumber } from '../domain/dates';
import type { PolicyName, ReservationFacts } from '../domain/types';
import { Decimal } from '../domain/money';
import type { Reservation } from '../ports/reservations';
import type { CapEntry, CapLedger } from '../ports/capLedger';
import { capWindowFigures } from '../domain/cap';
import { DEFAULT_LOCALE, t, type Locale } from '../i18n';
import { OPEN_REQUEST_STATES, type RequestRecord } from '../ports/requestStore';

/** Why a reservation cannot be picked for a refund or exchange, beyond the domain's reasons. */
export type PickReason = ReturnType<typeof reservationIneligibility>[number] | 'not-started' | 'already-returned' | 'request-open' | 'figures-inconsistent';

/** A reason code in the agent's words (the catalog's `reason.<code>`). */
export function pickReasonText(reason: PickReason | 'below-minimum-commitment' | 'currency-mismatch', locale: Locale = DEFAULT_LOCALE): string {
  return t(locale, `reason.${reason}`);
}

export function factsOf(reservation: Reservation): ReservationFacts {
  return {
    term: reservation.term,
    billingPlan: reservation.billingPlan,
    benefitStart: reservation.benefitStart,
    quantity: reservation.quantity,
    totalCommitment: reservation.totalCommitment,
    currency: reservation.currency,
    paidToDate: reservation.paidToDate,
    usdRate: reservation.usdRate,
    usageSeen: reservation.usageSeen,
    reservedResourceType: reservation.reservedResourceType,
    state: reservation.state,
  };
}

/** Why a reservation may never be quoted, in words for the card and the log; undefined when it may. */
export function unquotableReason(reservation: Reservation, locale: Locale = DEFAULT_LOCALE): string | undefined {
  // The problem itself is the provider's own description (English, like Azure's messages).
  return reservation.figuresProblem ? `${pickReasonText('figures-inconsistent', locale)}: ${reservation.figuresProblem}` : undefined;
}

/** Units still returnable: what Azure shows minus what earlier requests returned. */
export function returnableQuantity(reservation: Reservation): number {
  return Math.max(0, reservation.quantity - reservation.returnedQuantity);
}

/** Every reason a reservation may not be picked now, given the customer's requests in this desk. */
export function pickReasons(reservation: Reservation, asOf: Date, customerRequests: RequestRecord[]): PickReason[] {
  // Expiry by the SPEC's rule (the one the quote uses), not the provider's figure, so picker and quote agree.
  const reasons: PickReason[] = reservationIneligibility({
    reservedResourceType: reservation.reservedResourceType,
    state: reservation.state,
    expiryReached: calendarDaysBetween(expiryOf(reservation.benefitStart, reservation.term), asOf) >= 0,
  });
  // A quote dated before the benefit-start date is malformed (SPEC section 3); earlier on that date is day 0.
  if (calendarDaysBetween(reservation.benefitStart, asOf) < 0) reasons.push('not-started');
  const ours = customerRequests.filter((r) => r.reservationId === reservation.reservationId);
  // What credited requests returned, the provider's quantities show (Azure reduces or cancels the reservation;
  // the sandbox does the same once its desk credits a ticket).
  if (returnableQuantity(reservation) === 0) reasons.push('already-returned');
  if (ours.some((r) => OPEN_REQUEST_STATES.includes(r.state))) reasons.push('request-open');
  if (reservation.figuresProblem) reasons.push('figures-inconsistent');
  return reasons;
}

export interface QuotingDeps {
  capLedger: CapLedger;
  policy: PolicyName;
}

/** The units a quote returns: what the agent asked for, else everything still returnable (at least 1). */
export function unitsToReturn(reservation: Reservation, requested?: number): number {
  const returnable = Math.max(1, returnableQuantity(reservation));
  return requested !== undefined && Number.isSafeInteger(requested) && requested >= 1 && requested <= returnable ? requested : returnable;
}

/**
 * The USD a refund filed at `at` finds already counted against the cap: the most counted in any 365-day window
 * the filing falls in (windows ending from `at` to a year later), which is what the ledger enforces when it
 * reserves. Usually that is just consumed(at); it is more when refunds are dated after `at` (a clock set back,
 * instances whose clocks disagree), and then the quote must not promise what the ledger will refuse.
 */
export async function capConsumedAt(capLedger: CapLedger, customerId: string, at: Date, entriesRead?: Promise<CapEntry[]>): Promise<Decimal> {
  const counted = (await (entriesRead ?? capLedger.entries(customerId)))
    .filter((entry) => entry.state !== 'released')
    .map((entry) => ({ atMs: entry.at.getTime(), cents: BigInt(entry.amountUsd.times(100).toFixed(0)) }));
  return new Decimal(capWindowFigures(counted, at.getTime()).peak.toString()).dividedBy(100);
}

export async function quoteRefund(
  deps: QuotingDeps,
  reservation: Reservation,
  asOf: Date,
  returnQuantity?: number,
  /** The customer's cap entries when the caller already started reading them (with its other reads). */
  capEntriesRead?: Promise<CapEntry[]>,
): Promise<{ quote: RefundQuote; json: RefundQuoteJson }> {
  const capConsumedUsd = await capConsumedAt(deps.capLedger, reservation.customerId, asOf, capEntriesRead);
  return quoteRefundAtCap(deps, reservation, asOf, capConsumedUsd, returnQuantity);
}

/** A refund quote on a cap figure already known (the one a shown quote counted), without reading the ledger. */
export function quoteRefundAtCap(
  deps: Pick<QuotingDeps, 'policy'>,
  reservation: Reservation,
  asOf: Date,
  capConsumedUsd: Decimal,
  returnQuantity?: number,
): { quote: RefundQuote; json: RefundQuoteJson } {
  const request: RefundQuoteRequest = {
    kind: 'refund',
    policy: deps.policy,
    asOf,
    reservation: factsOf(reservation),
    returnQuantity: unitsToReturn(reservation, returnQuantity),
    capConsumedUsd,
  };
  const key = refundQuoteKey(request);
  const made = key === undefined ? undefined : recentRefundQuotes.get(key);
  if (made) return refundQuoteCopy(made);
  const quote = computeRefundQuote(request);
  const json = quoteJson(quote);
  if (key !== undefined) remember(key, refundQuoteCopy({ quote, json }));
  return { quote, json };
}

/**
 * Refund quotes made lately, by everything they are made from. A quote card's Cancel, confirm and filing make the
 * shown quote again from its basis (dialogs/shownQuote.ts), usually on the instance that showed it and the same
 * day: the quote is then taken from here instead of computed again (~100 µs of decimals). The key holds every input
 * computeRefundQuote reads (the policy, the reservation's facts, the units, the cap figure) and the quote time only
 * as its UTC date, the only part of it the quote reads (day counts): equal keys give equal quotes. Callers get
 * copies, so none can change what another is given.
 */
const recentRefundQuotes = new Map<string, { quote: RefundQuote; json: RefundQuoteJson }>();
const RECENT_QUOTES_KEPT = 256;

/** undefined for a quote time that is no time (computeRefundQuote refuses it; nothing is kept). */
function refundQuoteKey(request: RefundQuoteRequest): string | undefined {
  const day = utcDayNumber(request.asOf);
  if (!Number.isFinite(day)) return undefined;
  const r = request.reservation;
  // Every fact (the type makes a fact added to ReservationFacts fail here until it is keyed), each by its identity:
  // an instant by its milliseconds, a Decimal by its exact value (valueOf keeps the sign of a zero).
  const facts: Record<keyof ReservationFacts, string | number | boolean> = {
    term: r.term,
    billingPlan: r.billingPlan,
    benefitStart: r.benefitStart.getTime(),
    quantity: r.quantity,
    totalCommitment: r.totalCommitment.valueOf(),
    currency: r.currency,
    paidToDate: r.paidToDate.valueOf(),
    usdRate: r.usdRate.valueOf(),
    usageSeen: r.usageSeen,
    reservedResourceType: r.reservedResourceType,
    state: r.state,
  };
  return JSON.stringify([request.policy, day, request.returnQuantity, request.capConsumedUsd.valueOf(), facts]);
}

function remember(key: string, made: { quote: RefundQuote; json: RefundQuoteJson }): void {
  if (recentRefundQuotes.size >= RECENT_QUOTES_KEPT) recentRefundQuotes.delete(recentRefundQuotes.keys().next().value!);
  recentRefundQuotes.set(key, made);
}

/** A copy no caller shares: the quote's mutable parts (arrays, the Date) new; Decimals and strings are immutable. */
function refundQuoteCopy({ quote, json }: { quote: RefundQuote; json: RefundQuoteJson }): { quote: RefundQuote; json: RefundQuoteJson } {
  return {
    quote: { ...quote, reasons: [...quote.reasons], expiry: new Date(quote.expiry.getTime()) },
    json: { ...json, reasons: [...json.reasons] },
  };
}

export function quoteExchange(
  deps: Pick<QuotingDeps, 'policy'>,
  reservation: Reservation,
  replacement: { totalCommitment: Decimal; currency: string },
  asOf: Date,
  returnQuantity?: number,
): { quote: ExchangeQuote; json: ExchangeQuoteJson } {
  const quote = computeExchangeQuote({
    kind: 'exchange',
    policy: deps.policy,
    asOf,
    reservation: factsOf(reservation),
    returnQuantity: unitsToReturn(reservation, returnQuantity),
    replacement,
  });
  return { quote, json: quoteJson(quote) };
}

/** The least a replacement must commit when exchanging every unit still returnable: what is left of the reservation. */
export function minimumCommitment(deps: Pick<QuotingDeps, 'policy'>, reservation: Reservation, asOf: Date): Decimal {
  return quoteExchange(deps, reservation, { totalCommitment: new Decimal(0), currency: reservation.currency }, asOf).quote.remainingCommitment;
}

/** The customer's cap as a quote saw it: moves whenever any of the customer's refunds is filed or released. */
const CAP_STANDING_FIELDS = ['capConsumedUsd', 'capRemainingUsd', 'capRemainingAfterUsd'] as const;

/**
 * Whether a quote still says what the agent confirmed, compared at filing time: a new day, another amount, or a
 * refund that becomes capped or whose capped amount changes mean a new quote. The customer's cap figures alone
 * do not: another agent's refund for the customer moves them without changing this refund (the receipt then
 * shows the ledger's figures as reserved).
 */
export function sameRefundOrExchange(confirmed: RefundQuoteJson | ExchangeQuoteJson, fresh: RefundQuoteJson | ExchangeQuoteJson): boolean {
  const withoutCapStanding = (quote: RefundQuoteJson | ExchangeQuoteJson) => {
    const copy: Record<string, unknown> = { ...quote };
    for (const field of CAP_STANDING_FIELDS) delete copy[field];
    return JSON.stringify(copy);
  };
  return withoutCapStanding(confirmed) === withoutCapStanding(fresh);
}

/** A capped refund with no cap left is worth nothing: it is never offered for filing. */
export function nothingToRefund(quote: RefundQuoteJson): boolean {
  return quote.capped === true && (quote.refund === undefined || /^0+(\.0+)?$/.test(quote.refund));
}
