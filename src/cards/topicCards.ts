import type { Activity } from 'botbuilder';
import { cardAttachment, renderCard } from './render';
import { cardText, plainText } from './text';
import { day } from './format';
import type { Reservation } from '../ports/reservations';
import { DEFAULT_LOCALE } from '../i18n';

/**
 * The cards the desk sends first (SPEC section 9). Their buttons carry `rd: TOPIC_CARD_ID`: they belong to no
 * waiting prompt, so DeskBot starts the overview, an exchange quote, /scope or /renew for the reservation they name.
 */
export const TOPIC_CARD_ID = 'desk-topic';
export const TOPIC_ACTIONS = { 'topic-overview': 'reservation', 'topic-exchange': 'exchange', 'topic-scope': 'scope', 'topic-renew': 'renew' } as const;
/** The requests card's button: the finance export of the customer shown (or everyone's), as `/requests export`. */
export const EXPORT_ACTION = 'requests-export';

/** Reminders are sent at these many days before expiry (the 7-day one also when first seen within 7 days). */
export type ExpiryStage = 30 | 7;

const DAY_MS = 24 * 60 * 60 * 1000;

export function renewalText(renew: boolean | undefined): string {
  return renew === undefined ? 'not known' : renew ? 'on' : 'off';
}

const percent = (v: string | undefined) => (v === undefined ? 'no data' : `${v}%`);

export function expiryReminderData(reservation: Reservation, customerName: string, stage: ExpiryStage, now: Date): Record<string, unknown> {
  const daysLeft = Math.max(0, Math.ceil((reservation.expiry.getTime() - now.getTime()) / DAY_MS));
  const when = daysLeft === 1 ? 'in 1 day' : `in ${daysLeft} days`;
  const name = reservation.displayName;
  return {
    rd: TOPIC_CARD_ID,
    customerId: reservation.customerId,
    reservationId: reservation.reservationId,
    title: stage === 7 ? 'Reservation expires within 7 days' : 'Reservation expires within 30 days',
    color: stage === 7 && reservation.renew !== true ? 'Attention' : 'Default',
    headline: cardText(`${name} of ${customerName} expires ${when}, on ${day(reservation.expiry)}. Renewal is ${renewalText(reservation.renew)}.`, 300),
    summary: plainText(`${name} (${customerName}) expires ${when}; renewal ${renewalText(reservation.renew)}`, 150),
    facts: [
      { title: 'Customer', value: cardText(customerName, 80) },
      { title: 'Reservation', value: cardText(name, 80) },
      { title: 'Expiry', value: day(reservation.expiry) },
      { title: 'Renewal', value: renewalText(reservation.renew) },
      { title: 'Product', value: cardText(`${reservation.quantity} × ${reservation.sku} · ${reservation.region} · ${reservation.term} ${reservation.billingPlan}`, 160) },
      { title: 'Utilization', value: `7 days ${percent(reservation.utilization.day7)} · 30 days ${percent(reservation.utilization.day30)}` },
    ],
    next:
      reservation.renew === true
        ? 'It renews by itself. Quote an exchange if the customer needs something else.'
        : 'Its benefit ends at expiry unless it is renewed. Turn renewal on here, or quote an exchange for a replacement.',
  };
}

export function expiryReminderActivity(reservation: Reservation, customerName: string, stage: ExpiryStage, now: Date): Partial<Activity> {
  return { type: 'message', attachments: [cardAttachment(renderCard('expiry-reminder', expiryReminderData(reservation, customerName, stage, now), DEFAULT_LOCALE))] };
}

/** Entries shown in one digest: with four buttons each, eight stay inside Teams' card size limit with the longest names (Slack allows 50 blocks). */
export const DIGEST_ENTRIES_SHOWN = 8;

export interface UnderusedEntry {
  reservation: Reservation;
  customerName: string;
}

export function underusedDigestData(entries: UnderusedEntry[], weekStart: Date, thresholdPercent: number): Record<string, unknown> {
  const shown = entries.slice(0, DIGEST_ENTRIES_SHOWN);
  return {
    rd: TOPIC_CARD_ID,
    title: `Underused reservations, week of ${day(weekStart)}`,
    summary: plainText(`${entries.length} reservation${entries.length === 1 ? '' : 's'} used below ${thresholdPercent}% over 7 and 30 days`, 150),
    intro: `Used below ${thresholdPercent}% over both the last 7 and the last 30 days, least used first. An exchange moves the commitment to something that is used.`,
    entries: shown.map(({ reservation: r, customerName }) => ({
      customerId: r.customerId,
      reservationId: r.reservationId,
      headline: cardText(`${r.displayName} · ${customerName}`, 160),
      detail: cardText(`7 days ${percent(r.utilization.day7)} · 30 days ${percent(r.utilization.day30)} · ${r.quantity} × ${r.sku} · expires ${day(r.expiry)}`, 200),
    })),
    more: entries.length > shown.length ? `… and ${entries.length - shown.length} more: see /reservation for each customer.` : '',
  };
}

export function underusedDigestActivity(entries: UnderusedEntry[], weekStart: Date, thresholdPercent: number): Partial<Activity> {
  return { type: 'message', attachments: [cardAttachment(renderCard('underused-digest', underusedDigestData(entries, weekStart, thresholdPercent), DEFAULT_LOCALE))] };
}
