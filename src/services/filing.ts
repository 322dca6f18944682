import { Decimal } from '../domain/money';
import { DeskError, IllegalTransitionError, StorageUnavailableError, type WordedMessage, type Wording } from '../errors';
import { worded } from '../i18n';
import type { AuditEvent, AuditTrail } from '../ports/audit';
import type { CapLedger } from '../ports/capLedger';
import { systemClock, type Clock } from '../ports/clock';
import type { Lease, Leases } from '../ports/leases';
import { filingLease, type FilingBegun, type FilingStore } from '../ports/filingStore';
import type { QuoteJson } from '../domain/quoteContract';
import type { CapFigures, NewRequest, RequestRecord, RequestSettlement, RequestStore } from '../ports/requestStore';
import type { ExchangeOrder, ExchangeSettlement, ReturnOrder, ReturnSettlement, SelfServiceDesk } from '../ports/selfService';
import type { ContactDetails, Severity, SupportDesk } from '../ports/supportDesk';
import { BILLING_SERVICE_ID } from '../ports/supportDesk';
import type { Logger } from '../log';
import { keepLease } from './keepLease';
import type { FilingMetrics } from '../ports/metrics';
import { auditAmounts } from './auditAmounts';

export interface FilingInput {
  request: NewRequest;
  /** What the support ticket says; not needed for a request Azure settles itself (`settleVia` azure-return / azure-exchange). */
  ticket?: {
    title: string;
    /** Text, or built from the quote as reserved (its cap figures the ledger's: see quoteAsFiled). */
    description: string | ((asReserved: QuoteJson) => string);
    severity: Severity;
    contact: ContactDetails;
    expectedCredit?: { amount: string; currency: string };
  };
}

/**
 * The quote as filed: a refund's cap figures are the ledger's, taken when its cap was reserved (the quote's were
 * read earlier, possibly before other refunds of the customer were reserved); every other figure as confirmed.
 */
export function quoteAsFiled(record: Pick<RequestRecord, 'quote' | 'capFigures'>): QuoteJson {
  return record.quote.kind === 'refund' && record.capFigures ? { ...record.quote, ...record.capFigures } : record.quote;
}

/** Why the recovery worker failed a request: its filing was cut short before Microsoft had the ticket. */
export const INTERRUPTED = 'interrupted';

function actorOf(record: RequestRecord): { partnerUserId: string; chatUserId: string } {
  return { partnerUserId: record.agent.partnerUserId, chatUserId: record.agent.chatUserId };
}

/** The figures a granted reservation answered with, before and after this refund's amount. */
function capFiguresOf(reserved: { consumedUsd: Decimal; remainingUsd: Decimal }, amountUsd: Decimal): CapFigures {
  return {
    capConsumedUsd: reserved.consumedUsd.minus(amountUsd).toFixed(2),
    capRemainingUsd: reserved.remainingUsd.plus(amountUsd).toFixed(2),
    capRemainingAfterUsd: reserved.remainingUsd.toFixed(2),
  };
}

export type FilingOutcome =
  | { outcome: 'filed'; record: RequestRecord; firstTime: boolean }
  | { outcome: 'in-progress'; record: RequestRecord }
  | { outcome: 'cap-exceeded'; record: RequestRecord; remainingUsd: Decimal }
  /** `openTicketId`: the ticket of the other open request that keeps the reservation busy, when it has one. */
  | ({ outcome: 'failed'; record: RequestRecord; openTicketId?: string } & Said)
  /** Microsoft may or may not have the ticket: the request stays `filing` with its cap held, to be driven again. */
  | ({ outcome: 'uncertain'; record: RequestRecord } & Said);

/** Why a filing failed, in English (`message`: logs, the CLI) and as the catalog's wording (the agent's language). */
interface Said {
  message: string;
  wording?: Wording;
}

function said(message: WordedMessage): Said {
  return { message: message.text, wording: message.wording };
}

/** A failure's own words: a DeskError's message and wording, anything else the desk's plain "something went wrong". */
function saidBy(err: unknown): Said {
  if (!(err instanceof DeskError)) return said(worded('failure.filing.unexpected'));
  return err.wording ? { message: err.message, wording: err.wording } : { message: err.message };
}

/**
 * A failure after which Microsoft may still have created the ticket (a write that timed out or was throttled
 * midway). Releasing the cap then would let a second request for the same money be filed.
 */
export function isOutcomeUncertain(err: unknown): err is DeskError {
  return err instanceof DeskError && err.details.intent === 'write' && /-(unavailable|throttled)$/.test(err.code);
}

export interface FilingDeps {
  requests: RequestStore;
  capLedger: CapLedger;
  supportDesk: SupportDesk;
  /** The driver lease of each request: one live driver at a time, and only its holder ends it. */
  leases: Leases;
  audit: AuditTrail;
  /** The provider's (business) clock: request and filing times. */
  clock: Clock;
  /** Real time for the audit trail; the system clock unless a test sets it. */
  wallClock?: Clock;
  log: Logger;
  /** Azure's own returns and exchanges (the provider's), for requests settled `azure-return` / `azure-exchange`. */
  selfService?: SelfServiceDesk;
  /** How long a second driver waits for the first one's answer before saying "still being filed". */
  waitForOtherDriverMs?: number;
  /** Told each filing's outcome (src/ports/metrics.ts). */
  metrics?: FilingMetrics;
  /**
   * The same stores' steps joined (one Redis script each side of the ticket), when the store can: a new request's
   * creation, lease, reservation check and cap reservation at once, and filed + audit + lease release at once.
   * Without it every step goes to its own port, one after another.
   */
  filingStore?: FilingStore;
}

/** A settlement through Azure as a metric label: `refused` when Azure said no, else the filing's outcome. */
function selfServiceOutcome(outcome: FilingOutcome): string {
  if (outcome.outcome === 'failed' && outcome.record.failureReason === 'self-service-refused') return 'refused';
  return metricOutcome(outcome);
}

function metricOutcome(outcome: FilingOutcome): string {
  if (outcome.outcome === 'filed') return outcome.firstTime ? 'filed' : 'already-filed';
  return outcome.outcome;
}

/** How far a filing got with Microsoft, told to the agent when storage stops answering midway. */
export interface FilingProgress {
  /** `maybe`: the ticket was asked for and Microsoft's answer is unknown (the ticket is idempotent by request id). */
  sentToMicrosoft: 'no' | 'maybe' | 'yes';
  ticketId?: string;
}

/** A driver renews its lease every third of this while it works: a dead driver's lease ends within it. */
const DRIVER_LOCK_MS = 30_000;
/** The marker held from right before Azure's return or exchange POST: Azure may have been asked to settle the request. */
const postedMarker = (requestId: string) => `self-service-posted:${requestId}`;
/** How long "Azure may have been asked to settle this request" is held: longer than any reservation's return window. */
const POSTED_MARKER_MS = 400 * 24 * 60 * 60 * 1000;

/** A request settled: the ticket id (or Azure's return / exchange reference) and, when Azure settled it, what it answered. */
interface Settled {
  ticketId: string;
  settlement?: RequestSettlement;
}

function returnSettled(result: ReturnSettlement): Settled {
  return { ticketId: result.reference, settlement: { via: 'azure-return', status: result.status, figures: result.figures, resolvedBy: result.resolvedBy } };
}

function exchangeSettled(result: ExchangeSettlement): Settled {
  const { reference, ...settlement } = result;
  return { ticketId: reference, settlement: { via: 'azure-exchange', ...settlement } };
}

function returnOrderOf(record: RequestRecord): ReturnOrder {
  const quantity = record.details?.returnQuantity;
  const quantityBefore = record.details?.quantity;
  if (typeof quantity !== 'number' || typeof quantityBefore !== 'number') {
    throw new DeskError('self-service-incomplete', worded('failure.selfService.noUnits'));
  }
  return {
    requestKey: record.id,
    customerId: record.customerId,
    customerTenantId: record.customerTenantId,
    reservationId: record.reservationId,
    reservationOrderId: record.reservationOrderId,
    quantity,
    quantityBefore,
  };
}

function exchangeOrderOf(record: RequestRecord): ExchangeOrder {
  const replacement = record.details?.replacement as { itemId?: unknown; quantity?: unknown } | undefined;
  if (typeof replacement?.itemId !== 'string' || typeof replacement.quantity !== 'number') {
    throw new DeskError('self-service-incomplete', worded('failure.selfService.noReplacement'));
  }
  return { ...returnOrderOf(record), replacementItemId: replacement.itemId, replacementQuantity: replacement.quantity };
}

/** The agent confirmed Azure's refund (for a return the cap holds it): more now (a new day) means a new quote, not a bigger refund. */
function assertNotAboveConfirmed(record: RequestRecord, refund: { amount: string; currency: string } | undefined): void {
  const confirmed = record.confirmedAzureRefund;
  if (!confirmed || !refund || refund.currency !== confirmed.currency || new Decimal(refund.amount).greaterThan(confirmed.amount)) {
    throw new DeskError(
      'self-service-figures-moved',
      `Azure's refund is now ${refund ? `${refund.amount} ${refund.currency}` : 'not stated'}, not the ${confirmed ? `${confirmed.amount} ${confirmed.currency}` : 'amount'} you confirmed; nothing was changed. Start again to see the new figures.`,
    );
  }
}

export { filingLease };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Settles a request exactly once per request key (SPEC sections 4 and 6): by a support ticket, or by Azure's own
 * return or exchange when the agent chose it. Every step is idempotent — the request record by key, the cap
 * reservation by request id, the ticket by request key, Azure's settlement by a marker taken before its POST — so the sequence can be
 * driven again after a crash, a retry, a double click or by a second instance; a short lock keeps two live
 * drivers from racing, and the loser waits for the winner's answer.
 */
export class FilingService {
  constructor(private readonly deps: FilingDeps) {}

  /** Audit events carry real time (as do credit sync and delivery), whatever the provider's business clock says. */
  /** The audit event of a request that failed to file: who filed it, what for, and why (`detail.reason`). */
  private async recordFilingFailed(record: RequestRecord, detail: AuditEvent['detail'], figures: Pick<AuditEvent, 'currency' | 'amounts'> = {}): Promise<void> {
    await this.deps.audit.record({
      at: this.auditNow(),
      type: 'filing-failed',
      actor: actorOf(record),
      customerId: record.customerId,
      reservationId: record.reservationId,
      requestId: record.id,
      ...figures,
      detail,
    });
  }

  private auditNow(): string {
    return (this.deps.wallClock ?? systemClock).now().toISOString();
  }

  async file(input: FilingInput): Promise<FilingOutcome> {
    const kind = input.request.kind;
    const settledByAzure = input.request.settleVia === 'azure-return' || input.request.settleVia === 'azure-exchange';
    const report = (outcome: string) =>
      settledByAzure ? this.deps.metrics?.selfServiceFinished(kind, outcome) : this.deps.metrics?.filingFinished(kind, outcome);
    const outcome = await this.fileOnce(input).catch((err: unknown) => {
      report('error');
      throw err;
    });
    report(settledByAzure ? selfServiceOutcome(outcome) : metricOutcome(outcome));
    return outcome;
  }

  private async fileOnce(input: FilingInput): Promise<FilingOutcome> {
    const now = this.deps.clock.now();
    const { record, begun } = this.deps.filingStore
      ? await this.deps.filingStore.begin(input.request, now, DRIVER_LOCK_MS)
      : { record: (await this.deps.requests.create(input.request, now)).record, begun: undefined };
    if (record.state !== 'filing') return this.finished(record);

    const lease = begun ? begun.lease : await this.deps.leases.acquire(filingLease(record.id), DRIVER_LOCK_MS);
    if (!lease) return this.awaitOtherDriver(record);
    const stopRenewing = keepLease(lease, DRIVER_LOCK_MS, this.deps.log, { requestId: record.id, lease: 'filing' });
    const progress: FilingProgress = { sentToMicrosoft: 'no' };
    let storageDown = false;
    try {
      return await this.drive(record, input, progress, lease, begun);
    } catch (err) {
      if (!(err instanceof StorageUnavailableError)) throw err;
      storageDown = true;
      // What is certain about Microsoft's side, for the agent: every step is idempotent, so retrying is safe.
      throw new StorageUnavailableError(err.message, { ...err.details, requestId: record.id, ...progress });
    } finally {
      stopRenewing();
      const released = lease.release();
      // Storage not answering: waiting would only delay the answer; the release applies once Redis answers, else the lease expires.
      if (storageDown) released.catch(() => undefined);
      else await released;
    }
  }

  /** `begun`: what the filing store already did with the request's creation (the checks below then use it). */
  private async drive(
    record: RequestRecord,
    input: FilingInput,
    progress: FilingProgress,
    lease: Lease,
    begun: FilingBegun | undefined,
  ): Promise<FilingOutcome> {
    const { capLedger, audit, log } = this.deps;
    // The cap is reserved at the request's creation time, the same on every retry (so the reservation is idempotent).
    const reservedAt = new Date(record.createdAt);
    const actor = actorOf(record);

    const earlier = begun ? begun.earlierOpen : await this.earlierOpenRequest(record);
    if (earlier) {
      const failed = await this.fail(record, 'reservation-busy');
      await this.recordFilingFailed(record, { reason: 'reservation-busy', openRequestId: earlier.id });
      return {
        outcome: 'failed',
        record: failed,
        ...said(earlier.ticketId ? worded('failure.filing.busyTicket', { ticket: earlier.ticketId }) : worded('failure.filing.busy')),
        ...(earlier.ticketId ? { openTicketId: earlier.ticketId } : {}),
      };
    }

    let capFigures: CapFigures | undefined;
    if (record.kind === 'refund') {
      const amountUsd = new Decimal(record.capUsd);
      const reserved = begun?.reserved ?? (await capLedger.reserve(record.customerId, record.id, amountUsd, reservedAt));
      // A released entry means this request failed before and gave its cap back: it must not file now.
      if (reserved.granted && reserved.entry.state === 'released') {
        return { outcome: 'failed', record: await this.fail(record, 'cap-released'), ...said(worded('failure.filing.stopped')) };
      }
      if (!reserved.granted) {
        const failed = await this.fail(record, 'cap-exceeded');
        await this.recordFilingFailed(
          record,
          { reason: 'cap-exceeded' },
          { currency: 'USD', amounts: { refundUsd: record.capUsd, capRemainingUsd: reserved.remainingUsd.toFixed(2) } },
        );
        return { outcome: 'cap-exceeded', record: failed, remainingUsd: reserved.remainingUsd };
      }
      capFigures = capFiguresOf(reserved, amountUsd);
    }
    const asReserved = quoteAsFiled({ quote: record.quote, capFigures });

    let settled: Settled;
    try {
      settled =
        record.settleVia === 'azure-return' || record.settleVia === 'azure-exchange'
          ? await this.settleThroughAzure(record, progress)
          : { ticketId: await this.fileTicket(record, input, asReserved, progress) };
      Object.assign(progress, { sentToMicrosoft: 'yes', ticketId: settled.ticketId });
    } catch (err) {
      const code = err instanceof DeskError ? err.code : 'unexpected';
      if (!isOutcomeUncertain(err) && !(err instanceof StorageUnavailableError)) progress.sentToMicrosoft = 'no';
      if (isOutcomeUncertain(err)) {
        log.warn({ requestId: record.id, code }, 'filing outcome uncertain: request kept for a retry with the same key');
        await audit.record({
          at: this.auditNow(),
          type: 'filing-uncertain',
          actor,
          customerId: record.customerId,
          reservationId: record.reservationId,
          requestId: record.id,
          detail: { reason: code },
        });
        return { outcome: 'uncertain', record, ...saidBy(err) };
      }
      log.warn({ requestId: record.id, code, err: err instanceof Error ? err.message : String(err) }, 'filing failed');
      // The request is marked failed before its cap is released: a crash in between leaves cap held (safe),
      // never a released cap on a request that could still be driven to filing.
      const failed = await this.fail(record, code);
      if (record.kind === 'refund') await capLedger.release(record.customerId, record.id);
      await this.recordFilingFailed(record, { reason: code });
      return { outcome: 'failed', record: failed, ...saidBy(err) };
    }

    return this.recordFiled(record, settled, capFigures, lease);
  }

  /**
   * Finishes a request a driver left in `filing` (its process died between the ticket and the record, or
   * Microsoft's answer was lost) from what the support desk has: the ticket's idempotent name says whether
   * Microsoft got it. With a ticket the request is filed (with the cap figures its reservation kept); without one
   * it fails and gives its cap back. Undefined when a live driver holds the request or someone else settled it.
   */
  async finishInterrupted(requestId: string): Promise<FilingOutcome | undefined> {
    const lease = await this.deps.leases.acquire(filingLease(requestId), DRIVER_LOCK_MS);
    if (!lease) return undefined;
    const stopRenewing = keepLease(lease, DRIVER_LOCK_MS, this.deps.log, { requestId, lease: 'filing' });
    try {
      const record = await this.deps.requests.get(requestId);
      if (!record || record.state !== 'filing') return undefined;
      const found = await this.settledWithMicrosoft(record);
      // Azure may still be settling it (its POST went out, its answer is not seen yet): left for a later round.
      if (found === 'unknown') return undefined;
      if (found !== 'nothing') {
        const filed = await this.recordFiled(record, found, await this.keptCapFigures(record), lease, 'filing-recovery');
        return filed.outcome === 'filed' && filed.firstTime ? filed : undefined;
      }
      const failed = await this.fail(record, INTERRUPTED);
      // Settled by someone else meanwhile (whoever failed it gave the cap back): not ours to report.
      if (failed.state !== 'failed' || failed.failureReason !== INTERRUPTED) return undefined;
      if (record.kind === 'refund') await this.deps.capLedger.release(record.customerId, record.id);
      await this.recordFilingFailed(record, { reason: INTERRUPTED, finishedBy: 'filing-recovery' });
      this.deps.log.warn({ requestId: record.id }, 'interrupted filing never reached Microsoft: marked failed, cap released');
      return { outcome: 'failed', record: failed, ...said(worded('failure.filing.interrupted')) };
    } finally {
      stopRenewing();
      await lease.release();
    }
  }

  /**
   * What Microsoft holds for an interrupted request, asked without changing anything: its ticket (by the ticket's
   * idempotent name), or for a request Azure settles itself, the settlement the order shows. `unknown` while the
   * self-service marker says Azure was asked and the order does not show the outcome yet. The caller holds the
   * request's driver lease, so no driver can post while this looks.
   */
  private async settledWithMicrosoft(record: RequestRecord): Promise<Settled | 'nothing' | 'unknown'> {
    if (record.settleVia === 'azure-return' || record.settleVia === 'azure-exchange') {
      const found = await this.azureWay(record).find();
      if (found) return found;
      const marker = await this.deps.leases.acquire(postedMarker(record.id), POSTED_MARKER_MS);
      if (!marker) return 'unknown';
      await marker.release();
      return 'nothing';
    }
    const ticket = await this.deps.supportDesk.findTicket(record.customerTenantId, record.id);
    return ticket ? { ticketId: ticket.ticketId } : 'nothing';
  }

  /** The figures a refund's cap reservation kept (the reserve is idempotent and answers with the first grant's). */
  private async keptCapFigures(record: RequestRecord): Promise<CapFigures | undefined> {
    if (record.kind !== 'refund') return undefined;
    const amountUsd = new Decimal(record.capUsd);
    const reserved = await this.deps.capLedger.reserve(record.customerId, record.id, amountUsd, new Date(record.createdAt));
    if (reserved.granted && reserved.entry.state !== 'released') return capFiguresOf(reserved, amountUsd);
    // Microsoft has the ticket, so the request is filed; its cap claim was lost (a Redis failover): an operator must look.
    this.deps.log.error({ requestId: record.id, customerId: record.customerId, capUsd: record.capUsd }, 'a filed request holds no cap reservation');
    return undefined;
  }

  private async recordFiled(
    record: RequestRecord,
    { ticketId, settlement }: Settled,
    capFigures: CapFigures | undefined,
    lease: Lease,
    finishedBy?: string,
  ): Promise<FilingOutcome> {
    try {
      const now = this.deps.clock.now();
      const patch = { ticketId, filedAt: now.toISOString(), capFigures, settlement };
      const detail = { kind: record.kind, ticketId, settledVia: record.settleVia ?? 'ticket', ...(finishedBy ? { finishedBy } : {}) };
      const event = (filed: RequestRecord): AuditEvent => ({
        at: this.auditNow(),
        type: 'filed',
        actor: actorOf(record),
        customerId: record.customerId,
        reservationId: record.reservationId,
        requestId: record.id,
        ...auditAmounts(quoteAsFiled(filed)),
        detail,
      });
      let filed: RequestRecord;
      if (this.deps.filingStore) {
        filed = await this.deps.filingStore.recordFiled(record, patch, now, event, lease);
      } else {
        filed = await this.deps.requests.transition(record.id, 'filed', patch, now);
        await this.deps.audit.record(event(filed));
      }
      this.deps.log.info({ requestId: record.id, ticketId, kind: record.kind, customerId: record.customerId, finishedBy }, 'request filed');
      return { outcome: 'filed', record: filed, firstTime: true };
    } catch (err) {
      // Someone else finished this request meanwhile: their answer is the answer.
      if (err instanceof IllegalTransitionError) return this.finished(await this.reload(record));
      throw err;
    }
  }

  private async fileTicket(record: RequestRecord, input: FilingInput, asReserved: QuoteJson, progress: FilingProgress): Promise<string> {
    if (!input.ticket) throw new DeskError('ticket-incomplete', worded('failure.support.noContact'));
    const { supportDesk } = this.deps;
    const classification = await supportDesk.problemClassificationId();
    progress.sentToMicrosoft = 'maybe';
    const ticket = await supportDesk.fileTicket({
      requestKey: record.id,
      customerId: record.customerId,
      customerTenantId: record.customerTenantId,
      title: input.ticket.title,
      description: typeof input.ticket.description === 'string' ? input.ticket.description : input.ticket.description(asReserved),
      severity: input.ticket.severity,
      contact: input.ticket.contact,
      serviceId: BILLING_SERVICE_ID,
      problemClassification: classification,
      reservationId: record.reservationId,
      expectedCredit: input.ticket.expectedCredit,
      returnQuantity: typeof record.details?.returnQuantity === 'number' ? record.details.returnQuantity : undefined,
    });
    return ticket.ticketId;
  }

  /**
   * Azure's own return or exchange, at most once per request: a marker lease is taken right before the POST and
   * kept, so a second driver (a retry after a lost answer, a double click, another instance) never posts again and
   * reads the order's state instead. Everything before the POST is read-only; a failure there frees the marker.
   */
  private async settleThroughAzure(record: RequestRecord, progress: FilingProgress): Promise<Settled> {
    const way = this.azureWay(record);
    const marker = await this.deps.leases.acquire(postedMarker(record.id), POSTED_MARKER_MS);
    if (!marker) {
      progress.sentToMicrosoft = 'maybe';
      const found = await way.find();
      if (found) return found;
      throw new DeskError('azure-settlement-unavailable', worded('failure.selfService.unconfirmed'), { intent: 'write' });
    }
    try {
      return await way.prepareAndSubmit(() => {
        progress.sentToMicrosoft = 'maybe';
      });
    } catch (err) {
      // Only a POST that may have reached Azure keeps the marker; anything else left Azure unchanged.
      if (!isOutcomeUncertain(err)) await marker.release();
      throw err;
    }
  }

  private azureWay(record: RequestRecord): { find(): Promise<Settled | undefined>; prepareAndSubmit(posting: () => void): Promise<Settled> } {
    const desk = this.deps.selfService;
    const unavailable = () => new DeskError('self-service-unavailable', worded('failure.selfService.unavailable'));
    if (!desk) throw unavailable();
    if (record.settleVia === 'azure-exchange') {
      const { findExchange, prepareExchange, submitExchange } = desk;
      if (!findExchange || !prepareExchange || !submitExchange) throw unavailable();
      const order = exchangeOrderOf(record);
      return {
        find: async () => {
          const found = await findExchange.call(desk, order);
          return found && exchangeSettled(found);
        },
        prepareAndSubmit: async (posting) => {
          const prepared = await prepareExchange.call(desk, order);
          assertNotAboveConfirmed(record, prepared.figures.refundsTotal);
          posting();
          return exchangeSettled(await submitExchange.call(desk, order, prepared));
        },
      };
    }
    const order = returnOrderOf(record);
    return {
      find: async () => {
        const found = await desk.findReturn(order);
        return found && returnSettled(found);
      },
      prepareAndSubmit: async (posting) => {
        const prepared = await desk.prepareReturn(order);
        assertNotAboveConfirmed(record, prepared.figures.refund);
        posting();
        return returnSettled(await desk.submitReturn(order, prepared));
      },
    };
  }

  /**
   * One request per reservation at a time: another request for the same reservation that is still open and was
   * created first wins; a later one is refused. (What credited requests returned, the provider's quantities show.) Picking the earlier one, rather
   * than refusing whenever another exists, means two requests racing cannot refuse each other.
   */
  private async earlierOpenRequest(record: RequestRecord): Promise<RequestRecord | undefined> {
    const open = await this.deps.requests.listOpenByReservation(record.reservationId);
    return open.find(
      (other) => other.id !== record.id && (other.createdAt < record.createdAt || (other.createdAt === record.createdAt && other.id < record.id)),
    );
  }

  private async fail(record: RequestRecord, reason: string): Promise<RequestRecord> {
    try {
      return await this.deps.requests.transition(record.id, 'failed', { failureReason: reason }, this.deps.clock.now());
    } catch (err) {
      if (err instanceof IllegalTransitionError) return this.reload(record);
      throw err;
    }
  }

  private async reload(record: RequestRecord): Promise<RequestRecord> {
    return (await this.deps.requests.get(record.id)) ?? record;
  }

  private finished(record: RequestRecord): FilingOutcome {
    if (record.state === 'filing') return { outcome: 'in-progress', record };
    if (record.state === 'failed') {
      if (record.failureReason === 'cap-exceeded') return { outcome: 'cap-exceeded', record, remainingUsd: new Decimal(0) };
      return { outcome: 'failed', record, ...said(worded('failure.filing.earlier')) };
    }
    return { outcome: 'filed', record, firstTime: false };
  }

  private async awaitOtherDriver(record: RequestRecord): Promise<FilingOutcome> {
    // Well inside the 15 seconds Teams waits for a turn's answer; after that the agent is told it is in progress.
    const deadline = Date.now() + (this.deps.waitForOtherDriverMs ?? 5_000);
    let current = record;
    while (current.state === 'filing' && Date.now() < deadline) {
      await sleep(100);
      current = await this.reload(current);
    }
    return this.finished(current);
  }
}
