import type { Term } from './types';

/**
 * Calendar arithmetic on UTC dates (SPEC section 3). Every day count is a difference of UTC calendar dates,
 * never of instants, so a reservation bought at 23:59 UTC has used a whole day by 00:00 UTC.
 */

const MS_PER_DAY = 24 * 60 * 60 * 1000;

const TERM_YEARS: Readonly<Record<Term, number>> = { P1Y: 1, P3Y: 3, P5Y: 5 };

export function termYears(term: Term): number {
  return TERM_YEARS[term];
}

/** The UTC calendar date of an instant, as a day number (days since 1970-01-01). */
export function utcDayNumber(instant: Date): number {
  return Math.floor(instant.getTime() / MS_PER_DAY);
}

/** Whole UTC calendar days from date(from) to date(to); negative when `to` is on an earlier date. */
export function calendarDaysBetween(from: Date, to: Date): number {
  return utcDayNumber(to) - utcDayNumber(from);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * `start` plus whole calendar years at the same UTC time of day, on the same month and day; 29 February
 * becomes 28 February in a year without one (the SPEC's rule, not JavaScript's roll-over to 1 March).
 */
export function addCalendarYears(start: Date, years: number): Date {
  const year = start.getUTCFullYear() + years;
  const month = start.getUTCMonth();
  const day = month === 1 && start.getUTCDate() === 29 && !isLeapYear(year) ? 28 : start.getUTCDate();
  const result = new Date(start.getTime());
  result.setUTCFullYear(year, month, day);
  return result;
}

/** Expiry E = benefit start S plus the term in calendar years. */
export function expiryOf(benefitStart: Date, term: Term): Date {
  return addCalendarYears(benefitStart, termYears(term));
}

// date, 'T', hours:minutes, optional seconds and fraction, then a zone that must be present (Z or ±hh:mm).
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month (1–12) of a proleptic Gregorian year; 0 for a month that is not one. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

/**
 * Parses an ISO 8601 timestamp that names its zone (`2026-03-01T08:00:00Z`, `…+02:00`). Returns undefined for
 * anything else, including impossible dates (2026-02-30) that `Date.parse` would silently roll over and
 * zone-less times that it would read in the host's local zone.
 */
export function parseIsoInstant(text: unknown): Date | undefined {
  if (typeof text !== 'string') return undefined;
  const match = ISO_INSTANT.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(match[i])) as [number, number, number, number, number];
  const second = match[6] === undefined ? 0 : Number(match[6]);
  const millis = match[7] === undefined ? 0 : Number(match[7].padEnd(3, '0').slice(0, 3)); // sub-millisecond digits are dropped
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (match[8] === undefined) {
    const offsetHours = Number(match[10]);
    const offsetMins = Number(match[11]);
    if (offsetHours > 23 || offsetMins > 59) return undefined;
    offsetMinutes = (match[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  // setUTCFullYear rather than Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  const instant = new Date(0);
  instant.setUTCFullYear(year, month - 1, day);
  instant.setUTCHours(hour, minute, second, millis);
  return new Date(instant.getTime() - offsetMinutes * 60 * 1000);
}
