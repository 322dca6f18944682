import type { WorldCustomer, WorldOrder, WorldReservation, WorldState } from './azureWorld';

/**
 * A small fictional partner tenant for the stand-in, built fresh for every test. Each customer exercises one
 * way Azure describes money:
 * - Contoso: an Upfront EUR order (plan in EUR) and a Monthly order priced in USD, billed in GBP;
 * - Fabrikam: an Upfront USD order split into two reservations (plus the Cancelled split source);
 * - Northwind: an order without a payment plan, priced from calculateRefund, in JPY;
 * - Adatum: an order in CHF with no USD rate anywhere (cannot be quoted);
 * - Woodgrove: no reservations.
 */
export const PARTNER_TENANT = 'c0ffee00-0000-4000-8000-000000000001';

export const IDS = {
  contoso: { id: 'a1000000-0000-4000-8000-000000000001', tenant: 'd1000000-0000-4000-8000-000000000001' },
  fabrikam: { id: 'a2000000-0000-4000-8000-000000000002', tenant: 'd2000000-0000-4000-8000-000000000002' },
  northwind: { id: 'a3000000-0000-4000-8000-000000000003', tenant: 'd3000000-0000-4000-8000-000000000003' },
  adatum: { id: 'a4000000-0000-4000-8000-000000000004', tenant: 'd4000000-0000-4000-8000-000000000004' },
  woodgrove: { id: 'a5000000-0000-4000-8000-000000000005', tenant: 'd5000000-0000-4000-8000-000000000005' },
  orders: {
    contosoEur: 'b1000000-0000-4000-8000-0000000000e1',
    contosoGbp: 'b1000000-0000-4000-8000-0000000000e2',
    fabrikamUsd: 'b2000000-0000-4000-8000-0000000000e3',
    northwindJpy: 'b3000000-0000-4000-8000-0000000000e4',
    adatumChf: 'b4000000-0000-4000-8000-0000000000e5',
  },
  reservations: {
    contosoVm: 'e1000000-0000-4000-8000-0000000000f1',
    contosoSql: 'e1000000-0000-4000-8000-0000000000f2',
    fabrikamOne: 'e2000000-0000-4000-8000-0000000000f3',
    fabrikamTwo: 'e2000000-0000-4000-8000-0000000000f4',
    fabrikamSplitSource: 'e2000000-0000-4000-8000-0000000000f5',
    northwindVm: 'e3000000-0000-4000-8000-0000000000f6',
    adatumVm: 'e4000000-0000-4000-8000-0000000000f7',
  },
  subscriptions: {
    contoso: 'f1000000-0000-4000-8000-000000000051',
    contosoUk: 'f1000000-0000-4000-8000-000000000052',
    fabrikam: 'f2000000-0000-4000-8000-000000000053',
    northwind: 'f3000000-0000-4000-8000-000000000054',
    adatum: 'f4000000-0000-4000-8000-000000000055',
  },
} as const;

function price(currencyCode: string, amount: number) {
  return { currencyCode, amount };
}

function reservation(
  orderId: string,
  id: string,
  fields: {
    sku: string;
    location: string;
    quantity: number;
    type: string;
    term: 'P1Y' | 'P3Y';
    plan: 'Upfront' | 'Monthly';
    start: string;
    expiry: string;
    subscription: string;
    displayName: string;
    state?: string;
    utilization?: Array<[number, number]>;
    refund?: WorldReservation['refund'];
    refundAmount: { currencyCode: string; amount: number };
    billingInformation?: Record<string, unknown>;
    extendedStatus?: string;
  },
): WorldReservation {
  return {
    orderId,
    id,
    sku: fields.sku,
    location: fields.location,
    refund: fields.refund ?? 'ok',
    refundAmount: fields.refundAmount,
    billingInformation: fields.billingInformation,
    ...(fields.utilization
      ? {
          utilization: {
            trend: 'SAME',
            aggregates: fields.utilization.map(([grain, value]) => ({ grain, grainUnit: 'days', value, valueUnit: 'percentage' })),
          },
        }
      : {}),
    properties: {
      appliedScopes: null,
      appliedScopeType: 'Shared',
      userFriendlyAppliedScopeType: 'Shared',
      billingScopeId: `/subscriptions/${fields.subscription}`,
      billingPlan: fields.plan,
      quantity: fields.quantity,
      provisioningState: fields.state ?? 'Succeeded',
      displayProvisioningState: fields.state ?? 'Succeeded',
      effectiveDateTime: fields.start,
      benefitStartTime: fields.start,
      lastUpdatedDateTime: fields.start,
      expiryDate: fields.expiry.slice(0, 10),
      expiryDateTime: fields.expiry,
      displayName: fields.displayName,
      reservedResourceType: fields.type,
      instanceFlexibility: 'On',
      skuDescription: fields.sku,
      term: fields.term,
      renew: false,
      ...(fields.extendedStatus
        ? {
            extendedStatusInfo: {
              statusCode: fields.extendedStatus,
              message: `This reservation was ${fields.extendedStatus.toLowerCase()} and is no longer active.`,
            },
          }
        : {}),
    },
  };
}

function order(id: string, tenantId: string, fields: Record<string, unknown>, reservationIds: string[], planInformation?: Record<string, unknown>): WorldOrder {
  return { id, tenantId, properties: { provisioningState: 'Succeeded', ...fields }, planInformation, reservationIds };
}

export function seedWorld(): WorldState {
  const { orders: O, reservations: R, subscriptions: S } = IDS;
  const reservations: WorldReservation[] = [
    reservation(O.contosoEur, R.contosoVm, {
      sku: 'Standard_D2s_v5',
      location: 'westeurope',
      quantity: 2,
      type: 'VirtualMachines',
      term: 'P1Y',
      plan: 'Upfront',
      start: '2026-03-01T08:00:00Z',
      expiry: '2027-03-01T08:00:00Z',
      subscription: S.contoso,
      displayName: 'contoso-web-d2s',
      utilization: [
        [1, 0],
        [7, 12.5],
        [30, 40.25],
      ],
      refundAmount: price('EUR', 11671.23),
    }),
    reservation(O.contosoGbp, R.contosoSql, {
      sku: 'SQLDB_GP_Compute_Gen5',
      location: 'uksouth',
      quantity: 1,
      type: 'SqlDatabases',
      term: 'P3Y',
      plan: 'Monthly',
      start: '2025-06-15T00:00:00Z',
      expiry: '2028-06-15T00:00:00Z',
      subscription: S.contosoUk,
      displayName: 'contoso-sql-gp',
      utilization: [
        [1, 0],
        [7, 0],
        [30, 0],
      ],
      refundAmount: price('GBP', 95.5),
    }),
    reservation(O.fabrikamUsd, R.fabrikamOne, {
      sku: 'Standard_E4s_v5',
      location: 'eastus',
      quantity: 1,
      type: 'VirtualMachines',
      term: 'P1Y',
      plan: 'Upfront',
      start: '2026-01-10T10:30:00Z',
      expiry: '2027-01-10T10:30:00Z',
      subscription: S.fabrikam,
      displayName: 'fabrikam-e4s-a',
      refund: 'self-service-not-supported',
      refundAmount: price('USD', 2400),
    }),
    reservation(O.fabrikamUsd, R.fabrikamTwo, {
      sku: 'Standard_E4s_v5',
      location: 'eastus',
      quantity: 2,
      type: 'VirtualMachines',
      term: 'P1Y',
      plan: 'Upfront',
      start: '2026-01-10T10:30:00Z',
      expiry: '2027-01-10T10:30:00Z',
      subscription: S.fabrikam,
      displayName: 'fabrikam-e4s-b',
      refund: 'policy-errors',
      utilization: [[30, 88]],
      refundAmount: price('USD', 4800),
    }),
    reservation(O.fabrikamUsd, R.fabrikamSplitSource, {
      sku: 'Standard_E4s_v5',
      location: 'eastus',
      quantity: 3,
      type: 'VirtualMachines',
      term: 'P1Y',
      plan: 'Upfront',
      start: '2026-01-10T10:30:00Z',
      expiry: '2027-01-10T10:30:00Z',
      subscription: S.fabrikam,
      displayName: 'fabrikam-e4s',
      state: 'Cancelled',
      extendedStatus: 'Split',
      refundAmount: price('USD', 0),
    }),
    reservation(O.northwindJpy, R.northwindVm, {
      sku: 'Standard_B2ms',
      location: 'japaneast',
      quantity: 1,
      type: 'VirtualMachines',
      term: 'P1Y',
      plan: 'Upfront',
      start: '2025-11-20T03:00:00Z',
      expiry: '2026-11-20T03:00:00Z',
      subscription: S.northwind,
      displayName: 'northwind-b2ms',
      utilization: [[7, 100]],
      refundAmount: price('JPY', 150000),
      billingInformation: {
        billingPlan: 'Upfront',
        completedTransactions: 1,
        totalTransactions: 1,
        billingCurrencyTotalPaidAmount: price('JPY', 480000),
        billingCurrencyProratedAmount: price('JPY', 150000),
        billingCurrencyRemainingCommitmentAmount: price('JPY', 0),
      },
    }),
    reservation(O.adatumChf, R.adatumVm, {
      sku: 'Standard_D4s_v5',
      location: 'switzerlandnorth',
      quantity: 1,
      type: 'VirtualMachines',
      term: 'P1Y',
      plan: 'Upfront',
      start: '2026-02-01T00:00:00Z',
      expiry: '2027-02-01T00:00:00Z',
      subscription: S.adatum,
      displayName: 'adatum-d4s',
      refundAmount: price('CHF', 900),
    }),
  ];

  const paid = (pricing: number, billing: number, currency: string, status = 'Succeeded', due = '2025-07-15') => ({
    dueDate: due,
    paymentDate: status === 'Succeeded' ? due : null,
    status,
    pricingCurrencyTotal: price('USD', pricing),
    billingCurrencyTotal: status === 'Scheduled' ? null : price(currency, billing),
    billingAccount: '23456',
  });

  const orders: WorldOrder[] = [
    order(
      O.contosoEur,
      IDS.contoso.tenant,
      {
        displayName: 'contoso-web-d2s',
        term: 'P1Y',
        billingPlan: 'Upfront',
        originalQuantity: 2,
        benefitStartTime: '2026-03-01T08:00:00Z',
        expiryDateTime: '2027-03-01T08:00:00Z',
      },
      [R.contosoVm],
      {
        pricingCurrencyTotal: price('EUR', 12000),
        startDate: '2026-03-01',
        transactions: [
          {
            dueDate: '2026-03-01',
            paymentDate: '2026-03-01',
            status: 'Succeeded',
            pricingCurrencyTotal: price('EUR', 12000),
            billingCurrencyTotal: price('EUR', 12000),
          },
        ],
      },
    ),
    order(
      O.contosoGbp,
      IDS.contoso.tenant,
      {
        displayName: 'contoso-sql-gp',
        term: 'P3Y',
        billingPlan: 'Monthly',
        originalQuantity: 1,
        benefitStartTime: '2025-06-15T00:00:00Z',
        expiryDateTime: '2028-06-15T00:00:00Z',
      },
      [R.contosoSql],
      {
        pricingCurrencyTotal: price('USD', 3600),
        startDate: '2025-06-15',
        nextPaymentDueDate: '2025-10-15',
        transactions: [
          paid(100, 80, 'GBP', 'Succeeded', '2025-06-15'),
          paid(100, 80, 'GBP', 'Succeeded', '2025-07-15'),
          paid(100, 80, 'GBP', 'Failed', '2025-08-15'),
          paid(100, 80, 'GBP', 'Succeeded', '2025-08-20'),
          paid(100, 0, 'GBP', 'Scheduled', '2025-09-15'),
        ],
      },
    ),
    order(
      O.fabrikamUsd,
      IDS.fabrikam.tenant,
      {
        displayName: 'fabrikam-e4s',
        term: 'P1Y',
        billingPlan: 'Upfront',
        originalQuantity: 3,
        benefitStartTime: '2026-01-10T10:30:00Z',
        expiryDateTime: '2027-01-10T10:30:00Z',
      },
      [R.fabrikamSplitSource, R.fabrikamOne, R.fabrikamTwo],
      {
        pricingCurrencyTotal: price('USD', 9000),
        startDate: '2026-01-10',
        transactions: [
          {
            dueDate: '2026-01-10',
            paymentDate: '2026-01-10',
            status: 'Succeeded',
            pricingCurrencyTotal: price('USD', 9000),
            billingCurrencyTotal: price('USD', 9000),
          },
        ],
      },
    ),
    order(
      O.northwindJpy,
      IDS.northwind.tenant,
      {
        displayName: 'northwind-b2ms',
        term: 'P1Y',
        billingPlan: 'Upfront',
        originalQuantity: 1,
        benefitStartTime: '2025-11-20T03:00:00Z',
        expiryDateTime: '2026-11-20T03:00:00Z',
      },
      [R.northwindVm],
    ),
    order(
      O.adatumChf,
      IDS.adatum.tenant,
      {
        displayName: 'adatum-d4s',
        term: 'P1Y',
        billingPlan: 'Upfront',
        originalQuantity: 1,
        benefitStartTime: '2026-02-01T00:00:00Z',
        expiryDateTime: '2027-02-01T00:00:00Z',
      },
      [R.adatumVm],
      {
        pricingCurrencyTotal: price('CHF', 900),
        transactions: [{ status: 'Succeeded', pricingCurrencyTotal: price('CHF', 900), billingCurrencyTotal: price('CHF', 900) }],
      },
    ),
  ];

  const customers: WorldCustomer[] = [
    { ...customer(IDS.contoso, 'Contoso Ltd', 'contoso.onmicrosoft.com'), orderIds: [O.contosoEur, O.contosoGbp] },
    { ...customer(IDS.fabrikam, 'Fabrikam Inc', 'fabrikam.onmicrosoft.com'), orderIds: [O.fabrikamUsd] },
    { ...customer(IDS.northwind, 'Northwind Traders', 'northwindtraders.onmicrosoft.com'), orderIds: [O.northwindJpy] },
    { ...customer(IDS.adatum, 'Adatum Corporation', 'adatum.onmicrosoft.com'), orderIds: [O.adatumChf] },
    { ...customer(IDS.woodgrove, 'Woodgrove Bank', 'woodgrovebank.onmicrosoft.com'), orderIds: [] },
  ];

  // GetCatalog.json's shape: no msrp (prices come from calculatePrice, below).
  const catalogEntry = (name: string, title: string, restrictions: unknown[] = []) => ({
    resourceType: 'VirtualMachines',
    name,
    terms: ['P1Y', 'P3Y'],
    billingPlans: { P1Y: ['Upfront', 'Monthly'], P3Y: ['Upfront'] },
    locations: ['westeurope'],
    skuProperties: [
      { name: 'ProductTitle', value: title },
      { name: 'SKUName', value: name },
    ],
    restrictions,
  });
  const priceKey = (sku: string, term: string, plan: string) => `${S.contoso}|${sku}|westeurope|${term}|${plan}`;

  return {
    partnerTenantId: PARTNER_TENANT,
    customers,
    orders: new Map(orders.map((o) => [o.id, o])),
    reservations: new Map(reservations.map((r) => [r.id, r])),
    catalogs: new Map([
      [
        `${S.contoso}|VirtualMachines|westeurope`,
        [
          catalogEntry('Standard_D4s_v5', 'Dsv5 Series, D4s v5'),
          catalogEntry('Standard_E2s_v5', 'Esv5 Series, E2s v5', [{ type: 'Term', values: ['P3Y'], reasonCode: 'NotAvailableForSubscription' }]),
          catalogEntry('Standard_F2s_v2', 'Fsv2 Series, F2s v2', [{ type: 'Location', values: ['westeurope'], reasonCode: 'NotAvailableForSubscription' }]),
        ],
      ],
    ]),
    // Standard_E2s_v5 P1Y Monthly is left out: Azure will not price it, so it is offered as "no price".
    prices: new Map([
      [priceKey('Standard_D4s_v5', 'P1Y', 'Upfront'), price('EUR', 1500)],
      [priceKey('Standard_D4s_v5', 'P1Y', 'Monthly'), price('EUR', 1500)],
      [priceKey('Standard_D4s_v5', 'P3Y', 'Upfront'), price('EUR', 3900)],
      [priceKey('Standard_E2s_v5', 'P1Y', 'Upfront'), price('EUR', 1100.5)],
      [priceKey('Standard_F2s_v2', 'P1Y', 'Upfront'), price('EUR', 700)],
    ]),
    classifications: [
      { name: 'pc-invoices', displayName: 'Reservation Management / Request Invoices' },
      { name: 'pc-other', displayName: 'Other General Billing Questions' },
      { name: 'pc-exchanges-refunds', displayName: 'Reservation management / exchanges and refunds' },
    ],
    tickets: new Map(),
    armPageSize: 50,
    ticketCreate: 'async',
    exchangePolls: 1,
    exchangeOutcome: 'succeeded',
  };
}

function customer(ids: { id: string; tenant: string }, name: string, domain: string): Omit<WorldCustomer, 'orderIds'> {
  return { id: ids.id, tenantId: ids.tenant, name, domain };
}
