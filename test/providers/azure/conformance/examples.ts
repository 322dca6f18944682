/**
 * Microsoft's published examples for every call the azure provider makes, as fixtures written here in the same
 * shapes (same fields, same kinds of value; our own ids and amounts, not copies). Sources:
 * - Azure/azure-rest-api-specs, specification/reservations/resource-manager/Microsoft.Capacity/stable/2022-11-01/examples
 * - Azure/azure-rest-api-specs, specification/support/resource-manager/Microsoft.Support/stable/2024-04-01/examples
 * - Partner Center REST documentation samples (learn.microsoft.com/partner-center/developer)
 * Each entry says which request it matches and what may be sent with it.
 */
export interface ExampleCall {
  /** The example file (or documentation page) this entry follows. */
  example: string;
  method: 'GET' | 'POST' | 'PUT';
  path: RegExp;
  /** Query parameters the example's operation takes, each with the pattern its value must match. */
  query: Record<string, RegExp>;
  /** Query parameters every request must carry. */
  requiredQuery: string[];
  /** The request body in the example's shape, and the fields the example always sends. */
  requestBody?: unknown;
  requiredBody?: string[];
  /** Response status and body in the example's shape (a body of `undefined`: the example shows headers only). */
  responses: Record<number, { body?: unknown; headers?: string[] }>;
}

const CAPACITY = /^2022-11-01$/;
const SUPPORT = /^2024-04-01$/;
const ORDER = '/providers/microsoft.capacity/reservationOrders/1f14354c-0000-4000-8000-000000000001';
const amount = (currencyCode: string, value: number) => ({ currencyCode, amount: value });

/** Reservation properties as the examples show them, per read. */
const reservationCore = {
  appliedScopes: ['/subscriptions/98df3792-0000-4000-8000-000000000001'],
  renew: false,
  billingScopeId: '/subscriptions/19376483-0000-4000-8000-000000000001',
  appliedScopeType: 'Single',
  billingPlan: 'Monthly',
  quantity: 3,
  provisioningState: 'Succeeded',
  displayName: 'example_ri',
  effectiveDateTime: '2025-09-22T22:46:32.7632798Z',
  lastUpdatedDateTime: '2025-09-22T22:46:32.7632798Z',
  benefitStartTime: '2025-09-22T22:46:32.7632798Z',
  reservedResourceType: 'VirtualMachines',
  instanceFlexibility: 'On',
  skuDescription: 'D1 v2',
  term: 'P1Y',
};

export const CAPACITY_EXAMPLES: ExampleCall[] = [
  {
    example: 'GetReservationOrderDetailsWithExpandPlanInformation.json (ReservationOrder_Get, $expand=schedule)',
    method: 'GET',
    path: /^\/providers\/Microsoft\.Capacity\/reservationOrders\/[^/]+$/,
    query: { 'api-version': CAPACITY, $expand: /^schedule$/ },
    requiredQuery: ['api-version'],
    responses: {
      200: {
        body: {
          id: ORDER,
          type: 'Microsoft.Capacity/reservationOrders',
          name: '1f14354c-0000-4000-8000-000000000001',
          etag: 7,
          properties: {
            displayName: 'example',
            requestDateTime: '2025-08-30T03:49:19Z',
            createdDateTime: '2025-08-30T03:51:49Z',
            benefitStartTime: '2025-08-30T03:51:49Z',
            expiryDate: '2026-08-30',
            expiryDateTime: '2026-08-30T03:51:49Z',
            term: 'P1Y',
            billingPlan: 'Monthly',
            provisioningState: 'Succeeded',
            reservations: [{ id: `${ORDER}/reservations/c8c926bd-0000-4000-8000-000000000001` }],
            originalQuantity: 7,
            planInformation: {
              pricingCurrencyTotal: amount('USD', 466),
              startDate: '2025-08-30',
              nextPaymentDueDate: '2025-09-30',
              transactions: [
                {
                  dueDate: '2025-09-30',
                  paymentDate: '2025-09-30',
                  status: 'Failed',
                  pricingCurrencyTotal: amount('USD', 466),
                  billingCurrencyTotal: amount('USD', 466),
                  extendedStatusInfo: { statusCode: 'PaymentDeclined', message: 'Credit card charge failed.' },
                  billingAccount: '23456',
                },
              ],
            },
          },
        },
      },
    },
  },
  {
    example: 'GetReservationsFromOrder.json (Reservation_List: dates without time, Split/Merged originals, no utilization)',
    method: 'GET',
    path: /^\/providers\/Microsoft\.Capacity\/reservationOrders\/[^/]+\/reservations$/,
    query: { 'api-version': CAPACITY, $skiptoken: /^\d+$/ },
    requiredQuery: ['api-version'],
    responses: {
      200: {
        body: {
          value: [
            {
              sku: { name: 'Standard_DS1_v2' },
              id: `${ORDER}/reservations/bcae77cd-0000-4000-8000-000000000001`,
              type: 'Microsoft.Capacity/reservationOrders/reservations',
              name: '1f14354c-0000-4000-8000-000000000001/bcae77cd-0000-4000-8000-000000000001',
              etag: 10,
              location: 'eastus',
              properties: {
                ...reservationCore,
                provisioningState: 'Cancelled',
                expiryDate: '2026-09-22',
                extendedStatusInfo: { statusCode: 'Split', message: 'This reservation was split and is no longer active.' },
                splitProperties: { splitDestinations: [`${ORDER}/reservations/00238563-0000-4000-8000-000000000001`] },
                mergeProperties: { mergeDestination: `${ORDER}/reservations/6ef59113-0000-4000-8000-000000000001` },
                swapProperties: { swapDestination: `${ORDER}/reservations/4jf50113-0000-4000-8000-000000000001` },
              },
            },
          ],
          // ReservationList.nextLink in the 2022-11-01 spec; the example shows a single page.
          nextLink: null,
        },
      },
    },
  },
  {
    example: 'GetReservationDetails.json (Reservation_Get: expiryDateTime only, no utilization)',
    method: 'GET',
    path: /^\/providers\/Microsoft\.Capacity\/reservationOrders\/[^/]+\/reservations\/[^/]+$/,
    query: { 'api-version': CAPACITY, expand: /^renewProperties$/ },
    requiredQuery: ['api-version'],
    responses: {
      200: {
        body: {
          sku: { name: 'Standard_DS1_v2' },
          id: `${ORDER}/reservations/6ef59113-0000-4000-8000-000000000001`,
          type: 'Microsoft.Capacity/reservationOrders/reservations',
          name: '6ef59113-0000-4000-8000-000000000001',
          etag: 2,
          location: 'eastus',
          properties: {
            ...reservationCore,
            expiryDateTime: '2026-09-22T22:46:32.7632798Z',
            mergeProperties: { mergeSources: [`${ORDER}/reservations/00238563-0000-4000-8000-000000000001`] },
          },
        },
      },
    },
  },
  {
    example: 'GetReservations.json (Reservation_ListAll: utilization.aggregates, both expiry fields, summary, nextLink)',
    method: 'GET',
    path: /^\/providers\/Microsoft\.Capacity\/reservations$/,
    query: {
      'api-version': CAPACITY,
      $filter: /^.+$/,
      $orderby: /^.+$/,
      $skiptoken: /^\d+$/,
      refreshsummary: /^(true|false)$/,
      take: /^\d+$/,
      selectedState: /^.+$/,
    },
    requiredQuery: ['api-version'],
    responses: {
      200: {
        body: {
          value: [
            {
              id: `${ORDER}/reservations/00000000-0000-4000-8000-000000000000`,
              name: '1f14354c-0000-4000-8000-000000000001/00000000-0000-4000-8000-000000000000',
              type: 'Microsoft.Capacity/reservationOrders/reservations',
              location: 'westus',
              sku: { name: 'Standard_D1' },
              properties: {
                // Fields the list answers of the same resource carry (GetReservationsFromOrder.json), then ListAll's own.
                ...reservationCore,
                appliedScopeType: 'Shared',
                displayName: 'VM_RI_example',
                displayProvisioningState: 'Succeeded',
                effectiveDateTime: '2025-09-22T22:46:32.7632798Z',
                expiryDate: '2028-07-21',
                expiryDateTime: '2028-07-21T22:46:32.7632798Z',
                provisioningState: 'Succeeded',
                provisioningSubState: null,
                purchaseDate: '2025-04-22',
                purchaseDateTime: '2025-04-22T22:46:32.7632798Z',
                quantity: 2,
                renew: false,
                renewSource: `${ORDER}/reservations/00000000-0000-4000-8000-000000000003`,
                reservedResourceType: 'VirtualMachines',
                skuDescription: null,
                term: 'P3Y',
                userFriendlyAppliedScopeType: 'Shared',
                userFriendlyRenewState: 'Off',
                utilization: { trend: 'UP', aggregates: [{ grain: 1, grainUnit: 'days', value: 0.05, valueUnit: 'percentage' }] },
                extendedStatusInfo: { statusCode: 'Merged', message: 'This reservation was merged and is no longer active.' },
              },
            },
          ],
          summary: { succeededCount: 1, failedCount: 0, expiringCount: 0, expiredCount: 0, pendingCount: 0, cancelledCount: 0 },
          nextLink: null,
        },
      },
    },
  },
  {
    example: 'CalculateReservationOrder.json (calculatePrice)',
    method: 'POST',
    path: /^\/providers\/Microsoft\.Capacity\/calculatePrice$/,
    query: { 'api-version': CAPACITY },
    requiredQuery: ['api-version'],
    requestBody: {
      sku: { name: 'standard_D1' },
      location: 'westus',
      properties: {
        reservedResourceType: 'VirtualMachines',
        billingScopeId: '/subscriptions/ed3a1871-0000-4000-8000-000000000001',
        term: 'P1Y',
        billingPlan: 'Monthly',
        quantity: 1,
        displayName: 'ExampleReservationOrder',
        appliedScopes: null,
        appliedScopeType: 'Shared',
        // PurchaseRequestProperties.renew (CalculateExchange.json sends it in the same request shape).
        renew: false,
        reservedResourceProperties: { instanceFlexibility: 'On' },
      },
    },
    requiredBody: [
      'sku.name',
      'location',
      'properties.reservedResourceType',
      'properties.billingScopeId',
      'properties.term',
      'properties.billingPlan',
      'properties.quantity',
    ],
    responses: {
      200: {
        body: {
          properties: {
            billingCurrencyTotal: amount('USD', 46),
            reservationOrderId: '6d9cec54-0000-4000-8000-000000000001',
            skuTitle: 'Reserved VM Instance, Standard_D1, US West, 1 Year',
            skuDescription: 'standard_D1',
            pricingCurrencyTotal: amount('USD', 46),
            paymentSchedule: [{ dueDate: '2025-05-14', pricingCurrencyTotal: amount('USD', 46), billingCurrencyTotal: amount('EUR', 40) }],
          },
        },
      },
    },
  },
  {
    example: 'CalculateExchange.json (202 + Azure-AsyncOperation)',
    method: 'POST',
    path: /^\/providers\/Microsoft\.Capacity\/calculateExchange$/,
    query: { 'api-version': CAPACITY },
    requiredQuery: ['api-version'],
    requestBody: {
      properties: {
        reservationsToPurchase: [
          {
            sku: { name: 'Standard_B1ls' },
            location: 'westus',
            properties: {
              reservedResourceType: 'VirtualMachines',
              billingScopeId: '/subscriptions/ed3a1871-0000-4000-8000-000000000001',
              term: 'P1Y',
              billingPlan: 'Upfront',
              quantity: 1,
              displayName: 'exampleDisplayName',
              appliedScopeType: 'Shared',
              appliedScopes: null,
              renew: false,
              reservedResourceProperties: { instanceFlexibility: 'On' },
            },
          },
        ],
        reservationsToExchange: [{ reservationId: `${ORDER}/reservations/c8c926bd-0000-4000-8000-000000000001`, quantity: 1 }],
      },
    },
    requiredBody: ['properties.reservationsToPurchase', 'properties.reservationsToExchange'],
    responses: { 202: { headers: ['azure-asyncoperation', 'location', 'retry-after'] } },
  },
  {
    example: 'CalculateExchange.json and Exchange.json (the operation result, its 200 body)',
    method: 'GET',
    path: /^\/providers\/Microsoft\.Capacity\/operationResults\/[^/]+$/,
    query: { 'api-version': CAPACITY },
    requiredQuery: ['api-version'],
    responses: {
      200: {
        body: {
          id: '/providers/microsoft.capacity/operationResults/4e2ffff7-0000-4000-8000-000000000001',
          name: '4e2ffff7-0000-4000-8000-000000000001',
          status: 'Succeeded',
          // A failed operation's body (the ARM error shape).
          error: { code: 'ExchangeNotAllowed', message: 'not allowed' },
          properties: {
            sessionId: '66e2ac8f-0000-4000-8000-000000000001',
            netPayable: amount('USD', 15840),
            refundsTotal: amount('USD', 3960),
            purchasesTotal: amount('USD', 19800),
            policyResult: { policyErrors: null },
            reservationsToPurchase: [
              {
                properties: {
                  sku: { name: 'Standard_B1ls' },
                  location: 'westus',
                  properties: {
                    reservedResourceType: 'VirtualMachines',
                    billingScopeId: '/subscriptions/ed3a1871-0000-4000-8000-000000000001',
                    term: 'P1Y',
                    billingPlan: 'Upfront',
                    quantity: 1,
                    displayName: 'exampleDisplayName',
                    appliedScopeType: 'Shared',
                    appliedScopes: null,
                    renew: false,
                    reservedResourceProperties: { instanceFlexibility: 'On' },
                  },
                },
                billingCurrencyTotal: amount('USD', 19800),
                // Exchange.json: the purchase's new order and reservation, and its status.
                reservationOrderId: '/providers/microsoft.capacity/reservationOrders/1e85c519-0000-4000-8000-000000000001',
                reservationId:
                  '/providers/microsoft.capacity/reservationOrders/1e85c519-0000-4000-8000-000000000001/reservations/0c80fceb-0000-4000-8000-000000000001',
                status: 'Succeeded',
              },
            ],
            reservationsToExchange: [
              {
                reservationId: `${ORDER}/reservations/c8c926bd-0000-4000-8000-000000000001`,
                quantity: 1,
                billingRefundAmount: amount('USD', 3960),
                // Exchange.json: the refund part's status.
                status: 'Succeeded',
                billingInformation: {
                  billingCurrencyTotalPaidAmount: amount('USD', 19800),
                  billingCurrencyProratedAmount: amount('USD', 15840),
                  billingCurrencyRemainingCommitmentAmount: amount('USD', 0),
                },
              },
            ],
          },
        },
      },
    },
  },
  {
    example: 'GetCatalog.json (a bare array, no msrp)',
    method: 'GET',
    path: /^\/subscriptions\/[^/]+\/providers\/Microsoft\.Capacity\/catalogs$/,
    query: { 'api-version': CAPACITY, reservedResourceType: /^\w+$/, location: /^\w+$/ },
    requiredQuery: ['api-version', 'reservedResourceType', 'location'],
    responses: {
      200: {
        body: [
          {
            resourceType: 'VirtualMachines',
            name: 'Standard_D1',
            terms: ['P1Y', 'P3Y'],
            billingPlans: { P1Y: ['Upfront', 'Monthly'], P3Y: ['Upfront', 'Monthly'] },
            locations: ['eastus'],
            skuProperties: [{ name: 'ProductTitle', value: 'D Series, D1' }],
            restrictions: [{ type: 'Term', values: ['P1Y'], reasonCode: 'NotAvailableForSubscription' }],
          },
        ],
      },
    },
  },
  {
    // The stored copy of the 2022-11-01 examples has no CalculateRefund.json; this follows the same spec's
    // CalculateRefundRequest / CalculateRefundResponse definitions (what @azure/arm-reservations serializes).
    example: 'Return_CalculateRefund (2022-11-01 spec: CalculateRefundRequest / CalculateRefundResponse)',
    method: 'POST',
    path: /^\/providers\/Microsoft\.Capacity\/reservationOrders\/[^/]+\/calculateRefund$/,
    query: { 'api-version': CAPACITY },
    requiredQuery: ['api-version'],
    requestBody: {
      id: ORDER,
      properties: { scope: 'Reservation', reservationToReturn: { reservationId: `${ORDER}/reservations/c8c926bd-0000-4000-8000-000000000001`, quantity: 1 } },
    },
    requiredBody: ['id', 'properties.scope', 'properties.reservationToReturn.reservationId', 'properties.reservationToReturn.quantity'],
    responses: {
      200: {
        body: {
          id: `${ORDER}/reservations/c8c926bd-0000-4000-8000-000000000001`,
          properties: {
            sessionId: '10000000-0000-4000-8000-000000000001',
            quantity: 1,
            billingRefundAmount: amount('USD', 100),
            pricingRefundAmount: amount('USD', 100),
            policyResult: {
              properties: {
                consumedRefundsTotal: amount('USD', 1),
                maxRefundLimit: amount('USD', 50000),
                policyErrors: [{ code: 'RefundLimitExceeded', message: 'limit' }],
              },
            },
            billingInformation: {
              billingPlan: 'Upfront',
              completedTransactions: 1,
              totalTransactions: 1,
              billingCurrencyTotalPaidAmount: amount('USD', 200),
              billingCurrencyProratedAmount: amount('USD', 100),
              billingCurrencyRemainingCommitmentAmount: amount('USD', 0),
            },
          },
        },
      },
    },
  },
  {
    example: 'Return.json (POST return: 202 with the refund figures and a Location)',
    method: 'POST',
    path: /^\/providers\/Microsoft\.Capacity\/reservationOrders\/[^/]+\/return$/,
    query: { 'api-version': CAPACITY },
    requiredQuery: ['api-version'],
    requestBody: {
      properties: {
        sessionId: '10000000-0000-4000-8000-000000000001',
        scope: 'Reservation',
        reservationToReturn: { reservationId: `${ORDER}/reservations/c8c926bd-0000-4000-8000-000000000001`, quantity: 1 },
        returnReason: 'PurchasedWrongProduct',
      },
    },
    requiredBody: ['properties.sessionId', 'properties.scope', 'properties.reservationToReturn.reservationId', 'properties.reservationToReturn.quantity'],
    responses: {
      202: {
        headers: ['location'],
        body: {
          id: `${ORDER}/reservations/c8c926bd-0000-4000-8000-000000000001`,
          properties: {
            sessionId: '10000000-0000-4000-8000-000000000001',
            quantity: 1,
            billingRefundAmount: amount('GBP', 20.52),
            pricingRefundAmount: amount('USD', 24.68),
            policyResult: { properties: { consumedRefundsTotal: amount('USD', 83.69), maxRefundLimit: amount('USD', 50000), policyErrors: [] } },
            billingInformation: {
              billingPlan: 'Upfront',
              completedTransactions: 1,
              totalTransactions: 1,
              billingCurrencyTotalPaidAmount: amount('GBP', 24),
              billingCurrencyProratedAmount: amount('GBP', 3.48),
              billingCurrencyRemainingCommitmentAmount: amount('GBP', 0),
            },
          },
        },
      },
    },
  },
  {
    example: 'Exchange.json (POST exchange with the sessionId: 202 + Azure-AsyncOperation)',
    method: 'POST',
    path: /^\/providers\/Microsoft\.Capacity\/exchange$/,
    query: { 'api-version': CAPACITY },
    requiredQuery: ['api-version'],
    requestBody: { properties: { sessionId: '66e2ac8f-0000-4000-8000-000000000001' } },
    requiredBody: ['properties.sessionId'],
    responses: { 202: { headers: ['azure-asyncoperation', 'location', 'retry-after'] } },
  },
];

/**
 * Return.json's `Location` is the reservation order, spelled `reservationorders`: 202 while the return runs, then
 * 200 with the order. Listed before the other examples, so the order's own read (`reservationOrders`) stays theirs.
 */
const RETURN_LOCATION: ExampleCall = {
  example: 'Return.json (its Location: the reservation order, 202 while returning, then 200)',
  method: 'GET',
  path: /^\/providers\/Microsoft\.Capacity\/reservationorders\/[^/]+$/,
  query: { 'api-version': CAPACITY },
  requiredQuery: ['api-version'],
  responses: {
    202: { headers: ['location'] },
    200: {
      body: {
        id: ORDER,
        type: 'Microsoft.Capacity/reservationOrders',
        name: '1f14354c-0000-4000-8000-000000000001',
        etag: 7,
        properties: {
          displayName: 'example_order',
          requestDateTime: '2025-08-30T03:49:19.0252126Z',
          createdDateTime: '2025-08-30T03:51:49.8083758Z',
          benefitStartTime: '2025-08-30T03:51:49.8083758Z',
          expiryDate: '2026-08-30',
          expiryDateTime: '2026-08-30T03:51:49.8083758Z',
          term: 'P1Y',
          billingPlan: 'Monthly',
          provisioningState: 'Succeeded',
          reservations: [{ id: `${ORDER}/reservations/c8c926bd-0000-4000-8000-000000000001` }],
          originalQuantity: 7,
        },
      },
    },
  },
};

const ticketProperties = {
  serviceId: '/providers/Microsoft.Support/services/billing_service_guid',
  title: 'my title',
  description: 'my description',
  problemClassificationId: '/providers/Microsoft.Support/services/billing_service_guid/problemClassifications/pc_guid',
  severity: 'moderate',
  advancedDiagnosticConsent: 'No',
  contactDetails: {
    firstName: 'abc',
    lastName: 'xyz',
    primaryEmailAddress: 'abc@example.com',
    preferredContactMethod: 'email',
    preferredTimeZone: 'Pacific Standard Time',
    preferredSupportLanguage: 'en-US',
    country: 'usa',
    // ContactProfile.phoneNumber (the 2024-04-01 spec; the example's contact prefers e-mail and gives none).
    phoneNumber: '+1 555 0100',
  },
};

export const SUPPORT_EXAMPLES: ExampleCall[] = [
  {
    example: 'ListProblemClassifications.json',
    method: 'GET',
    path: /^\/providers\/Microsoft\.Support\/services\/[^/]+\/problemClassifications$/,
    query: { 'api-version': SUPPORT },
    requiredQuery: ['api-version'],
    responses: {
      200: {
        body: {
          value: [
            {
              id: '/providers/Microsoft.Support/services/service_guid/problemClassifications/pc_guid_1',
              name: 'pc_guid_1',
              type: 'Microsoft.Support/problemClassifications',
              properties: {
                displayName: 'Reservation Management / Exchanges and Refunds',
                secondaryConsentEnabled: [{ description: 'consent', type: 'DatabricksConsent' }],
              },
            },
          ],
          nextLink: null,
        },
      },
    },
  },
  {
    example: 'CreateBillingSupportTicket.json (PUT, 202 + location/azure-asyncoperation)',
    method: 'PUT',
    path: /^\/providers\/Microsoft\.Support\/supportTickets\/[^/]+$/,
    query: { 'api-version': SUPPORT },
    requiredQuery: ['api-version'],
    requestBody: { properties: { ...ticketProperties, supportPlanId: 'plan', fileWorkspaceName: 'workspace' } },
    requiredBody: [
      'properties.serviceId',
      'properties.title',
      'properties.description',
      'properties.problemClassificationId',
      'properties.severity',
      'properties.advancedDiagnosticConsent',
      'properties.contactDetails.firstName',
      'properties.contactDetails.lastName',
      'properties.contactDetails.primaryEmailAddress',
      'properties.contactDetails.preferredContactMethod',
      'properties.contactDetails.preferredTimeZone',
      'properties.contactDetails.preferredSupportLanguage',
      'properties.contactDetails.country',
    ],
    responses: { 202: { headers: ['location', 'azure-asyncoperation'] } },
  },
  {
    example: 'GetSupportTicketDetails.json',
    method: 'GET',
    path: /^\/providers\/Microsoft\.Support\/supportTickets\/[^/]+$/,
    query: { 'api-version': SUPPORT },
    requiredQuery: ['api-version'],
    responses: {
      200: {
        body: {
          id: '/providers/Microsoft.Support/supportTickets/testticket',
          name: 'testticket',
          type: 'Microsoft.Support/supportTickets',
          properties: {
            ...ticketProperties,
            supportTicketId: '118032014183770',
            problemClassificationDisplayName: 'Refund request',
            require24X7Response: false,
            serviceLevelAgreement: { startTime: '2025-03-20T21:36:18Z', expirationTime: '2025-03-21T17:36:18Z', slaMinutes: 240 },
            supportEngineer: { emailAddress: null },
            supportPlanType: 'Premier',
            supportPlanDisplayName: 'Premier',
            serviceDisplayName: 'Billing',
            status: 'Open',
            createdDate: '2025-03-20T21:36:18Z',
            modifiedDate: '2025-03-20T21:36:23Z',
          },
        },
      },
    },
  },
  {
    // The azure-asyncoperation URL CreateBillingSupportTicket.json names; its body is ARM's operation status.
    example: 'CreateBillingSupportTicket.json (its azure-asyncoperation status, ARM async-operation pattern)',
    method: 'GET',
    path: /^\/providers\/Microsoft\.Support\/operationsStatus\/[^/]+$/,
    query: { 'api-version': SUPPORT },
    requiredQuery: ['api-version'],
    responses: { 200: { body: { status: 'Succeeded' } } },
  },
];

const pcLink = { uri: '/customers?size=2&seekOperation=Next', method: 'GET', headers: [{ key: 'MS-ContinuationToken', value: 'token' }] };
const pcCustomer = {
  id: '7d7c1a5e-0000-4000-8000-000000000001',
  companyProfile: {
    tenantId: '7d7c1a5e-0000-4000-8000-000000000001',
    domain: 'example.onmicrosoft.com',
    companyName: 'Example',
    attributes: { objectType: 'CustomerCompanyProfile' },
  },
  relationshipToPartner: 'reseller',
  attributes: { objectType: 'Customer' },
};

export const PARTNER_CENTER_EXAMPLES: ExampleCall[] = [
  {
    example: 'Partner Center: Get a list of customers (size, then links.next with MS-ContinuationToken)',
    method: 'GET',
    path: /^\/v1\/customers$/,
    query: { size: /^\d+$/, seekOperation: /^Next$/ },
    requiredQuery: ['size'],
    responses: {
      200: {
        body: { totalCount: 2, items: [pcCustomer], links: { self: { ...pcLink, headers: [] }, next: pcLink }, attributes: { objectType: 'Collection' } },
      },
    },
  },
  {
    example: 'Partner Center: Get a customer by ID',
    method: 'GET',
    path: /^\/v1\/customers\/[^/]+$/,
    query: {},
    requiredQuery: [],
    responses: { 200: { body: pcCustomer } },
  },
  {
    example: 'Partner Center: Get a collection of entitlements (entitlementType=reservedInstance)',
    method: 'GET',
    path: /^\/v1\/customers\/[^/]+\/entitlements$/,
    query: { entitlementType: /^reservedInstance$/ },
    requiredQuery: ['entitlementType'],
    responses: {
      200: {
        body: {
          totalCount: 1,
          items: [
            {
              includedEntitlements: [],
              referenceOrder: { id: 'order-1', lineItemId: '0' },
              productId: 'DZH318Z0BQ3W',
              quantity: 1,
              entitledArtifacts: [
                {
                  link: { uri: '/customers/c/artifacts/reservedinstance/groups/g/lineitems/l/resource/r', method: 'GET', headers: [] },
                  resourceId: 'order-guid',
                  artifactType: 'reservedinstance',
                  dynamicAttributes: {},
                },
              ],
              skuId: '007J',
              entitlementType: 'reservedInstance',
            },
          ],
          attributes: { objectType: 'Collection' },
        },
      },
    },
  },
  {
    example: 'Partner Center: Get reservation details by customer (ReservedInstanceArtifactDetails behind an artifact link)',
    method: 'GET',
    path: /^\/v1\/customers\/[^/]+\/artifacts\/reservedinstance\//,
    query: {},
    requiredQuery: [],
    responses: {
      200: {
        body: {
          type: 'reservedinstance',
          reservations: [
            {
              reservationId: '52d9d3e5-0000-4000-8000-000000000001',
              scopeType: 'Shared',
              quantity: 1,
              expiryDateTime: '2026-05-07T17:35:21Z',
              effectiveDateTime: '2025-05-07T17:35:21Z',
              provisioningState: 'Succeeded',
            },
          ],
        },
      },
    },
  },
];

export const ALL_EXAMPLES: ExampleCall[] = [RETURN_LOCATION, ...CAPACITY_EXAMPLES, ...SUPPORT_EXAMPLES, ...PARTNER_CENTER_EXAMPLES];

export function exampleFor(method: string, path: string): ExampleCall | undefined {
  return ALL_EXAMPLES.find((e) => e.method === method && e.path.test(path));
}
