import { z } from 'zod';
import { partnerCenterLinkSchema } from '../http/paging';

/**
 * Partner Center REST answers, as documented (learn.microsoft.com/partner-center/developer: "Get a list of
 * customers", "Get a customer by ID", "Get a collection of entitlements"). Only the fields the bot uses
 * are required; everything else is ignored, so additive changes at Microsoft do not break us.
 */
export const pcCustomerSchema = z.object({
  id: z.string().min(1),
  companyProfile: z
    .object({
      tenantId: z.string().nullish(),
      domain: z.string().nullish(),
      companyName: z.string().nullish(),
    })
    .nullish(),
});
export type PcCustomer = z.infer<typeof pcCustomerSchema>;

const collectionLinks = z.object({ next: partnerCenterLinkSchema.nullish() }).nullish();

export const pcCustomerPageSchema = z.object({
  totalCount: z.number().optional(),
  items: z.array(pcCustomerSchema),
  links: collectionLinks,
});

export const pcArtifactSchema = z.object({
  artifactType: z.string(),
  /** For reserved instances: the reservation order id. */
  resourceId: z.string().nullish(),
  link: partnerCenterLinkSchema.nullish(),
  dynamicAttributes: z.record(z.string(), z.unknown()).nullish(),
});
export type PcArtifact = z.infer<typeof pcArtifactSchema>;

export const pcEntitlementSchema = z.object({
  entitlementType: z.string().nullish(),
  productId: z.string().nullish(),
  skuId: z.string().nullish(),
  skuTitle: z.string().nullish(),
  quantity: z.number().nullish(),
  referenceOrder: z.object({ id: z.string().nullish(), lineItemId: z.string().nullish() }).nullish(),
  entitledArtifacts: z.array(pcArtifactSchema).nullish(),
});
export type PcEntitlement = z.infer<typeof pcEntitlementSchema>;

export const pcEntitlementPageSchema = z.object({
  totalCount: z.number().optional(),
  items: z.array(pcEntitlementSchema),
  links: collectionLinks,
});

const pcArtifactReservationSchema = z.object({
  /** A bare GUID in the documented example; a full ARM id is accepted too. */
  reservationId: z.string().min(1),
  scopeType: z.string().nullish(),
  quantity: z.number().nullish(),
  expiryDateTime: z.string().nullish(),
  effectiveDateTime: z.string().nullish(),
  provisioningState: z.string().nullish(),
});

/** ReservedInstanceArtifactDetails: `reservations` (SDK 1.9+) or `virtualMachineReservations` (older answers). */
export const pcArtifactDetailsSchema = z.object({
  type: z.string().nullish(),
  reservations: z.array(pcArtifactReservationSchema).nullish(),
  virtualMachineReservations: z.array(pcArtifactReservationSchema).nullish(),
});
export type PcArtifactDetails = z.infer<typeof pcArtifactDetailsSchema>;

/** Artifact types Partner Center has used for Azure reservations, lower-cased. */
export const RESERVED_INSTANCE_ARTIFACT_TYPES = new Set(['reservedinstance', 'virtual_machine_reserved_instance', 'virtualmachinereservedinstance']);
