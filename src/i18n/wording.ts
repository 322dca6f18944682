import type { WordedMessage, Wording, WordingValue } from '../errors';
import { CATALOGS, t, type MessageKey } from './catalog';
import type { Locale } from './locale';

/**
 * A failure's message from the catalog: its English text (what logs, the audit trail and English agents read) and
 * the wording that says it in any language. Providers and services raise their failures with this, so one catalog
 * words every failure in every language.
 */
export function worded(key: MessageKey, values?: Readonly<Record<string, WordingValue>>): WordedMessage {
  const wording: Wording = values ? { key, values } : { key };
  return { text: wordingText('en', wording) ?? key, wording };
}

// A message that says itself that nothing was done: matched against the catalog's own English templates, once.
const SAYS_NOTHING_DONE = /\bnothing (?:changed|was filed)\b/i;
const NOTHING_DONE_KEYS: ReadonlySet<string> = new Set(Object.entries(CATALOGS.en).flatMap(([key, text]) => (SAYS_NOTHING_DONE.test(text) ? [key] : [])));

/**
 * Whether a failure's wording already tells the reader that nothing was changed or filed, so a caller need not add
 * it. Decided by the wording's catalog message, not by its text: words filled in (Azure's message quoted) never count.
 */
export function saysNothingWasDone(wording: Wording | undefined): boolean {
  return wording !== undefined && NOTHING_DONE_KEYS.has(wording.key);
}

function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(CATALOGS.en, key);
}

/**
 * A wording in `locale`; undefined when its key or a term is not in the catalog (a wording stored by another version
 * of the desk), so the caller falls back to the message as it was written.
 */
export function wordingText(locale: Locale, wording: Wording): string | undefined {
  if (!isMessageKey(wording.key)) return undefined;
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(wording.values ?? {})) {
    if (typeof value !== 'object') values[name] = value;
    else if (isMessageKey(value.term)) values[name] = t(locale, value.term);
    else return undefined;
  }
  try {
    return t(locale, wording.key, values);
  } catch {
    // A placeholder without its value: the wording does not fit this catalog.
    return undefined;
  }
}
