import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { plainText } from '../src/cards/text';
import { DEFAULT_LOCALE, LOCALES, LOCALE_NAMES, isLocale, resolveLocale, t, type Locale, type MessageKey, type MessageValues } from '../src/i18n';

/** The language a turn answers in, stamped once per turn so every dialog reads the same value. */
const TURN_LOCALE = Symbol('turnLocale');

/** The agent's `/language` choice, in user state next to the agent profile: it outlives flows and conversations. */
export const LANGUAGE_PROPERTY = 'agentLanguage';

/** The effective language: the agent's remembered `/language`, else the channel's locale, else English. */
export function stampTurnLocale(context: TurnContext, remembered: unknown): Locale {
  const locale = (isLocale(remembered) ? remembered : undefined) ?? resolveLocale(context.activity.locale) ?? DEFAULT_LOCALE;
  context.turnState.set(TURN_LOCALE, locale);
  return locale;
}

/** The language stamped on this turn; English on a turn nobody stamped (a proactive send, a test). */
export function turnLocale(context: TurnContext): Locale {
  const locale: unknown = context.turnState.get(TURN_LOCALE);
  return isLocale(locale) ? locale : DEFAULT_LOCALE;
}

/**
 * The language to answer in even when the turn stopped before its language was stamped (storage not answering
 * before the agent's /language choice could be read): the stamp if there is one, else the channel's locale.
 */
export function answerLocale(context: TurnContext): Locale {
  const locale: unknown = context.turnState.get(TURN_LOCALE);
  return isLocale(locale) ? locale : (resolveLocale(context.activity.locale) ?? DEFAULT_LOCALE);
}

/** The catalog text of `key` in this turn's language. */
export function turnText(context: TurnContext, key: MessageKey, values?: MessageValues): string {
  return t(turnLocale(context), key, values);
}

/** "de (Deutsch), en (English)": what `/language` accepts. */
function supportedList(): string {
  return LOCALES.map((locale) => `${locale} (${LOCALE_NAMES[locale]})`).join(', ');
}

const LANGUAGE_NAMES: ReadonlyMap<string, Locale> = new Map([
  ['deutsch', 'de'],
  ['german', 'de'],
  ['english', 'en'],
  ['englisch', 'en'],
]);

/** The language an agent typed after `/language`: a code ('de', 'de-AT', 'EN') or a language's name. */
export function chosenLocale(value: string): Locale | undefined {
  const word = value.trim().toLowerCase();
  const named = LANGUAGE_NAMES.get(word);
  if (named) return named;
  // Only an exact supported language counts here: resolveLocale's English fallback would turn 'fr' into a choice.
  const resolved = resolveLocale(word);
  return resolved && word.split(/[-_]/)[0] === resolved ? resolved : undefined;
}

/**
 * `/language de|en` (`/sprache`): remembers the choice for this agent and answers in the new language. No value
 * tells the current language; an unknown one lists the supported ones and changes nothing.
 */
export async function changeLanguage(context: TurnContext, remembered: StatePropertyAccessor<Locale>, value: string): Promise<void> {
  if (!value.trim()) {
    const current = turnLocale(context);
    await context.sendActivity(t(current, 'language.current', { name: LOCALE_NAMES[current], supported: supportedList() }));
    return;
  }
  const locale = chosenLocale(value);
  if (!locale) {
    // Echoed as plain text: no control or bidi characters, one short line.
    await context.sendActivity(turnText(context, 'language.unknown', { value: plainText(value, 20), supported: supportedList() }));
    return;
  }
  await remembered.set(context, locale);
  context.turnState.set(TURN_LOCALE, locale);
  await context.sendActivity(t(locale, 'language.set', { name: LOCALE_NAMES[locale] }));
}
