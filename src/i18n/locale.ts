/** The languages the bot speaks; English is the fallback for every locale it does not have. */
export const LOCALES = ['en', 'de'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** Each language's own name, for the list an unknown `/language` value is answered with. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = { en: 'English', de: 'Deutsch' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The supported language for a channel's locale string (Teams `activity.locale` such as 'de-DE', 'de-AT',
 * 'en-US'; Slack's 'de-DE'; a bare 'de'). A well-formed locale the bot does not have gets English; a
 * malformed one (or none) is treated as absent — undefined — so the caller's next source decides. Never throws.
 */
export function resolveLocale(raw: unknown): Locale | undefined {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 64) return undefined;
  let canonical: string;
  try {
    // Slack and some clients write 'de_DE'; BCP 47 wants a hyphen.
    [canonical] = Intl.getCanonicalLocales(raw.trim().replace(/_/g, '-'));
  } catch {
    return undefined;
  }
  if (!canonical) return undefined;
  const language = canonical.split('-')[0].toLowerCase();
  return isLocale(language) ? language : DEFAULT_LOCALE;
}
