import type { Decimal } from './money';

export type Term = 'P1Y' | 'P3Y' | 'P5Y';
export const TERMS: readonly Term[] = ['P1Y', 'P3Y', 'P5Y'];

export type BillingPlan = 'Upfront' | 'Monthly';
export const BILLING_PLANS: readonly BillingPlan[] = ['Upfront', 'Monthly'];

export type PolicyName = 'csp-2020' | 'azure-2023';
export const POLICY_NAMES: readonly PolicyName[] = ['csp-2020', 'azure-2023'];

/** The five partner roles that may quote or file (SPEC section 1). */
export const ACTING_ROLES = ['Admin agent', 'Global admin', 'Helpdesk agent', 'Sales agent', 'User management admin'] as const;
export type ActingRole = (typeof ACTING_ROLES)[number];

/** Everything the policy engine needs to know about a reservation. Money is Decimal, never number. */
export interface ReservationFacts {
  term: Term;
  billingPlan: BillingPlan;
  /** Benefit start (UTC instant). */
  benefitStart: Date;
  quantity: number;
  /** Total commitment for the whole quantity, in the billing currency. */
  totalCommitment: Decimal;
  /** ISO 4217 billing currency. */
  currency: string;
  /** Completed payments for the whole quantity (Monthly); for Upfront the total. */
  paidToDate: Decimal;
  /** USD per unit of billing currency (1 for USD). */
  usdRate: Decimal;
  usageSeen: boolean;
  reservedResourceType: string;
  /** Azure provisioning state, e.g. Succeeded, Expired, Cancelled, Failed. */
  state: string;
}

export type IneligibilityReason = 'expired' | 'cancelled' | 'failed' | 'not-refundable-type' | 'below-minimum-commitment' | 'currency-mismatch';

export type CreditRule = 'full-credit' | 'prorated' | 'prorated-with-fee';
