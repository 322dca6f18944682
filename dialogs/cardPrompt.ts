import { randomUUID } from 'node:crypto';
import type { Activity, TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { cardAttachment, renderCard, type CardName } from '../src/cards/render';
import { cardText } from '../src/cards/text';
import type { QuoteJson } from '../src/domain/quoteContract';
import type { Logger } from '../src/log';
import { answerStaleAction } from './staleAction';
import type { DeskServices } from './services';
import { turnLocale } from './language';

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
  /** What `help` says at this step. */
  help: string;
  /** What the step is about, for the audit trail when the flow is cancelled here. */
  subject?: StepSubject;
}

/** The customer, reservation and quote a step is about (ids and amounts only). */
export interface StepSubject {
  kind?: 'refund' | 'exchange';
  customerId?: string;
  reservationId?: string;
  quote?: QuoteJson;
}

export type CardAnswer = { kind: 'action'; action: CardAction } | { kind: 'text'; text: string };

interface CardPromptState {
  cardId: string;
  activityId?: string;
  options: CardPromptOptions;
  /** The actions the card's buttons carry: a click naming any other is forged and changes nothing. */
  actions: string[];
}

function submitActionsOf(node: unknown, found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(node)) node.forEach((item) => submitActionsOf(item, found));
  else if (node && typeof node === 'object') {
    const element = node as Record<string, unknown>;
    const data = element.data as { action?: unknown } | undefined;
    if (element.type === 'Action.Submit' && typeof data?.action === 'string') found.add(data.action);
    Object.values(element).forEach((value) => submitActionsOf(value, found));
  }
  return found;
}

export const CARD_PROMPT = 'cardPrompt';

/**
 * Sends a card and waits for its answer. Once answered, the card is replaced in place by its answered form
 * (same template, `open: false`, the choice shown) so its buttons cannot be used again.
 */
export class CardPrompt extends Dialog<CardPromptOptions> {
  constructor(private readonly services: DeskServices) {
    super(CARD_PROMPT);
  }

  override async beginDialog(dc: DialogContext, options?: CardPromptOptions): Promise<DialogTurnResult> {
    if (!options) throw new Error('CardPrompt needs options');
    const cardId = randomUUID();
    const card = renderCard(options.card, { ...options.data, cardId, open: true, answered: '' }, turnLocale(dc.context));
    const sent = await dc.context.sendActivity({ type: 'message', attachments: [cardAttachment(card)] });
    const state: CardPromptState = { cardId, activityId: sent?.id, options, actions: [...submitActionsOf(card)] };
    dc.activeDialog!.state = state;
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as CardPromptState;
    const activity = dc.context.activity;
    if (activity.type !== 'message') return Dialog.EndOfTurn;
    const action = cardActionOf(activity);
    if (action) {
      if (action.rd !== state.cardId) {
        await answerStaleAction(this.services, dc.context, action);
        return Dialog.EndOfTurn;
      }
      if (!state.actions.includes(action.action)) {
        clicksLeavingCardOpen.add(dc.context);
        await dc.context.sendActivity('That is not one of this card\'s buttons; nothing changed.');
        return Dialog.EndOfTurn;
      }
      await closeCard(dc.context, state, action.label ?? action.action);
      return dc.endDialog({ kind: 'action', action } satisfies CardAnswer);
    }
    const text = (activity.text ?? '').trim();
    if (text && state.options.acceptText) {
      await closeCard(dc.context, state, `Typed: "${text}"`);
      return dc.endDialog({ kind: 'text', text } satisfies CardAnswer);
    }
    await dc.context.sendActivity(`${state.options.help} (Type cancel to stop.)`);
    return Dialog.EndOfTurn;
  }

  /** Called when the flow is cancelled or expires: the waiting card is closed too. */
  override async endDialog(context: TurnContext, instance: { state: object }, reason: unknown): Promise<void> {
    void reason;
    const state = instance.state as CardPromptState;
    if (cancelling.has(context)) await closeCard(context, state, cancelling.get(context) ?? 'Cancelled');
  }
}

/** Turns whose cancellation should also close the waiting card, with the text to show on it. */
const cancelling = new WeakMap<TurnContext, string>();

export function closeWaitingCardsOnCancel(context: TurnContext, label: string): void {
  cancelling.set(context, label);
}

/** Answered cards to close once the turn has completed and its state is saved. */
const cardsToClose = new WeakMap<TurnContext, Array<Partial<Activity>>>();

/**
 * Queues the answered form of a card. It replaces the card only after the turn's state is saved
 * (closeAnsweredCards): if the turn fails, the card keeps its buttons, matching the saved state that still waits
 * for its answer.
 */
async function closeCard(context: TurnContext, state: CardPromptState, label: string): Promise<void> {
  if (!state.activityId) return;
  const card = renderCard(state.options.card, { ...state.options.data, cardId: state.cardId, open: false, answered: cardText(label, 120) }, turnLocale(context));
  const pending = cardsToClose.get(context) ?? [];
  pending.push({ type: 'message', id: state.activityId, conversation: context.activity.conversation, attachments: [cardAttachment(card)] });
  cardsToClose.set(context, pending);
}

/** Replaces this turn's answered cards in place; called by the turn handler after state is saved. */
export async function closeAnsweredCards(context: TurnContext, log: Logger): Promise<void> {
  for (const update of cardsToClose.get(context) ?? []) {
    try {
      await context.updateActivity(update);
    } catch (err) {
      // The answer stands (the card id guards re-use); a card that cannot be updated is worth a look, though.
      log.warn({ activityId: update.id, channelId: context.activity.channelId, err: err instanceof Error ? err.message : String(err) }, 'answered card not updated');
    }
  }
  cardsToClose.delete(context);
}

function waitingPrompt(dc: DialogContext): Partial<CardPromptState> | undefined {
  let inner: DialogContext = dc;
  while (inner.child) inner = inner.child;
  return inner.activeDialog?.state as Partial<CardPromptState> | undefined;
}

/** The help text of the step waiting for an answer, if any. */
export function activeStepHelp(dc: DialogContext): string | undefined {
  return waitingPrompt(dc)?.options?.help;
}

/** What the step waiting for an answer is about, if any. */
export function activeStepSubject(dc: DialogContext): StepSubject | undefined {
  return waitingPrompt(dc)?.options?.subject;
}
