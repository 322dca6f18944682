import { DEFAULT_LOCALE, t, type Locale } from '../src/i18n';

/**
 * The number of units an agent typed on a quote or replacement card. One rule for every bad value (0, more than
 * is still returnable, -1, 2.5, text): the agent is told the allowed range and nothing changes; an empty field
 * means "as quoted".
 */
export type TypedUnits = { kind: 'none' } | { kind: 'units'; units: number } | { kind: 'invalid'; message: string };

export function readTypedUnits(value: unknown, returnable: number, locale: Locale = DEFAULT_LOCALE, purpose: 'refund' | 'exchange' = 'refund'): TypedUnits {
  if (value === undefined || value === null) return { kind: 'none' };
  const text = (typeof value === 'string' || typeof value === 'number' ? String(value) : '\u0000').trim();
  if (text === '') return { kind: 'none' };
  const units = /^[0-9]{1,6}$/.test(text) ? Number(text) : NaN;
  if (units >= 1 && units <= returnable) return { kind: 'units', units };
  const what = t(locale, purpose === 'refund' ? 'units.what.refund' : 'units.what.exchange');
  return { kind: 'invalid', message: returnable <= 1 ? t(locale, 'units.mustBeOne', { what }) : t(locale, 'units.range', { what, max: returnable }) };
}
