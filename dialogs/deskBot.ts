import { PrivateConversationState, TurnContext, UserState, type StatePropertyAccessor, type Storage } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogState } from 'botbuilder-dialogs';
import { cardActionOf, activeStepHelp, activeStepSubject, closeAnsweredCards, closeWaitingCardsOnCancel } from './cardPrompt';
import { GENERAL_HELP, normalizeText, parseCommand, type ParsedCommand } from './commands';
import type { AgentProfile } from './contact';
import { ExchangeDialog } from './exchangeDialog';
import { recordCancelled } from './flowAudit';
import { OverviewDialog, OVERVIEW_DIALOG } from './overviewDialog';
import { EXCHANGE_DIALOG, REFUND_DIALOG, RefundDialog, type FlowSwitch } from './refundDialog';
import { showRequests } from './requestsDialog';
import { requireActingAgent } from './roles';
import { answerStaleAction } from './staleAction';
import type { DeskServices } from './services';

/** Longer than any channel's redelivery window. */
const ACTIVITY_DEDUPE_MS = 60 * 60 * 1000;

const FLOW_DIALOGS = { refund: REFUND_DIALOG, exchange: EXCHANGE_DIALOG, reservation: OVERVIEW_DIALOG } as const;

/**
 * The turn handler every channel runs (Teams through CloudAdapter, Slack and the playground through their
 * adapters): global commands (help, cancel, starting a flow), idle expiry, stale card clicks, then the active
 * dialog. Dialog state is per user within a conversation, so two agents in one channel keep separate flows.
 */
export class DeskBot {
  private readonly conversationState: PrivateConversationState;
  private readonly userState: UserState;
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly lastSeen: StatePropertyAccessor<number>;
  private readonly activeFlow: StatePropertyAccessor<string>;
  private readonly dialogs: DialogSet;

  constructor(
    private readonly services: DeskServices,
    conversationStorage: Storage,
    /** Agent profiles outlive flows by far, so they may live in a storage with a longer TTL. */
    userStorage: Storage = conversationStorage,
  ) {
    this.conversationState = new PrivateConversationState(conversationStorage);
    this.userState = new UserState(userStorage);
    this.dialogState = this.conversationState.createProperty('dialogState');
    this.lastSeen = this.conversationState.createProperty('lastSeenAt');
    this.activeFlow = this.conversationState.createProperty('activeFlow');
    const profiles = this.userState.createProperty<AgentProfile>('agentProfile');
    this.dialogs = new DialogSet(this.dialogState);
    this.dialogs.add(new RefundDialog(services, profiles));
    this.dialogs.add(new ExchangeDialog(services, profiles));
    this.dialogs.add(new OverviewDialog(services));
  }

  /** The logic handed to an adapter's process/continue call. */
  readonly run = async (context: TurnContext): Promise<void> => {
    if (context.activity.type === 'conversationUpdate') return this.welcome(context);
    if (context.activity.type !== 'message') return;
    // State is saved only after a turn that completed: a turn that failed midway (a card the channel refused,
    // a provider error) leaves the flow where it was, so the agent can simply answer again.
    // A channel may deliver one activity twice (Teams re-sends after a slow answer): the repeat is dropped.
    // The conversation state is read alongside the claim (one round trip on Redis instead of two); a repeat
    // just drops what was read.
    if (context.activity.id) {
      const [first] = await Promise.all([this.services.idempotency.claim(`activity:${context.activity.channelId}:${context.activity.conversation?.id}:${context.activity.id}`, ACTIVITY_DEDUPE_MS), this.conversationState.load(context)]);
      if (!first) return;
    }
    await this.onMessage(context);
    await this.conversationState.saveChanges(context);
    await this.userState.saveChanges(context);
    await closeAnsweredCards(context, this.services.log);
  };

  /** The bot was added to a conversation (installed in Teams, an Emulator connected): say what it does. */
  private async welcome(context: TurnContext): Promise<void> {
    const botId = context.activity.recipient?.id;
    if (!botId || !(context.activity.membersAdded ?? []).some((member) => member.id === botId)) return;
    await context.sendActivity(`Hello! ${GENERAL_HELP}`);
  }

  private async onMessage(context: TurnContext): Promise<void> {
    const dc = await this.dialogs.createContext(context);
    const now = this.services.wallClock.now().getTime();
    const text = normalizeText(TurnContext.removeRecipientMention(context.activity) ?? context.activity.text);
    const command = cardActionOf(context.activity) ? undefined : parseCommand(text);

    const lastSeen = await this.lastSeen.get(context);
    await this.lastSeen.set(context, now);
    if (dc.activeDialog && lastSeen !== undefined && now - lastSeen > this.services.flowTimeoutMs) {
      const flow = (await this.activeFlow.get(context)) ?? 'previous';
      closeWaitingCardsOnCancel(context, 'Expired');
      await dc.cancelAllDialogs();
      const minutes = Math.round(this.services.flowTimeoutMs / 60000);
      await context.sendActivity(`Your /${flow} flow expired after ${minutes} minutes without activity. Nothing was filed. Start again with /${flow}.`);
      if (!command || command.name === 'cancel' || command.name === 'help') return;
    }

    if (command) return this.onCommand(context, dc, command);
    if (dc.activeDialog) {
      const result = await dc.continueDialog();
      const handover = result.status === DialogTurnStatus.complete ? (result.result as FlowSwitch | undefined) : undefined;
      if (handover?.switchTo === 'exchange') {
        await this.activeFlow.set(context, 'exchange');
        await dc.beginDialog(EXCHANGE_DIALOG, handover.options);
      }
      return;
    }
    const action = cardActionOf(context.activity);
    if (action) return answerStaleAction(this.services, context, action);
    await context.sendActivity(GENERAL_HELP);
  }

  private async onCommand(context: TurnContext, dc: Awaited<ReturnType<DialogSet['createContext']>>, command: ParsedCommand): Promise<void> {
    if (command.name === 'help') {
      const stepHelp = dc.activeDialog ? activeStepHelp(dc) : undefined;
      await context.sendActivity(stepHelp ? `${stepHelp}\n\n${GENERAL_HELP}` : GENERAL_HELP);
      return;
    }
    if (command.name === 'cancel') {
      if (!dc.activeDialog) {
        await context.sendActivity('There is nothing to cancel.');
        return;
      }
      const flow = (await this.activeFlow.get(context)) ?? 'current';
      const subject = activeStepSubject(dc);
      closeWaitingCardsOnCancel(context, 'Cancelled');
      await dc.cancelAllDialogs();
      await recordCancelled(this.services, context, subject, { flow, step: 'typed cancel' });
      await context.sendActivity(`Cancelled the /${flow} flow. Nothing was filed.`);
      return;
    }
    const agent = await requireActingAgent(this.services, context, command.name);
    if (!agent) return;
    if (dc.activeDialog) {
      closeWaitingCardsOnCancel(context, `Replaced by /${command.name}`);
      await dc.cancelAllDialogs();
    }
    if (command.name === 'requests') {
      await showRequests(this.services, context, agent.user.id, command.rest);
      return;
    }
    await this.activeFlow.set(context, command.name);
    await dc.beginDialog(FLOW_DIALOGS[command.name], { query: command.rest });
  }
}
