import type { Activity } from 'botbuilder';
import { cardAttachment, renderCard } from './render';
import { cardText, plainText } from './text';
import { day } from './format';
import type { Reservation } from '../ports/reservations';
import { DEFAULT_LOCALE, t, type Locale } from '../i18n';

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

export function renewalText(renew: boolean | undefined, locale: Locale = DEFAULT_LOCALE): string {
  return t(locale, renew === undefined ? 'proactive.renewal.unknown' : renew ? 'proactive.renewal.on' : 'proactive.renewal.off');
}

/** A utilization percentage as Azure reports it (a decimal string), its digits untouched: "11.8%" / "11,8 %". */
function percent(value: string | undefined, locale: Locale): string {
  if (value === undefined) return t(locale, 'proactive.percent.none');
  return locale === 'de' ? `${value.replace('.', ',')} %` : `${value}%`;
}

function utilizationText(reservation: Reservation, locale: Locale): string {
  return t(locale, 'proactive.utilization', { day7: percent(reservation.utilization.day7, locale), day30: percent(reservation.utilization.day30, locale) });
}

/** The expiry reminder's data, in the language of the subscription it goes to. */
export function expiryReminderData(reservation: Reservation, customerName: string, stage: ExpiryStage, now: Date, locale: Locale = DEFAULT_LOCALE): Record<string, unknown> {
  const daysLeft = Math.max(0, Math.ceil((reservation.expiry.getTime() - now.getTime()) / DAY_MS));
  const name = reservation.displayName;
  const renewal = renewalText(reservation.renew, locale);
  return {
    rd: TOPIC_CARD_ID,
    customerId: reservation.customerId,
    reservationId: reservation.reservationId,
    title: t(locale, 'proactive.expiry.title', { stage: String(stage) }),
    color: stage === 7 && reservation.renew !== true ? 'Attention' : 'Default',
    headline: cardText(t(locale, 'proactive.expiry.headline', { name, customerName, daysLeft, date: day(reservation.expiry, locale), renewal }), 300),
    summary: plainText(t(locale, 'proactive.expiry.summary', { name, customerName, daysLeft, renewal }), 150),
    facts: [
      { title: t(locale, 'proactive.fact.customer'), value: cardText(customerName, 80) },
      { title: t(locale, 'proactive.fact.reservation'), value: cardText(name, 80) },
      { title: t(locale, 'proactive.expiry.factExpiry'), value: day(reservation.expiry, locale) },
      { title: t(locale, 'proactive.expiry.factRenewal'), value: renewal },
      { title: t(locale, 'proactive.expiry.factProduct'), value: cardText(`${reservation.quantity} × ${reservation.sku} · ${reservation.region} · ${reservation.term} ${reservation.billingPlan}`, 160) },
      { title: t(locale, 'proactive.expiry.factUtilization'), value: utilizationText(reservation, locale) },
    ],
    next: t(locale, reservation.renew === true ? 'proactive.expiry.nextRenews' : 'proactive.expiry.nextEnds'),
  };
}

export function expiryReminderActivity(reservation: Reservation, customerName: string, stage: ExpiryStage, now: Date, locale: Locale = DEFAULT_LOCALE): Partial<Activity> {
  return { type: 'message', attachments: [cardAttachment(renderCard('expiry-reminder', expiryReminderData(reservation, customerName, stage, now, locale), locale))] };
}

/** Entries shown in one digest: with four buttons each, eight stay inside Teams' card size limit with the longest names (Slack allows 50 blocks). */
export const DIGEST_ENTRIES_SHOWN = 8;

export interface UnderusedEntry {
  reservation: Reservation;
  customerName: string;
}

/** The underused digest's data, in the language of the conversation's subscription. */
export function underusedDigestData(entries: UnderusedEntry[], weekStart: Date, thresholdPercent: number, locale: Locale = DEFAULT_LOCALE): Record<string, unknown> {
  const shown = entries.slice(0, DIGEST_ENTRIES_SHOWN);
  const threshold = String(thresholdPercent);
  return {
    rd: TOPIC_CARD_ID,
    title: t(locale, 'proactive.underused.title', { date: day(weekStart, locale) }),
    summary: plainText(t(locale, 'proactive.underused.summary', { count: entries.length, threshold }), 150),
    intro: t(locale, 'proactive.underused.intro', { threshold }),
    entries: shown.map(({ reservation: r, customerName }) => ({
      customerId: r.customerId,
      reservationId: r.reservationId,
      headline: cardText(`${r.displayName} · ${customerName}`, 160),
      detail: cardText(t(locale, 'proactive.underused.detail', { utilization: utilizationText(r, locale), product: `${r.quantity} × ${r.sku}`, date: day(r.expiry, locale) }), 200),
    })),
    more: entries.length > shown.length ? t(locale, 'proactive.underused.more', { count: String(entries.length - shown.length) }) : '',
  };
}

export function underusedDigestActivity(entries: UnderusedEntry[], weekStart: Date, thresholdPercent: number, locale: Locale = DEFAULT_LOCALE): Partial<Activity> {
  return { type: 'message', attachments: [cardAttachment(renderCard('underused-digest', underusedDigestData(entries, weekStart, thresholdPercent, locale), locale))] };
}
