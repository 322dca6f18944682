import { Decimal, formatMoney } from '../../domain/money';
import { InvalidInputError } from '../../errors';
import { FINAL_EXCHANGE_STATUSES, isExchangeReference, isReturnReference, type ExchangeStatus } from '../../ports/selfService';
import type { Logger } from '../../log';
import type { Clock } from '../../ports/clock';
import type { CreditEvent, CreditFeed, SettlementFailure } from '../../ports/credits';
import type { RequestRecord, RequestStore } from '../../ports/requestStore';
import { AzureServiceError } from './errors';
import type { ArmReservationsClient } from './reservationsArm';
import { statusOf, type SupportClient } from './support';

/**
 * Credits for the azure provider, by polling. Microsoft publishes no "refund credited" event, so the feed looks
 * at each request still `filed` and calls it credited when BOTH hold:
 *   1. its support ticket is Closed, and
 *   2. the reservation shows the return happened: it is Cancelled (whole return or exchange), it is gone (404),
 *      or its quantity is below the quantity recorded at filing (`details.quantity`, a partial return).
 * The amount reported is the quoted one (refund for a refund, credit for an exchange): Azure does not expose
 * the credited amount; the partner's invoice shows the real figure, and the signed webhook can report it.
 * A ticket closed while the reservation is unchanged (Microsoft declined) produces no credit. A return Azure made
 * itself (reference `return:…`, no ticket) is credited once condition 2 holds, for the refund Azure stated.
 *
 * Azure's timestamps cannot order "seen before" safely (clock skew, and condition 2 may come true after the
 * ticket closed), so the cursor remembers which credits were already handed out: the ticket ids of requests
 * that were credited-but-still-filed at the last read. Once the bot marks a request credited it leaves
 * `listFiled` and drops out of the cursor, so the cursor stays as small as the backlog.
 */
export interface AzureCreditFeedOptions {
  clock: Clock;
  /** The bot's request store (only `listFiled` is used); without it the feed has nothing to watch. */
  filedRequests?: Pick<RequestStore, 'listFiled'>;
  logger?: Logger;
  batchSize?: number;
  /** Where an exchange Azure makes itself stands (its operation), for exchanges not final when filed. */
  exchangeProgress?: (tenantId: string, operationId: string) => Promise<{ status: ExchangeStatus; refundCompleted: boolean }>;
}

const CURSOR_PREFIX = 'azure-credits:v1:';

export class AzureCreditFeed implements CreditFeed {
  constructor(
    private readonly support: SupportClient,
    private readonly arm: ArmReservationsClient,
    private readonly options: AzureCreditFeedOptions,
  ) {}

  async creditsSince(cursor: string | undefined): Promise<{ credits: CreditEvent[]; cursor: string; failures: SettlementFailure[] }> {
    const alreadyReported = decodeCursor(cursor);
    const filed = (await this.options.filedRequests?.listFiled(this.options.batchSize ?? 200)) ?? [];
    const credited: CreditEvent[] = [];
    const failures: SettlementFailure[] = [];
    for (const request of filed) {
      if (!request.ticketId) continue;
      try {
        const found = await this.check(request, request.ticketId);
        if (found && 'status' in found) failures.push(found);
        else if (found) credited.push(found);
      } catch (error) {
        // One request Azure cannot answer for must not hide the others' credits; it is looked at again next poll.
        if (!(error instanceof AzureServiceError)) throw error;
        this.options.logger?.warn({ event: 'azure-credit-check-failed', requestId: request.id, code: error.code });
      }
    }
    return {
      credits: credited.filter((c) => !alreadyReported.has(c.ticketId)),
      cursor: encodeCursor(credited.map((c) => c.ticketId)),
      failures,
    };
  }

  /** The request's credit when due; for a pending exchange that ended Failed or Cancelled, that failure. */
  private async check(request: RequestRecord, ticketId: string): Promise<CreditEvent | SettlementFailure | undefined> {
    // A return or exchange Azure made itself has no ticket: the operation or the reservation's state says it is done.
    const selfService = isReturnReference(ticketId) || isExchangeReference(ticketId);
    let closedAt = this.options.clock.now();
    const settlement = request.settlement;
    if (settlement?.via === 'azure-exchange' && settlement.operationId && this.options.exchangeProgress) {
      // The credit is due when the exchange's refund part completes (PendingPurchases or Succeeded).
      const progress = await this.options.exchangeProgress(request.customerTenantId, settlement.operationId);
      // Final without the refund part: no credit will come, and the request must stop blocking its reservation.
      if (!progress.refundCompleted && FINAL_EXCHANGE_STATUSES.includes(progress.status) && progress.status !== 'Succeeded')
        return { ticketId, status: progress.status };
      if (!progress.refundCompleted) return undefined;
    } else if (!selfService) {
      const ticket = await this.support.getTicket(request.customerTenantId, ticketId);
      if (!ticket || statusOf(ticket.properties.status) !== 'closed') return undefined;
      if (ticket.properties.modifiedDate) closedAt = new Date(ticket.properties.modifiedDate);
    }
    const reservation = await this.arm.getReservation(request.customerTenantId, request.reservationOrderId, request.reservationId);
    const quantityAtFiling = typeof request.details?.quantity === 'number' ? request.details.quantity : undefined;
    const returned =
      !reservation ||
      reservation.properties.provisioningState?.toLowerCase() === 'cancelled' ||
      (quantityAtFiling !== undefined && (reservation.properties.quantity ?? quantityAtFiling) < quantityAtFiling);
    if (!returned) return undefined;
    const amount = selfService
      ? azureRefundOf(request)
      : request.quote.kind === 'refund'
        ? (request.quote.refund ?? request.quote.credit)
        : request.quote.credit;
    if (amount === undefined) return undefined;
    return {
      creditId: `azure-credit-${ticketId}`,
      ticketId,
      reservationId: request.reservationId,
      amount,
      currency: request.quote.currency,
      creditedAt: Number.isNaN(closedAt.getTime()) ? this.options.clock.now() : closedAt,
    };
  }
}

/** What Azure said it refunds for a return or exchange it made itself (its answer, else what the agent confirmed), in the quote's currency. */
function azureRefundOf(request: RequestRecord): string | undefined {
  const currency = request.quote.currency;
  const s = request.settlement;
  const answered = s?.via === 'azure-return' ? s.figures.refund : s?.via === 'azure-exchange' ? s.figures.refundsTotal : undefined;
  if (answered?.currency === currency) return formatMoney(new Decimal(answered.amount), currency);
  return request.confirmedAzureRefund?.currency === currency ? request.confirmedAzureRefund.amount : undefined;
}

function encodeCursor(ticketIds: string[]): string {
  return CURSOR_PREFIX + Buffer.from(JSON.stringify([...new Set(ticketIds)].sort()), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string | undefined): Set<string> {
  if (cursor === undefined || cursor === '') return new Set();
  const invalid = () => new InvalidInputError(`The credit feed cursor ${JSON.stringify(cursor)} is not one this provider issued.`, { field: 'cursor' });
  if (typeof cursor !== 'string' || !cursor.startsWith(CURSOR_PREFIX)) throw invalid();
  try {
    const ids: unknown = JSON.parse(Buffer.from(cursor.slice(CURSOR_PREFIX.length), 'base64url').toString('utf8'));
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) throw invalid();
    return new Set(ids);
  } catch {
    throw invalid();
  }
}
