import { DialogContainer, type Dialog, type DialogInstance, type DialogSet, type DialogState } from 'botbuilder-dialogs';
import { innerStackOf } from './cardPrompt';
import { FlowWaterfall } from './flowWaterfall';

/** Where a ComponentDialog keeps its own stack in its stack entry's state (botbuilder-dialogs' persisted state key). */
const INNER_STATE = 'dialogs';

/**
 * Whether a flow on the stack was begun under other dialog definitions than the running desk's: a new version was
 * deployed between two turns and added, removed or renamed one of its dialogs or waterfall steps, or stored it in
 * another layout. Carried on, it would resume a money flow at a step that may now be another one, or fail every turn
 * on a state its dialog does not read; the desk ends such a flow.
 *
 * - A waterfall (dialogs/flowWaterfall.ts) records its version on its stack entry when it begins; another version, or
 *   none, is another definition. A flow stored by the component layout before (its id now a waterfall's) has a
 *   component's version there and its own stack in its state.
 * - A question (a picker, the card prompt) holding a stack of its own is a component's state (the layout before).
 * - A container (none on the desk's root set today) compares its stored version as botbuilder does, and its own stack
 *   is walked, finding ids as DialogContext.findDialog does: own set, then the parents'.
 */
export function begunUnderOtherDialogs(dialogs: DialogSet, stack: readonly DialogInstance[]): boolean {
  return changedOn(stack, (id) => dialogs.find(id));
}

type FindDialog = (id: string) => Dialog | undefined;

function changedOn(stack: readonly DialogInstance[], find: FindDialog): boolean {
  for (const entry of stack) {
    const dialog = find(entry.id);
    // A dialog the running desk no longer has: botbuilder would fail the turn on it.
    if (!dialog) return true;
    if (dialog instanceof FlowWaterfall) {
      if (entry.version !== dialog.getVersion()) return true;
      continue;
    }
    if (!(dialog instanceof DialogContainer)) {
      if (innerStackOf(entry.state as object | undefined)) return true;
      continue;
    }
    if (entry.version !== undefined && entry.version !== dialog.dialogs.getVersion()) return true;
    const inner = (entry.state as Record<string, DialogState | undefined> | undefined)?.[INNER_STATE]?.dialogStack;
    if (inner && changedOn(inner, (id) => dialog.dialogs.find(id) ?? find(id))) return true;
  }
  return false;
}
