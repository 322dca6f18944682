import { normalizeData } from './mrkdwn';

/**
 * Defensive reads of expanded card JSON. adaptivecards-templating keeps a value's JSON type when a property is one
 * bare expression (`"text": "${amount}"` becomes the number), so scalars are accepted where text is expected.
 */

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A string, or a number/boolean as its text; undefined for anything else. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Text with something visible in it once control characters are dropped (mrkdwn.ts), else undefined. */
export function nonBlankText(value: unknown): string | undefined {
  const text = textOf(value);
  return text !== undefined && normalizeData(text).trim().length > 0 ? text : undefined;
}

export function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Adaptive Cards read enum values case-insensitively. */
export function enumOf(value: unknown): string {
  return typeof value === 'string' ? value.toLowerCase() : '';
}

/** How a warning names an element: its type and, if it has one, its id (never its text). */
export function describe(element: JsonRecord): string {
  const type = typeof element.type === 'string' ? element.type : 'element';
  return typeof element.id === 'string' ? `${type} "${element.id.slice(0, 60)}"` : type;
}

/** The elements of a list that are objects and not hidden (`isVisible: false`). */
export function visibleRecords(value: unknown): JsonRecord[] {
  return listOf(value).filter((item): item is JsonRecord => isRecord(item) && item.isVisible !== false);
}
