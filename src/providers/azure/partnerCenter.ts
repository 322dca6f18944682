import { randomUUID } from 'node:crypto';
import type { ApiCall, AzureHttpClient } from './http/client';
import { partnerCenterPages, type PartnerCenterLink } from './http/paging';
import { segment } from './ids';
import {
  RESERVED_INSTANCE_ARTIFACT_TYPES,
  pcArtifactDetailsSchema,
  pcCustomerPageSchema,
  pcCustomerSchema,
  pcEntitlementPageSchema,
  type PcArtifact,
  type PcArtifactDetails,
  type PcCustomer,
  type PcEntitlement,
} from './wire/partnerCenterSchemas';

export interface PartnerCenterOptions {
  baseUrl: string;
  scope: string;
  partnerTenantId: string;
  pageSize: number;
}

/**
 * Partner Center REST (v1) for the bot: the customer list (paged by `links.next` + MS-ContinuationToken),
 * one customer, a customer's reserved-instance entitlements and the artifact links they carry. Every call
 * sends the documented headers: MS-Contract-Version, a fresh MS-RequestId per call (kept across retries of
 * that call, as Partner Center asks) and an MS-CorrelationId shared by the calls of one operation.
 */
export class PartnerCenterClient {
  constructor(
    private readonly http: AzureHttpClient,
    private readonly options: PartnerCenterOptions,
  ) {}

  /** Every customer of the partner, page by page. */
  async listCustomers(correlationId: string = randomUUID()): Promise<PcCustomer[]> {
    const first = this.call(this.url(`/v1/customers?size=${this.options.pageSize}`), correlationId);
    const customers: PcCustomer[] = [];
    const pages = partnerCenterPages(
      this.http,
      first,
      pcCustomerPageSchema,
      (url, headers) => this.call(url, correlationId, headers),
      (uri) => this.resolve(uri),
    );
    for await (const page of pages) customers.push(...page);
    return customers;
  }

  /** One customer, or undefined when Partner Center does not know the id. */
  async getCustomer(customerId: string, correlationId: string = randomUUID()): Promise<PcCustomer | undefined> {
    const call = { ...this.call(this.url(`/v1/customers/${segment(customerId)}`), correlationId), passStatuses: [404], subject: 'this customer' as const };
    const response = await this.http.send(call);
    if (response.status === 404) return undefined;
    return this.http.parse(call, response, pcCustomerSchema);
  }

  /** The customer's reserved-instance entitlements (Azure reservations bought through the partner). */
  async reservedInstanceEntitlements(customerId: string, correlationId: string = randomUUID()): Promise<PcEntitlement[]> {
    const first = {
      ...this.call(this.url(`/v1/customers/${segment(customerId)}/entitlements?entitlementType=reservedInstance`), correlationId),
      subject: 'this customer' as const,
    };
    const entitlements: PcEntitlement[] = [];
    const pages = partnerCenterPages(
      this.http,
      first,
      pcEntitlementPageSchema,
      (url, headers) => this.call(url, correlationId, headers),
      (uri) => this.resolve(uri),
    );
    for await (const page of pages) entitlements.push(...page);
    return entitlements;
  }

  /** Follows an artifact's link: the reservations behind a reserved-instance entitlement. */
  async artifactDetails(link: PartnerCenterLink, correlationId: string = randomUUID()): Promise<PcArtifactDetails> {
    const headers = Object.fromEntries((link.headers ?? []).map((h) => [h.key, h.value]));
    const call = { ...this.call(this.resolve(link.uri), correlationId, headers), subject: 'this reservation artifact' as const };
    return this.http.json(call, pcArtifactDetailsSchema);
  }

  /** A cheap call proving the credential and Partner Center work (one attempt, no retries). */
  async probe(): Promise<void> {
    await this.http.send({ ...this.call(this.url('/v1/customers?size=1'), randomUUID()), maxAttempts: 1 });
  }

  private call(url: URL, correlationId: string, extraHeaders: Record<string, string> = {}): ApiCall {
    return {
      service: 'partner-center',
      method: 'GET',
      url,
      tenantId: this.options.partnerTenantId,
      scope: this.options.scope,
      headers: {
        'MS-Contract-Version': 'v1',
        'MS-RequestId': randomUUID(),
        'MS-CorrelationId': correlationId,
        'X-Locale': 'en-US',
        ...extraHeaders,
      },
    };
  }

  private url(pathAndQuery: string): URL {
    return new URL(this.options.baseUrl + pathAndQuery);
  }

  /**
   * Partner Center's link URIs are relative to the API root and sometimes omit the version prefix
   * (`/customers/...` in entitlement artifacts, `/v1/customers?...` in collection links).
   */
  private resolve(uri: string): URL {
    if (/^https?:\/\//i.test(uri)) return new URL(uri);
    const path = uri.startsWith('/') ? uri : `/${uri}`;
    return new URL(this.options.baseUrl + (/^\/v\d+\//i.test(path) ? path : `/v1${path}`));
  }
}

/** The reserved-instance artifacts of a list of entitlements. */
export function reservedInstanceArtifacts(entitlements: PcEntitlement[]): PcArtifact[] {
  return entitlements.flatMap((e) => (e.entitledArtifacts ?? []).filter((a) => RESERVED_INSTANCE_ARTIFACT_TYPES.has(a.artifactType.toLowerCase())));
}
