import { isLeapYear } from '../../domain/dates';

const MS_PER_DAY = 24 * 60 * 60 * 1000;

/** Midnight UTC of the instant's calendar date. */
export function startOfUtcDay(instant: Date): Date {
  return new Date(Math.floor(instant.getTime() / MS_PER_DAY) * MS_PER_DAY);
}

/** `day` (a UTC midnight) minus whole days, at `hourUtc`. */
export function daysBefore(day: Date, days: number, hourUtc: number): Date {
  return new Date(day.getTime() - days * MS_PER_DAY + hourUtc * 60 * 60 * 1000);
}

/** The latest 29 February on or before `day` (a UTC midnight), at `hourUtc`. */
export function latestLeapDayOnOrBefore(day: Date, hourUtc: number): Date {
  let year = day.getUTCFullYear();
  for (;;) {
    if (isLeapYear(year) && Date.UTC(year, 1, 29) <= day.getTime()) return new Date(Date.UTC(year, 1, 29, hourUtc));
    year -= 1;
  }
}

/** `start` plus whole calendar months at the same time of day; a day the month lacks becomes its last day. */
export function addCalendarMonths(start: Date, months: number): Date {
  const monthIndex = start.getUTCMonth() + months;
  const year = start.getUTCFullYear() + Math.floor(monthIndex / 12);
  const month = ((monthIndex % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const result = new Date(start.getTime());
  result.setUTCFullYear(year, month, Math.min(start.getUTCDate(), lastDay));
  return result;
}
