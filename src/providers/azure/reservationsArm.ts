import { z } from 'zod';
import { AzureServiceError } from './errors';
import type { ApiCall, AzureHttpClient, HttpMethod } from './http/client';
import { awaitOperation, type PollingOptions } from './http/longRunning';
import { armPages, armPageSchema } from './http/paging';
import { segment } from './ids';
import {
  calculateExchangeResultSchema,
  calculatePriceResponseSchema,
  calculateRefundResponseSchema,
  catalogItemSchema,
  reservationOrderSchema,
  reservationSchema,
  type WireCatalogItem,
  type WireExchangeResult,
  type WirePriceCalculation,
  type WireRefundResponse,
  type WireReservation,
  type WireReservationOrder,
} from './wire/armSchemas';

export const RESERVATIONS_API_VERSION = '2022-11-01';

export interface ArmOptions {
  baseUrl: string;
  scope: string;
  polling: Omit<PollingOptions, 'finalGet'>;
}

/** What calculateRefund / calculateExchange answered, or why it could not: never thrown, it only informs a quote. */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: AzureServiceError };

/** The body of calculateExchange's `reservationsToPurchase` entries. */
export interface ExchangePurchase {
  sku: string;
  location: string;
  reservedResourceType: string;
  billingScopeId: string;
  term: string;
  billingPlan: string;
  quantity: number;
  displayName: string;
}

/**
 * Azure Resource Manager, Microsoft.Capacity at api-version 2022-11-01: reservation orders and reservations
 * (lists paged by `nextLink`), calculateRefund, calculateExchange (long-running: 202 + Azure-AsyncOperation)
 * and the catalog. Every call authenticates against the customer's tenant.
 */
export class ArmReservationsClient {
  constructor(
    private readonly http: AzureHttpClient,
    private readonly options: ArmOptions,
  ) {}

  async listOrders(tenantId: string): Promise<WireReservationOrder[]> {
    return this.collect(this.call(tenantId, 'GET', '/providers/Microsoft.Capacity/reservationOrders'), reservationOrderSchema);
  }

  /** The order with its payment schedule (`$expand=schedule`): the only place ARM shows what was paid. */
  async getOrder(tenantId: string, orderId: string): Promise<WireReservationOrder | undefined> {
    const call = {
      ...this.call(tenantId, 'GET', `/providers/Microsoft.Capacity/reservationOrders/${segment(orderId)}`, { $expand: 'schedule' }),
      passStatuses: [404],
      subject: 'this reservation order' as const,
    };
    const response = await this.http.send(call);
    return response.status === 404 ? undefined : this.http.parse(call, response, reservationOrderSchema);
  }

  /**
   * Reservation_ListAll (`GET /providers/Microsoft.Capacity/reservations`): every reservation the token's tenant
   * can see, and the only read that carries `utilization`. `filter` is Azure's OData `$filter` (it cannot name a
   * reservation id, so callers narrow by properties and match ids themselves).
   */
  async listAllReservations(tenantId: string, filter?: string): Promise<WireReservation[]> {
    const call = this.call(tenantId, 'GET', '/providers/Microsoft.Capacity/reservations', filter ? { $filter: filter } : {});
    return this.collect({ ...call, subject: 'the reservations of this tenant' as const }, reservationSchema);
  }

  async listReservations(tenantId: string, orderId: string): Promise<WireReservation[]> {
    const path = `/providers/Microsoft.Capacity/reservationOrders/${segment(orderId)}/reservations`;
    return this.collect({ ...this.call(tenantId, 'GET', path), subject: 'this reservation order' as const }, reservationSchema);
  }

  async getReservation(tenantId: string, orderId: string, reservationId: string): Promise<WireReservation | undefined> {
    const path = `/providers/Microsoft.Capacity/reservationOrders/${segment(orderId)}/reservations/${segment(reservationId)}`;
    const call = { ...this.call(tenantId, 'GET', path), passStatuses: [404], subject: 'this reservation' as const };
    const response = await this.http.send(call);
    return response.status === 404 ? undefined : this.http.parse(call, response, reservationSchema);
  }

  /** POST .../calculateRefund. Failures (policy errors such as SelfServiceRefundNotSupported included) come back as values. */
  async calculateRefund(tenantId: string, orderId: string, reservationId: string, quantity: number): Promise<Checked<WireRefundResponse>> {
    const orderResourceId = `/providers/Microsoft.Capacity/reservationOrders/${orderId}`;
    const body = {
      id: orderResourceId,
      properties: { scope: 'Reservation', reservationToReturn: { reservationId: `${orderResourceId}/reservations/${reservationId}`, quantity } },
    };
    const call = this.call(tenantId, 'POST', `/providers/Microsoft.Capacity/reservationOrders/${segment(orderId)}/calculateRefund`, {}, body);
    return this.checked(() => this.http.json(call, calculateRefundResponseSchema));
  }

  /** POST /providers/Microsoft.Capacity/calculateExchange, polled to completion. Failures come back as values. */
  async calculateExchange(
    tenantId: string,
    toExchange: { reservationResourceId: string; quantity: number },
    purchase: ExchangePurchase,
  ): Promise<Checked<WireExchangeResult>> {
    const body = {
      properties: {
        reservationsToPurchase: [purchaseRequestOf(purchase)],
        reservationsToExchange: [{ reservationId: toExchange.reservationResourceId, quantity: toExchange.quantity }],
      },
    };
    const call = this.call(tenantId, 'POST', '/providers/Microsoft.Capacity/calculateExchange', {}, body);
    return this.checked(async () => {
      const initial = await this.http.send(call);
      const final = await awaitOperation(this.http, call, initial, this.options.polling);
      return this.http.parse(call, final, calculateExchangeResultSchema);
    });
  }

  /** POST /providers/Microsoft.Capacity/calculatePrice with the purchase request. Failures come back as values. */
  async calculatePrice(tenantId: string, purchase: ExchangePurchase): Promise<Checked<WirePriceCalculation>> {
    const call = this.call(tenantId, 'POST', '/providers/Microsoft.Capacity/calculatePrice', {}, purchaseRequestOf(purchase));
    return this.checked(() => this.http.json(call, calculatePriceResponseSchema));
  }

  /** Reservation products a subscription may buy, for one resource type and region. */
  async catalog(tenantId: string, subscriptionId: string, reservedResourceType: string, location: string): Promise<WireCatalogItem[]> {
    const call = this.call(tenantId, 'GET', `/subscriptions/${segment(subscriptionId)}/providers/Microsoft.Capacity/catalogs`, {
      reservedResourceType,
      location,
    });
    // 2022-11-01 answers { value, nextLink }; older versions answered a bare array. Accept both.
    const response = await this.http.send(call);
    const bare = this.tryParseArray(response.text);
    if (bare) return this.http.parse(call, { ...response, text: JSON.stringify({ value: bare }) }, armPageSchema(catalogItemSchema)).value;
    const items: WireCatalogItem[] = [];
    const firstPage = this.http.parse(call, response, armPageSchema(catalogItemSchema));
    items.push(...firstPage.value);
    if (firstPage.nextLink) {
      for await (const page of armPages(this.http, { ...call, url: new URL(firstPage.nextLink, call.url) }, armPageSchema(catalogItemSchema))) {
        items.push(...page);
      }
    }
    return items;
  }

  private async collect<T>(first: ApiCall, item: z.ZodType<T>): Promise<T[]> {
    const all: T[] = [];
    for await (const page of armPages(this.http, first, armPageSchema(item))) all.push(...page);
    return all;
  }

  private async checked<T>(run: () => Promise<T>): Promise<Checked<T>> {
    try {
      return { ok: true, value: await run() };
    } catch (error) {
      if (error instanceof AzureServiceError) return { ok: false, error };
      throw error;
    }
  }

  private tryParseArray(text: string): unknown[] | undefined {
    try {
      const data: unknown = JSON.parse(text);
      return Array.isArray(data) ? data : undefined;
    } catch {
      return undefined;
    }
  }

  private call(tenantId: string, method: HttpMethod, path: string, query: Record<string, string> = {}, body?: unknown): ApiCall {
    // Built by hand so `$expand` keeps its literal `$`, as Azure's own clients send it.
    const pairs = Object.entries({ 'api-version': RESERVATIONS_API_VERSION, ...query }).map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
    const url = new URL(`${this.options.baseUrl}${path}?${pairs.join('&')}`);
    return { service: 'azure-reservations', method, url, tenantId, scope: this.options.scope, body };
  }
}

/** Azure's PurchaseRequest, as calculatePrice takes it and calculateExchange's `reservationsToPurchase` holds it. */
function purchaseRequestOf(purchase: ExchangePurchase) {
  return {
    sku: { name: purchase.sku },
    location: purchase.location,
    properties: {
      reservedResourceType: purchase.reservedResourceType,
      billingScopeId: purchase.billingScopeId,
      term: purchase.term,
      billingPlan: purchase.billingPlan,
      quantity: purchase.quantity,
      displayName: purchase.displayName,
      appliedScopeType: 'Shared',
      renew: false,
    },
  };
}
