import { PrivateConversationState, TurnContext, UserState, type BotState, type StatePropertyAccessor, type Storage, type StoreItem } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogState, type DialogStateManagerConfiguration } from 'botbuilder-dialogs';
import {
  cardActionOf,
  cardClickKey,
  clickLeftCardOpen,
  activeStepHelp,
  activeStepSubject,
  closeAnsweredCards,
  closeWaitingCardsOnCancel,
  leaveCardOpen,
} from './cardPrompt';
import { normalizeText, parseCommand, type ParsedCommand } from './commands';
import type { AgentProfile } from './contact';
import { ExchangeDialog } from './exchangeDialog';
import { CardPrompt } from './cardPrompt';
import { ConfirmAndFileDialog } from './confirmAndFile';
import { CustomerPickerDialog } from './customerPicker';
import { ReservationPickerDialog } from './reservationPicker';
import { AzurePickerDialog } from './manage/azurePicker';
import { ConfirmChangeDialog } from './manage/confirmChange';
import { recordCancelled } from './flowAudit';
import { ACCESS_DIALOG, AccessDialog } from './manage/accessDialog';
import { RENAME_DIALOG, RenameDialog } from './manage/renameDialog';
import { RENEW_DIALOG, RenewDialog } from './manage/renewDialog';
import { SCOPE_DIALOG, ScopeDialog } from './manage/scopeDialog';
import { OverviewDialog, OVERVIEW_DIALOG } from './overviewDialog';
import { EXCHANGE_DIALOG, REFUND_DIALOG, RefundDialog, type FlowSwitch } from './refundDialog';
import { exportActionOf, isDeskCommand, runDeskCommand, topicActionOf, type TopicAction } from './deskCommands';
import { exportRequests } from './exportDialog';
import { showRequests } from './requestsDialog';
import { answerLocale, changeLanguage, LANGUAGE_PROPERTY, stampTurnLocale, turnText } from './language';
import { requireActingAgent } from './roles';
import { answerStaleAction } from './staleAction';
import { begunUnderOtherDialogs } from './changedFlow';
import type { DeskServices } from './services';
import { STORAGE_UNAVAILABLE_TURN } from '../src/ports/metrics';
import type { StorageUnavailableError } from '../src/errors';
import type { Locale } from '../src/i18n';
import { stateNotSavedMessage, storageFailedMessage, storageFailureIn } from './storageOutage';
import { turnFactsOf } from '../src/ports/turnFacts';
import { turnAnswered } from '../src/ports/turnAnswered';
import { SequentialTurnStart, type TurnClaim, type TurnRead, type TurnStart } from '../src/ports/turnStart';
import { flushTurnAudit, queueTurnAudit } from './flowAudit';
import { keepReadAhead, ReadAheadSnapshot, type ReadAheadHints } from '../src/ports/readAhead';

/** The user state's JSON as this turn read it (saveUserState compares it to decide whether to write). */
const USER_STATE_AS_READ = Symbol('userStateAsRead');

/** Longer than any channel's redelivery window. */
const ACTIVITY_DEDUPE_MS = 60 * 60 * 1000;

/**
 * One answer per card: the first click on a card claims it for this long, longer than a turn takes (a filing
 * waits at most seconds) plus the moment until the answered card replaces it. Clicks meanwhile — a double click,
 * twenty impatient ones, some reaching another instance — get no reply of their own; a click after that on an
 * answered card gets the usual "already done" answer.
 */
const CARD_CLICK_QUIET_MS = 30_000;

/**
 * The turn-state key under which botbuilder-dialogs' DialogStateManager looks for its configuration (its memory scopes
 * and path resolvers) before building one (botbuilder-dialogs/lib/memory/dialogStateManager.js; not exported). Frozen at 4.23.
 */
const DIALOG_STATE_MANAGER_CONFIGURATION = 'DialogStateManagerConfiguration';

const FLOW_DIALOGS = {
  refund: REFUND_DIALOG,
  exchange: EXCHANGE_DIALOG,
  reservation: OVERVIEW_DIALOG,
  scope: SCOPE_DIALOG,
  renew: RENEW_DIALOG,
  access: ACCESS_DIALOG,
  rename: RENAME_DIALOG,
} as const;

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
  private readonly language: StatePropertyAccessor<Locale>;
  private readonly dialogs: DialogSet;
  private readonly turnStart: TurnStart;
  /**
   * The memory scopes and path resolvers every DialogContext's state manager uses, built on the first turn and handed to
   * every later one: botbuilder builds them anew on every turn (a service collection, a dependency graph, nine scope
   * objects) unless the turn carries them, as DialogManager's `stateConfiguration` does. They keep nothing themselves
   * (what they read and write is the turn's), and the desk reads no memory paths.
   */
  private dialogStateConfiguration?: DialogStateManagerConfiguration;
  /** Answered-card updates still on their way (they run after the turn has answered its caller). */
  private readonly cardUpdates = new Set<Promise<void>>();

  constructor(
    private readonly services: DeskServices,
    private readonly conversationStorage: Storage,
    /** Agent profiles outlive flows by far, so they may live in a storage with a longer TTL. */
    private readonly userStorage: Storage = conversationStorage,
    /** Claims and state reads in one round trip where the store can (src/store/redis/turnStart.ts). */
    turnStart?: TurnStart,
  ) {
    this.turnStart = turnStart ?? new SequentialTurnStart(services.idempotency);
    this.conversationState = new PrivateConversationState(conversationStorage);
    this.userState = new UserState(userStorage);
    this.dialogState = this.conversationState.createProperty('dialogState');
    this.lastSeen = this.conversationState.createProperty('lastSeenAt');
    this.activeFlow = this.conversationState.createProperty('activeFlow');
    const profiles = this.userState.createProperty<AgentProfile>('agentProfile');
    this.language = this.userState.createProperty<Locale>(LANGUAGE_PROPERTY);
    this.dialogs = deskDialogs(this.dialogState, services, profiles);
  }

  /** The logic handed to an adapter's process/continue call. */
  readonly run = async (context: TurnContext): Promise<void> => {
    if (context.activity.type === 'conversationUpdate') return this.welcome(context);
    if (context.activity.type !== 'message') return;
    // State is saved only after a turn that completed: a turn that failed midway (a card the channel refused,
    // a provider error) leaves the flow where it was, so the agent can simply answer again.
    // A channel may deliver one activity twice (Teams re-sends after a slow answer): the repeat is dropped.
    // Storage that stops answering is told to the agent within the command deadline (storageOutage.ts).
    let cardClaim: string | undefined;
    // The turn's audit events (quote shown, cancelled) go out with the state write: one round trip.
    queueTurnAudit(context);
    try {
      const claimed = await this.claimTurn(context);
      if (!claimed.run) return;
      cardClaim = claimed.cardClaim;
      await this.onMessage(context);
    } catch (err) {
      await Promise.all([this.giveBackCardClaim(cardClaim, err), this.recordAuditOfFailedTurn(context, err)]);
      return this.answerStorageFailure(context, err, (failure) => storageFailedMessage(failure, answerLocale(context)));
    }
    try {
      // Independent writes, sent together: conversation state, user state (when changed) and the audit events.
      const saved = await Promise.allSettled([this.saveConversationState(context), this.saveUserState(context), flushTurnAudit(this.services, context)]);
      const failure = saved.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      if (failure) throw failure.reason;
    } catch (err) {
      await this.giveBackCardClaim(cardClaim, err);
      return this.answerStorageFailure(context, err, () => stateNotSavedMessage(answerLocale(context)));
    }
    if (cardClaim && clickLeftCardOpen(context)) await this.services.idempotency.release(cardClaim);
    // Off the turn's critical path: the reply is out and the state saved, so the channel may answer its caller now
    // (Teams' HTTP 200); the answered card's update follows within the turn (botbuilder revokes the turn's context
    // once it ends). It never fails the turn (a failure is logged); a click on the card meanwhile is already stale by
    // its card id and card claim.
    turnAnswered(context);
    const update: Promise<void> = closeAnsweredCards(context, this.services.log).finally(() => this.cardUpdates.delete(update));
    this.cardUpdates.add(update);
    await update;
  };

  /** Resolves once every answered-card update started so far has finished (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.cardUpdates.size > 0) await Promise.all([...this.cardUpdates]);
  }

  /**
   * Whether this turn may run: the activity is not a repeat, and a click is the first on its card. The claims are
   * taken in order (the activity's, then the card's) and the conversation and user state are read after them, in
   * one round trip on Redis (one script): a click that loses never acts on the state the winner is changing, and a
   * repeated activity never takes the card. When the start fails, the turn start gives back the card claim if it
   * may be this turn's (it was sent and a timeout left it unknown), never another click's.
   */
  private async claimTurn(context: TurnContext): Promise<{ run: boolean; cardClaim?: string }> {
    const activity = context.activity;
    // Keyed by the channel that received the turn (its adapter's stamp), not by what the payload claims.
    const channel = turnFactsOf(context)?.channel ?? 'unstamped';
    const claims: TurnClaim[] = [];
    if (activity.id) claims.push({ key: `activity:${channel}:${activity.conversation?.id}:${activity.id}`, ttlMs: ACTIVITY_DEDUPE_MS });
    const cardClaim = cardClickKey(activity, channel);
    // The card keeps its buttons when the turn cannot start, so its claim is given back then.
    if (cardClaim) claims.push({ key: cardClaim, ttlMs: CARD_CLICK_QUIET_MS, giveBackOnFailure: true });
    // A turn without a key (no conversation) is read by botbuilder itself later, and fails there as before.
    const states: Array<{ state: BotState; read: TurnRead }> = [];
    const conversationKey = activity.channelId && activity.conversation?.id && activity.from?.id ? this.conversationState.getStorageKey(context) : undefined;
    if (conversationKey) states.push({ state: this.conversationState, read: { storage: this.conversationStorage, key: conversationKey } });
    const userKey = activity.channelId && activity.from?.id ? this.userState.getStorageKey(context) : undefined;
    if (userKey) states.push({ state: this.userState, read: { storage: this.userStorage, key: userKey } });
    // The reads the click names come with the turn's start; the steps find them in the turn's snapshot.
    const hints = readAheadHintsOf(activity);
    let readAhead: { hints: ReadAheadHints; snapshot: ReadAheadSnapshot } | undefined;
    if (hints) {
      readAhead = { hints, snapshot: new ReadAheadSnapshot() };
      keepReadAhead(context, readAhead.snapshot);
    }
    const started = await this.turnStart.claimThenRead(
      claims,
      states.map((s) => s.read),
      readAhead,
    );
    if (started.won < claims.length || !started.items) return { run: false };
    // The conversation state changes on every message turn (its last-seen time): it is written anyway
    // (saveConversationState). The user state is written only when changed (saveUserState): its JSON as read is kept.
    states.forEach(({ state }, i) => {
      const value = primeState(state, context, started.items![i]);
      if (state === this.userState) context.turnState.set(USER_STATE_AS_READ, JSON.stringify(value));
    });
    return { run: true, cardClaim };
  }

  /**
   * The user state is written only when it changed this turn, as botbuilder's saveChanges decides, but by comparing
   * its JSON with the JSON as read instead of two SHA-256 digests of it per turn (one at load, one here). The JSON
   * holds the item's eTag, which only a write changes, so equal JSON means an unchanged state, and a cleared or
   * replaced state (no eTag) always differs from one read from the store.
   */
  private async saveUserState(context: TurnContext): Promise<void> {
    const asRead = context.turnState.get(USER_STATE_AS_READ) as string | undefined;
    // Not primed by claimTurn (no user key): botbuilder loaded it and keeps its own change hash.
    if (asRead === undefined) return this.userState.saveChanges(context);
    const cached = context.turnState.get(stateCacheKeyOf(this.userState)) as { state?: StoreItem } | undefined;
    if (!cached?.state || JSON.stringify(cached.state) === asRead) return;
    const key = this.userState.getStorageKey(context);
    if (!key) return;
    cached.state.eTag = '*';
    await this.userStorage.write({ [key]: cached.state });
    context.turnState.set(USER_STATE_AS_READ, JSON.stringify(cached.state));
  }

  /**
   * The conversation state changes on every message turn (its last-seen time), so it is written as botbuilder's
   * saveChanges would write it (eTag `*`, the store's rules unchanged) without first comparing change hashes: that
   * comparison costs two serializations and SHA-256 digests of the state per turn and always finds a change.
   */
  private async saveConversationState(context: TurnContext): Promise<void> {
    const cached = context.turnState.get(stateCacheKeyOf(this.conversationState)) as { state?: StoreItem } | undefined;
    if (!cached?.state) return;
    const key = this.conversationState.getStorageKey(context);
    if (!key) return;
    cached.state.eTag = '*';
    await this.conversationStorage.write({ [key]: cached.state });
  }

  /** A failed turn saves no state, but what the agent saw (a quote shown) is still recorded, as before. */
  private async recordAuditOfFailedTurn(context: TurnContext, err: unknown): Promise<void> {
    // With storage not answering, the agent's answer must not wait for it.
    const recorded = flushTurnAudit(this.services, context).catch((failure: unknown) => {
      this.services.log.warn(
        {
          conversationId: context.activity.conversation?.id,
          activityId: context.activity.id,
          err: failure instanceof Error ? failure.message : String(failure),
        },
        'audit events of a failed turn not recorded',
      );
    });
    if (!storageFailureIn(err)) await recorded;
  }

  /**
   * The card keeps its buttons after a failed turn (its state was not saved), so it may be clicked again at once.
   * With storage not answering the release is not awaited: it would only delay the agent's answer past the deadline,
   * and the claim expires by itself.
   */
  private async giveBackCardClaim(cardClaim: string | undefined, err: unknown): Promise<void> {
    if (!cardClaim) return;
    const released = this.services.idempotency.release(cardClaim).catch(() => undefined);
    if (!storageFailureIn(err)) await released;
  }

  /** A storage failure gets its own answer; anything else is the channel's failed-turn handler's. */
  private async answerStorageFailure(context: TurnContext, err: unknown, message: (failure: StorageUnavailableError) => string): Promise<void> {
    const failure = storageFailureIn(err);
    if (!failure) throw err;
    context.turnState.set(STORAGE_UNAVAILABLE_TURN, true);
    this.services.log.warn(
      {
        conversationId: context.activity.conversation?.id,
        activityId: context.activity.id,
        requestId: failure.details.requestId,
        sentToMicrosoft: failure.details.sentToMicrosoft,
        cause: failure.details.cause,
      },
      'turn stopped: storage not answering',
    );
    await context.sendActivity(message(failure));
  }

  /** The bot was added to a conversation (installed in Teams, an Emulator connected): say what it does. */
  private async welcome(context: TurnContext): Promise<void> {
    const botId = context.activity.recipient?.id;
    if (!botId || !(context.activity.membersAdded ?? []).some((member) => member.id === botId)) return;
    stampTurnLocale(context, undefined);
    await context.sendActivity(turnText(context, 'welcome.greeting', { help: turnText(context, 'help.general') }));
  }

  private async onMessage(context: TurnContext): Promise<void> {
    if (this.dialogStateConfiguration) context.turnState.set(DIALOG_STATE_MANAGER_CONFIGURATION, this.dialogStateConfiguration);
    const [remembered, dc] = await Promise.all([this.language.get(context), this.dialogs.createContext(context)]);
    this.dialogStateConfiguration ??= dc.state.configuration;
    stampTurnLocale(context, remembered);
    const now = this.services.wallClock.now().getTime();
    const text = normalizeText(TurnContext.removeRecipientMention(context.activity) ?? context.activity.text);
    const command = cardActionOf(context.activity) ? undefined : parseCommand(text);

    const lastSeen = await this.lastSeen.get(context);
    await this.lastSeen.set(context, now);
    if (dc.activeDialog && lastSeen !== undefined && now - lastSeen > this.services.flowTimeoutMs) {
      const flow = (await this.activeFlow.get(context)) ?? 'previous';
      closeWaitingCardsOnCancel(context, { kind: 'expired' });
      await dc.cancelAllDialogs();
      const minutes = Math.round(this.services.flowTimeoutMs / 60000);
      await context.sendActivity(turnText(context, 'flow.expired', { flow, minutes }));
      if (!command || command.name === 'cancel' || command.name === 'help') return;
    }

    if (command) return this.onCommand(context, dc, command);
    const topicAction = topicActionOf(cardActionOf(context.activity));
    if (topicAction) return this.onTopicAction(context, dc, topicAction);
    const exportAction = exportActionOf(cardActionOf(context.activity));
    if (exportAction) {
      leaveCardOpen(context);
      const agent = await requireActingAgent(this.services, context, 'export');
      if (agent) await exportRequests(this.services, context, agent, exportAction);
      return;
    }
    if (dc.activeDialog && begunUnderOtherDialogs(this.dialogs, dc.stack)) {
      // The desk was updated since this flow began: it ends, as an expired one does, instead of failing every turn.
      const flow = (await this.activeFlow.get(context)) ?? 'previous';
      closeWaitingCardsOnCancel(context, { kind: 'expired' });
      await dc.cancelAllDialogs();
      await context.sendActivity(turnText(context, 'flow.changed', { flow }));
      return;
    }
    if (dc.activeDialog) {
      const result = await dc.continueDialog();
      const handover = result.status === DialogTurnStatus.complete ? (result.result as FlowSwitch | undefined) : undefined;
      if (handover?.switchTo) {
        // Rename has no command of its own: it is started again from /reservation.
        await this.activeFlow.set(context, handover.switchTo === 'rename' ? 'reservation' : handover.switchTo);
        await dc.beginDialog(FLOW_DIALOGS[handover.switchTo], handover.options);
      }
      return;
    }
    const action = cardActionOf(context.activity);
    if (action) return answerStaleAction(this.services, context, action);
    await context.sendActivity(turnText(context, 'help.general'));
  }

  /** A button on a reminder or digest: like typing the command, for the customer and reservation it names. */
  private async onTopicAction(context: TurnContext, dc: Awaited<ReturnType<DialogSet['createContext']>>, action: TopicAction): Promise<void> {
    // A reminder stays clickable: its other buttons (and this one, later) must not meet the click claim.
    leaveCardOpen(context);
    const agent = await requireActingAgent(this.services, context, action.flow);
    if (!agent) return;
    const customer = await this.services.provider.directory.getCustomer(action.customerId);
    if (!customer) {
      await context.sendActivity(turnText(context, 'turn.topicCustomerGone'));
      return;
    }
    if (dc.activeDialog) {
      closeWaitingCardsOnCancel(context, { kind: 'replaced', command: action.flow });
      await dc.cancelAllDialogs();
    }
    await this.activeFlow.set(context, action.flow);
    await dc.beginDialog(FLOW_DIALOGS[action.flow], { customer, reservationId: action.reservationId });
  }

  private async onCommand(context: TurnContext, dc: Awaited<ReturnType<DialogSet['createContext']>>, command: ParsedCommand): Promise<void> {
    if (command.name === 'help') {
      const stepHelp = dc.activeDialog ? activeStepHelp(dc) : undefined;
      const help = turnText(context, 'help.general');
      await context.sendActivity(stepHelp ? `${stepHelp}\n\n${help}` : help);
      return;
    }
    if (command.name === 'cancel') {
      if (!dc.activeDialog) {
        await context.sendActivity(turnText(context, 'cancel.nothingToCancel'));
        return;
      }
      const flow = (await this.activeFlow.get(context)) ?? 'current';
      const subject = activeStepSubject(dc);
      closeWaitingCardsOnCancel(context, { kind: 'cancelled' });
      await dc.cancelAllDialogs();
      await recordCancelled(this.services, context, subject, { flow, step: 'typed cancel' });
      await context.sendActivity(turnText(context, 'cancel.cancelled', { flow }));
      return;
    }
    // Anyone may choose their language (no role needed), and a flow in progress goes on.
    if (command.name === 'language') return changeLanguage(context, this.language, command.rest);
    const agent = await requireActingAgent(this.services, context, command.name);
    if (!agent) return;
    if (dc.activeDialog) {
      closeWaitingCardsOnCancel(context, { kind: 'replaced', command: command.name });
      await dc.cancelAllDialogs();
    }
    if (command.name === 'requests') {
      await showRequests(this.services, context, agent, command.rest);
      return;
    }
    if (isDeskCommand(command.name)) return runDeskCommand(this.services, context, agent, command.name, command.rest);
    await this.activeFlow.set(context, command.name);
    await dc.beginDialog(FLOW_DIALOGS[command.name], { query: command.rest });
  }
}

/**
 * The desk's one dialog set: each flow a waterfall under the flow's id (FLOW_DIALOGS), and once, shared by them, what
 * the flows begin above themselves on the same stack: the pickers, the card prompt, the confirm steps. One level per
 * turn instead of a component per flow and per confirm step (docs/decisions.md, "Flows as waterfalls on the root
 * dialog set"); a flow stored in the component layout ends politely (dialogs/changedFlow.ts).
 */
function deskDialogs(state: StatePropertyAccessor<DialogState>, services: DeskServices, profiles: StatePropertyAccessor<AgentProfile>): DialogSet {
  return new DialogSet(state)
    .add(new RefundDialog(services))
    .add(new ExchangeDialog(services))
    .add(new OverviewDialog(services))
    .add(new ScopeDialog(services))
    .add(new RenewDialog(services))
    .add(new AccessDialog(services))
    .add(new RenameDialog(services))
    .add(new CustomerPickerDialog(services))
    .add(new ReservationPickerDialog(services))
    .add(new AzurePickerDialog(services))
    .add(new CardPrompt(services))
    .add(new ConfirmAndFileDialog(services, profiles))
    .add(new ConfirmChangeDialog(services));
}

/**
 * What a click's step will read, as its card's button names it. A button with a request key is the confirm card's:
 * its step looks the key up and re-quotes (the customer's cap entries). Any other naming a customer picks (a customer,
 * a reservation) or opens a quote from a reminder: the reservation picker lists the customer's requests, the quote
 * reads their cap entries. Only a hint: the steps use the customer of their own dialog state, so a forged or stale
 * value reads something nobody takes.
 */
export function readAheadHintsOf(activity: Partial<TurnContext['activity']>): ReadAheadHints | undefined {
  const action = cardActionOf(activity);
  if (!action) return undefined;
  const customerId = typeof action.customerId === 'string' ? action.customerId : undefined;
  const requestKey = typeof action.requestKey === 'string' ? action.requestKey : undefined;
  if (requestKey !== undefined) return { capOf: customerId, requestKey };
  return customerId === undefined ? undefined : { requestsOf: customerId, capOf: customerId };
}

/**
 * Hands botbuilder the state this turn already read (with its claims), as BotState.load would have cached it:
 * under the state's own turn-state key (with an empty change hash: the bot decides itself what to write). botbuilder keeps that key in a
 * field without a public accessor; it is frozen at 4.23, and a changed shape fails every turn loudly here.
 */
function primeState(state: BotState, context: TurnContext, item: StoreItem | undefined): StoreItem {
  const value: StoreItem = item ?? {};
  // An empty hash never matches: a saveChanges would write the state (the bot compares changes itself: saveUserState).
  context.turnState.set(stateCacheKeyOf(state), { state: value, hash: '' });
  return value;
}

/** The turn-state key under which a BotState caches what it read this turn. */
function stateCacheKeyOf(state: BotState): symbol {
  const cacheKey = (state as unknown as { stateKey?: unknown }).stateKey;
  if (typeof cacheKey !== 'symbol') throw new Error('botbuilder BotState no longer keeps its cache under stateKey');
  return cacheKey;
}
