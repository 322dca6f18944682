export { CATALOGS, compiledMessage, isStaticMessage, t, type MessageKey, type MessageValues } from './catalog';
export { DEFAULT_LOCALE, LOCALES, LOCALE_NAMES, isLocale, resolveLocale, type Locale } from './locale';
export { saysNothingWasDone, wordingText, worded } from './wording';
