import { compiledMessage, type Locale, type MessageKey } from '../i18n';

/**
 * Card words with placeholders are formatted on every render. Almost all of them are text with `{name}` and
 * `{name, number}` placeholders only; for those, the message's own parsed elements are joined here the way
 * intl-messageformat's format() joins them, without its per-call part objects and memoized formatter lookups.
 * Anything else (plural, select, dates, styled numbers, a missing value, an object as a value) goes to
 * intl-messageformat itself.
 */
export type WordPiece = string | { argument: string } | { number: string };

/** A message's elements as pieces, or undefined when it holds an element other than text, `{x}` and `{x, number}`. */
export function wordPieces(locale: Locale, key: MessageKey): readonly WordPiece[] | undefined {
  const pieces: WordPiece[] = [];
  for (const element of compiledMessage(locale, key).getAst() as ReadonlyArray<{ type: number; value?: unknown; style?: unknown }>) {
    if (element.type === 0 /* literal */ && typeof element.value === 'string') pieces.push(element.value);
    else if (element.type === 1 /* argument */ && typeof element.value === 'string') pieces.push({ argument: element.value });
    else if (element.type === 2 /* number */ && typeof element.value === 'string' && !element.style) pieces.push({ number: element.value });
    else return undefined;
  }
  return pieces;
}

/** intl-messageformat formats `{x, number}` with `new Intl.NumberFormat(locale, undefined)`; one per language here. */
const numberFormats = new Map<Locale, (value: unknown) => string>();

function formatNumber(locale: Locale, value: unknown): string {
  let format = numberFormats.get(locale);
  if (!format) {
    // Intl formats what the message value is (a number, bigint or decimal string) exactly as the library's call does.
    format = new Intl.NumberFormat(locale, undefined).format as (value: unknown) => string;
    numberFormats.set(locale, format);
  }
  return format(value);
}

/** What `String(compiledMessage(locale, key).format(data))` gives, joined from the pieces when they allow it. */
export function formatWord(locale: Locale, key: MessageKey, pieces: readonly WordPiece[] | undefined, data: object): string {
  const byLibrary = () => String(compiledMessage(locale, key).format<string>(data as Record<string, string | number>));
  if (!pieces) return byLibrary();
  const values = data as Record<string, unknown>;
  let text = '';
  for (const piece of pieces) {
    if (typeof piece === 'string') {
      text += piece;
      continue;
    }
    const name = 'argument' in piece ? piece.argument : piece.number;
    // A missing value throws intl-messageformat's own error (it checks with `in`, prototype included).
    if (!(name in values)) return byLibrary();
    const value = values[name];
    if ('number' in piece) text += formatNumber(locale, value);
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') text += String(value);
    else if (value) return byLibrary(); // an object: the library returns parts, String() of them is its answer
    // any other falsy value (undefined, null, false) is formatted as ''
  }
  return text;
}
