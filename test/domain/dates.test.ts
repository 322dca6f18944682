import { strict as assert } from 'node:assert';
import { addCalendarYears, calendarDaysBetween, expiryOf, parseIsoInstant } from '../../src/domain/dates';

const at = (iso: string) => new Date(iso);

describe('domain dates', () => {
  describe('expiryOf', () => {
    it('adds the term in calendar years, same month, day and time', () => {
      assert.equal(expiryOf(at('2025-01-10T08:30:00Z'), 'P1Y').toISOString(), '2026-01-10T08:30:00.000Z');
      assert.equal(expiryOf(at('2025-01-10T08:30:00Z'), 'P3Y').toISOString(), '2028-01-10T08:30:00.000Z');
      assert.equal(expiryOf(at('2025-01-10T08:30:00Z'), 'P5Y').toISOString(), '2030-01-10T08:30:00.000Z');
    });

    it('turns 29 February into 28 February in a year without one, and keeps it in a leap year', () => {
      assert.equal(expiryOf(at('2028-02-29T10:00:00Z'), 'P1Y').toISOString(), '2029-02-28T10:00:00.000Z');
      assert.equal(expiryOf(at('2028-02-29T10:00:00Z'), 'P3Y').toISOString(), '2031-02-28T10:00:00.000Z');
      // 2028 + 4 would keep 29 February; P5Y lands on 2033, which has none.
      assert.equal(expiryOf(at('2028-02-29T10:00:00Z'), 'P5Y').toISOString(), '2033-02-28T10:00:00.000Z');
      assert.equal(addCalendarYears(at('2024-02-29T00:00:00Z'), 4).toISOString(), '2028-02-29T00:00:00.000Z');
    });
  });

  describe('calendarDaysBetween', () => {
    it('counts UTC calendar dates, not 24-hour periods', () => {
      // 40 minutes apart but on two UTC dates.
      assert.equal(calendarDaysBetween(at('2025-01-10T23:40:00Z'), at('2025-01-11T00:20:00Z')), 1);
      // 23 hours apart on one UTC date.
      assert.equal(calendarDaysBetween(at('2025-01-10T00:00:00Z'), at('2025-01-10T23:59:59.999Z')), 0);
      // A zone offset that moves the instant to the previous UTC date.
      assert.equal(calendarDaysBetween(at('2025-01-10T00:00:00Z'), at('2025-01-11T01:00:00+02:00')), 0);
    });

    it('counts the leap day when the span contains one', () => {
      assert.equal(calendarDaysBetween(at('2027-06-01T00:00:00Z'), at('2028-06-01T00:00:00Z')), 366);
      assert.equal(calendarDaysBetween(at('2025-06-01T00:00:00Z'), at('2026-06-01T00:00:00Z')), 365);
    });
  });

  describe('parseIsoInstant', () => {
    it('reads timestamps with Z or an offset, with or without seconds and fractions', () => {
      assert.equal(parseIsoInstant('2026-03-01T08:00:00Z')?.toISOString(), '2026-03-01T08:00:00.000Z');
      assert.equal(parseIsoInstant('2026-03-01T08:00Z')?.toISOString(), '2026-03-01T08:00:00.000Z');
      assert.equal(parseIsoInstant('2026-03-01T08:00:00.1234Z')?.toISOString(), '2026-03-01T08:00:00.123Z');
      assert.equal(parseIsoInstant('2026-03-01T01:30:00+02:00')?.toISOString(), '2026-02-28T23:30:00.000Z');
      assert.equal(parseIsoInstant('2026-02-28T23:30:00-05:30')?.toISOString(), '2026-03-01T05:00:00.000Z');
      assert.equal(parseIsoInstant('2028-02-29T00:00:00Z')?.toISOString(), '2028-02-29T00:00:00.000Z');
    });

    it('refuses zone-less, impossible or non-string timestamps', () => {
      for (const bad of [
        '2026-03-01T08:00:00', // no zone: would be read in the host's zone
        '2026-03-01',
        '2026-02-29T00:00:00Z', // 2026 has no 29 February
        '2026-04-31T00:00:00Z',
        '2026-13-01T00:00:00Z',
        '2026-03-01T24:00:00Z',
        '2026-03-01T08:60:00Z',
        '2026-03-01T08:00:60Z',
        '2026-03-01T08:00:00+24:00',
        '2026-03-01 08:00:00Z',
        '2026-03-01t08:00:00z',
        ' 2026-03-01T08:00:00Z',
        '',
        1767225600000,
        null,
      ]) {
        assert.equal(parseIsoInstant(bad), undefined, String(bad));
      }
    });
  });
});
