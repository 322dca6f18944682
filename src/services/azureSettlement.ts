import { Decimal } from '../domain/money';
import type { ExchangeQuoteJson, RefundQuoteJson } from '../domain/quoteContract';
import type { Provider } from '../ports/provider';
import type { AzureRefundFigures, StatedAmount } from '../ports/selfService';
import { nothingToRefund } from './quoting';
import { money } from '../cards/format';
import { DEFAULT_LOCALE, t, type Locale } from '../i18n';

/**
 * When the confirm card may offer Azure's own return or exchange ("Return now through Azure", "Exchange now
 * through Azure", SPEC section 6), and what the cap then holds. The support request is always offered; this
 * decides only the second way.
 */
export type AzureSettlementOffer =
  { offered: true; azureRefund: StatedAmount; capUsd: string; figures: AzureRefundFigures } | { offered: false; reason: string; azureCode?: string };

/** An amount in the quote's currency at the quote's own USD rate (refundUsd / refund), rounded to cents. */
export function usdAtQuoteRate(quote: RefundQuoteJson, amount: Decimal): Decimal {
  if (quote.refund === undefined || quote.refundUsd === undefined) return new Decimal(0);
  const refund = new Decimal(quote.refund);
  if (amount.equals(refund)) return new Decimal(quote.refundUsd);
  if (refund.isZero()) return new Decimal(0);
  return amount.times(quote.refundUsd).dividedBy(refund).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/**
 * Azure may return the units itself when its calculation shows no policy error. The bot offers it only where the
 * cap can hold what Azure will refund: never for a capped quote (Azure would refund beyond the cap), and only
 * when Azure's refund, in the quote's currency, fits what is left of the customer's cap.
 */
export async function azureSettlementOffer(
  provider: Pick<Provider, 'selfService'>,
  customerId: string,
  reservationId: string,
  quote: RefundQuoteJson,
  quantity: number,
  /** The language of the reasons (the agent's; a reason from Azure itself stays as Azure wrote it). */
  locale: Locale = DEFAULT_LOCALE,
): Promise<AzureSettlementOffer | undefined> {
  if (!provider.selfService) return undefined;
  if (!quote.eligible || nothingToRefund(quote)) return { offered: false, reason: t(locale, 'settle.refundNotFileable') };
  if (quote.capped) return { offered: false, reason: t(locale, 'settle.capped') };
  const offer = await provider.selfService.offerReturn(customerId, reservationId, quantity);
  if (!offer.available) return { offered: false, reason: offer.reason, ...(offer.azureCode ? { azureCode: offer.azureCode } : {}) };
  const refund = offer.figures.refund;
  if (!refund) return { offered: false, reason: t(locale, 'settle.noAmount') };
  if (refund.currency !== quote.currency)
    return { offered: false, reason: t(locale, 'settle.otherCurrency', { azureCurrency: refund.currency, currency: quote.currency }) };
  const capUsd = usdAtQuoteRate(quote, new Decimal(refund.amount));
  if (capUsd.greaterThan(quote.capRemainingUsd ?? '0')) {
    return { offered: false, reason: t(locale, 'settle.overCap', { amount: money(refund.amount, refund.currency, locale) }) };
  }
  return { offered: true, azureRefund: refund, capUsd: capUsd.toFixed(2), figures: offer.figures };
}

/**
 * Azure may exchange the units itself when calculateExchange shows no policy error. Exchanges do not count
 * against the cap; Azure's refund must be in the quote's currency so the two can be compared on the receipt.
 */
export async function azureExchangeOffer(
  provider: Pick<Provider, 'selfService'>,
  customerId: string,
  reservationId: string,
  quote: ExchangeQuoteJson,
  quantity: number,
  replacement: { itemId: string; quantity: number },
  locale: Locale = DEFAULT_LOCALE,
): Promise<AzureSettlementOffer | undefined> {
  const offerExchange = provider.selfService?.offerExchange;
  if (!offerExchange) return undefined;
  if (!quote.eligible) return { offered: false, reason: t(locale, 'settle.exchangeNotFileable') };
  const offer = await offerExchange.call(provider.selfService, customerId, reservationId, quantity, replacement.itemId, replacement.quantity);
  if (!offer.available) return { offered: false, reason: offer.reason, ...(offer.azureCode ? { azureCode: offer.azureCode } : {}) };
  const refund = offer.figures.refund;
  if (!refund) return { offered: false, reason: t(locale, 'settle.noAmount') };
  if (refund.currency !== quote.currency)
    return { offered: false, reason: t(locale, 'settle.otherCurrency', { azureCurrency: refund.currency, currency: quote.currency }) };
  return { offered: true, azureRefund: refund, capUsd: '0.00', figures: offer.figures };
}

/** Azure's refund beside ours, the difference named: the receipt's words (why Azure may pay more depends on the way). */
export function refundDifference(
  ours: { amount: string; currency: string },
  azure: StatedAmount | undefined,
  via: 'return' | 'exchange' = 'return',
  locale: Locale = DEFAULT_LOCALE,
): string {
  if (!azure) return t(locale, 'receipt.difference.notStated');
  if (azure.currency !== ours.currency) return t(locale, 'receipt.difference.otherCurrency', { azureCurrency: azure.currency, currency: ours.currency });
  const diff = new Decimal(azure.amount).minus(ours.amount);
  if (diff.isZero()) return t(locale, 'receipt.difference.none');
  const amount = money(diff.abs(), ours.currency, locale);
  return diff.isPositive()
    ? t(locale, 'receipt.difference.more', { amount, why: t(locale, via === 'return' ? 'receipt.difference.whyReturn' : 'receipt.difference.whyExchange') })
    : t(locale, 'receipt.difference.less', { amount });
}
