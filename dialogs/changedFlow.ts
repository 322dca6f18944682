import { DialogContainer, type Dialog, type DialogInstance, type DialogSet, type DialogState } from 'botbuilder-dialogs';

/** Where a ComponentDialog keeps its own stack in its stack entry's state (botbuilder-dialogs' persisted state key). */
const INNER_STATE = 'dialogs';

/**
 * Whether a flow on the stack was begun under other dialog definitions than the running desk's: a new version was
 * deployed between two turns and added, removed or renamed one of its dialogs or waterfall steps. botbuilder-dialogs
 * notices this (a container's stored version is a hash of its dialogs and their step counts) and raises
 * `versionChanged`, which, left unhandled, fails every turn of the conversation until the flow idles out; handled
 * by carrying on, it would resume a money flow at a step that may now be another one. The desk ends such a flow.
 * Walks the flows' own stacks too (a confirm step inside a flow is a container of its own).
 */
export function begunUnderOtherDialogs(dialogs: DialogSet, stack: readonly DialogInstance[]): boolean {
  return changedOn(stack, (id) => dialogs.find(id));
}

type FindDialog = (id: string) => Dialog | undefined;

/** `find` looks a stack's dialogs up as DialogContext.findDialog does: in its own set, then in its parents'. */
function changedOn(stack: readonly DialogInstance[], find: FindDialog): boolean {
  for (const entry of stack) {
    const dialog = find(entry.id);
    // A dialog the running desk no longer has: botbuilder would fail the turn on it.
    if (!dialog) return true;
    if (!(dialog instanceof DialogContainer)) continue;
    if (entry.version !== undefined && entry.version !== dialog.dialogs.getVersion()) return true;
    const inner = (entry.state as Record<string, DialogState | undefined> | undefined)?.[INNER_STATE]?.dialogStack;
    if (inner && changedOn(inner, (id) => dialog.dialogs.find(id) ?? find(id))) return true;
  }
  return false;
}
