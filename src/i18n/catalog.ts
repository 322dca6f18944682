import { IntlMessageFormat } from 'intl-messageformat';
import { de } from './messages/de';
import { en, type MessageKey } from './messages/en';
import type { Locale } from './locale';

export type { MessageKey } from './messages/en';
export type MessageValues = Readonly<Record<string, string | number>>;

/** One catalog of strings per language; every card and message takes its words from here. */
export const CATALOGS: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = { en, de };

const compiled = new Map<string, IntlMessageFormat>();

/** The message parsed once per language and key (parsing is the costly part of ICU formatting). */
export function compiledMessage(locale: Locale, key: MessageKey): IntlMessageFormat {
  const cacheKey = `${locale}\u0000${key}`;
  let message = compiled.get(cacheKey);
  if (!message) {
    message = new IntlMessageFormat(CATALOGS[locale][key], locale);
    compiled.set(cacheKey, message);
  }
  return message;
}

/** Whether a message has no placeholder at all (its text is the same for every value). */
export function isStaticMessage(locale: Locale, key: MessageKey): boolean {
  return compiledMessage(locale, key)
    .getAst()
    .every((element) => element.type === 0 /* literal */);
}

/** The text of `key` in `locale` with its placeholders filled. A missing placeholder value throws (a bug, not input). */
export function t(locale: Locale, key: MessageKey, values?: MessageValues): string {
  return String(compiledMessage(locale, key).format<string>(values));
}
