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
import { turnLocale } from './language';

/** The timeline lists this many releases; a customer with more sees how many are left out. */
const RELEASES_SHOWN = 15;

/** One release as the agent reads it: "5,546.18 USD frees on 2027-03-10". */
export function releaseText(amountUsd: CapStatus['releases'][number]['amountUsd'], freesAt: Date): string {
  return `${money(amountUsd, 'USD')} frees on ${day(freesAt)}`;
}

export function capCardData(customer: Customer, status: CapStatus): Record<string, unknown> {
  const shown = status.releases.slice(0, RELEASES_SHOWN);
  const releases = shown.map((release) => ({ text: cardText(`${releaseText(release.amountUsd, release.freesAt)} (refund filed ${day(release.filedAt)})`, 120) }));
  if (status.releases.length > shown.length) releases.push({ text: cardText(`… and ${status.releases.length - shown.length} more later`, 60) });
  return {
    title: cardText(`Refund cap of ${customer.name}`, 100),
    summary: plainText(`Refund cap of ${customer.name}: ${money(status.remainingUsd, 'USD')} left`, 150),
    facts: [
      { title: 'Cap', value: `${money(status.limitUsd, 'USD')} per rolling 365 days` },
      { title: 'Consumed', value: money(status.consumedUsd, 'USD') },
      { title: 'Remaining', value: money(status.remainingUsd, 'USD') },
    ],
    hasReleases: releases.length > 0,
    releases,
  };
}

/** /cap [customer]: consumed, remaining and when each past refund leaves the rolling window (SPEC section 9). */
export async function showCap(services: DeskServices, context: TurnContext, query: string): Promise<void> {
  if (!query) {
    await context.sendActivity('Which customer? Type /cap followed by part of its name or domain, e.g. /cap contoso.');
    return;
  }
  const customer = await customerNamed(services, context, query);
  if (!customer) return;
  const status = await capStatus(services.capLedger, customer.id, services.provider.clock.now());
  await context.sendActivity({ type: 'message', attachments: [cardAttachment(renderCard('cap', capCardData(customer, status), turnLocale(context)))] });
}

/**
 * For a capped refund quote: " It would fit in full on 2027-03-10." (the day earlier refunds have left the window
 * far enough), or that it never fits in one request when it is worth more than the whole cap.
 */
export async function fitsInFullText(services: DeskServices, customerId: string, quote: RefundQuoteJson): Promise<string> {
  if (quote.netUsd === undefined) return '';
  const at = await fitsInFullAt(services.capLedger, customerId, new Decimal(quote.netUsd), services.provider.clock.now());
  return at ? ` The full ${money(quote.netUsd, 'USD')} would fit under the cap on ${day(at)}.` : ` The full ${money(quote.netUsd, 'USD')} is more than the whole cap, so it never fits in one refund.`;
}
