import { z } from 'zod';
import { priceSchema } from './armSchemas';

/**
 * The exchange operation's result (azure-rest-api-specs Microsoft.Capacity 2022-11-01, Exchange.json): what the
 * `Azure-AsyncOperation` monitor answers, and the 200 body when Azure answers at once.
 */
export const exchangeOperationSchema = z.object({
  id: z.string().nullish(),
  name: z.string().nullish(),
  status: z.string(),
  properties: z
    .object({
      sessionId: z.string().nullish(),
      netPayable: priceSchema.nullish(),
      refundsTotal: priceSchema.nullish(),
      purchasesTotal: priceSchema.nullish(),
      reservationsToPurchase: z
        .array(
          z.object({
            reservationOrderId: z.string().nullish(),
            reservationId: z.string().nullish(),
            billingCurrencyTotal: priceSchema.nullish(),
            status: z.string().nullish(),
          }),
        )
        .nullish(),
      reservationsToExchange: z
        .array(
          z.object({
            reservationId: z.string().nullish(),
            quantity: z.number().nullish(),
            billingRefundAmount: priceSchema.nullish(),
            status: z.string().nullish(),
          }),
        )
        .nullish(),
    })
    .nullish(),
  error: z.object({ code: z.string().nullish(), message: z.string().nullish() }).nullish(),
});
export type WireExchangeOperation = z.infer<typeof exchangeOperationSchema>;
