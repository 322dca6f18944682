export type Severity = 'minimal' | 'moderate' | 'critical' | 'highestcriticalimpact';

export interface ContactDetails {
  firstName: string;
  lastName: string;
  email: string;
  /** email or phone */
  preferredContactMethod: 'email' | 'phone';
  phone?: string;
  /** IANA or Windows time zone name, e.g. "W. Europe Standard Time". */
  timeZone: string;
  /** ISO 3166-1 alpha-3, as the Support API wants. */
  country: string;
  /** e.g. en-us */
  language: string;
}

/** What the bot files with Microsoft (SPEC section 4). */
export interface TicketRequest {
  /** Idempotency key: filing twice with one key returns the first ticket. */
  requestKey: string;
  customerId: string;
  customerTenantId: string;
  title: string;
  description: string;
  severity: Severity;
  contact: ContactDetails;
  /** Azure facts for the Support API. */
  serviceId: string;
  problemClassification: string;
  /** The reservation the request is about, so a credit can be tied back to it (optional, additive). */
  reservationId?: string;
  /**
   * What the quote says will be credited (amount: a decimal string in the currency's minor unit). The sandbox's
   * simulated back office credits exactly this; a real desk may ignore it.
   */
  expectedCredit?: { amount: string; currency: string };
  /** Units of the reservation the request returns (optional, additive): the sandbox shows them returned once credited. */
  returnQuantity?: number;
}

export type TicketStatus = 'open' | 'closed';

export interface Ticket {
  ticketId: string;
  status: TicketStatus;
  createdAt: Date;
  /** Microsoft's support request number (what its engineers quote), when it differs from ticketId. */
  supportTicketNumber?: string;
}

/** The Billing service and the problem classification every request is filed under. */
export const BILLING_SERVICE_ID = '517f2da6-78fd-0498-4e22-ad26996b1dfc';
export const PROBLEM_CLASSIFICATION_NAME = 'Reservation Management / Exchanges and Refunds';

export interface SupportDesk {
  /** Resolves the problem classification id by display name (looked up, never hard-coded). */
  problemClassificationId(): Promise<string>;
  fileTicket(request: TicketRequest): Promise<Ticket>;
  getTicket(customerTenantId: string, ticketId: string): Promise<Ticket | undefined>;
  /**
   * The ticket filed with this request key, if Microsoft has it: the key names the ticket (its idempotent name),
   * so this tells whether a filing that was cut short reached Microsoft. Read only; files nothing.
   */
  findTicket(customerTenantId: string, requestKey: string): Promise<Ticket | undefined>;
}
