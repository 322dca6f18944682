import { StorageUnavailableError } from '../src/errors';
import type { FilingProgress } from '../src/services/filing';

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
  return new StorageUnavailableError(failure.message, { ...failure.details, sentToMicrosoft: 'no' } satisfies Record<string, unknown> & Partial<FilingProgress>);
}

const RETRY = 'Click "File request" again in a minute: retrying is safe, a request is never filed twice and its refund cap is counted once.';

/** While the turn ran: what happened with Microsoft when it was filing, else that nothing was filed. */
export function storageFailedMessage(failure: StorageUnavailableError): string {
  const progress = failure.details as Partial<FilingProgress>;
  switch (progress.sentToMicrosoft) {
    case 'yes':
      return `Microsoft has the support ticket ${progress.ticketId} for this request, but storage is not answering, so it is not recorded here yet. ${RETRY}`;
    case 'maybe':
      return `Storage is not answering, and Microsoft's answer to this request was not recorded: it may or may not have the ticket. ${RETRY}`;
    case 'no':
      return `Storage is not answering, so this request was not filed: nothing was sent to Microsoft. ${RETRY}`;
    default:
      return 'Storage is not answering; nothing was filed. Please try again in a minute.';
  }
}

/** After the turn ran (saving where the flow stands failed): what was shown stands. */
export const STATE_NOT_SAVED_MESSAGE =
  'Storage is not answering, so where you are in this flow was not saved. What is shown above stands; if you click a button again, nothing is done twice.';
