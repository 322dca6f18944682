import { StorageUnavailableError } from '../src/errors';
import type { FilingProgress } from '../src/services/filing';
import { DEFAULT_LOCALE, t, type Locale } from '../src/i18n';

/**
 * What the agent is told when storage (Redis) stops answering during a turn: only what is certain, and that
 * doing the same again is safe (every write is idempotent: the request by its key, the cap by the request,
 * the ticket by the request). The turn's state is not saved, so the card that was clicked keeps its buttons.
 */

/** The storage failure behind a turn's error (botbuilder-dialogs wraps errors in a DialogContextError). */
export function storageFailureIn(err: unknown): StorageUnavailableError | undefined {
  let current = err;
  for (let depth = 0; current && depth < 5; depth += 1) {
    if (current instanceof StorageUnavailableError) return current;
    current = (current as { error?: unknown }).error;
  }
  return undefined;
}

/** A storage failure while confirming, before anything was asked of Microsoft, says so. */
export function beforeMicrosoft(err: unknown): unknown {
  const failure = storageFailureIn(err);
  if (!failure || (failure.details as Partial<FilingProgress>).sentToMicrosoft !== undefined) return err;
  return new StorageUnavailableError(failure.message, { ...failure.details, sentToMicrosoft: 'no' } satisfies Record<string, unknown> &
    Partial<FilingProgress>);
}

/**
 * While the turn ran: what happened with Microsoft when it was filing, else that nothing was filed. The turn
 * handler passes the turn's language (until it does, English).
 */
export function storageFailedMessage(failure: StorageUnavailableError, locale: Locale = DEFAULT_LOCALE): string {
  const progress = failure.details as Partial<FilingProgress>;
  const retry = t(locale, 'storage.retry');
  switch (progress.sentToMicrosoft) {
    case 'yes':
      return t(locale, 'storage.ticketNotRecorded', { ticketId: String(progress.ticketId), retry });
    case 'maybe':
      return t(locale, 'storage.answerNotRecorded', { retry });
    case 'no':
      return t(locale, 'storage.notSent', { retry });
    default:
      return t(locale, 'storage.nothingFiled');
  }
}

/** After the turn ran (saving where the flow stands failed): what was shown stands. */
export function stateNotSavedMessage(locale: Locale = DEFAULT_LOCALE): string {
  return t(locale, 'storage.stateNotSaved');
}
