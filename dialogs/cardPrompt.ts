import type { Activity, TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { randomText } from '../src/randomText';
import { cardAttachment, renderCard, type AdaptiveCard, type CardName } from '../src/cards/render';
import { cardText, literalCardText, plainText } from '../src/cards/text';
import { auditAmounts } from '../src/services/auditAmounts';
import type { QuoteJson } from '../src/domain/quoteContract';
import type { Logger } from '../src/log';
import { answerStaleAction } from './staleAction';
import type { DeskServices } from './services';
import { turnLocale, turnText } from './language';
import type { MessageKey, MessageValues } from '../src/i18n';
import { quoteOf, type StoredQuote } from './flowState';
import type { QuoteBasis } from './shownQuote';

/**
 * Card actions carry `{ rd: <card id>, action, label?, ...payload }` (Action.Submit data; inputs are merged in
 * by the host). The card id ties a click to the one card that asked, so a click on an older card is known stale.
 */
export interface CardAction {
  rd: string;
  action: string;
  label?: string;
  [field: string]: unknown;
}

export function cardActionOf(activity: Partial<Activity>): CardAction | undefined {
  const value = activity.value as Record<string, unknown> | undefined;
  if (!value || typeof value !== 'object' || typeof value.rd !== 'string' || typeof value.action !== 'string') return undefined;
  if (value.rd.length > 100 || value.action.length > 50) return undefined;
  return value as CardAction;
}

/**
 * The claim a click takes on its card before the turn reads any state: per user and conversation (each agent has
 * their own flow and cards), so another user's click on a shared card neither blocks nor is blocked by theirs.
 */
export function cardClickKey(activity: Partial<Activity>, channel: string): string | undefined {
  const action = cardActionOf(activity);
  if (!action) return undefined;
  return `card-click:${channel}:${activity.conversation?.id ?? ''}:${activity.from?.id ?? ''}:${action.rd}`;
}

/** Turns whose click did not answer its card (not one of its buttons): the card may still be answered. */
const clicksLeavingCardOpen = new WeakSet<TurnContext>();

export function clickLeftCardOpen(context: TurnContext): boolean {
  return clicksLeavingCardOpen.has(context);
}

/** A click on a card that is never answered (a reminder's buttons): its claim ends with the turn. */
export function leaveCardOpen(context: TurnContext): void {
  clicksLeavingCardOpen.add(context);
}

export interface CardPromptOptions {
  card: CardName;
  data: Record<string, unknown>;
  /** Typed text answers the prompt too (pickers: a customer name; otherwise a hint to use the card). */
  acceptText?: boolean;
  /** What `help` says at this step: text, or the messages to say (kept as keys, not as kilobytes of text). */
  help: string | HelpText;
  /** What the step is about, for the audit trail when the flow is cancelled here. */
  subject?: StepSubject;
}

/**
 * The customer, reservation and quote a step is about. A prompt keeps ids and the quote's audit amounts only
 * (its currency and amounts), not the whole quote: they are what a cancellation's audit event records.
 */
export interface StepSubject {
  kind?: 'refund' | 'exchange';
  customerId?: string;
  reservationId?: string;
  quote?: QuoteJson;
  amounts?: ReturnType<typeof auditAmounts>;
  /** The shown quote's basis and units (the flow keeps no amounts): the audit makes the quote again. */
  shown?: QuoteBasis & { units?: number };
  /** The customer, reservation and quote are the ones the flow's values keep (named once, there). */
  fromFlow?: true;
}

/** Help as message keys (said one after the other) and their values, rendered in the agent's language when asked. */
export interface HelpText {
  keys: MessageKey[];
  values?: MessageValues;
}

function helpTextOf(context: TurnContext, help: string | HelpText | undefined): string {
  if (help === undefined || typeof help === 'string') return help ?? '';
  return help.keys.map((key) => turnText(context, key, help.values)).join(' ');
}

export type CardAnswer = { kind: 'action'; action: CardAction } | { kind: 'text'; text: string };

/**
 * What a waiting card keeps in the dialog state: ids and what the answered card and `help` need, never the card's
 * data (a rendered picker or quote would be kilobytes of state, read, hashed and written on every turn).
 */
interface CardPromptState {
  cardId: string;
  activityId?: string;
  /** The card's heading and summary, shown again on its small answered form. */
  title: string;
  summary?: string;
  acceptText?: boolean;
  help: string | HelpText;
  subject?: StepSubject;
  /** The actions the card's buttons carry: a click naming any other is forged and changes nothing. */
  actions: string[];
}

/**
 * A waiting card's state as stored: cards sent before this shape (their whole `options` kept) are read as it, so a
 * flow in progress across the upgrade keeps its help and typed answers.
 */
function promptStateOf(stored: object | undefined): Partial<CardPromptState> {
  const state = (stored ?? {}) as Partial<CardPromptState> & { options?: Partial<CardPromptOptions> };
  if (!state.options) return state;
  const { options, ...rest } = state;
  return { ...rest, title: '', help: options.help ?? '', acceptText: options.acceptText, subject: options.subject && stateSubject(options.subject) };
}

/**
 * The actions of the card's Action.Submit buttons, in the card's order. Only objects and arrays are walked into: the
 * card's many strings and numbers are skipped where they are met.
 */
function submitActionsOf(node: object, found: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const item of node) if (item !== null && typeof item === 'object') submitActionsOf(item, found);
    return found;
  }
  const element = node as Record<string, unknown>;
  if (element.type === 'Action.Submit') {
    const action = (element.data as { action?: unknown } | undefined)?.action;
    if (typeof action === 'string' && !found.includes(action)) found.push(action);
  }
  for (const key in element) {
    const value = element[key];
    if (value !== null && typeof value === 'object') submitActionsOf(value, found);
  }
  return found;
}

export const CARD_PROMPT = 'cardPrompt';

/** The text of a card's first TextBlock, its heading, as plain text (the expanded card's is escaped). */
function headingOf(card: AdaptiveCard): string {
  const body = Array.isArray(card.body) ? (card.body as Array<Record<string, unknown>>) : [];
  const heading = body.find((element) => element.type === 'TextBlock' && typeof element.text === 'string');
  return typeof heading?.text === 'string' ? plainText(literalCardText(heading.text), 120) : '';
}

/** What a question asks: a card (and what it keeps to check the answer by), or nothing, answered at once. */
export type Asked<R, K> = { card: CardPromptOptions; keep?: K } | { answer: R };

/** What a question makes of an answer to its card: the value it ends with, or the same question asked again. */
export type Checked<O, R> = { answer: R } | { askAgain: O };

/** A waiting question's state: the card's, and what the question kept to check the answer by. */
type QuestionState<K> = CardPromptState & { kept?: K };

/**
 * A question asked with a card, which checks its own answer: it ends with a valid answer, or asks again (another
 * page, another search, a choice it cannot take) in the same place on the stack. The card part — sending the card,
 * refusing stale and forged clicks, help for other text, closing the answered card — is the same for every question.
 * Once answered, the card is replaced in place by a small answered card (its heading, its summary, the choice) so
 * its buttons cannot be used again.
 */
export abstract class CardQuestion<O extends object, R, K = undefined> extends Dialog<O> {
  constructor(
    id: string,
    protected readonly services: DeskServices,
  ) {
    super(id);
  }

  /** The card to send for these options and what to keep with it, or the value to end with at once. */
  protected abstract ask(dc: DialogContext, options: O): Promise<Asked<R, K>> | Asked<R, K>;

  /** What an answer to the card makes, with what `ask` kept. */
  protected abstract check(dc: DialogContext, answer: CardAnswer, kept: K): Promise<Checked<O, R>> | Checked<O, R>;

  override async beginDialog(dc: DialogContext, options?: O): Promise<DialogTurnResult> {
    if (!options) throw new Error(`${this.id} needs options`);
    return this.askWith(dc, options);
  }

  private async askWith(dc: DialogContext, options: O): Promise<DialogTurnResult> {
    const asked = await this.ask(dc, options);
    if ('answer' in asked) return dc.endDialog(asked.answer);
    const state: QuestionState<K> = await sendCard(dc.context, asked.card);
    if (asked.keep !== undefined) state.kept = asked.keep;
    dc.activeDialog!.state = state;
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = promptStateOf(dc.activeDialog!.state as QuestionState<K>) as QuestionState<K>;
    const answer = await readAnswer(this.services, dc.context, state);
    if (!answer) return Dialog.EndOfTurn;
    const checked = await this.check(dc, answer, state.kept as K);
    return 'askAgain' in checked ? this.askWith(dc, checked.askAgain) : dc.endDialog(checked.answer);
  }

  /** Called when the flow is cancelled or expires: the waiting card is closed too. */
  override async endDialog(context: TurnContext, instance: { state: object }): Promise<void> {
    closeWaitingCardOf(context, instance.state);
  }
}

/**
 * A stack entry's state as a component keeps it: a stack of its own. The desk's flows and pickers were components
 * before (dialogs/flowWaterfall.ts); a flow stored so is ended as one begun under other dialogs (dialogs/changedFlow.ts),
 * and its waiting card, the innermost entry, is still found for help and closed when the flow ends.
 */
interface ComponentState {
  dialogs?: { dialogStack?: Array<{ state?: object }> };
}

/** The entries of a component's own stack kept in `state`, if it is one. */
export function innerStackOf(state: object | undefined): Array<{ state?: object }> | undefined {
  const stack = (state as ComponentState | undefined)?.dialogs?.dialogStack;
  return Array.isArray(stack) ? stack : undefined;
}

/** The state of the card an entry waits on: its own, or the innermost one of a component's stack. */
function waitingCardOf(state: object | undefined): object | undefined {
  let inner = state;
  for (let stack = innerStackOf(inner); stack?.length; stack = innerStackOf(inner)) inner = stack.at(-1)!.state;
  return inner;
}

/** Closes the card an entry waits on (its own, or a component's innermost) when the turn cancels its flow. */
export function closeWaitingCardOf(context: TurnContext, state: object | undefined): void {
  closeOnCancel(context, waitingCardOf(state));
}

/** Sends a card and waits for its answer, whatever it is: the step that began it checks it. */
export class CardPrompt extends CardQuestion<CardPromptOptions, CardAnswer> {
  constructor(services: DeskServices) {
    super(CARD_PROMPT, services);
  }

  protected ask(_dc: DialogContext, options: CardPromptOptions): Asked<CardAnswer, undefined> {
    return { card: options };
  }

  protected check(_dc: DialogContext, answer: CardAnswer): Checked<CardPromptOptions, CardAnswer> {
    return { answer };
  }
}

/** Sends the card and returns what its waiting step keeps (never the card's data). */
async function sendCard(context: TurnContext, options: CardPromptOptions): Promise<CardPromptState> {
  // 128 random bits as base64url: as unguessable as a UUID in 22 characters, kept in the state of every waiting card.
  const cardId = randomText(16);
  const card = renderCard(options.card, { ...options.data, cardId, open: true, answered: '' }, turnLocale(context));
  const sent = await context.sendActivity({ type: 'message', attachments: [cardAttachment(card)] });
  const summary = typeof options.data.summary === 'string' ? options.data.summary : undefined;
  const subject = options.subject && stateSubject(options.subject);
  return {
    cardId,
    activityId: sent?.id,
    title: headingOf(card),
    ...(summary ? { summary } : {}),
    ...(options.acceptText ? { acceptText: true } : {}),
    help: options.help,
    ...(subject ? { subject } : {}),
    actions: submitActionsOf(card),
  };
}

/**
 * The answer to the waiting card, closing it; undefined when the turn answers nothing (a stale or forged click,
 * text the card does not take: the agent is told, and the card waits on).
 */
async function readAnswer(services: DeskServices, context: TurnContext, state: CardPromptState): Promise<CardAnswer | undefined> {
  const activity = context.activity;
  if (activity.type !== 'message') return undefined;
  const action = cardActionOf(activity);
  if (action) {
    if (action.rd !== state.cardId) {
      await answerStaleAction(services, context, action);
      return undefined;
    }
    if (!state.actions.includes(action.action)) {
      clicksLeavingCardOpen.add(context);
      await context.sendActivity(turnText(context, 'turn.notThisCardsButton'));
      return undefined;
    }
    closeCard(context, state, action.label ?? action.action);
    return { kind: 'action', action };
  }
  const text = (activity.text ?? '').trim();
  if (text && state.acceptText) {
    closeCard(context, state, turnText(context, 'turn.answered.typed', { text }));
    return { kind: 'text', text };
  }
  await context.sendActivity(turnText(context, 'turn.stepHelp', { help: helpTextOf(context, state.help) }));
  return undefined;
}

/** Closes a waiting card (stored in any shape) when the turn cancels its flow: cancelled, expired or replaced. */
function closeOnCancel(context: TurnContext, stored: object | undefined): void {
  const why = cancelling.get(context);
  if (!why) return;
  closeCard(
    context,
    promptStateOf(stored) as CardPromptState,
    why.kind === 'replaced'
      ? turnText(context, 'turn.answered.replaced', { command: why.command })
      : turnText(context, why.kind === 'expired' ? 'turn.answered.expired' : 'turn.answered.cancelled'),
  );
}

/** The subject as a prompt keeps it: the quote's amounts instead of the quote. */
function stateSubject(subject: StepSubject): StepSubject {
  const { quote, ...rest } = subject;
  return quote ? { ...rest, amounts: auditAmounts(quote) } : rest;
}

/** Why a waiting card is closed without an answer. */
export type CardClosing = { kind: 'cancelled' } | { kind: 'expired' } | { kind: 'replaced'; command: string };

/** Turns whose cancellation should also close the waiting card, and why. */
const cancelling = new WeakMap<TurnContext, CardClosing>();

export function closeWaitingCardsOnCancel(context: TurnContext, why: CardClosing): void {
  cancelling.set(context, why);
}

/** Answered cards to close once the turn has completed and its state is saved. */
const cardsToClose = new WeakMap<TurnContext, Array<Partial<Activity>>>();

/**
 * Queues the answered form of a card. It replaces the card only after the turn's state is saved
 * (closeAnsweredCards): if the turn fails, the card keeps its buttons, matching the saved state that still waits
 * for its answer.
 */
function closeCard(context: TurnContext, state: CardPromptState, label: string): void {
  if (!state.activityId) return;
  const card = answeredCard(state, label);
  const pending = cardsToClose.get(context) ?? [];
  pending.push({ type: 'message', id: state.activityId, conversation: context.activity.conversation, attachments: [cardAttachment(card)] });
  cardsToClose.set(context, pending);
}

/**
 * Replaces this turn's answered cards in place; called by the turn handler after state is saved and the reply sent.
 * Never rejects: a card that cannot be updated is logged.
 */
export async function closeAnsweredCards(context: TurnContext, log: Logger): Promise<void> {
  const updates = cardsToClose.get(context) ?? [];
  cardsToClose.delete(context);
  for (const update of updates) {
    try {
      await context.updateActivity(update);
    } catch (err) {
      // The answer stands (the card id guards re-use); a card that cannot be updated is worth a look, though.
      log.warn(
        { activityId: update.id, channelId: context.activity.channelId, err: err instanceof Error ? err.message : String(err) },
        'answered card not updated',
      );
    }
  }
}

/** What a flow's values name that a card's subject leaves to them (dialogs/flowSteps.ts FlowValues). */
interface FlowSubject {
  customer?: { id?: string };
  reservationId?: string;
  quote?: StoredQuote;
  shown?: QuoteBasis;
  returnQuantity?: number;
}

/**
 * The waiting card's state, and what the flows below it keep in their values: the flow's waterfall sits below the
 * card it began on the same stack (the last entry is the top), and the lowest one's values win. A component's own
 * stack (a flow stored by the layout before, dialogs/flowWaterfall.ts) is walked into, its values winning over its
 * parents'.
 */
function waitingPrompt(dc: DialogContext): (Partial<CardPromptState> & { flow: FlowSubject }) | undefined {
  const flow: FlowSubject = {};
  let stack: ReadonlyArray<{ state?: object }> = dc.stack;
  for (;;) {
    for (let i = stack.length - 1; i >= 0; i--) {
      const values = (stack[i].state as { values?: FlowSubject } | undefined)?.values;
      if (values?.customer?.id) flow.customer = values.customer;
      if (values?.reservationId) flow.reservationId = values.reservationId;
      if (values?.quote) flow.quote = values.quote;
      if (values?.shown) [flow.shown, flow.returnQuantity] = [values.shown, values.returnQuantity];
    }
    const inner = innerStackOf(stack.at(-1)?.state);
    if (!inner?.length) break;
    stack = inner;
  }
  const waiting = stack.at(-1);
  return waiting ? { ...promptStateOf(waiting.state), flow } : undefined;
}

/** The help text of the step waiting for an answer, if any. */
export function activeStepHelp(dc: DialogContext): string | undefined {
  const waiting = waitingPrompt(dc);
  return waiting && helpTextOf(dc.context, waiting.help);
}

/** What the step waiting for an answer is about, if any. */
export function activeStepSubject(dc: DialogContext): StepSubject | undefined {
  const waiting = waitingPrompt(dc);
  const subject = waiting?.subject;
  if (!subject?.fromFlow) return subject;
  // The customer, reservation and quote amounts are the flow's: kept once, in its values.
  const { fromFlow, ...named } = subject;
  void fromFlow;
  const { customer, reservationId, quote, shown, returnQuantity } = waiting!.flow;
  return {
    ...named,
    ...(customer?.id ? { customerId: customer.id } : {}),
    ...(reservationId ? { reservationId } : {}),
    ...(quote ? { amounts: auditAmounts(quoteOf(quote)) } : shown ? { shown: { ...shown, units: returnQuantity } } : {}),
  };
}

/**
 * The small card that replaces an answered one: its heading, its summary and the choice, built here rather than by
 * expanding the whole template again (the answer, not the card's figures, is what the chat keeps). Strings are made
 * safe as every card's data is.
 */
function answeredCard(state: CardPromptState, label: string): AdaptiveCard {
  // The choice as the templates showed it on a closed card: a check mark and the button's (localized) label.
  const choice = `✔ ${plainText(label, 120)}`;
  const body: Array<Record<string, unknown>> = [];
  if (state.title) body.push({ type: 'TextBlock', text: cardText(state.title, 120), size: 'Medium', weight: 'Bolder', wrap: true });
  if (state.summary) body.push({ type: 'TextBlock', text: cardText(state.summary, 150), isSubtle: true, spacing: 'None', wrap: true });
  body.push({ type: 'TextBlock', text: cardText(choice, 160), color: 'Good', weight: 'Bolder', wrap: true });
  return { type: 'AdaptiveCard', version: '1.5', fallbackText: plainText(state.title ? `${state.title}: ${choice}` : choice, 200), body };
}
