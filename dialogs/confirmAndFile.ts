import { randomUUID } from 'node:crypto';
import type { StatePropertyAccessor } from 'botbuilder';
import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
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
import { CARD_PROMPT, CardPrompt, type CardAnswer } from './cardPrompt';
import { SEVERITIES, SEVERITY_TITLES, readContact, type AgentProfile } from './contact';
import { originOf } from './origin';
import { turnLocale } from './language';
import { cancelFlow } from './flowAudit';
import { isPrivateConversation } from './identity';
import { quoteFacts } from './quoteFacts';
import { showReceipt } from './receipt';
import { beforeMicrosoft } from './storageOutage';
import { requireActingAgent } from './roles';
import type { DeskServices } from './services';

export const CONFIRM_AND_FILE = 'confirmAndFile';

export interface ConfirmOptions {
  kind: 'refund' | 'exchange';
  customer: Customer;
  reservationId: string;
  quote: QuoteJson;
  replacement?: ReplacementChoice;
  /** Units returned (the quote's returnQuantity). */
  returnQuantity: number;
  /** For the card; the id is used when absent. */
  reservationName?: string;
  requestKey?: string;
  problems?: string[];
  draft?: Record<string, unknown>;
}

interface ConfirmValues {
  requestKey: string;
  /** Azure's own return as offered on the card the agent answers (its refund is what the agent confirms). */
  returnNow?: Extract<AzureSettlementOffer, { offered: true }>;
}

/** What the flow learns from this dialog: done, or the figures moved and the quote must be shown again. */
export type ConfirmResult = 'done' | 'requote';

const HELP = 'Check your contact details (remembered for next time) and click "File request" to file it with Microsoft, or "Cancel".';

export class ConfirmAndFileDialog extends ComponentDialog {
  constructor(
    private readonly services: DeskServices,
    private readonly profiles: StatePropertyAccessor<AgentProfile>,
  ) {
    super(CONFIRM_AND_FILE);
    this.addDialog(new CardPrompt(services));
    this.addDialog(new WaterfallDialog('confirm', [this.askToConfirm.bind(this), this.fileOnConfirm.bind(this)]));
    this.initialDialogId = 'confirm';
  }

  private async askToConfirm(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as ConfirmOptions;
    const requestKey = options.requestKey ?? randomUUID();
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
    const offer = await this.azureSettlementOffer(options, requestKey);
    const verb = options.kind === 'refund' ? 'return' : 'exchange';
    (step.values as ConfirmValues).returnNow = offer?.offered ? offer : undefined;
    return step.beginDialog(CARD_PROMPT, {
      card: 'confirm',
      help: HELP,
      data: {
        kind: options.kind,
        title: options.kind === 'refund' ? 'Confirm the refund request' : 'Confirm the exchange request',
        facts: [{ title: options.kind === 'refund' ? 'Units to return' : 'Units to exchange', value: String(options.returnQuantity) }, ...quoteFacts(q, options.replacement)],
        customerName: cardText(options.customer.name, 80),
        reservationName: cardText(options.reservationName ?? options.reservationId, 80),
        capped: q.kind === 'refund' && q.capped === true,
        remembered: Boolean(remembered),
        rememberedHidden: shared && Boolean(profile.contact),
        problems: (options.problems ?? []).map((p) => cardText(p, 200)).join(' · '),
        hasProblems: Boolean(options.problems?.length),
        requestKey,
        firstName: pick('firstName', remembered?.firstName),
        lastName: pick('lastName', remembered?.lastName),
        email: pick('email', remembered?.email),
        phone: pick('phone', remembered?.phone),
        preferredContactMethod: pick('preferredContactMethod', remembered?.preferredContactMethod ?? 'email'),
        timeZone: pick('timeZone', remembered?.timeZone ?? 'UTC'),
        country: pick('country', remembered?.country),
        language: pick('language', remembered?.language ?? 'en-us'),
        severity: pick('severity', 'minimal'),
        severities: SEVERITIES.map((s) => ({ title: SEVERITY_TITLES[s], value: s })),
        returnNow: offer?.offered === true,
        returnNowText: offer?.offered
          ? cardText(`Azure can ${verb} this reservation itself, at once: Azure refunds ${money(offer.azureRefund.amount, offer.azureRefund.currency)} (our quote: ${money(q.kind === 'refund' ? q.refund : q.credit, q.currency)}). No contact details are needed.`, 300)
          : '',
        returnNowRefused: offer && !offer.offered ? cardText(`Azure's own ${options.kind === 'refund' ? 'return' : 'exchange'} is not available: ${offer.reason}${offer.azureCode ? ` (${offer.azureCode})` : ''}`, 300) : '',
        returnNowLabel: options.kind === 'refund' ? 'Return now through Azure' : 'Exchange now through Azure',
        fileLabel: offer?.offered ? 'File a support request' : 'File request',
      },
    });
  }

  /** Azure's own return or exchange, where the provider can make one; a failure to ask only hides the offer. */
  private async azureSettlementOffer(options: ConfirmOptions, requestKey: string): Promise<AzureSettlementOffer | undefined> {
    // A settlement whose answer was lost is checked again with what was confirmed, whatever Azure offers now.
    const pending = options.requestKey ? await this.services.requests.getByKey(requestKey) : undefined;
    if (pending?.state === 'filing' && (pending.settleVia === 'azure-return' || pending.settleVia === 'azure-exchange') && pending.confirmedAzureRefund) {
      return { offered: true, azureRefund: pending.confirmedAzureRefund, capUsd: pending.capUsd, figures: {} };
    }
    try {
      const q = options.quote;
      if (q.kind === 'refund') return await azureSettlementOffer(this.services.provider, options.customer.id, options.reservationId, q, options.returnQuantity);
      if (!options.replacement) return undefined;
      return await azureExchangeOffer(this.services.provider, options.customer.id, options.reservationId, q, options.returnQuantity, options.replacement);
    } catch (err) {
      this.services.log.warn({ reservationId: options.reservationId, err: err instanceof Error ? err.message : String(err) }, 'self-service check failed');
      return { offered: false, reason: 'Azure could not be asked whether it would do this itself.' };
    }
  }

  private async fileOnConfirm(step: WaterfallStepContext): Promise<DialogTurnResult> {
    // Storage failing before the filing service asks Microsoft: the agent is told that nothing was sent.
    try {
      return await this.fileConfirmed(step);
    } catch (err) {
      throw beforeMicrosoft(err);
    }
  }

  private async fileConfirmed(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as ConfirmOptions;
    const requestKey = (step.values as { requestKey: string }).requestKey;
    const answer = step.result as CardAnswer;
    const returnNow = (step.values as ConfirmValues).returnNow;
    if (answer.kind === 'action' && answer.action.action === 'azure-now' && returnNow) return this.returnNow(step, options, requestKey, returnNow);
    if (answer.kind !== 'action' || answer.action.action !== 'file') {
      await cancelFlow(this.services, step, { kind: options.kind, customerId: options.customer.id, reservationId: options.reservationId, quote: options.quote }, 'confirm');
      return step.endDialog('done' satisfies ConfirmResult);
    }
    // Fields left empty fall back to the remembered details (which a shared conversation does not show).
    const remembered = (await this.profiles.get(step.context, {})).contact ?? {};
    const submitted = Object.fromEntries(Object.entries(answer.action).filter(([, v]) => typeof v !== 'string' || v.trim() !== ''));
    const { contact, severity, problems } = readContact({ ...remembered, ...submitted });
    if (!contact) {
      return step.replaceDialog(this.id, { ...options, requestKey, problems, draft: answer.action } satisfies ConfirmOptions);
    }

    const agent = await requireActingAgent(this.services, step.context, `file-${options.kind}`);
    if (!agent) return step.endDialog('done' satisfies ConfirmResult);
    await this.profiles.set(step.context, { contact });
    const ready = await this.readyToSettle(step, options, requestKey);
    if ('turn' in ready) return ready.turn;
    return this.file(step, ready.options, requestKey, contact, severity, agent.user.id, agent.chatUserId, ready.reservation, answer.action);
  }

  /**
   * What both ways of settling check first: a request key already used (a double click, a redelivery) goes
   * straight to its receipt; one still `filing` (an answer was lost) is driven again with the figures it was
   * confirmed with; a new one needs the reservation and unchanged figures.
   */
  private async readyToSettle(step: WaterfallStepContext, confirmed: ConfirmOptions, requestKey: string): Promise<{ turn: DialogTurnResult } | { reservation: Reservation; options: ConfirmOptions }> {
    let options = confirmed;
    const existing = await this.services.requests.getByKey(requestKey);
    if (existing?.state === 'failed') {
      await step.context.sendActivity('This request was not filed earlier (nothing was filed and the refund cap is unchanged). Start again with /refund or /exchange.');
      return { turn: await step.endDialog('done' satisfies ConfirmResult) };
    }
    if (existing && existing.state !== 'filing') return { turn: await this.report(step, { outcome: 'existing', record: existing }) };
    const reservation = await this.services.provider.reservations.getReservation(options.customer.id, options.reservationId);
    if (!reservation) {
      await step.context.sendActivity('That reservation can no longer be found. Nothing was filed.');
      return { turn: await step.endDialog('done' satisfies ConfirmResult) };
    }
    if (!existing) {
      // A request already `filing` is driven again whatever Azure shows now (that settles it); a new one never
      // starts on figures Azure contradicts.
      const unquotable = unquotableReason(reservation);
      if (unquotable) {
        this.services.log.warn({ event: 'filing-refused-inconsistent-figures', customerId: reservation.customerId, reservationId: reservation.reservationId, reason: reservation.figuresProblem }, 'not filed');
        await step.context.sendActivity(`${reservation.displayName}: ${unquotable}. Nothing was filed.`);
        return { turn: await step.endDialog('done' satisfies ConfirmResult) };
      }
      const asOf = this.services.provider.clock.now();
      const fresh =
        options.kind === 'refund'
          ? (await quoteRefund(this.services, reservation, asOf, options.returnQuantity)).json
          : quoteExchange(this.services, reservation, { totalCommitment: new Decimal(options.replacement!.totalCommitment), currency: options.replacement!.currency }, asOf, options.returnQuantity).json;
      if (!sameRefundOrExchange(options.quote, fresh) || !fresh.eligible) {
        await step.context.sendActivity('The figures changed since this quote was shown (a new day, or the customer\'s refund cap moved). Here is the quote as it stands now; nothing was filed.');
        return { turn: await step.endDialog('requote' satisfies ConfirmResult) };
      }
      // Same refund, the customer's cap figures as they stand now (the ledger's, once reserved, on the receipt).
      options = { ...confirmed, quote: fresh };
    }
    return { reservation, options };
  }

  /** "Return/Exchange now through Azure": the same request key, record and cap reservation as a ticket, settled by Azure. */
  private async returnNow(step: WaterfallStepContext, confirmed: ConfirmOptions, requestKey: string, offer: Extract<AzureSettlementOffer, { offered: true }>): Promise<DialogTurnResult> {
    const agent = await requireActingAgent(this.services, step.context, `azure-${confirmed.kind}`);
    if (!agent) return step.endDialog('done' satisfies ConfirmResult);
    const ready = await this.readyToSettle(step, confirmed, requestKey);
    if ('turn' in ready) return ready.turn;
    const { reservation, options } = ready;
    const outcome = await this.services.filing.file({
      request: {
        ...this.newRequest(step, options, requestKey, agent.user.id, agent.chatUserId, reservation),
        capUsd: offer.capUsd,
        settleVia: options.kind === 'refund' ? 'azure-return' : 'azure-exchange',
        confirmedAzureRefund: offer.azureRefund,
        details: { reservationName: reservation.displayName, quantity: reservation.quantity, returnQuantity: options.returnQuantity, ...(options.replacement ? { replacement: options.replacement } : {}) },
      },
    });
    return this.answer(step, options, requestKey, outcome, {});
  }

  private async file(
    step: WaterfallStepContext,
    options: ConfirmOptions,
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
        details: { reservationName: reservation.displayName, severity, quantity: reservation.quantity, returnQuantity: options.returnQuantity, ...(options.replacement ? { replacement: options.replacement } : {}) },
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

  private newRequest(step: WaterfallStepContext, options: ConfirmOptions, requestKey: string, partnerUserId: string, chatUserId: string, reservation: Reservation): NewRequest {
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

  private async answer(step: WaterfallStepContext, options: ConfirmOptions, requestKey: string, outcome: FilingOutcome, draft: Record<string, unknown>): Promise<DialogTurnResult> {
    if (outcome.outcome === 'filed') return this.report(step, { outcome: outcome.firstTime ? 'filed' : 'existing', record: outcome.record });
    if (outcome.outcome === 'in-progress') return this.report(step, { outcome: 'in-progress', record: outcome.record });
    if (outcome.outcome === 'cap-exceeded') {
      await step.context.sendActivity('The customer\'s refund cap has less room than this quote assumed (another refund was filed meanwhile). Nothing was filed; here is the quote as it stands now.');
      return step.endDialog('requote' satisfies ConfirmResult);
    }
    if (outcome.outcome === 'uncertain') {
      const retry = outcome.record.settleVia === 'azure-return' || outcome.record.settleVia === 'azure-exchange' ? 'Click the same "now through Azure" button again to check' : 'Click "File request" again to retry';
      await step.context.sendActivity(`${outcome.message} The customer's refund cap stays reserved for this request until it is settled. ${retry}.`);
      return step.replaceDialog(this.id, { ...options, requestKey, draft } satisfies ConfirmOptions);
    }
    await step.context.sendActivity(`${outcome.message} The customer's refund cap is unchanged. You can try again.`);
    return step.endDialog('done' satisfies ConfirmResult);
  }

  private async report(step: WaterfallStepContext, result: { outcome: 'filed' | 'existing' | 'in-progress'; record: RequestRecord }): Promise<DialogTurnResult> {
    if (result.outcome === 'in-progress') {
      await step.context.sendActivity('This request is being filed right now. Type /requests in a moment to see it and its ticket.');
    } else {
      if (result.outcome === 'existing') await step.context.sendActivity('This request was already filed; here is its receipt.');
      await showReceipt(step.context, result.record);
    }
    return step.endDialog('done' satisfies ConfirmResult);
  }
}
