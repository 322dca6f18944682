import type { IneligibilityReason } from './types';

/** Reserved resource types Microsoft does not refund or exchange (SPEC section 3). */
export const NON_REFUNDABLE_RESOURCE_TYPES: readonly string[] = ['Databricks', 'SynapseAnalytics', 'VMwareCloudSimple', 'RedHat', 'RedHatOsa', 'SuseLinux'];

const NON_REFUNDABLE_LOWERCASE = new Set(NON_REFUNDABLE_RESOURCE_TYPES.map((type) => type.toLowerCase()));

// Azure is not consistent about casing across APIs (e.g. `SuseLinux` vs `SUSELinux`), so names compare
// case-insensitively.
export function isNonRefundableType(reservedResourceType: string): boolean {
  return NON_REFUNDABLE_LOWERCASE.has(reservedResourceType.toLowerCase());
}

export interface EligibilityFacts {
  reservedResourceType: string;
  /** Azure provisioning state. */
  state: string;
  /** True when date(T) ≥ date(E). */
  expiryReached: boolean;
}

/**
 * Every reservation-level reason a refund or exchange is refused, in the contract's order (empty when it
 * may go ahead). Every reason that applies is listed, so the agent learns all of them at once.
 */
export function reservationIneligibility(facts: EligibilityFacts): IneligibilityReason[] {
  const state = facts.state.toLowerCase();
  const reasons: IneligibilityReason[] = [];
  if (facts.expiryReached || state === 'expired') reasons.push('expired');
  if (state === 'cancelled') reasons.push('cancelled');
  if (state === 'failed') reasons.push('failed');
  if (isNonRefundableType(facts.reservedResourceType)) reasons.push('not-refundable-type');
  return reasons;
}
