import type { StatePropertyAccessor } from 'botbuilder';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { randomText } from '../src/randomText';
import { cardText, plainText } from '../src/cards/text';
import type { QuoteJson } from '../src/domain/quoteContract';
import type { Customer } from '../src/ports/partnerDirectory';
import type { NewRequest, RequestRecord } from '../src/ports/requestStore';
import type { Reservation } from '../src/ports/reservations';
import { money } from '../src/cards/format';
import type { FilingOutcome } from '../src/services/filing';
import { azureExchangeOffer, azureSettlementOffer, type AzureSettlementOffer } from '../src/services/azureSettlement';
import { Decimal } from '../src/domain/money';
import { quoteExchange, quoteRefund, sameRefundOrExchange, unquotableReason } from '../src/services/quoting';
import { ticketDescription, ticketTitle, type ReplacementChoice } from '../src/services/ticketText';
import { CARD_PROMPT, type CardAnswer } from './cardPrompt';
import { SEVERITIES, readContact, severityTitle, type AgentProfile } from './contact';
import { failureText } from './failureText';
import { turnLocale, turnText } from './language';
import { DEFAULT_LOCALE, t, type Locale } from '../src/i18n';
import { originOf } from './origin';
import { AMOUNTS_MOVED, cancelFlow } from './flowAudit';
import { isPrivateConversation } from './identity';
import { quoteFacts } from './quoteFacts';
import { showReceipt } from './receipt';
import { beforeMicrosoft } from './storageOutage';
import { requireActingAgent } from './roles';
import { readAheadOf } from '../src/ports/readAhead';
import type { DeskServices } from './services';
import {
  customerOf,
  flowCustomer,
  quoteOf,
  replacementOf,
  storedQuote,
  storedReplacement,
  type FlowCustomer,
  type StoredQuote,
  type StoredReplacement,
} from './flowState';
import { isShown, shownQuote, type NotShown, type QuoteBasis } from './shownQuote';
import { FlowWaterfall } from './flowWaterfall';

export const CONFIRM_AND_FILE = 'confirmAndFile';

/**
 * What the confirm step keeps in the dialog state: the customer's id and name, the reservation id, the units and the
 * shown quote's basis (dialogs/shownQuote.ts): the quote is made again from it wherever it is needed and used only
 * when its fingerprint is the one shown, so what is filed is what the agent saw, checked against a fresh quote at
 * filing as before. The flow hands the basis over here and keeps none itself.
 * The layout before kept `quote` and `replacement` themselves (packed) and `kind`; a confirm step stored so goes on
 * with them.
 */
export interface ConfirmOptions {
  /** Layout before: the quote's kind. */
  kind?: 'refund' | 'exchange';
  customer: FlowCustomer;
  reservationId: string;
  shown?: QuoteBasis;
  /** Layout before: the quote and replacement, packed. */
  quote?: StoredQuote;
  replacement?: StoredReplacement;
  /** Units returned (the quote's returnQuantity). */
  returnQuantity: number;
  /** For the card; the id is used when absent. */
  reservationName?: string;
  requestKey?: string;
  problems?: string[];
  draft?: Record<string, unknown>;
}

/** The confirm step's options read back: the quote, replacement and customer as the rest of the desk knows them. */
interface Confirming extends Omit<ConfirmOptions, 'kind' | 'customer' | 'quote' | 'replacement'> {
  kind: 'refund' | 'exchange';
  customer: Pick<Customer, 'id' | 'name' | 'tenantId'>;
  quote: QuoteJson;
  replacement?: ReplacementChoice;
}

/** Options of the layout before (the quote kept itself) read back. */
function confirmingOf(stored: ConfirmOptions & { quote: StoredQuote }): Confirming {
  const { replacement, ...rest } = stored;
  const quote = quoteOf(stored.quote);
  return { ...rest, kind: quote.kind, customer: customerOf(stored.customer), quote, ...(replacement ? { replacement: replacementOf(replacement) } : {}) };
}

function storedQuoteOf(stored: ConfirmOptions): stored is ConfirmOptions & { quote: StoredQuote } {
  return stored.quote !== undefined;
}

/** Options with a quote made again from their basis (or, for a request already being filed, its record's). */
function confirmingWith(stored: ConfirmOptions, made: { quote: QuoteJson; replacement?: ReplacementChoice; reservationName?: string }): Confirming {
  const { kind, quote, replacement, ...rest } = stored;
  void [kind, quote, replacement];
  return {
    ...rest,
    kind: made.quote.kind,
    customer: customerOf(stored.customer),
    quote: made.quote,
    ...(made.replacement ? { replacement: made.replacement } : {}),
    ...(made.reservationName ? { reservationName: made.reservationName } : {}),
  };
}

/** The kind of quote stored options are about, without making the quote again. */
function kindOf(stored: ConfirmOptions): 'refund' | 'exchange' {
  if (stored.shown) return stored.shown.item !== undefined ? 'exchange' : 'refund';
  return stored.kind ?? quoteOf(stored.quote!).kind;
}

function storedConfirmOptions(options: Confirming): ConfirmOptions {
  const { replacement, kind, quote, reservationName, ...rest } = options;
  void kind;
  // The basis is stored again, never the quote made from it (nor the name read with it).
  if (options.shown) return { ...rest, customer: flowCustomer(options.customer) };
  return {
    ...rest,
    customer: flowCustomer(options.customer),
    quote: storedQuote(quote),
    ...(reservationName ? { reservationName } : {}),
    ...(replacement ? { replacement: storedReplacement(replacement) } : {}),
  };
}

/** Stored options with this turn's additions (request key, problems, draft), without making the quote again. */
function withAdditions(stored: ConfirmOptions, additions: Pick<ConfirmOptions, 'requestKey' | 'problems' | 'draft'>): ConfirmOptions {
  return { ...stored, ...additions };
}

interface ConfirmValues {
  requestKey: string;
  /** Azure's own return as offered on the card the agent answers (its refund is what the agent confirms). */
  returnNow?: Extract<AzureSettlementOffer, { offered: true }>;
}

/**
 * What the flow learns from this dialog: done, or the figures moved and the quote must be shown again, for the
 * customer, reservation and units named (the flow keeps none of them while this dialog runs). A bare 'requote' came
 * from a confirm step begun before the flow handed these over; its flow still has them.
 */
export type ConfirmResult = 'done' | 'requote' | { requote: { customer: FlowCustomer; reservationId: string; returnQuantity: number } };

function requoteOf(options: Pick<ConfirmOptions, 'customer' | 'reservationId' | 'returnQuantity'>): ConfirmResult {
  return { requote: { customer: flowCustomer(options.customer), reservationId: options.reservationId, returnQuantity: options.returnQuantity } };
}

/**
 * The confirm card (contact details, Azure's own return where offered) and the filing: a waterfall on the root dialog
 * set above the refund or exchange that begins it, its card prompt above it. Asking again (missing contact details, an
 * answer Microsoft lost) replaces it in place with the options to ask with.
 */
export class ConfirmAndFileDialog extends FlowWaterfall<ConfirmOptions> {
  constructor(
    private readonly services: DeskServices,
    private readonly profiles: StatePropertyAccessor<AgentProfile>,
  ) {
    super(CONFIRM_AND_FILE);
    this.addStep(this.askToConfirm.bind(this));
    this.addStep(this.fileOnConfirm.bind(this));
  }

  private async askToConfirm(step: WaterfallStepContext<ConfirmOptions>): Promise<DialogTurnResult> {
    const stored = step.options;
    // A request already being filed (its answer lost) is shown with the figures it was confirmed with.
    const pending = stored.requestKey ? await this.services.requests.getByKey(stored.requestKey) : undefined;
    const loaded = await this.confirming(step, stored, pending);
    if (!('quote' in loaded)) return this.notShown(step, stored, loaded);
    const options = loaded;
    // 128 random bits as base64url: as unguessable as a UUID in 22 characters, kept in the confirm step's state.
    const requestKey = options.requestKey ?? randomText(16);
    (step.values as { requestKey: string }).requestKey = requestKey;
    const profile = await this.profiles.get(step.context, {});
    const draft = options.draft ?? {};
    // In a channel or group chat the card is seen by everyone: remembered contact details are used but not shown.
    const shared = !isPrivateConversation(step.context);
    const remembered = shared ? undefined : profile.contact;
    const pick = (name: string, fallback: string | undefined): string => {
      const v = draft[name];
      // Input boxes show text as typed (no markdown), so pre-filled values are plain, not escaped.
      return plainText(typeof v === 'string' ? v : (fallback ?? ''), 254);
    };
    const q = options.quote;
    const locale = turnLocale(step.context);
    const offer = await this.azureSettlementOffer(options, pending, locale);
    const refund = options.kind === 'refund';
    (step.values as ConfirmValues).returnNow = offer?.offered ? offer : undefined;
    return step.beginDialog(CARD_PROMPT, {
      card: 'confirm',
      help: { keys: ['confirm.help'] },
      data: {
        kind: options.kind,
        title: t(locale, refund ? 'confirm.title.refund' : 'confirm.title.exchange'),
        facts: [
          { title: t(locale, refund ? 'confirm.units.refund' : 'confirm.units.exchange'), value: String(options.returnQuantity) },
          ...quoteFacts(q, options.replacement, locale),
        ],
        customerName: cardText(options.customer.name, 80),
        reservationName: cardText(options.reservationName ?? options.reservationId, 80),
        capped: q.kind === 'refund' && q.capped === true,
        remembered: Boolean(remembered),
        rememberedHidden: shared && Boolean(profile.contact),
        problems: (options.problems ?? []).map((p) => cardText(p, 200)).join(' · '),
        hasProblems: Boolean(options.problems?.length),
        requestKey,
        // On the File and Azure buttons: the filing step's reads (the request key's record, the cap entries) come with the turn's start.
        customerId: options.customer.id,
        firstName: pick('firstName', remembered?.firstName),
        lastName: pick('lastName', remembered?.lastName),
        email: pick('email', remembered?.email),
        phone: pick('phone', remembered?.phone),
        preferredContactMethod: pick('preferredContactMethod', remembered?.preferredContactMethod ?? 'email'),
        timeZone: pick('timeZone', remembered?.timeZone ?? 'UTC'),
        country: pick('country', remembered?.country),
        language: pick('language', remembered?.language ?? 'en-us'),
        severity: pick('severity', 'minimal'),
        severities: SEVERITIES.map((s) => ({ title: severityTitle(s, locale), value: s })),
        // The ticket is written in English whatever the agent's language; the card says so when that differs.
        ticketInEnglish: locale !== DEFAULT_LOCALE,
        returnNow: offer?.offered === true,
        returnNowText: offer?.offered
          ? cardText(
              t(locale, refund ? 'confirm.returnNow.refund' : 'confirm.returnNow.exchange', {
                azure: money(offer.azureRefund.amount, offer.azureRefund.currency, locale),
                ours: money(q.kind === 'refund' ? q.refund : q.credit, q.currency, locale),
              }),
              300,
            )
          : '',
        returnNowRefused:
          offer && !offer.offered
            ? cardText(
                `${t(locale, refund ? 'confirm.azureRefused.refund' : 'confirm.azureRefused.exchange', { reason: offer.reason })}${offer.azureCode ? ` (${offer.azureCode})` : ''}`,
                300,
              )
            : '',
        returnNowLabel: t(locale, refund ? 'confirm.returnNowLabel.refund' : 'confirm.returnNowLabel.exchange'),
        fileLabel: t(locale, offer?.offered ? 'confirm.fileTicketLabel' : 'confirm.fileLabel'),
      },
    });
  }

  /**
   * The stored options with their quote: the layout before keeps it; a request already being filed has its
   * record's (what was confirmed); otherwise it is made again from its basis, from `reservation` when the turn read it.
   */
  private async confirming(
    step: WaterfallStepContext<ConfirmOptions>,
    stored: ConfirmOptions,
    pending?: RequestRecord,
    reservation?: Reservation,
  ): Promise<Confirming | NotShown> {
    if (storedQuoteOf(stored)) return confirmingOf(stored);
    if (pending?.state === 'filing') {
      const details = pending.details ?? {};
      return confirmingWith(stored, {
        quote: pending.quote,
        replacement: details.replacement as ReplacementChoice | undefined,
        reservationName: typeof details.reservationName === 'string' ? details.reservationName : undefined,
      });
    }
    if (!stored.shown) return { why: 'moved' };
    const subject = { customerId: stored.customer.id, reservationId: stored.reservationId, returnQuantity: stored.returnQuantity, basis: stored.shown };
    const made = await shownQuote(this.services, step.context, subject, turnLocale(step.context), reservation);
    return isShown(made) ? confirmingWith(stored, { quote: made.quote, replacement: made.replacement, reservationName: made.reservation.displayName }) : made;
  }

  /** A quote that cannot be made again as shown: nothing is filed; the flow shows the fresh quote where there is one. */
  private async notShown(step: WaterfallStepContext<ConfirmOptions>, stored: ConfirmOptions, made: NotShown): Promise<DialogTurnResult> {
    if (made.why === 'reservation-gone') {
      await step.context.sendActivity(turnText(step.context, 'confirm.reservationGone'));
      return step.endDialog('done' satisfies ConfirmResult);
    }
    if (made.why === 'unquotable') {
      await step.context.sendActivity(turnText(step.context, 'confirm.unquotable', { name: made.reservation.displayName, reason: made.reason }));
      return step.endDialog('done' satisfies ConfirmResult);
    }
    await step.context.sendActivity(turnText(step.context, 'confirm.figuresChanged'));
    return step.endDialog(requoteOf(stored));
  }

  /** Azure's own return or exchange, where the provider can make one; a failure to ask only hides the offer. */
  private async azureSettlementOffer(options: Confirming, pending: RequestRecord | undefined, locale: Locale): Promise<AzureSettlementOffer | undefined> {
    // A settlement whose answer was lost is checked again with what was confirmed, whatever Azure offers now.
    if (pending?.state === 'filing' && (pending.settleVia === 'azure-return' || pending.settleVia === 'azure-exchange') && pending.confirmedAzureRefund) {
      return { offered: true, azureRefund: pending.confirmedAzureRefund, capUsd: pending.capUsd, figures: {} };
    }
    try {
      const q = options.quote;
      if (q.kind === 'refund')
        return await azureSettlementOffer(this.services.provider, options.customer.id, options.reservationId, q, options.returnQuantity, locale);
      if (!options.replacement) return undefined;
      return await azureExchangeOffer(
        this.services.provider,
        options.customer.id,
        options.reservationId,
        q,
        options.returnQuantity,
        options.replacement,
        locale,
      );
    } catch (err) {
      this.services.log.warn({ reservationId: options.reservationId, err: err instanceof Error ? err.message : String(err) }, 'self-service check failed');
      return { offered: false, reason: t(locale, 'confirm.notAsked') };
    }
  }

  private async fileOnConfirm(step: WaterfallStepContext<ConfirmOptions>): Promise<DialogTurnResult> {
    // Storage failing before the filing service asks Microsoft: the agent is told that nothing was sent.
    try {
      return await this.fileConfirmed(step);
    } catch (err) {
      throw beforeMicrosoft(err);
    }
  }

  private async fileConfirmed(step: WaterfallStepContext<ConfirmOptions>): Promise<DialogTurnResult> {
    const stored = step.options;
    const requestKey = (step.values as { requestKey: string }).requestKey;
    const answer = step.result as CardAnswer;
    const returnNow = (step.values as ConfirmValues).returnNow;
    if (answer.kind === 'action' && answer.action.action === 'azure-now' && returnNow) return this.returnNow(step, stored, requestKey, returnNow);
    if (answer.kind !== 'action' || answer.action.action !== 'file') {
      // The audit records the amounts of the quote shown, made again (the fresh ones, and says so, if they moved).
      const pending = stored.requestKey && !storedQuoteOf(stored) ? await this.services.requests.getByKey(stored.requestKey) : undefined;
      const made = await this.confirming(step, stored, pending);
      const quote = 'quote' in made ? made.quote : made.why === 'moved' ? made.fresh?.quote : undefined;
      await cancelFlow(
        this.services,
        step,
        { kind: kindOf(stored), customerId: stored.customer.id, reservationId: stored.reservationId, quote },
        'confirm',
        'quote' in made || !quote ? undefined : AMOUNTS_MOVED,
      );
      return step.endDialog('done' satisfies ConfirmResult);
    }
    // Fields left empty fall back to the remembered details (which a shared conversation does not show).
    const remembered = (await this.profiles.get(step.context, {})).contact ?? {};
    const submitted = Object.fromEntries(Object.entries(answer.action).filter(([, v]) => typeof v !== 'string' || v.trim() !== ''));
    const { contact, severity, problems } = readContact({ ...remembered, ...submitted }, turnLocale(step.context));
    if (!contact) {
      return step.replaceDialog(this.id, withAdditions(stored, { requestKey, problems, draft: answer.action }));
    }

    const agent = await requireActingAgent(this.services, step.context, `file-${kindOf(stored)}`);
    if (!agent) return step.endDialog('done' satisfies ConfirmResult);
    await this.profiles.set(step.context, { contact });
    const ready = await this.readyToSettle(step, stored, requestKey);
    if ('turn' in ready) return ready.turn;
    return this.file(step, ready.options, requestKey, contact, severity, agent.user.id, agent.chatUserId, ready.reservation, answer.action);
  }

  /**
   * What both ways of settling check first: a request key already used (a double click, a redelivery) goes
   * straight to its receipt; one still `filing` (an answer was lost) is driven again with the figures it was
   * confirmed with; a new one needs the reservation and unchanged figures.
   */
  private async readyToSettle(
    step: WaterfallStepContext<ConfirmOptions>,
    stored: ConfirmOptions,
    requestKey: string,
  ): Promise<{ turn: DialogTurnResult } | { reservation: Reservation; options: Confirming }> {
    // A refund's re-quote reads the customer's cap entries: asked for together with the request key's record (one
    // round trip); wasted only when the key was used before (a retry, a double click).
    // Both from the turn's snapshot when the click read them ahead (no round trip at all).
    const readAhead = readAheadOf(step.context);
    const capEntriesRead = kindOf(stored) === 'refund' ? this.services.capLedger.entries(stored.customer.id, readAhead) : undefined;
    // Not awaited on the paths that end early; its failure then has nobody to tell.
    capEntriesRead?.catch(() => undefined);
    const existing = await this.services.requests.getByKey(requestKey, readAhead);
    if (existing?.state === 'failed') {
      await step.context.sendActivity(turnText(step.context, 'confirm.failedEarlier'));
      return { turn: await step.endDialog('done' satisfies ConfirmResult) };
    }
    if (existing && existing.state !== 'filing') return { turn: await this.report(step, { outcome: 'existing', record: existing }) };
    const reservation = await this.services.provider.reservations.getReservation(stored.customer.id, stored.reservationId);
    if (!reservation) {
      await step.context.sendActivity(turnText(step.context, 'confirm.reservationGone'));
      return { turn: await step.endDialog('done' satisfies ConfirmResult) };
    }
    if (existing) {
      // Driven again with the figures it was confirmed with (its record's, or the layout before's stored quote).
      const confirmed = await this.confirming(step, stored, existing);
      if (!('quote' in confirmed)) return { turn: await this.notShown(step, stored, confirmed) };
      return { reservation, options: confirmed };
    }
    // A request already `filing` was driven again above whatever Azure shows now (that settles it); a new one
    // never starts on figures Azure contradicts.
    const unquotable = unquotableReason(reservation, turnLocale(step.context));
    if (unquotable) {
      this.services.log.warn(
        {
          event: 'filing-refused-inconsistent-figures',
          customerId: reservation.customerId,
          reservationId: reservation.reservationId,
          reason: reservation.figuresProblem,
        },
        'not filed',
      );
      await step.context.sendActivity(turnText(step.context, 'confirm.unquotable', { name: reservation.displayName, reason: unquotable }));
      return { turn: await step.endDialog('done' satisfies ConfirmResult) };
    }
    // The quote shown, made again from this very reservation read: any change since it was shown (the
    // reservation, the day, an exchange's price) and nothing is filed.
    const confirmed = await this.confirming(step, stored, undefined, reservation);
    if (!('quote' in confirmed)) return { turn: await this.notShown(step, stored, confirmed) };
    const options = confirmed;
    const asOf = this.services.provider.clock.now();
    const fresh =
      options.kind === 'refund'
        ? (await quoteRefund(this.services, reservation, asOf, options.returnQuantity, capEntriesRead)).json
        : quoteExchange(
            this.services,
            reservation,
            { totalCommitment: new Decimal(options.replacement!.totalCommitment), currency: options.replacement!.currency },
            asOf,
            options.returnQuantity,
          ).json;
    if (!sameRefundOrExchange(options.quote, fresh) || !fresh.eligible) {
      await step.context.sendActivity(turnText(step.context, 'confirm.figuresChanged'));
      return { turn: await step.endDialog(requoteOf(options)) };
    }
    // Same refund, the customer's cap figures as they stand now (the ledger's, once reserved, on the receipt).
    return { reservation, options: { ...confirmed, quote: fresh } };
  }

  /** "Return/Exchange now through Azure": the same request key, record and cap reservation as a ticket, settled by Azure. */
  private async returnNow(
    step: WaterfallStepContext<ConfirmOptions>,
    stored: ConfirmOptions,
    requestKey: string,
    offer: Extract<AzureSettlementOffer, { offered: true }>,
  ): Promise<DialogTurnResult> {
    const agent = await requireActingAgent(this.services, step.context, `azure-${kindOf(stored)}`);
    if (!agent) return step.endDialog('done' satisfies ConfirmResult);
    const ready = await this.readyToSettle(step, stored, requestKey);
    if ('turn' in ready) return ready.turn;
    const { reservation, options } = ready;
    const outcome = await this.services.filing.file({
      request: {
        ...this.newRequest(step, options, requestKey, agent.user.id, agent.chatUserId, reservation),
        capUsd: offer.capUsd,
        settleVia: options.kind === 'refund' ? 'azure-return' : 'azure-exchange',
        confirmedAzureRefund: offer.azureRefund,
        details: {
          reservationName: reservation.displayName,
          quantity: reservation.quantity,
          returnQuantity: options.returnQuantity,
          ...(options.replacement ? { replacement: options.replacement } : {}),
        },
      },
    });
    return this.answer(step, options, requestKey, outcome, {});
  }

  private async file(
    step: WaterfallStepContext<ConfirmOptions>,
    options: Confirming,
    requestKey: string,
    contact: NonNullable<ReturnType<typeof readContact>['contact']>,
    severity: ReturnType<typeof readContact>['severity'],
    partnerUserId: string,
    chatUserId: string,
    reservation: Reservation,
    draft: Record<string, unknown>,
  ): Promise<DialogTurnResult> {
    const q = options.quote;
    const outcome = await this.services.filing.file({
      request: {
        ...this.newRequest(step, options, requestKey, partnerUserId, chatUserId, reservation),
        // quantity: the reservation's quantity at filing, which the azure credit poller compares against.
        details: {
          reservationName: reservation.displayName,
          severity,
          quantity: reservation.quantity,
          returnQuantity: options.returnQuantity,
          ...(options.replacement ? { replacement: options.replacement } : {}),
        },
      },
      ticket: {
        title: ticketTitle(options.kind, reservation),
        description: (asReserved) => ticketDescription(options.kind, options.customer, reservation, asReserved, options.replacement, options.returnQuantity),
        severity,
        contact,
        expectedCredit: q.kind === 'refund' ? { amount: q.refund ?? '0', currency: q.currency } : { amount: q.credit ?? '0', currency: q.currency },
      },
    });
    return this.answer(step, options, requestKey, outcome, draft);
  }

  private newRequest(
    step: WaterfallStepContext<ConfirmOptions>,
    options: Confirming,
    requestKey: string,
    partnerUserId: string,
    chatUserId: string,
    reservation: Reservation,
  ): NewRequest {
    const q = options.quote;
    return {
      key: requestKey,
      kind: options.kind,
      customerId: options.customer.id,
      customerName: options.customer.name,
      customerTenantId: options.customer.tenantId,
      reservationId: reservation.reservationId,
      reservationOrderId: reservation.reservationOrderId,
      quote: q,
      capUsd: q.kind === 'refund' ? (q.refundUsd ?? '0.00') : '0.00',
      agent: { partnerUserId, chatUserId },
      origin: originOf(step.context),
      locale: turnLocale(step.context),
    };
  }

  private async answer(
    step: WaterfallStepContext<ConfirmOptions>,
    options: Confirming,
    requestKey: string,
    outcome: FilingOutcome,
    draft: Record<string, unknown>,
  ): Promise<DialogTurnResult> {
    if (outcome.outcome === 'filed') return this.report(step, { outcome: outcome.firstTime ? 'filed' : 'existing', record: outcome.record });
    if (outcome.outcome === 'in-progress') return this.report(step, { outcome: 'in-progress', record: outcome.record });
    if (outcome.outcome === 'cap-exceeded') {
      await step.context.sendActivity(turnText(step.context, 'confirm.capLess'));
      return step.endDialog(requoteOf(options));
    }
    // The filing service's message in the agent's language (English for a failure raised without a wording).
    const message = failureText(outcome, turnLocale(step.context));
    if (outcome.outcome === 'uncertain') {
      const retry = turnText(
        step.context,
        outcome.record.settleVia === 'azure-return' || outcome.record.settleVia === 'azure-exchange' ? 'confirm.retryAzure' : 'confirm.retryFile',
      );
      await step.context.sendActivity(turnText(step.context, 'confirm.uncertain', { message, retry }));
      return step.replaceDialog(this.id, storedConfirmOptions({ ...options, requestKey, draft }));
    }
    await step.context.sendActivity(turnText(step.context, 'confirm.failed', { message }));
    return step.endDialog('done' satisfies ConfirmResult);
  }

  private async report(
    step: WaterfallStepContext<ConfirmOptions>,
    result: { outcome: 'filed' | 'existing' | 'in-progress'; record: RequestRecord },
  ): Promise<DialogTurnResult> {
    if (result.outcome === 'in-progress') {
      await step.context.sendActivity(turnText(step.context, 'confirm.inProgress'));
    } else {
      if (result.outcome === 'existing') await step.context.sendActivity(turnText(step.context, 'confirm.alreadyFiled'));
      await showReceipt(step.context, result.record);
    }
    return step.endDialog('done' satisfies ConfirmResult);
  }
}
