import type { TurnContext } from 'botbuilder';
import { cardAttachment, renderCard } from '../src/cards/render';
import { cardText, plainText } from '../src/cards/text';
import { day, money } from '../src/cards/format';
import { capStatus, fitsInFullAt, type CapStatus } from '../src/services/capTimeline';
import { Decimal } from '../src/domain/money';
import type { RefundQuoteJson } from '../src/domain/quoteContract';
import type { Customer } from '../src/ports/partnerDirectory';
import { customerNamed } from './customerLookup';
import type { DeskServices } from './services';
import { DEFAULT_LOCALE, t, type Locale } from '../src/i18n';
import { turnLocale, turnText } from './language';

/** The timeline lists this many releases; a customer with more sees how many are left out. */
const RELEASES_SHOWN = 15;

/** One release as the agent reads it: "5,546.18 USD frees on 2027-03-10" / "5.546,18 USD frei ab 10.03.2027". */
export function releaseText(amountUsd: CapStatus['releases'][number]['amountUsd'], freesAt: Date, locale: Locale = DEFAULT_LOCALE): string {
  return t(locale, 'cap.release', { amount: money(amountUsd, 'USD', locale), day: day(freesAt, locale) });
}

export function capCardData(customer: Customer, status: CapStatus, locale: Locale = DEFAULT_LOCALE): Record<string, unknown> {
  const shown = status.releases.slice(0, RELEASES_SHOWN);
  const releases = shown.map((release) => ({
    text: cardText(t(locale, 'cap.releaseFiled', { release: releaseText(release.amountUsd, release.freesAt, locale), day: day(release.filedAt, locale) }), 120),
  }));
  if (status.releases.length > shown.length)
    releases.push({ text: cardText(t(locale, 'cap.moreReleases', { count: status.releases.length - shown.length }), 60) });
  const title = t(locale, 'cap.title', { customer: customer.name });
  return {
    title: cardText(title, 100),
    summary: plainText(t(locale, 'cap.summary', { customer: customer.name, remaining: money(status.remainingUsd, 'USD', locale) }), 150),
    facts: [
      { title: t(locale, 'cap.fact.cap'), value: t(locale, 'cap.capValue', { limit: money(status.limitUsd, 'USD', locale) }) },
      { title: t(locale, 'cap.fact.consumed'), value: money(status.consumedUsd, 'USD', locale) },
      { title: t(locale, 'cap.fact.remaining'), value: money(status.remainingUsd, 'USD', locale) },
    ],
    hasReleases: releases.length > 0,
    releases,
  };
}

/** /cap [customer]: consumed, remaining and when each past refund leaves the rolling window (SPEC section 9). */
export async function showCap(services: DeskServices, context: TurnContext, query: string): Promise<void> {
  if (!query) {
    await context.sendActivity(turnText(context, 'cap.askCustomer'));
    return;
  }
  const customer = await customerNamed(services, context, query);
  if (!customer) return;
  const status = await capStatus(services.capLedger, customer.id, services.provider.clock.now());
  const locale = turnLocale(context);
  await context.sendActivity({ type: 'message', attachments: [cardAttachment(renderCard('cap', capCardData(customer, status, locale), locale))] });
}

/**
 * For a capped refund quote: " It would fit in full on 2027-03-10." (the day earlier refunds have left the window
 * far enough), or that it never fits in one request when it is worth more than the whole cap. The leading space
 * lets the caller append it to its own sentence.
 */
export async function fitsInFullText(services: DeskServices, customerId: string, quote: RefundQuoteJson, locale: Locale = DEFAULT_LOCALE): Promise<string> {
  if (quote.netUsd === undefined) return '';
  const at = await fitsInFullAt(services.capLedger, customerId, new Decimal(quote.netUsd), services.provider.clock.now());
  const amount = money(quote.netUsd, 'USD', locale);
  return ` ${at ? t(locale, 'cap.fitsOn', { amount, day: day(at, locale) }) : t(locale, 'cap.neverFits', { amount })}`;
}
