import type { RecordedRequest, Reply } from './server';

/**
 * The stand-in's Microsoft: Partner Center v1, Microsoft.Capacity (2022-11-01) and Microsoft.Support
 * (2024-04-01), answering in the documented wire format from in-memory state. It checks what a real service
 * would: the bearer token's tenant and scope (fake tokens carry both), the api-version, and required body
 * fields. Reservation orders are visible only with a token for the customer's own tenant, as in Azure.
 */
export const PARTNER_CENTER_SCOPE = 'https://api.partnercenter.microsoft.com/.default';
export const ARM_SCOPE = 'https://management.azure.com/.default';
const CAPACITY_API = '2022-11-01';
const SUPPORT_API = '2024-04-01';

export interface FakeToken {
  tenant: string;
  scope: string;
}

export function encodeFakeToken(token: FakeToken): string {
  return `fake.${Buffer.from(JSON.stringify(token)).toString('base64url')}`;
}

export function decodeFakeToken(authorization: string | undefined): FakeToken | undefined {
  const match = /^Bearer fake\.([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
  if (!match) return undefined;
  try {
    return JSON.parse(Buffer.from(match[1], 'base64url').toString('utf8')) as FakeToken;
  } catch {
    return undefined;
  }
}

export interface WorldCustomer {
  id: string;
  tenantId: string;
  name: string;
  domain: string;
  orderIds: string[];
}

export type RefundBehaviour = 'ok' | 'self-service-not-supported' | 'policy-errors';

export interface WorldReservation {
  orderId: string;
  id: string;
  /** The wire `properties` plus `sku`/`location`, as Azure answers them. */
  sku: string;
  location: string;
  properties: Record<string, unknown>;
  /** Made by a split or merge after purchase: Partner Center's artifact details never name it. */
  madeBy?: 'split' | 'merge';
  /** `utilization` as Reservation_ListAll shows it (the only read that does); absent = Azure has not measured yet. */
  utilization?: Record<string, unknown>;
  refund: RefundBehaviour;
  /** calculateRefund figures (billing currency). */
  refundAmount: { currencyCode: string; amount: number };
  billingInformation?: Record<string, unknown>;
}

export interface WorldOrder {
  id: string;
  tenantId: string;
  properties: Record<string, unknown>;
  /** Shown only with `$expand=schedule`, as Azure does; absent = Azure shows no plan. */
  planInformation?: Record<string, unknown>;
  reservationIds: string[];
}

export interface WorldTicket {
  tenant: string;
  name: string;
  properties: Record<string, unknown>;
}

interface Operation {
  kind: 'exchange' | 'ticket';
  pollsLeft: number;
  result: Record<string, unknown>;
}

export interface WorldState {
  partnerTenantId: string;
  customers: WorldCustomer[];
  orders: Map<string, WorldOrder>;
  reservations: Map<string, WorldReservation>;
  /** `{subscription}|{reservedResourceType}|{location}` → catalog items, in GetCatalog.json's shape (no msrp). */
  catalogs: Map<string, Array<Record<string, unknown>>>;
  /**
   * What calculatePrice answers per unit, by `{subscription}|{sku}|{location}|{term}|{billingPlan}`, in the
   * customer's billing currency; a product missing here is refused as Azure refuses a purchase it will not price.
   */
  prices: Map<string, { currencyCode: string; amount: number }>;
  classifications: Array<{ name: string; displayName: string }>;
  tickets: Map<string, WorldTicket>;
  /** Page sizes for nextLink paging of ARM lists. */
  armPageSize: number;
  /** How ticket creation answers: 202 + polling (as documented) or 201 with the body. */
  ticketCreate: 'async' | 'sync';
  /** How many polls calculateExchange stays InProgress; `fail` makes it end Failed. */
  exchangePolls: number;
  exchangeOutcome: 'succeeded' | 'failed';
  /** How many times the order (the return's `Location`) answers 202 after a return before it answers 200. */
  returnPolls?: number;
  /** The statuses an exchange's monitor answers, one per poll, the last one repeated (default PendingRefunds, PendingPurchases, Succeeded). */
  exchangeStatuses?: string[];
}

/** A calculateExchange session: what an `exchange` may be posted for, once. */
interface ExchangeSession {
  tenant: string;
  reservationId: string;
  reservationResourceId: string;
  quantity: number;
  purchase: Record<string, unknown>;
  currencyCode: string;
  refunds: number;
  purchases: number;
  used: boolean;
}

/** A calculateRefund session: what a `return` may be posted for, once. */
interface RefundSession {
  orderId: string;
  reservationId: string;
  quantity: number;
  tenant: string;
  used: boolean;
}

let operationCounter = 0;

/** More of Microsoft, answered before the routes here when it recognises a request (e.g. managementWorld.ts). */
export type WorldExtension = (request: RecordedRequest, token: FakeToken, baseUrl: string) => Reply | undefined;

export class AzureWorld {
  readonly extensions: WorldExtension[] = [];
  private readonly operations = new Map<string, Operation>();
  private ticketCounter = 0;
  private readonly sessions = new Map<string, RefundSession>();
  private readonly exchangeSessions = new Map<string, ExchangeSession>();
  private readonly exchangeRuns = new Map<string, { statuses: string[]; polls: number; body: (status: string) => Record<string, unknown> }>();
  /** Every exchange Azure accepted, in order. */
  readonly exchanges: Array<{ sessionId: string; reservationId: string; newOrderId: string; newReservationId: string }> = [];
  /** Orders whose return is still "processing": polls left before the order answers 200. */
  private readonly returnsInFlight = new Map<string, number>();
  /** Every return Azure accepted, in order (what the tests count). */
  readonly returns: Array<{ orderId: string; reservationId: string; quantity: number; sessionId: string; returnReason?: string }> = [];

  constructor(readonly state: WorldState) {}

  /** The stand-in handler. */
  readonly handle = (request: RecordedRequest, baseUrl: string): Reply => {
    const token = decodeFakeToken(request.headers.authorization);
    if (!token) return error(401, 'InvalidAuthenticationToken', 'No valid bearer token.');
    for (const extension of this.extensions) {
      const reply = extension(request, token, baseUrl);
      if (reply) return reply;
    }
    const { path } = request;
    if (path.startsWith('/v1/')) {
      if (token.scope !== PARTNER_CENTER_SCOPE) return error(401, 'InvalidAuthenticationToken', 'Wrong audience for Partner Center.');
      if (token.tenant !== this.state.partnerTenantId) return error(403, 'Forbidden', 'Partner Center calls need a partner tenant token.');
      return this.partnerCenter(request);
    }
    if (token.scope !== ARM_SCOPE) return error(401, 'InvalidAuthenticationToken', 'Wrong audience for Resource Manager.');
    if (/^\/providers\/Microsoft\.Support\//i.test(path)) {
      if (request.query['api-version'] !== SUPPORT_API)
        return error(400, 'InvalidApiVersionParameter', `api-version ${request.query['api-version']} is not supported`);
      return this.support(request, token, baseUrl);
    }
    if (request.query['api-version'] !== CAPACITY_API)
      return error(400, 'InvalidApiVersionParameter', `api-version ${request.query['api-version']} is not supported`);
    return this.capacity(request, token, baseUrl);
  };

  // ---------------------------------------------------------------- Partner Center

  private partnerCenter(request: RecordedRequest): Reply {
    const { path, query } = request;
    if (request.method !== 'GET') return pcError(405, 'MethodNotAllowed');
    if (!request.headers['ms-requestid'] || !request.headers['ms-correlationid'] || request.headers['ms-contract-version'] !== 'v1') {
      return pcError(400, 'MissingHeaders');
    }
    if (path === '/v1/customers') {
      const size = Number(query.size ?? '100');
      let offset = 0;
      if (query.seekOperation === 'Next') {
        const token = request.headers['ms-continuationtoken'];
        const match = /^ct-(\d+)$/.exec(token ?? '');
        if (!match) return pcError(400, 'InvalidContinuationToken');
        offset = Number(match[1]);
      }
      const items = this.state.customers.slice(offset, offset + size).map(customerJson);
      const next = offset + size < this.state.customers.length;
      return {
        status: 200,
        body: {
          totalCount: items.length,
          items,
          links: {
            self: { uri: `/customers?size=${size}`, method: 'GET', headers: [] },
            ...(next
              ? {
                  next: {
                    uri: `/customers?size=${size}&seekOperation=Next`,
                    method: 'GET',
                    headers: [{ key: 'MS-ContinuationToken', value: `ct-${offset + size}` }],
                  },
                }
              : {}),
          },
          attributes: { objectType: 'Collection' },
        },
      };
    }
    let match = /^\/v1\/customers\/([^/]+)$/.exec(path);
    if (match) {
      const customer = this.customer(match[1]);
      return customer ? { status: 200, body: customerJson(customer) } : pcError(404, 'CustomerNotFound');
    }
    match = /^\/v1\/customers\/([^/]+)\/entitlements$/.exec(path);
    if (match) {
      const customer = this.customer(match[1]);
      if (!customer) return pcError(404, 'CustomerNotFound');
      if (query.entitlementType?.toLowerCase() !== 'reservedinstance') return pcError(400, 'UnexpectedEntitlementType');
      const items = customer.orderIds.map((orderId, index) => ({
        includedEntitlements: [],
        referenceOrder: { id: `pc-order-${index}`, lineItemId: '0' },
        productId: 'DZH318Z0BQ3W',
        quantity: 1,
        entitledArtifacts: [
          {
            link: {
              uri: `/customers/${customer.id}/artifacts/reservedinstance/groups/g${index}/lineitems/li${index}/resource/${orderId}`,
              method: 'GET',
              headers: [],
            },
            resourceId: orderId,
            artifactType: 'reservedinstance',
          },
        ],
        skuId: '007J',
        entitlementType: 'reservedInstance',
      }));
      return { status: 200, body: { totalCount: items.length, items, attributes: { objectType: 'Collection' } } };
    }
    match = /^\/v1\/customers\/([^/]+)\/artifacts\/reservedinstance\/groups\/[^/]+\/lineitems\/[^/]+\/resource\/([^/]+)$/.exec(path);
    if (match) {
      const customer = this.customer(match[1]);
      const order = this.state.orders.get(match[2]);
      if (!customer || !order || !customer.orderIds.includes(order.id)) return pcError(404, 'ArtifactNotFound');
      return {
        status: 200,
        body: {
          type: 'reservedinstance',
          reservations: order.reservationIds
            .filter((id) => !this.state.reservations.get(id)!.madeBy)
            .map((id) => {
              const r = this.state.reservations.get(id)!;
              return {
                reservationId: id,
                scopeType: r.properties.appliedScopeType,
                quantity: r.properties.quantity,
                expiryDateTime: r.properties.expiryDateTime,
                effectiveDateTime: r.properties.effectiveDateTime,
                provisioningState: r.properties.provisioningState,
              };
            }),
        },
      };
    }
    return pcError(404, 'NotFound');
  }

  // ---------------------------------------------------------------- Microsoft.Capacity

  private capacity(request: RecordedRequest, token: FakeToken, baseUrl: string): Reply {
    const { path, query, method } = request;
    const visible = (order: WorldOrder | undefined) => order && order.tenantId === token.tenant;
    if (method === 'GET' && path === '/providers/Microsoft.Capacity/reservationOrders') {
      const orders = [...this.state.orders.values()].filter(visible).map((o) => this.orderJson(o, false));
      return this.page(orders, request, baseUrl);
    }
    if (method === 'GET' && path === '/providers/Microsoft.Capacity/reservations') return this.listAll(request, token, baseUrl);
    if (method === 'POST' && path === '/providers/Microsoft.Capacity/calculatePrice') return this.calculatePrice(request.body);
    // Azure's paths are case-insensitive; Return.json's Location says `reservationorders`.
    let match = /^\/providers\/Microsoft\.Capacity\/reservationOrders\/([^/]+)$/i.exec(path);
    if (method === 'GET' && match) {
      const order = this.state.orders.get(match[1]);
      if (!visible(order)) return error(404, 'ReservationOrderNotFound', 'Reservation order not found.');
      const pollsLeft = this.returnsInFlight.get(order!.id) ?? 0;
      if (pollsLeft > 0) {
        this.returnsInFlight.set(order!.id, pollsLeft - 1);
        return { status: 202, headers: { Location: this.orderLocation(baseUrl, order!.id), 'Retry-After': '1' } };
      }
      return { status: 200, body: this.orderJson(order!, query.$expand === 'schedule') };
    }
    match = /^\/providers\/Microsoft\.Capacity\/reservationOrders\/([^/]+)\/reservations$/.exec(path);
    if (method === 'GET' && match) {
      const order = this.state.orders.get(match[1]);
      if (!visible(order)) return error(404, 'ReservationOrderNotFound', 'Reservation order not found.');
      return this.page(
        order!.reservationIds.map((id) => this.reservationJson(this.state.reservations.get(id)!, 'order-list')),
        request,
        baseUrl,
      );
    }
    match = /^\/providers\/Microsoft\.Capacity\/reservationOrders\/([^/]+)\/reservations\/([^/]+)$/.exec(path);
    if (method === 'GET' && match) {
      const order = this.state.orders.get(match[1]);
      const reservation = this.state.reservations.get(match[2]);
      if (!visible(order) || !reservation || reservation.orderId !== order!.id) return error(404, 'ReservationNotFound', 'Reservation not found.');
      return { status: 200, body: this.reservationJson(reservation, 'single') };
    }
    match = /^\/providers\/Microsoft\.Capacity\/reservationOrders\/([^/]+)\/calculateRefund$/.exec(path);
    if (method === 'POST' && match) return this.calculateRefund(match[1], request.body, token);
    match = /^\/providers\/Microsoft\.Capacity\/reservationOrders\/([^/]+)\/return$/.exec(path);
    if (method === 'POST' && match) return this.returnReservation(match[1], request.body, token, baseUrl);
    if (method === 'POST' && path === '/providers/Microsoft.Capacity/calculateExchange') return this.calculateExchange(request.body, token, baseUrl);
    if (method === 'POST' && path === '/providers/Microsoft.Capacity/exchange') return this.exchange(request.body, token, baseUrl);
    match = /^\/providers\/Microsoft\.Capacity\/operationResults\/([^/]+)$/.exec(path);
    if (method === 'GET' && match) return this.pollOperation(match[1]);
    match = /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.Capacity\/catalogs$/.exec(path);
    if (method === 'GET' && match) {
      // GetCatalog.json answers a bare array.
      return { status: 200, body: this.state.catalogs.get(`${match[1]}|${query.reservedResourceType}|${query.location}`) ?? [] };
    }
    return error(404, 'NotFound', `No route ${method} ${path}`);
  }

  private calculateRefund(orderId: string, body: unknown, token: FakeToken): Reply {
    const order = this.state.orders.get(orderId);
    if (!order || order.tenantId !== token.tenant) return error(404, 'ReservationOrderNotFound', 'Reservation order not found.');
    const b = body as { id?: string; properties?: { scope?: string; reservationToReturn?: { reservationId?: string; quantity?: number } } };
    const expectedOrderId = `/providers/Microsoft.Capacity/reservationOrders/${orderId}`;
    const toReturn = b?.properties?.reservationToReturn;
    if (b?.id !== expectedOrderId || b.properties?.scope !== 'Reservation' || !toReturn?.reservationId || !toReturn.quantity) {
      return error(400, 'InvalidRequestContent', 'calculateRefund body is incomplete.');
    }
    const reservationId = /reservations\/([^/]+)$/.exec(toReturn.reservationId)?.[1] ?? '';
    const reservation = this.state.reservations.get(reservationId);
    if (!reservation || reservation.orderId !== orderId) return error(400, 'ReservationIdNotInReservationOrder', 'Not in this order.');
    if (reservation.refund === 'self-service-not-supported') {
      return error(400, 'SelfServiceRefundNotSupported', 'Self-service refund is not supported for this reservation.');
    }
    const policyErrors =
      reservation.refund === 'policy-errors' ? [{ code: 'RefundLimitExceeded', message: 'The refund limit for the billing profile is reached.' }] : [];
    const sessionId = `10000000-aaaa-bbbb-cccc-${String(this.sessions.size + 1).padStart(12, '0')}`;
    if (policyErrors.length === 0) this.sessions.set(sessionId, { orderId, reservationId, quantity: toReturn.quantity, tenant: token.tenant, used: false });
    return { status: 200, body: this.refundResponse(reservation, sessionId, toReturn.quantity, policyErrors) };
  }

  /**
   * POST .../return, as Return.json shows it: 202 with the refund figures (RefundResponse) and a `Location` naming
   * the reservation order, which answers 202 while the return is processed and then 200 with the order. Needs the
   * sessionId of a calculateRefund for the same reservation and quantity, and takes each session once.
   */
  private returnReservation(orderId: string, body: unknown, token: FakeToken, baseUrl: string): Reply {
    const order = this.state.orders.get(orderId);
    if (!order || order.tenantId !== token.tenant) return error(404, 'ReservationOrderNotFound', 'Reservation order not found.');
    const b = body as {
      properties?: { sessionId?: string; scope?: string; returnReason?: string; reservationToReturn?: { reservationId?: string; quantity?: number } };
    };
    const p = b?.properties;
    const toReturn = p?.reservationToReturn;
    if (!p?.sessionId || p.scope !== 'Reservation' || !toReturn?.reservationId || !toReturn.quantity)
      return error(400, 'InvalidRequestContent', 'return body is incomplete.');
    const reservationId = /reservations\/([^/]+)$/.exec(toReturn.reservationId)?.[1] ?? '';
    const session = this.sessions.get(p.sessionId);
    if (
      !session ||
      session.tenant !== token.tenant ||
      session.orderId !== orderId ||
      session.reservationId !== reservationId ||
      session.quantity !== toReturn.quantity
    ) {
      return error(400, 'InvalidRefundSession', 'The session does not match a refund calculation for this reservation and quantity.');
    }
    if (session.used) return error(409, 'RefundSessionAlreadyUsed', 'This refund session was already used.');
    const reservation = this.state.reservations.get(reservationId)!;
    session.used = true;
    const quantity = Number(reservation.properties.quantity);
    if (toReturn.quantity >= quantity) reservation.properties.provisioningState = 'Cancelled';
    else reservation.properties.quantity = quantity - toReturn.quantity;
    this.returns.push({ orderId, reservationId, quantity: toReturn.quantity, sessionId: p.sessionId, returnReason: p.returnReason });
    this.returnsInFlight.set(orderId, this.state.returnPolls ?? 1);
    const answer = this.refundResponse(reservation, p.sessionId, toReturn.quantity, []);
    return {
      status: 202,
      headers: { Location: this.orderLocation(baseUrl, orderId) },
      body: { ...answer, id: `/providers/Microsoft.Capacity/reservationOrders/${orderId}/reservations/${reservationId}` },
    };
  }

  /** RefundResponse (calculateRefund's answer and the return's 202 body): Return.json's shape. */
  private refundResponse(
    reservation: WorldReservation,
    sessionId: string,
    quantity: number,
    policyErrors: Array<{ code: string; message: string }>,
  ): Record<string, unknown> {
    return {
      id: `/providers/microsoft.capacity/reservationOrders/${reservation.orderId}/reservations/${reservation.id}`,
      properties: {
        sessionId,
        quantity,
        billingRefundAmount: reservation.refundAmount,
        pricingRefundAmount: reservation.refundAmount,
        policyResult: {
          properties: {
            consumedRefundsTotal: { currencyCode: 'USD', amount: 1250.5 },
            maxRefundLimit: { currencyCode: 'USD', amount: 50000.0 },
            policyErrors,
          },
        },
        ...(reservation.billingInformation ? { billingInformation: reservation.billingInformation } : {}),
      },
    };
  }

  private orderLocation(baseUrl: string, orderId: string): string {
    return `${baseUrl}/providers/Microsoft.Capacity/reservationorders/${orderId}?api-version=${CAPACITY_API}`;
  }

  private calculateExchange(body: unknown, token: FakeToken, baseUrl: string): Reply {
    const b = body as {
      properties?: {
        reservationsToPurchase?: Array<{ sku?: { name?: string }; location?: string; properties?: Record<string, unknown> }>;
        reservationsToExchange?: Array<{ reservationId?: string; quantity?: number }>;
      };
    };
    const purchase = b?.properties?.reservationsToPurchase?.[0];
    const toExchange = b?.properties?.reservationsToExchange?.[0];
    if (!purchase?.sku?.name || !purchase.location || !purchase.properties?.billingScopeId || !toExchange?.reservationId || !toExchange.quantity) {
      return error(400, 'InvalidRequestContent', 'calculateExchange body is incomplete.');
    }
    const reservationId = /reservations\/([^/]+)$/.exec(toExchange.reservationId)?.[1] ?? '';
    const reservation = this.state.reservations.get(reservationId);
    const order = reservation && this.state.orders.get(reservation.orderId);
    if (!reservation || !order || order.tenantId !== token.tenant) return error(400, 'InvalidReservationId', 'Unknown reservation.');
    const price = this.priceOf(purchase);
    const purchases = Math.round((price?.amount ?? 0) * Number(purchase.properties.quantity ?? 1) * 100) / 100;
    const refunds = reservation.refundAmount.amount;
    const currencyCode = reservation.refundAmount.currencyCode;
    const id = `op-${++operationCounter}`;
    if (this.state.exchangeOutcome !== 'failed') {
      this.exchangeSessions.set(`session-${id}`, {
        tenant: token.tenant,
        reservationId,
        reservationResourceId: toExchange.reservationId,
        quantity: toExchange.quantity,
        purchase: { sku: purchase.sku, location: purchase.location, properties: purchase.properties },
        currencyCode,
        refunds,
        purchases,
        used: false,
      });
    }
    this.operations.set(id, {
      kind: 'exchange',
      pollsLeft: this.state.exchangePolls,
      result:
        this.state.exchangeOutcome === 'failed'
          ? {
              id: `/providers/microsoft.capacity/operationResults/${id}`,
              name: id,
              status: 'Failed',
              error: { code: 'ExchangeNotAllowed', message: 'This reservation cannot be exchanged.' },
            }
          : {
              id: `/providers/microsoft.capacity/operationResults/${id}`,
              name: id,
              status: 'Succeeded',
              properties: {
                sessionId: `session-${id}`,
                netPayable: { currencyCode, amount: Math.round((purchases - refunds) * 100) / 100 },
                refundsTotal: { currencyCode, amount: refunds },
                purchasesTotal: { currencyCode, amount: purchases },
                policyResult: { policyErrors: null },
                reservationsToPurchase: [{ properties: purchase, billingCurrencyTotal: { currencyCode, amount: purchases } }],
                reservationsToExchange: [
                  { reservationId: toExchange.reservationId, quantity: toExchange.quantity, billingRefundAmount: reservation.refundAmount },
                ],
              },
            },
    });
    const monitor = `${baseUrl}/providers/Microsoft.Capacity/operationResults/${id}?api-version=${CAPACITY_API}`;
    return { status: 202, headers: { 'Azure-AsyncOperation': monitor, Location: monitor, 'Retry-After': '1' } };
  }

  /**
   * POST /providers/Microsoft.Capacity/exchange, as Exchange.json shows it: the body names only the sessionId of a
   * calculateExchange; 202 with Azure-AsyncOperation and Location; the monitor answers the statuses in turn, each
   * with Exchange.json's result body (the new reservation order and reservation ids in reservationsToPurchase).
   */
  private exchange(body: unknown, token: FakeToken, baseUrl: string): Reply {
    const sessionId = (body as { properties?: { sessionId?: string } })?.properties?.sessionId;
    const session = sessionId ? this.exchangeSessions.get(sessionId) : undefined;
    if (!session || session.tenant !== token.tenant) return error(400, 'InvalidExchangeSession', 'The session does not match an exchange calculation.');
    if (session.used) return error(409, 'ExchangeSessionAlreadyUsed', 'This exchange session was already used.');
    session.used = true;
    const reservation = this.state.reservations.get(session.reservationId)!;
    const quantity = Number(reservation.properties.quantity);
    if (session.quantity >= quantity) reservation.properties.provisioningState = 'Cancelled';
    else reservation.properties.quantity = quantity - session.quantity;
    const n = this.exchanges.length + 1;
    const newOrderId = `c0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const newReservationId = `c1000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    this.exchanges.push({ sessionId: sessionId!, reservationId: session.reservationId, newOrderId, newReservationId });
    const id = `ex-${++operationCounter}`;
    const price = (amount: number) => ({ currencyCode: session.currencyCode, amount });
    const part = (status: string) => (status === 'PendingRefunds' ? 'Pending' : 'Succeeded');
    this.exchangeRuns.set(id, {
      statuses: this.state.exchangeStatuses ?? ['PendingRefunds', 'PendingPurchases', 'Succeeded'],
      polls: 0,
      body: (status) => ({
        id: `/providers/microsoft.capacity/operationResults/${id}`,
        name: id,
        status,
        properties: {
          sessionId,
          netPayable: price(Math.round((session.purchases - session.refunds) * 100) / 100),
          refundsTotal: price(session.refunds),
          purchasesTotal: price(session.purchases),
          policyResult: { policyErrors: null },
          reservationsToPurchase: [
            {
              reservationOrderId: `/providers/microsoft.capacity/reservationOrders/${newOrderId}`,
              reservationId: `/providers/microsoft.capacity/reservationOrders/${newOrderId}/reservations/${newReservationId}`,
              properties: session.purchase,
              billingCurrencyTotal: price(session.purchases),
              status: status === 'Succeeded' ? 'Succeeded' : status === 'Failed' || status === 'Cancelled' ? status : 'Pending',
            },
          ],
          reservationsToExchange: [
            {
              reservationId: session.reservationResourceId,
              quantity: session.quantity,
              billingRefundAmount: price(session.refunds),
              status: status === 'Failed' || status === 'Cancelled' ? status : part(status),
            },
          ],
        },
        ...(status === 'Failed' ? { error: { code: 'ExchangeFailed', message: 'The exchange could not be completed.' } } : {}),
      }),
    });
    const monitor = `${baseUrl}/providers/Microsoft.Capacity/operationResults/${id}?api-version=${CAPACITY_API}`;
    return { status: 202, headers: { 'Azure-AsyncOperation': monitor, Location: monitor, 'Retry-After': '5' } };
  }

  /** Reservation_ListAll (GetReservations.json): the tenant's reservations with utilization, `$filter` by properties. */
  private listAll(request: RecordedRequest, token: FakeToken, baseUrl: string): Reply {
    const clauses = parseFilter(request.query.$filter);
    if (!clauses) return error(400, 'InvalidFilter', `Unsupported $filter: ${request.query.$filter}`);
    const all = [...this.state.reservations.values()]
      .filter((r) => this.state.orders.get(r.orderId)?.tenantId === token.tenant)
      .filter((r) => clauses.every(([field, value]) => String(r.properties[field] ?? '') === value))
      .map((r) => this.reservationJson(r, 'list-all'));
    const reply = this.page(all, request, baseUrl);
    const body = reply.body as Record<string, unknown>;
    return { ...reply, body: { value: body.value, summary: summaryOf(all), nextLink: body.nextLink ?? null } };
  }

  /** calculatePrice (CalculateReservationOrder.json): the purchase request's price in the billing currency. */
  private calculatePrice(body: unknown): Reply {
    const b = body as { sku?: { name?: string }; location?: string; properties?: Record<string, unknown> };
    const p = b?.properties;
    if (!b?.sku?.name || !b.location || !p?.billingScopeId || !p.reservedResourceType || !p.term || !p.billingPlan || !p.quantity) {
      return error(400, 'InvalidRequestContent', 'calculatePrice body is incomplete.');
    }
    const price = this.priceOf(b);
    if (!price) return error(400, 'PriceNotAvailable', 'A price is not available for this product and billing scope.');
    const total = { currencyCode: price.currencyCode, amount: Math.round(price.amount * Number(p.quantity) * 100) / 100 };
    return {
      status: 200,
      body: {
        properties: {
          billingCurrencyTotal: total,
          reservationOrderId: '6d9cec54-0000-4000-8000-0000000000aa',
          skuTitle: `Reserved instance, ${b.sku.name}, ${b.location}`,
          skuDescription: b.sku.name,
          pricingCurrencyTotal: total,
          paymentSchedule: [{ dueDate: '2026-03-10', pricingCurrencyTotal: total, billingCurrencyTotal: total }],
        },
      },
    };
  }

  private priceOf(purchase: {
    sku?: { name?: string };
    location?: string;
    properties?: Record<string, unknown>;
  }): { currencyCode: string; amount: number } | undefined {
    const p = purchase.properties ?? {};
    const subscription = String(p.billingScopeId ?? '').split('/')[2];
    return this.state.prices.get(`${subscription}|${purchase.sku?.name}|${purchase.location}|${p.term}|${p.billingPlan}`);
  }

  private pollOperation(id: string): Reply {
    const run = this.exchangeRuns.get(id);
    if (run) {
      const status = run.statuses[Math.min(run.polls, run.statuses.length - 1)];
      run.polls += 1;
      return { status: 200, body: run.body(status) };
    }
    const operation = this.operations.get(id);
    if (!operation) return error(404, 'OperationNotFound', 'No such operation.');
    if (operation.pollsLeft > 0) {
      operation.pollsLeft -= 1;
      return { status: 200, headers: { 'Retry-After': '1' }, body: { id, name: id, status: 'InProgress' } };
    }
    return { status: 200, body: operation.result };
  }

  // ---------------------------------------------------------------- Microsoft.Support

  private support(request: RecordedRequest, token: FakeToken, baseUrl: string): Reply {
    const { path, method } = request;
    let match = /^\/providers\/Microsoft\.Support\/services\/([^/]+)\/problemClassifications$/.exec(path);
    if (method === 'GET' && match) {
      const serviceId = match[1];
      if (serviceId !== '517f2da6-78fd-0498-4e22-ad26996b1dfc') return { status: 200, body: { value: [] } };
      const all = this.state.classifications.map((c) => ({
        id: `/providers/Microsoft.Support/services/${serviceId}/problemClassifications/${c.name}`,
        name: c.name,
        type: 'Microsoft.Support/problemClassifications',
        properties: { displayName: c.displayName },
      }));
      return this.page(all, request, baseUrl);
    }
    match = /^\/providers\/Microsoft\.Support\/supportTickets\/([^/]+)$/.exec(path);
    if (match) {
      const key = `${token.tenant.toLowerCase()}|${match[1]}`;
      if (method === 'GET') {
        const ticket = this.state.tickets.get(key);
        return ticket ? { status: 200, body: ticketJson(ticket) } : error(404, 'ResourceNotFound', 'Support ticket not found.');
      }
      if (method === 'PUT') return this.createTicket(key, match[1], request.body, token, baseUrl);
    }
    match = /^\/providers\/Microsoft\.Support\/operationsStatus\/([^/]+)$/.exec(path);
    if (method === 'GET' && match) {
      const operation = this.operations.get(match[1]);
      if (!operation) return error(404, 'OperationNotFound', 'No such operation.');
      if (operation.pollsLeft > 0) {
        operation.pollsLeft -= 1;
        return { status: 200, body: { status: 'InProgress' } };
      }
      return { status: 200, body: operation.result };
    }
    return error(404, 'NotFound', `No route ${method} ${path}`);
  }

  private createTicket(key: string, name: string, body: unknown, token: FakeToken, baseUrl: string): Reply {
    if (this.state.tickets.has(key)) return error(409, 'Conflict', `A support ticket named ${name} already exists.`);
    const p = (body as { properties?: Record<string, unknown> })?.properties;
    const contact = p?.contactDetails as Record<string, unknown> | undefined;
    const required = ['serviceId', 'problemClassificationId', 'title', 'description', 'severity', 'advancedDiagnosticConsent'];
    const contactRequired = [
      'firstName',
      'lastName',
      'preferredContactMethod',
      'primaryEmailAddress',
      'preferredTimeZone',
      'country',
      'preferredSupportLanguage',
    ];
    if (!p || required.some((f) => !p[f]) || !contact || contactRequired.some((f) => !contact[f])) {
      return error(400, 'BadRequest', 'The support ticket is missing required properties.');
    }
    this.ticketCounter += 1;
    const now = '2026-03-10T12:00:00Z';
    const ticket: WorldTicket = {
      tenant: token.tenant,
      name,
      properties: {
        ...p,
        supportTicketId: `2603100010000${String(this.ticketCounter).padStart(2, '0')}`,
        problemClassificationDisplayName: 'Reservation Management / Exchanges and Refunds',
        serviceDisplayName: 'Billing',
        status: 'Open',
        createdDate: now,
        modifiedDate: now,
      },
    };
    this.state.tickets.set(key, ticket);
    if (this.state.ticketCreate === 'sync') return { status: 201, body: ticketJson(ticket) };
    const id = `ticket-op-${++operationCounter}`;
    this.operations.set(id, { kind: 'ticket', pollsLeft: 1, result: { status: 'Succeeded' } });
    return {
      status: 202,
      headers: {
        'Azure-AsyncOperation': `${baseUrl}/providers/Microsoft.Support/operationsStatus/${id}?api-version=${SUPPORT_API}`,
        Location: `${baseUrl}/providers/Microsoft.Support/operationResults/${id}?api-version=${SUPPORT_API}`,
        'Retry-After': '1',
      },
    };
  }

  // ---------------------------------------------------------------- helpers for tests

  /** Closes a ticket, as Microsoft Support does when it is done. */
  closeTicket(tenant: string, name: string, at = '2026-03-12T09:30:00Z'): void {
    const ticket = this.state.tickets.get(`${tenant.toLowerCase()}|${name}`);
    if (!ticket) throw new Error(`no ticket ${name}`);
    ticket.properties.status = 'Closed';
    ticket.properties.modifiedDate = at;
  }

  /** What every exchange's monitor answers from now on (Azure moving the exchanges along). */
  setExchangeStatuses(statuses: string[]): void {
    this.state.exchangeStatuses = statuses;
    for (const run of this.exchangeRuns.values()) {
      run.statuses = statuses;
      run.polls = 0;
    }
  }

  /** Marks a reservation returned (Cancelled), as Azure shows after a refund or exchange is processed. */
  cancelReservation(reservationId: string): void {
    const reservation = this.state.reservations.get(reservationId);
    if (!reservation) throw new Error(`no reservation ${reservationId}`);
    reservation.properties.provisioningState = 'Cancelled';
  }

  ticketsOf(tenant: string): WorldTicket[] {
    return [...this.state.tickets.values()].filter((t) => t.tenant.toLowerCase() === tenant.toLowerCase());
  }

  private customer(id: string): WorldCustomer | undefined {
    return this.state.customers.find((c) => c.id === id);
  }

  private orderJson(order: WorldOrder, expandSchedule: boolean): Record<string, unknown> {
    return {
      id: `/providers/microsoft.capacity/reservationOrders/${order.id}`,
      type: 'Microsoft.Capacity/reservationOrders',
      name: order.id,
      etag: 3,
      properties: {
        ...order.properties,
        reservations: order.reservationIds.map((id) => ({ id: `/providers/microsoft.capacity/reservationOrders/${order.id}/reservations/${id}` })),
        ...(expandSchedule && order.planInformation ? { planInformation: order.planInformation } : {}),
      },
    };
  }

  /**
   * A reservation as each read shows it: the by-order list (GetReservationsFromOrder.json) gives `expiryDate`
   * only and a `name` of "order/reservation"; a single read (GetReservationDetails.json) gives `expiryDateTime`
   * only and the bare name; only ListAll (GetReservations.json) gives both dates and `utilization`.
   */
  private reservationJson(reservation: WorldReservation, read: 'order-list' | 'single' | 'list-all'): Record<string, unknown> {
    // The display fields appear in ListAll's example only.
    const { expiryDate, expiryDateTime, userFriendlyAppliedScopeType, displayProvisioningState, ...rest } = reservation.properties;
    const properties: Record<string, unknown> = { ...rest };
    if (read !== 'single') properties.expiryDate = expiryDate;
    if (read !== 'order-list') properties.expiryDateTime = expiryDateTime;
    if (read === 'list-all')
      Object.assign(
        properties,
        { userFriendlyAppliedScopeType, displayProvisioningState },
        reservation.utilization ? { utilization: reservation.utilization } : {},
      );
    return {
      sku: { name: reservation.sku },
      id: `/providers/microsoft.capacity/reservationOrders/${reservation.orderId}/reservations/${reservation.id}`,
      type: 'Microsoft.Capacity/reservationOrders/reservations',
      name: read === 'single' ? reservation.id : `${reservation.orderId}/${reservation.id}`,
      ...(read === 'list-all' ? {} : { etag: 7 }),
      location: reservation.location,
      properties,
    };
  }

  /** ARM list paging: `nextLink` is an absolute URL carrying a skip token and the same api-version. */
  private page(all: unknown[], request: RecordedRequest, baseUrl: string): Reply {
    const skip = Number(request.query.$skiptoken ?? '0');
    const value = all.slice(skip, skip + this.state.armPageSize);
    const more = skip + this.state.armPageSize < all.length;
    const next = new URL(baseUrl + request.path);
    for (const [k, v] of Object.entries(request.query)) if (k !== '$skiptoken') next.searchParams.set(k, v);
    next.searchParams.set('$skiptoken', String(skip + this.state.armPageSize));
    return { status: 200, body: { value, ...(more ? { nextLink: next.href } : {}) } };
  }
}

/** `properties/x eq 'v' and ...` (the subset of OData ListAll takes that the provider sends) → pairs; undefined: unsupported. */
function parseFilter(filter: string | undefined): Array<[string, string]> | undefined {
  if (!filter) return [];
  const clauses: Array<[string, string]> = [];
  for (const clause of filter.replace(/^\((.*)\)$/, '$1').split(/ and /)) {
    const match = /^properties\/(\w+) eq '((?:[^']|'')*)'$/.exec(clause.trim());
    if (!match) return undefined;
    clauses.push([match[1], match[2].replace(/''/g, "'")]);
  }
  return clauses;
}

function summaryOf(reservations: Array<Record<string, unknown>>): Record<string, number> {
  const count = (state: string) => reservations.filter((r) => (r.properties as Record<string, unknown>).provisioningState === state).length;
  return {
    succeededCount: count('Succeeded'),
    failedCount: count('Failed'),
    expiringCount: 0,
    expiredCount: count('Expired'),
    pendingCount: 0,
    cancelledCount: count('Cancelled'),
  };
}

function customerJson(customer: WorldCustomer): Record<string, unknown> {
  return {
    id: customer.id,
    companyProfile: { tenantId: customer.tenantId, domain: customer.domain, companyName: customer.name, attributes: { objectType: 'CustomerCompanyProfile' } },
    relationshipToPartner: 'reseller',
    attributes: { objectType: 'Customer' },
  };
}

function ticketJson(ticket: WorldTicket): Record<string, unknown> {
  return {
    id: `/providers/Microsoft.Support/supportTickets/${ticket.name}`,
    name: ticket.name,
    type: 'Microsoft.Support/supportTickets',
    properties: ticket.properties,
  };
}

function error(status: number, code: string, message: string): Reply {
  return { status, body: { error: { code, message } } };
}

/** Partner Center's error body. */
function pcError(status: number, errorName: string): Reply {
  return { status, body: { code: 600000 + status, description: `Partner Center stand-in: ${errorName}`, errorName } };
}
