import { Decimal } from '../domain/money';
import { DeskError, IllegalTransitionError, StorageUnavailableError } from '../errors';
import type { AuditTrail } from '../ports/audit';
import type { CapLedger } from '../ports/capLedger';
import { systemClock, type Clock } from '../ports/clock';
import type { Leases } from '../ports/leases';
import type { QuoteJson } from '../domain/quoteContract';
import type { CapFigures, NewRequest, RequestRecord, RequestStore } from '../ports/requestStore';
import type { ContactDetails, Severity, SupportDesk } from '../ports/supportDesk';
import { BILLING_SERVICE_ID } from '../ports/supportDesk';
import type { Logger } from '../log';
import type { FilingMetrics } from '../ports/metrics';
import { auditAmounts } from './auditAmounts';

export interface FilingInput {
  request: NewRequest;
  ticket: {
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
  | { outcome: 'failed'; record: RequestRecord; message: string }
  /** Microsoft may or may not have the ticket: the request stays `filing` with its cap held, to be driven again. */
  | { outcome: 'uncertain'; record: RequestRecord; message: string };

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
  /** How long a second driver waits for the first one's answer before saying "still being filed". */
  waitForOtherDriverMs?: number;
  /** Told each filing's outcome (src/ports/metrics.ts). */
  metrics?: FilingMetrics;
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

const DRIVER_LOCK_MS = 60_000;

/** The lease a request's driver holds (the filing service, or the recovery worker finishing it). */
export function filingLease(requestId: string): string {
  return `filing-lock:${requestId}`;
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Files a support request exactly once per request key (SPEC section 4). Every step is idempotent — the
 * request record by key, the cap reservation by request id, the ticket by request key — so the sequence can be
 * driven again after a crash, a retry, a double click or by a second instance; a short lock keeps two live
 * drivers from racing, and the loser waits for the winner's answer.
 */
export class FilingService {
  constructor(private readonly deps: FilingDeps) {}

  /** Audit events carry real time (as do credit sync and delivery), whatever the provider's business clock says. */
  private auditNow(): string {
    return (this.deps.wallClock ?? systemClock).now().toISOString();
  }

  async file(input: FilingInput): Promise<FilingOutcome> {
    const kind = input.request.kind;
    const outcome = await this.fileOnce(input).catch((err: unknown) => {
      this.deps.metrics?.filingFinished(kind, 'error');
      throw err;
    });
    this.deps.metrics?.filingFinished(kind, metricOutcome(outcome));
    return outcome;
  }

  private async fileOnce(input: FilingInput): Promise<FilingOutcome> {
    const now = this.deps.clock.now();
    const { record } = await this.deps.requests.create(input.request, now);
    if (record.state !== 'filing') return this.finished(record);

    const release = await this.deps.leases.acquire(filingLease(record.id), DRIVER_LOCK_MS);
    if (!release) return this.awaitOtherDriver(record);
    const progress: FilingProgress = { sentToMicrosoft: 'no' };
    let storageDown = false;
    try {
      return await this.drive(record, input, progress);
    } catch (err) {
      if (!(err instanceof StorageUnavailableError)) throw err;
      storageDown = true;
      // What is certain about Microsoft's side, for the agent: every step is idempotent, so retrying is safe.
      throw new StorageUnavailableError(err.message, { ...err.details, requestId: record.id, ...progress });
    } finally {
      const released = release();
      // Storage not answering: waiting would only delay the answer; the release applies once Redis answers, else the lease expires.
      if (storageDown) released.catch(() => undefined);
      else await released;
    }
  }

  private async drive(record: RequestRecord, input: FilingInput, progress: FilingProgress): Promise<FilingOutcome> {
    const { requests, capLedger, supportDesk, audit, log } = this.deps;
    // The cap is reserved at the request's creation time, the same on every retry (so the reservation is idempotent).
    const reservedAt = new Date(record.createdAt);
    const actor = { partnerUserId: record.agent.partnerUserId, chatUserId: record.agent.chatUserId };

    const earlier = await this.earlierOpenRequest(record);
    if (earlier) {
      const failed = await this.fail(record, 'reservation-busy');
      await audit.record({ at: this.auditNow(), type: 'filing-failed', actor, customerId: record.customerId, reservationId: record.reservationId, requestId: record.id, detail: { reason: 'reservation-busy', openRequestId: earlier.id } });
      return { outcome: 'failed', record: failed, message: `Another request for this reservation is already open${earlier.ticketId ? ` (ticket ${earlier.ticketId})` : ''}; nothing was filed.` };
    }

    let capFigures: CapFigures | undefined;
    if (record.kind === 'refund') {
      const amountUsd = new Decimal(record.capUsd);
      const reserved = await capLedger.reserve(record.customerId, record.id, amountUsd, reservedAt);
      // A released entry means this request failed before and gave its cap back: it must not file now.
      if (reserved.granted && reserved.entry.state === 'released') {
        return { outcome: 'failed', record: await this.fail(record, 'cap-released'), message: 'This request was stopped earlier; nothing was filed.' };
      }
      if (!reserved.granted) {
        const failed = await this.fail(record, 'cap-exceeded');
        await audit.record({ at: this.auditNow(), type: 'filing-failed', actor, customerId: record.customerId, reservationId: record.reservationId, requestId: record.id, currency: 'USD', amounts: { refundUsd: record.capUsd, capRemainingUsd: reserved.remainingUsd.toFixed(2) }, detail: { reason: 'cap-exceeded' } });
        return { outcome: 'cap-exceeded', record: failed, remainingUsd: reserved.remainingUsd };
      }
      capFigures = capFiguresOf(reserved, amountUsd);
    }
    const asReserved = quoteAsFiled({ quote: record.quote, capFigures });

    let ticketId: string;
    try {
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
      ticketId = ticket.ticketId;
      Object.assign(progress, { sentToMicrosoft: 'yes', ticketId });
    } catch (err) {
      const code = err instanceof DeskError ? err.code : 'unexpected';
      if (!isOutcomeUncertain(err) && !(err instanceof StorageUnavailableError)) progress.sentToMicrosoft = 'no';
      if (isOutcomeUncertain(err)) {
        log.warn({ requestId: record.id, code }, 'filing outcome uncertain: request kept for a retry with the same key');
        await audit.record({ at: this.auditNow(), type: 'filing-uncertain', actor, customerId: record.customerId, reservationId: record.reservationId, requestId: record.id, detail: { reason: code } });
        return { outcome: 'uncertain', record, message: err.message };
      }
      log.warn({ requestId: record.id, code, err: err instanceof Error ? err.message : String(err) }, 'filing failed');
      // The request is marked failed before its cap is released: a crash in between leaves cap held (safe),
      // never a released cap on a request that could still be driven to filing.
      const failed = await this.fail(record, code);
      if (record.kind === 'refund') await capLedger.release(record.customerId, record.id);
      await audit.record({ at: this.auditNow(), type: 'filing-failed', actor, customerId: record.customerId, reservationId: record.reservationId, requestId: record.id, detail: { reason: code } });
      const message = err instanceof DeskError ? err.message : 'Something went wrong before Microsoft answered; nothing was filed.';
      return { outcome: 'failed', record: failed, message };
    }

    try {
      const now = this.deps.clock.now();
      const filed = await requests.transition(record.id, 'filed', { ticketId, filedAt: now.toISOString(), capFigures }, now);
      await audit.record({ at: this.auditNow(), type: 'filed', actor, customerId: record.customerId, reservationId: record.reservationId, requestId: record.id, ...auditAmounts(asReserved), detail: { kind: record.kind, ticketId } });
      log.info({ requestId: record.id, ticketId, kind: record.kind, customerId: record.customerId }, 'request filed');
      return { outcome: 'filed', record: filed, firstTime: true };
    } catch (err) {
      // Someone else finished this request meanwhile: their answer is the answer.
      if (err instanceof IllegalTransitionError) return this.finished(await this.reload(record));
      throw err;
    }
  }

  /**
   * One request per reservation at a time: another request for the same reservation that is still open and was
   * created first wins; a later one is refused. (What credited requests returned, the provider's quantities show.) Picking the earlier one, rather
   * than refusing whenever another exists, means two requests racing cannot refuse each other.
   */
  private async earlierOpenRequest(record: RequestRecord): Promise<RequestRecord | undefined> {
    const open = await this.deps.requests.listOpenByReservation(record.reservationId);
    return open.find((other) => other.id !== record.id && (other.createdAt < record.createdAt || (other.createdAt === record.createdAt && other.id < record.id)));
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
      return { outcome: 'failed', record, message: 'This request could not be filed earlier; nothing was filed.' };
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

