import type { TurnContext } from 'botbuilder';
import { DialogReason, WaterfallDialog, type DialogContext, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs';
import { closeWaitingCardOf } from './cardPrompt';

/**
 * A waterfall on the desk's root DialogSet (dialogs/deskBot.ts): every flow, the confirm steps and the Azure picker
 * are waterfalls side by side on one stack with the pickers and the card prompt they begin, instead of components each
 * with a stack of its own (every level cost a DialogContext, a version check and a step of botbuilder's event walk on
 * every turn; docs/decisions.md, "Flows as waterfalls on the root dialog set").
 *
 * - Its stack entry carries its version (botbuilder's for a waterfall: id and step count): with no container around it
 *   nothing else records one, and a flow stored by a desk whose steps differ must end, not resume at a step index that
 *   is now another step (dialogs/changedFlow.ts).
 * - Its values keep no instance id: botbuilder sets one for telemetry only (the desk sends none), 50 bytes of every
 *   waiting step's state.
 */
export class FlowWaterfall<O extends object = object> extends WaterfallDialog<O> {
  override async beginDialog(dc: DialogContext, options?: O): Promise<DialogTurnResult> {
    const instance = dc.activeDialog!;
    instance.version = this.getVersion();
    instance.state = { options: options ?? {}, values: {} };
    return this.runStep(dc, 0, DialogReason.beginCalled);
  }

  /**
   * Ends without telemetry (botbuilder's only work here). An entry stored by the component layout before (its state a
   * stack of its own, no values) is only ever cancelled, as a flow begun under other dialogs: its waiting card, deep
   * in that stack, is closed as any cancelled flow's is.
   */
  override async endDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    if (!(instance.state as { values?: object } | undefined)?.values) closeWaitingCardOf(context, instance.state as object | undefined);
  }
}
