import { CURRENCY_CODE, formatMoney, parseMoney } from '../../domain/money';
import { IdempotencyConflictError, InvalidInputError, NotFoundError } from '../../errors';
import { worded } from '../../i18n';
import type { Clock } from '../../ports/clock';
import type { Customer } from '../../ports/partnerDirectory';
import { BILLING_SERVICE_ID, PROBLEM_CLASSIFICATION_NAME, type Severity, type SupportDesk, type Ticket, type TicketRequest } from '../../ports/supportDesk';
import type { SandboxReservations } from './reservationSource';
import { stableDigits, stableGuid } from './stableIds';

const SEVERITIES: readonly Severity[] = ['minimal', 'moderate', 'critical', 'highestcriticalimpact'];

/** A ticket as the simulated back office keeps it. */
export interface SandboxTicket {
  ticketId: string;
  /** Filing order, to order credits that fall due at the same instant. */
  sequence: number;
  requestKey: string;
  customerId: string;
  customerTenantId: string;
  reservationId: string;
  /** Normalised to the currency's minor unit. */
  creditAmount: string;
  creditCurrency: string;
  createdAt: Date;
  /** When the simulated back office credits it, on the sandbox clock. */
  creditDueAt: Date;
  /** Set once the credit feed has reported the credit: the ticket stays closed even if the clock is set back. */
  credited: boolean;
  /** Units the request returns; they show as returned on the reservation once the ticket is credited. */
  returnQuantity: number;
}

function invalid(field: string, problem: string): never {
  throw new InvalidInputError(`The support request's ${field} ${problem}; nothing was filed.`, { field });
}

function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') invalid(field, 'is missing');
  return value;
}

/** What must match for a repeat of a request key to be the same request. */
function fingerprintOf(request: TicketRequest, creditAmount: string): string {
  return JSON.stringify([request.customerId, request.customerTenantId, request.reservationId, creditAmount, request.expectedCredit?.currency]);
}

/**
 * Microsoft's support desk, simulated: it checks a request as the Support API would, answers a repeat of a
 * request key with the first ticket, and credits every ticket `creditDelayMs` after filing (on the sandbox
 * clock). Credits are computed when someone looks, never by timers, so nothing keeps the process alive.
 */
export class SandboxSupportDesk implements SupportDesk {
  private readonly byKey = new Map<string, { ticket: SandboxTicket; fingerprint: string }>();
  private readonly byId = new Map<string, SandboxTicket>();
  private readonly customersById: ReadonlyMap<string, Customer>;
  /** Returns and exchanges Azure made itself (the self-service path), by request key, as Azure answered them. */
  private readonly settlements = new Map<string, unknown>();

  constructor(
    private readonly clock: Clock,
    customers: readonly Customer[],
    private readonly reservations: SandboxReservations,
    private readonly creditDelayMs: number,
  ) {
    this.customersById = new Map(customers.map((c) => [c.id, c]));
  }

  /** Stands in for the Support API's classification lookup by display name: a fixed fake id for that name. */
  async problemClassificationId(): Promise<string> {
    return stableGuid(`problem-classification/${PROBLEM_CLASSIFICATION_NAME}`);
  }

  async fileTicket(request: TicketRequest): Promise<Ticket> {
    const checked = await this.check(request);
    const existing = this.byKey.get(request.requestKey);
    if (existing) {
      if (existing.fingerprint !== checked.fingerprint) {
        throw new IdempotencyConflictError('This request key was already used to file a different support request; nothing was filed.', {
          requestKey: request.requestKey,
          ticketId: existing.ticket.ticketId,
        });
      }
      return this.view(existing.ticket);
    }
    const createdAt = this.clock.now();
    const ticket: SandboxTicket = {
      ticketId: this.newTicketId(request.requestKey, createdAt),
      sequence: this.byId.size + 1,
      requestKey: request.requestKey,
      customerId: request.customerId,
      customerTenantId: request.customerTenantId,
      reservationId: checked.reservationId,
      creditAmount: checked.creditAmount,
      creditCurrency: checked.creditCurrency,
      createdAt,
      creditDueAt: new Date(createdAt.getTime() + this.creditDelayMs),
      credited: false,
      returnQuantity: Number.isSafeInteger(request.returnQuantity) && (request.returnQuantity ?? 0) > 0 ? (request.returnQuantity as number) : 0,
    };
    this.byKey.set(request.requestKey, { ticket, fingerprint: checked.fingerprint });
    this.byId.set(ticket.ticketId, ticket);
    return this.view(ticket);
  }

  async getTicket(customerTenantId: string, ticketId: string): Promise<Ticket | undefined> {
    const ticket = this.byId.get(ticketId);
    if (!ticket || ticket.customerTenantId.toLowerCase() !== String(customerTenantId).toLowerCase()) return undefined;
    return this.view(ticket);
  }

  /**
   * A return or exchange Azure made itself (SandboxSelfService): kept like a ticket whose credit is due at once, so
   * the credit feed reports it and the units show returned. Idempotent by request key: a repeat answers the first.
   */
  recordSettlement<R>(entry: {
    requestKey: string;
    reference: string;
    customerId: string;
    customerTenantId: string;
    reservationId: string;
    creditAmount: string;
    creditCurrency: string;
    returnQuantity: number;
    result: R;
  }): R {
    if (this.settlements.has(entry.requestKey)) return this.settlements.get(entry.requestKey) as R;
    const createdAt = this.clock.now();
    const ticket: SandboxTicket = {
      ticketId: entry.reference,
      sequence: this.byId.size + 1,
      requestKey: entry.requestKey,
      customerId: entry.customerId,
      customerTenantId: entry.customerTenantId,
      reservationId: entry.reservationId,
      creditAmount: entry.creditAmount,
      creditCurrency: entry.creditCurrency,
      createdAt,
      creditDueAt: createdAt,
      credited: false,
      returnQuantity: entry.returnQuantity,
    };
    this.byId.set(ticket.ticketId, ticket);
    this.settlements.set(entry.requestKey, entry.result);
    return entry.result;
  }

  /** What was settled for a request key, if anything (what reading the order's state would show). */
  settlementFor<R>(requestKey: string): R | undefined {
    return this.settlements.get(requestKey) as R | undefined;
  }

  async findTicket(customerTenantId: string, requestKey: string): Promise<Ticket | undefined> {
    const ticket = this.byKey.get(requestKey)?.ticket;
    if (!ticket || ticket.customerTenantId.toLowerCase() !== String(customerTenantId).toLowerCase()) return undefined;
    return this.view(ticket);
  }

  /** Copies of every ticket filed so far, in filing order (the credit feed's source). */
  tickets(): SandboxTicket[] {
    return [...this.byId.values()].map((t) => ({ ...t, createdAt: new Date(t.createdAt), creditDueAt: new Date(t.creditDueAt) }));
  }

  /** Units of a reservation that credited tickets have returned, as the sandbox clock stands now. */
  unitsReturned(reservationId: string): number {
    let units = 0;
    for (const ticket of this.byId.values()) {
      if (ticket.reservationId === reservationId && (ticket.credited || ticket.creditDueAt.getTime() <= this.clock.now().getTime()))
        units += ticket.returnQuantity;
    }
    return units;
  }

  /** Called by the credit feed once it has reported the ticket's credit. */
  markCredited(ticketId: string): void {
    const ticket = this.byId.get(ticketId);
    if (ticket) ticket.credited = true;
  }

  private view(ticket: SandboxTicket): Ticket {
    const credited = ticket.credited || ticket.creditDueAt.getTime() <= this.clock.now().getTime();
    return { ticketId: ticket.ticketId, status: credited ? 'closed' : 'open', createdAt: new Date(ticket.createdAt) };
  }

  /** Azure-style: the filing date (YYMMDD) then ten digits derived from the request key, 16 digits in all. */
  private newTicketId(requestKey: string, createdAt: Date): string {
    const date = createdAt.toISOString().slice(2, 10).replace(/-/g, '');
    let id = `${date}${stableDigits(`ticket/${requestKey}`, 10)}`;
    while (this.byId.has(id)) id = `${date}${((BigInt(id.slice(6)) + 1n) % 10n ** 10n).toString().padStart(10, '0')}`;
    return id;
  }

  private async check(request: TicketRequest): Promise<{ fingerprint: string; reservationId: string; creditAmount: string; creditCurrency: string }> {
    if (typeof request !== 'object' || request === null) invalid('body', 'is missing');
    requireText(request.requestKey, 'requestKey');
    requireText(request.title, 'title');
    requireText(request.description, 'description');
    if (!SEVERITIES.includes(request.severity)) invalid('severity', `must be one of ${SEVERITIES.join(', ')}`);
    if (request.serviceId !== BILLING_SERVICE_ID) invalid('serviceId', `must be the Billing service (${BILLING_SERVICE_ID})`);
    if (request.problemClassification !== (await this.problemClassificationId())) {
      invalid('problemClassification', `must be the id of "${PROBLEM_CLASSIFICATION_NAME}" from problemClassificationId()`);
    }
    this.checkContact(request);

    const customer = this.customersById.get(request.customerId);
    if (!customer) throw new NotFoundError(worded('failure.customerUnknown.nothingFiled'), { customerId: request.customerId });
    if (String(request.customerTenantId).toLowerCase() !== customer.tenantId.toLowerCase()) invalid('customerTenantId', 'is not that customer\u2019s tenant');

    // The simulated back office credits what the quote promised, so it needs to know what and for which reservation.
    const reservationId = requireText(request.reservationId, 'reservationId');
    if (!this.reservations.find(customer.id, reservationId)) {
      throw new NotFoundError(worded('failure.reservationUnknown.nothingFiled'), { reservationId });
    }
    const currency = request.expectedCredit?.currency;
    if (typeof currency !== 'string' || !CURRENCY_CODE.test(currency)) invalid('expectedCredit.currency', 'must be an ISO 4217 code');
    const amount = parseMoney(request.expectedCredit?.amount, currency);
    if (!amount) invalid('expectedCredit.amount', `must be a decimal string with at most the minor unit of ${currency}`);
    const creditAmount = formatMoney(amount, currency);
    return { fingerprint: fingerprintOf(request, creditAmount), reservationId, creditAmount, creditCurrency: currency };
  }

  private checkContact(request: TicketRequest): void {
    const contact = request.contact;
    if (typeof contact !== 'object' || contact === null) invalid('contact', 'is missing');
    requireText(contact.firstName, 'contact.firstName');
    requireText(contact.lastName, 'contact.lastName');
    if (!/^[^@\s]+@[^@\s]+$/.test(requireText(contact.email, 'contact.email'))) invalid('contact.email', 'is not an email address');
    if (contact.preferredContactMethod !== 'email' && contact.preferredContactMethod !== 'phone')
      invalid('contact.preferredContactMethod', 'must be email or phone');
    if (contact.preferredContactMethod === 'phone') requireText(contact.phone, 'contact.phone');
    requireText(contact.timeZone, 'contact.timeZone');
    if (!/^[A-Z]{3}$/.test(requireText(contact.country, 'contact.country'))) invalid('contact.country', 'must be an ISO 3166-1 alpha-3 code, e.g. GBR');
    requireText(contact.language, 'contact.language');
  }
}
