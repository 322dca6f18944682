import { z } from 'zod';

/**
 * Microsoft.Capacity answers at api-version 2022-11-01 (azure-rest-api-specs, reservations/stable/2022-11-01;
 * the same shapes @azure/arm-reservations 9 maps). Dates stay strings here and are parsed where used.
 */
export const priceSchema = z.object({ currencyCode: z.string(), amount: z.number() });
export type WirePrice = z.infer<typeof priceSchema>;

/**
 * An amount in an order's payment plan, read without judging it: a missing, negative or non-numeric amount there
 * is a contradiction in Azure's figures that reservationMapping names for the agent, not a reason to refuse the
 * whole listing.
 */
export const orderAmountSchema = z.object({ currencyCode: z.string().nullish(), amount: z.unknown() });
export type WireOrderAmount = z.infer<typeof orderAmountSchema>;

const utilizationSchema = z.object({
  trend: z.string().nullish(),
  aggregates: z
    .array(
      z.object({
        grain: z.number().nullish(),
        grainUnit: z.string().nullish(),
        value: z.number().nullish(),
        valueUnit: z.string().nullish(),
      }),
    )
    .nullish(),
});

export type WireUtilization = z.infer<typeof utilizationSchema>;

export const reservationSchema = z.object({
  id: z.string().min(1),
  name: z.string().nullish(),
  location: z.string().nullish(),
  sku: z.object({ name: z.string().nullish() }).nullish(),
  properties: z.object({
    reservedResourceType: z.string().nullish(),
    displayName: z.string().nullish(),
    appliedScopes: z.array(z.string()).nullish(),
    appliedScopeType: z.string().nullish(),
    userFriendlyAppliedScopeType: z.string().nullish(),
    quantity: z.number().nullish(),
    provisioningState: z.string().nullish(),
    displayProvisioningState: z.string().nullish(),
    effectiveDateTime: z.string().nullish(),
    benefitStartTime: z.string().nullish(),
    expiryDate: z.string().nullish(),
    expiryDateTime: z.string().nullish(),
    purchaseDateTime: z.string().nullish(),
    skuDescription: z.string().nullish(),
    extendedStatusInfo: z.object({ statusCode: z.string().nullish(), message: z.string().nullish() }).nullish(),
    billingPlan: z.string().nullish(),
    billingScopeId: z.string().nullish(),
    term: z.string().nullish(),
    /** Auto-renewal on (2022-11-01 Reservation `properties.renew`); absent or null: not stated. */
    renew: z.boolean().nullish(),
    // e.g. "ApiReturnEnabled, ApiExchangeEnabled": which self-service operations Azure allows (absent: not stated).
    capabilities: z.string().nullish(),
    utilization: utilizationSchema.nullish(),
  }),
});
export type WireReservation = z.infer<typeof reservationSchema>;

const paymentSchema = z.object({
  dueDate: z.string().nullish(),
  paymentDate: z.string().nullish(),
  pricingCurrencyTotal: orderAmountSchema.nullish(),
  billingCurrencyTotal: orderAmountSchema.nullish(),
  status: z.string().nullish(),
});

export const reservationOrderSchema = z.object({
  id: z.string().min(1),
  name: z.string().nullish(),
  properties: z.object({
    displayName: z.string().nullish(),
    requestDateTime: z.string().nullish(),
    createdDateTime: z.string().nullish(),
    benefitStartTime: z.string().nullish(),
    expiryDate: z.string().nullish(),
    expiryDateTime: z.string().nullish(),
    originalQuantity: z.number().nullish(),
    term: z.string().nullish(),
    provisioningState: z.string().nullish(),
    billingPlan: z.string().nullish(),
    planInformation: z
      .object({
        pricingCurrencyTotal: orderAmountSchema.nullish(),
        startDate: z.string().nullish(),
        nextPaymentDueDate: z.string().nullish(),
        transactions: z.array(paymentSchema).nullish(),
      })
      .nullish(),
    reservations: z.array(z.object({ id: z.string() })).nullish(),
  }),
});
export type WireReservationOrder = z.infer<typeof reservationOrderSchema>;

const policyErrorSchema = z.object({ code: z.string().nullish(), message: z.string().nullish() });

const billingInformationSchema = z.object({
  billingPlan: z.string().nullish(),
  completedTransactions: z.number().nullish(),
  totalTransactions: z.number().nullish(),
  billingCurrencyTotalPaidAmount: priceSchema.nullish(),
  billingCurrencyProratedAmount: priceSchema.nullish(),
  billingCurrencyRemainingCommitmentAmount: priceSchema.nullish(),
});
export type WireBillingInformation = z.infer<typeof billingInformationSchema>;

export const calculateRefundResponseSchema = z.object({
  id: z.string().nullish(),
  properties: z
    .object({
      sessionId: z.string().nullish(),
      quantity: z.number().nullish(),
      billingRefundAmount: priceSchema.nullish(),
      pricingRefundAmount: priceSchema.nullish(),
      policyResult: z
        .object({
          properties: z
            .object({
              consumedRefundsTotal: priceSchema.nullish(),
              maxRefundLimit: priceSchema.nullish(),
              policyErrors: z.array(policyErrorSchema).nullish(),
            })
            .nullish(),
        })
        .nullish(),
      billingInformation: billingInformationSchema.nullish(),
    })
    .nullish(),
});
export type WireRefundResponse = z.infer<typeof calculateRefundResponseSchema>;

export const calculateExchangeResultSchema = z.object({
  id: z.string().nullish(),
  status: z.string().nullish(),
  properties: z
    .object({
      sessionId: z.string().nullish(),
      netPayable: priceSchema.nullish(),
      refundsTotal: priceSchema.nullish(),
      purchasesTotal: priceSchema.nullish(),
      policyResult: z.object({ policyErrors: z.array(policyErrorSchema).nullish() }).nullish(),
      reservationsToPurchase: z
        .array(
          z.object({
            properties: z.object({ sku: z.object({ name: z.string().nullish() }).nullish() }).nullish(),
            billingCurrencyTotal: priceSchema.nullish(),
          }),
        )
        .nullish(),
      reservationsToExchange: z
        .array(
          z.object({
            reservationId: z.string().nullish(),
            quantity: z.number().nullish(),
            billingRefundAmount: priceSchema.nullish(),
            billingInformation: billingInformationSchema.nullish(),
          }),
        )
        .nullish(),
    })
    .nullish(),
  error: policyErrorSchema.nullish(),
});
export type WireExchangeResult = z.infer<typeof calculateExchangeResultSchema>;

export const catalogItemSchema = z.object({
  resourceType: z.string().nullish(),
  name: z.string().min(1),
  terms: z.array(z.string()).nullish(),
  billingPlans: z.record(z.string(), z.array(z.string())).nullish(),
  locations: z.array(z.string()).nullish(),
  skuProperties: z.array(z.object({ name: z.string().nullish(), value: z.string().nullish() })).nullish(),
  msrp: z.object({ p1Y: priceSchema.nullish(), p3Y: priceSchema.nullish(), p5Y: priceSchema.nullish() }).nullish(),
  restrictions: z.array(z.object({ type: z.string().nullish(), values: z.array(z.string()).nullish(), reasonCode: z.string().nullish() })).nullish(),
});
export type WireCatalogItem = z.infer<typeof catalogItemSchema>;

/** calculatePrice (POST /providers/Microsoft.Capacity/calculatePrice): what buying the product would cost. */
export const calculatePriceResponseSchema = z.object({
  properties: z
    .object({
      billingCurrencyTotal: priceSchema.nullish(),
      pricingCurrencyTotal: priceSchema.nullish(),
      isBillingPartnerManaged: z.boolean().nullish(),
      skuTitle: z.string().nullish(),
      skuDescription: z.string().nullish(),
    })
    .nullish(),
});
export type WirePriceCalculation = z.infer<typeof calculatePriceResponseSchema>;
