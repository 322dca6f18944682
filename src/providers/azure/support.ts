import { z } from 'zod';
import { InvalidInputError } from '../../errors';
import { worded } from '../../i18n';
import { BILLING_SERVICE_ID, PROBLEM_CLASSIFICATION_NAME, type SupportDesk, type Ticket, type TicketRequest, type TicketStatus } from '../../ports/supportDesk';
import { AzureMalformedAnswerError, AzureRejectedError, SupportClassificationNotFoundError } from './errors';
import type { ApiCall, AzureHttpClient, HttpMethod } from './http/client';
import { awaitOperation, type PollingOptions } from './http/longRunning';
import { armPages, armPageSchema } from './http/paging';
import { lastSegment, segment, ticketNameFor } from './ids';
import { problemClassificationSchema, supportTicketSchema, type WireSupportTicket, type WireTicketCreate } from './wire/supportSchemas';

export const SUPPORT_API_VERSION = '2024-04-01';

export interface SupportOptions {
  baseUrl: string;
  scope: string;
  /** Tenant used for the (tenant-independent) problem classification lookup. */
  partnerTenantId: string;
  advancedDiagnosticConsent: 'Yes' | 'No';
  polling: Omit<PollingOptions, 'finalGet'>;
  now: () => Date;
}

/**
 * Azure Support API (Microsoft.Support, api-version 2024-04-01), tenant-level tickets: billing requests need
 * no subscription. Tickets are created in the customer's tenant (the partner acts on its behalf).
 */
export class SupportClient {
  constructor(
    private readonly http: AzureHttpClient,
    private readonly options: SupportOptions,
  ) {}

  async problemClassifications(serviceId: string): Promise<Array<z.infer<typeof problemClassificationSchema>>> {
    const first = this.call(this.options.partnerTenantId, 'GET', `/providers/Microsoft.Support/services/${segment(serviceId)}/problemClassifications`);
    const all: Array<z.infer<typeof problemClassificationSchema>> = [];
    for await (const page of armPages(this.http, { ...first, subject: 'the Billing support service' as const }, armPageSchema(problemClassificationSchema))) {
      all.push(...page);
    }
    return all;
  }

  async getTicket(tenantId: string, name: string): Promise<WireSupportTicket | undefined> {
    const call = { ...this.call(tenantId, 'GET', ticketPath(name)), passStatuses: [404], subject: 'this support request' as const };
    const response = await this.http.send(call);
    return response.status === 404 ? undefined : this.http.parse(call, response, supportTicketSchema);
  }

  /**
   * PUT the ticket. A 409 (the name exists: an earlier attempt got through) is success and the ticket is read
   * back; 202 is followed to completion and the ticket read back.
   */
  async createTicket(tenantId: string, name: string, body: WireTicketCreate): Promise<WireSupportTicket> {
    const call: ApiCall = {
      ...this.call(tenantId, 'PUT', ticketPath(name), body),
      intent: 'write',
      passStatuses: [409],
      subject: 'this support request' as const,
    };
    const initial = await this.http.send(call);
    if (initial.status === 409) {
      const existing = await this.getTicket(tenantId, name);
      if (existing) return existing;
      throw new AzureRejectedError({ ...this.http.contextOf(call), status: 409 }, 'a support request with this name exists but cannot be read');
    }
    const final = await awaitOperation(this.http, call, initial, { ...this.options.polling, finalGet: call.url });
    if (final.text.trim()) return this.http.parse(call, final, supportTicketSchema);
    const created = await this.getTicket(tenantId, name);
    if (!created) throw new AzureMalformedAnswerError(this.http.contextOf(call), 'the support request was accepted but cannot be read back');
    return created;
  }

  private call(tenantId: string, method: HttpMethod, path: string, body?: unknown): ApiCall {
    const url = new URL(`${this.options.baseUrl}${path}?api-version=${SUPPORT_API_VERSION}`);
    return { service: 'azure-support', method, url, tenantId, scope: this.options.scope, body };
  }
}

function ticketPath(name: string): string {
  return `/providers/Microsoft.Support/supportTickets/${segment(name)}`;
}

/** Display names compared the way a person reads them: case, spacing and spaces around "/" do not matter. */
export function sameDisplayName(a: string, b: string): boolean {
  const norm = (s: string) =>
    s
      .toLowerCase()
      .replace(/\s*\/\s*/g, '/')
      .replace(/\s+/g, ' ')
      .trim();
  return norm(a) === norm(b);
}

const contactSchema = z.object({
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  email: z.email(),
  preferredContactMethod: z.enum(['email', 'phone']),
  phone: z.string().trim().min(5).max(40).optional(),
  timeZone: z.string().trim().min(1).max(100),
  country: z.string().regex(/^[A-Za-z]{3}$/, 'use an ISO 3166-1 alpha-3 code, e.g. DEU'),
  language: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'use a language tag, e.g. en-us'),
});

const ticketRequestSchema = z.object({
  requestKey: z.string().min(1).max(500),
  customerId: z.string().min(1),
  customerTenantId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,253}$/, 'not a tenant id'),
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().min(1).max(5000),
  severity: z.enum(['minimal', 'moderate', 'critical', 'highestcriticalimpact']),
  contact: contactSchema,
  serviceId: z.string().min(1),
  problemClassification: z.string().min(1),
});

/** The SupportDesk port over the Support API. */
export class AzureSupportDesk implements SupportDesk {
  private classificationId?: Promise<string>;

  constructor(
    private readonly client: SupportClient,
    private readonly options: Pick<SupportOptions, 'advancedDiagnosticConsent' | 'now'>,
  ) {}

  /** Looked up by display name once per process (a failed lookup is retried next time). */
  problemClassificationId(): Promise<string> {
    this.classificationId ??= this.lookUpClassification().catch((error: unknown) => {
      this.classificationId = undefined;
      throw error;
    });
    return this.classificationId;
  }

  async fileTicket(request: TicketRequest): Promise<Ticket> {
    const valid = ticketRequestSchema.safeParse(request);
    if (!valid.success) {
      const fields = valid.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new InvalidInputError(`The support request is incomplete (${fields}); nothing was filed.`, { fields });
    }
    if (request.contact.preferredContactMethod === 'phone' && !request.contact.phone) {
      throw new InvalidInputError(worded('failure.support.phoneNeeded'), { field: 'contact.phone' });
    }
    const name = ticketNameFor(request.requestKey);
    // Read first: a repeated confirmation must not even attempt a second PUT.
    const existing = await this.client.getTicket(request.customerTenantId, name);
    if (existing) return toTicket(existing, this.options.now());
    const created = await this.client.createTicket(request.customerTenantId, name, this.body(request));
    return toTicket(created, this.options.now());
  }

  async getTicket(customerTenantId: string, ticketId: string): Promise<Ticket | undefined> {
    const ticket = await this.client.getTicket(customerTenantId, ticketId);
    return ticket ? toTicket(ticket, this.options.now()) : undefined;
  }

  async findTicket(customerTenantId: string, requestKey: string): Promise<Ticket | undefined> {
    const ticket = await this.client.getTicket(customerTenantId, ticketNameFor(requestKey));
    return ticket ? toTicket(ticket, this.options.now()) : undefined;
  }

  private async lookUpClassification(): Promise<string> {
    const all = await this.client.problemClassifications(BILLING_SERVICE_ID);
    const match = all.find((c) => c.properties?.displayName && sameDisplayName(c.properties.displayName, PROBLEM_CLASSIFICATION_NAME));
    if (!match) {
      throw new SupportClassificationNotFoundError(
        PROBLEM_CLASSIFICATION_NAME,
        BILLING_SERVICE_ID,
        all.map((c) => c.properties?.displayName ?? c.name ?? c.id),
      );
    }
    return match.id;
  }

  private body(request: TicketRequest): WireTicketCreate {
    const serviceName = lastSegment(request.serviceId);
    const serviceId = `/providers/Microsoft.Support/services/${serviceName}`;
    const classification = request.problemClassification.startsWith('/')
      ? request.problemClassification
      : `${serviceId}/problemClassifications/${request.problemClassification}`;
    const { contact } = request;
    return {
      properties: {
        serviceId,
        problemClassificationId: classification,
        title: request.title,
        description: request.description,
        severity: request.severity,
        advancedDiagnosticConsent: this.options.advancedDiagnosticConsent,
        contactDetails: {
          firstName: contact.firstName,
          lastName: contact.lastName,
          preferredContactMethod: contact.preferredContactMethod,
          primaryEmailAddress: contact.email,
          ...(contact.phone ? { phoneNumber: contact.phone } : {}),
          preferredTimeZone: contact.timeZone,
          country: contact.country.toLowerCase(),
          preferredSupportLanguage: contact.language,
        },
      },
    };
  }
}

function toTicket(wire: WireSupportTicket, now: Date): Ticket {
  const created = wire.properties.createdDate ? new Date(wire.properties.createdDate) : now;
  return {
    ticketId: wire.name,
    status: statusOf(wire.properties.status),
    createdAt: Number.isNaN(created.getTime()) ? now : created,
    ...(wire.properties.supportTicketId ? { supportTicketNumber: wire.properties.supportTicketId } : {}),
  };
}

/** Azure says Open, Updating or Closed; only Closed is closed. */
export function statusOf(status: string | null | undefined): TicketStatus {
  return status?.toLowerCase() === 'closed' ? 'closed' : 'open';
}
