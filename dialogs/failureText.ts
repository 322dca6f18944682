import type { Wording } from '../src/errors';
import { wordingText, type Locale } from '../src/i18n';

/**
 * A failure as dialogs see it (a DeskError, a filing or change outcome): its message in English, as logs and the
 * audit trail keep it, and the catalog wording the provider or service raised it with (src/i18n `worded`).
 */
export interface Failure {
  message: string;
  wording?: Wording;
}

/**
 * What went wrong, in the agent's language: the failure's wording said in `locale` (its English is the message by
 * construction). A failure raised without a wording, or with one this catalog does not know (stored by another
 * version of the desk), is shown in its own English words. Azure's own words are filled in as Azure wrote them.
 */
export function failureText(failure: Failure, locale: Locale): string {
  return (failure.wording && wordingText(locale, failure.wording)) ?? failure.message;
}
