import { IntlMessageFormat } from 'intl-messageformat';
import { de } from './messages/de';
import { en, type MessageKey } from './messages/en';
import { LOCALES, type Locale } from './locale';

export type { MessageKey } from './messages/en';
export type MessageValues = Readonly<Record<string, string | number>>;

/** One catalog of strings per language; every card and message takes its words from here. */
export const CATALOGS: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = { en, de };

// intl-messageformat's AST element types this module reads (its TYPE enum).
const LITERAL = 0;
const ARGUMENT = 1;
const DATE = 3;
const TIME = 4;
const TAG = 8;

/** Texts a message with plurals or numbers keeps by its values (a quote's "2 of 3 units" recurs turn after turn). */
const MAX_REMEMBERED_TEXTS = 128;

type AstElement = ReturnType<IntlMessageFormat['getAst']>[number];

/** A message parsed once, with what formats it without walking its AST each time where that is possible. */
interface CompiledMessage {
  message: IntlMessageFormat;
  /** The text of a message without placeholders: the same for every value, so formatted once. */
  text?: string;
  /** A message of text and plain `{name}` placeholders only: its literals, and (as `{ name }`) its placeholders. */
  pieces?: ReadonlyArray<string | { name: string }>;
  /**
   * Any other message without dates, times or tags: the names of its placeholders, and its texts by their values.
   * Its text depends on those values alone (plural rules and number formats of a fixed language), so the same
   * values give the same text.
   */
  names?: readonly string[];
  texts?: Map<string, string>;
}

const compiled: Readonly<Record<Locale, Map<MessageKey, CompiledMessage>>> = Object.fromEntries(LOCALES.map((locale) => [locale, new Map()])) as Record<
  Locale,
  Map<MessageKey, CompiledMessage>
>;

function compiledEntry(locale: Locale, key: MessageKey): CompiledMessage {
  const messages = compiled[locale];
  let entry = messages.get(key);
  if (!entry) {
    const message = new IntlMessageFormat(CATALOGS[locale][key], locale);
    const ast = message.getAst();
    entry = { message };
    if (ast.every((element) => element.type === LITERAL)) entry.text = String(message.format<string>());
    else if (ast.every((element) => element.type === LITERAL || element.type === ARGUMENT)) {
      entry.pieces = ast.map((element) => (element.type === LITERAL ? element.value : { name: element.value }));
    } else {
      const names = placeholderNames(ast);
      if (names) {
        entry.names = names;
        entry.texts = new Map();
      }
    }
    messages.set(key, entry);
  }
  return entry;
}

/** The message parsed once per language and key (parsing is the costly part of ICU formatting). */
export function compiledMessage(locale: Locale, key: MessageKey): IntlMessageFormat {
  return compiledEntry(locale, key).message;
}

/** Whether a message has no placeholder at all (its text is the same for every value). */
export function isStaticMessage(locale: Locale, key: MessageKey): boolean {
  return compiledEntry(locale, key).text !== undefined;
}

/** The text of `key` in `locale` with its placeholders filled. A missing placeholder value throws (a bug, not input). */
export function t(locale: Locale, key: MessageKey, values?: MessageValues): string {
  const entry = compiledEntry(locale, key);
  if (entry.text !== undefined) return entry.text;
  if (entry.pieces) return (values && filledIn(entry.pieces, values)) ?? String(entry.message.format<string>(values));
  const valuesKey = entry.names && values && valuesKeyOf(entry.names, values);
  if (valuesKey === undefined) return String(entry.message.format<string>(values));
  let text = entry.texts!.get(valuesKey);
  if (text === undefined) {
    text = String(entry.message.format<string>(values));
    if (entry.texts!.size >= MAX_REMEMBERED_TEXTS) entry.texts!.clear();
    entry.texts!.set(valuesKey, text);
  }
  return text;
}

/** Every placeholder name in a message (its plural and select branches included); undefined when it has a date, time or tag. */
function placeholderNames(ast: readonly AstElement[]): string[] | undefined {
  const names = new Set<string>();
  const visit = (elements: readonly AstElement[]): boolean =>
    elements.every((element) => {
      if (element.type === DATE || element.type === TIME || element.type === TAG) return false;
      if ('value' in element && typeof element.value === 'string' && element.type !== LITERAL) names.add(element.value);
      return 'options' in element ? Object.values(element.options).every((option) => visit(option.value)) : true;
    });
  return visit(ast) ? [...names] : undefined;
}

/** The message's values as one key (each marked as text or number); undefined when one is missing or of another kind. */
function valuesKeyOf(names: readonly string[], values: MessageValues): string | undefined {
  let key = '';
  for (const name of names) {
    if (!(name in values)) return undefined;
    const value: unknown = values[name];
    if (typeof value === 'string') key += `s${value.length}:${value}`;
    // -0 is written "-0" by a number format, unlike 0.
    else if (typeof value === 'number') key += Object.is(value, -0) ? 'n-0;' : `n${value};`;
    else return undefined;
  }
  return key;
}

/**
 * A text-and-placeholders message filled in as intl-messageformat would (a string as it is, a number as String()
 * writes it), without its parts arrays; undefined for anything else (a missing value: the formatter throws for it).
 */
function filledIn(pieces: ReadonlyArray<string | { name: string }>, values: MessageValues): string | undefined {
  let text = '';
  for (const piece of pieces) {
    if (typeof piece === 'string') {
      text += piece;
      continue;
    }
    if (!(piece.name in values)) return undefined;
    const value: unknown = values[piece.name];
    if (typeof value === 'string') text += value;
    else if (typeof value === 'number') text += String(value);
    else return undefined;
  }
  return text;
}
