import type { AppliedScope } from '../domain/management';
import type { BillingPlan, Term } from '../domain/types';

export { SCOPE_TYPES, type AppliedScope, type ScopeType } from '../domain/management';

/**
 * Managing a reservation (SPEC section 8): its scope, automatic renewal, display name and who may manage or read
 * its order. Both providers implement it: the sandbox over its fictional Azure estate, the azure provider over
 * Microsoft.Capacity (PATCH, availableScopes) and Microsoft.Authorization role assignments.
 */

/** What renewal at expiry would buy: Azure needs these purchase properties to turn renewal on. */
export interface RenewalPurchase {
  sku: string;
  region: string;
  reservedResourceType: string;
  term: Term;
  billingPlan: BillingPlan;
  quantity: number;
  /** The subscription billed for the renewal. */
  billingSubscriptionId: string;
}

export interface ReservationSettings {
  customerId: string;
  reservationId: string;
  reservationOrderId: string;
  displayName: string;
  scope: AppliedScope;
  /** Display names of what the scope covers now (subscription, resource group or management group names). */
  appliesTo: string[];
  renew: boolean;
  /** The purchase a renewal makes (the same product, term and quantity, billed to the same subscription). */
  renewal: RenewalPurchase;
  /** Azure provisioning state: only a Succeeded reservation can be changed. */
  state: string;
}

export type ReservationChange = { kind: 'scope'; scope: AppliedScope } | { kind: 'renewal'; renew: boolean } | { kind: 'name'; displayName: string };

export interface CustomerSubscription {
  subscriptionId: string;
  displayName: string;
}

export interface ManagementGroup {
  id: string;
  displayName: string;
}

/** Azure's verdict on a scope for this reservation (availableScopes). */
export interface ScopeCheck {
  valid: boolean;
  /** Azure's reason when it refuses. */
  reason?: string;
}

/** The roles an agent may grant or revoke from chat (SPEC section 8). */
export const GRANTABLE_ROLES = ['Reservations Reader', 'Reservations Administrator'] as const;
export type GrantableRole = (typeof GRANTABLE_ROLES)[number];

/** Where an order's scope offers no reservation-specific roles, Azure's general ones stand in for them. */
export const ROLE_FALLBACKS: Readonly<Record<GrantableRole, string>> = { 'Reservations Reader': 'Reader', 'Reservations Administrator': 'Owner' };

export interface RoleAssignment {
  /** The assignment's id (its name: a GUID). */
  assignmentId: string;
  principalId: string;
  /** The user's name or UPN when the directory knows it. */
  principalName?: string;
  principalType: string;
  roleName: string;
  /** Where it was assigned, e.g. `/providers/Microsoft.Capacity/reservationOrders/<id>`. */
  scope: string;
  /** Assigned above the order (tenant-wide), so only revocable where it was assigned. */
  inherited: boolean;
}

/** A user of the customer's tenant. */
export interface Principal {
  objectId: string;
  displayName: string;
  userPrincipalName: string;
}

/**
 * What may be revoked from chat: a direct assignment of a grantable role (or its fallback) to a user. Inherited
 * assignments and those of groups (the partner's own admin agents hold the order through a foreign group) stay
 * with the Azure portal, so the partner cannot cut itself off from chat.
 */
export function revocableFromChat(assignment: RoleAssignment): boolean {
  const roles: readonly string[] = [...GRANTABLE_ROLES, ...Object.values(ROLE_FALLBACKS)];
  return !assignment.inherited && assignment.principalType === 'User' && roles.includes(assignment.roleName);
}

export interface ReservationManagement {
  /** The reservation's manageable settings, or undefined when the customer does not hold it. */
  settings(customerId: string, reservationId: string): Promise<ReservationSettings | undefined>;
  /** The customer's Azure subscriptions whose name or id contains `search` (case-insensitive; empty: all). */
  subscriptions(customerId: string, search: string): Promise<CustomerSubscription[]>;
  /** Resource group names of one of the customer's subscriptions containing `search`; another customer's subscription throws NotFoundError. */
  resourceGroups(customerId: string, subscriptionId: string, search: string): Promise<string[]>;
  managementGroups(customerId: string): Promise<ManagementGroup[]>;
  /** Asks Azure whether the reservation may apply to this scope (availableScopes), before anything changes. */
  checkScope(customerId: string, reservationId: string, scope: AppliedScope): Promise<ScopeCheck>;
  /** Applies one change (PATCH, followed to the end) and returns the settings as Azure now reports them. */
  update(customerId: string, reservationId: string, change: ReservationChange): Promise<ReservationSettings>;
  /** Who may manage or read the reservation's order: direct assignments on the order and inherited ones. */
  roleAssignments(customerId: string, reservationId: string): Promise<RoleAssignment[]>;
  /** A user of the customer's tenant by email/UPN or object id; undefined when the tenant has no such user. */
  findPrincipal(customerId: string, text: string): Promise<Principal | undefined>;
  /** Grants a role on the reservation's order to a user of the customer's tenant. */
  grant(customerId: string, reservationId: string, principalId: string, role: GrantableRole): Promise<RoleAssignment>;
  /** Removes a direct assignment on the reservation's order. */
  revoke(customerId: string, reservationId: string, assignmentId: string): Promise<void>;
}
