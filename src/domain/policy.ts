import { Decimal } from './money';
import type { CreditRule, PolicyName } from './types';

/**
 * The refund policy presets (SPEC section 3). A preset decides which credit rule applies; the arithmetic
 * behind each rule lives in quote.ts and is the same for every preset.
 */
export interface PolicyPreset {
  readonly name: PolicyName;
  /**
   * Days since purchase during which an unused reservation is credited in full and no fee is charged;
   * undefined when the preset has no such window.
   */
  readonly graceDays: number | undefined;
  /** Early-termination fee on the credit once past the grace window ("0" when the preset has none). */
  readonly feeRate: Decimal;
}

export const DEFAULT_POLICY: PolicyName = 'csp-2020';

export const POLICY_PRESETS: Readonly<Record<PolicyName, PolicyPreset>> = {
  // The source document's table: full credit within 5 days if unused, prorated after, 12% fee after day 5.
  'csp-2020': { name: 'csp-2020', graceDays: 5, feeRate: new Decimal('0.12') },
  // Azure's current self-service rules: always prorated, never a fee.
  'azure-2023': { name: 'azure-2023', graceDays: undefined, feeRate: new Decimal(0) },
};

export function policyPreset(name: PolicyName): PolicyPreset {
  return POLICY_PRESETS[name];
}

/** The refund rule for a reservation `daysSincePurchase` days old (the policy table's rows). */
export function refundRule(preset: PolicyPreset, daysSincePurchase: number, usageSeen: boolean): CreditRule {
  if (preset.graceDays === undefined) return 'prorated';
  if (daysSincePurchase <= preset.graceDays) return usageSeen ? 'prorated' : 'full-credit';
  return preset.feeRate.isZero() ? 'prorated' : 'prorated-with-fee';
}

/** An exchange's credit is the refund's without the fee (SPEC: "no fee and no cap"). */
export function exchangeRule(preset: PolicyPreset, daysSincePurchase: number, usageSeen: boolean): Exclude<CreditRule, 'prorated-with-fee'> {
  const rule = refundRule(preset, daysSincePurchase, usageSeen);
  return rule === 'prorated-with-fee' ? 'prorated' : rule;
}

/** The fee rate a rule charges: the preset's rate for `prorated-with-fee`, otherwise none. */
export function feeRateFor(preset: PolicyPreset, rule: CreditRule): Decimal {
  return rule === 'prorated-with-fee' ? preset.feeRate : new Decimal(0);
}
