import { z } from 'zod';

/**
 * Answers of the calls behind managing a reservation: Microsoft.Capacity availableScopes (2022-11-01),
 * subscriptions, resource groups and management groups (Resource Manager), Microsoft.Authorization role
 * assignments and definitions (2022-04-01), and Microsoft Graph users (v1.0). Shapes follow Microsoft's
 * published examples (azure-rest-api-specs; Graph's API reference).
 */
export const availableScopesSchema = z.object({
  properties: z.object({
    scopes: z.array(z.object({ scope: z.string(), valid: z.boolean(), reason: z.string().nullish() })).nullish(),
  }),
});

export const subscriptionSchema = z.object({
  subscriptionId: z.string().min(1),
  displayName: z.string().nullish(),
  state: z.string().nullish(),
});

export const resourceGroupSchema = z.object({ name: z.string().min(1) });

export const managementGroupSchema = z.object({
  name: z.string().min(1),
  properties: z.object({ displayName: z.string().nullish() }).nullish(),
});

export const roleAssignmentSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  properties: z.object({
    roleDefinitionId: z.string().min(1),
    principalId: z.string().min(1),
    principalType: z.string().nullish(),
    scope: z.string().min(1),
  }),
});
export type WireRoleAssignment = z.infer<typeof roleAssignmentSchema>;

export const roleDefinitionSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  properties: z.object({ roleName: z.string().min(1) }),
});

export const graphUserSchema = z.object({
  id: z.string().min(1),
  displayName: z.string().nullish(),
  userPrincipalName: z.string().nullish(),
});
export type WireGraphUser = z.infer<typeof graphUserSchema>;

export const graphListSchema = <T>(item: z.ZodType<T>) => z.object({ value: z.array(item) });

/** The reservation fields a change needs beyond what reservationSchema reads. */
export const managedReservationSchema = z.object({
  id: z.string().min(1),
  location: z.string().nullish(),
  sku: z.object({ name: z.string().nullish() }).nullish(),
  properties: z.object({
    displayName: z.string().nullish(),
    appliedScopeType: z.string().nullish(),
    appliedScopes: z.array(z.string()).nullish(),
    appliedScopeProperties: z
      .object({
        subscriptionId: z.string().nullish(),
        resourceGroupId: z.string().nullish(),
        managementGroupId: z.string().nullish(),
        displayName: z.string().nullish(),
      })
      .nullish(),
    renew: z.boolean().nullish(),
    reservedResourceType: z.string().nullish(),
    quantity: z.number().nullish(),
    term: z.string().nullish(),
    billingPlan: z.string().nullish(),
    billingScopeId: z.string().nullish(),
    provisioningState: z.string().nullish(),
    instanceFlexibility: z.string().nullish(),
  }),
});
export type WireManagedReservation = z.infer<typeof managedReservationSchema>;
