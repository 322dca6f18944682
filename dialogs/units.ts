/**
 * The number of units an agent typed on a quote or replacement card. One rule for every bad value (0, more than
 * is still returnable, -1, 2.5, text): the agent is told the allowed range and nothing changes; an empty field
 * means "as quoted".
 */
export type TypedUnits = { kind: 'none' } | { kind: 'units'; units: number } | { kind: 'invalid'; message: string };

export function readTypedUnits(value: unknown, returnable: number, what = 'The number of units'): TypedUnits {
  if (value === undefined || value === null) return { kind: 'none' };
  const text = (typeof value === 'string' || typeof value === 'number' ? String(value) : '\u0000').trim();
  if (text === '') return { kind: 'none' };
  const units = /^[0-9]{1,6}$/.test(text) ? Number(text) : NaN;
  if (units >= 1 && units <= returnable) return { kind: 'units', units };
  const range = returnable <= 1 ? 'must be 1' : `must be a whole number from 1 to ${returnable} (the units still returnable)`;
  return { kind: 'invalid', message: `${what} ${range}.` };
}
