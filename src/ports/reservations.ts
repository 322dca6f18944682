import type { Decimal } from '../domain/money';
import type { BillingPlan, Term } from '../domain/types';

export interface Utilization {
  /** Percentages 0..100 as decimal strings, or undefined when Azure has no figure yet. */
  day1?: string;
  day7?: string;
  day30?: string;
}

/** A customer's Azure reservation, with everything the cards and the policy engine need. */
export interface Reservation {
  customerId: string;
  reservationId: string;
  reservationOrderId: string;
  displayName: string;
  sku: string;
  region: string;
  quantity: number;
  term: Term;
  billingPlan: BillingPlan;
  benefitStart: Date;
  expiry: Date;
  /** e.g. Shared, Single (subscription), ResourceGroup, ManagementGroup. */
  scope: string;
  utilization: Utilization;
  /**
   * Whether the provider has a usage figure at all. false: Azure has reported none yet, and `usageSeen` is the
   * provider's conservative assumption (usage counted), which the quote card must say.
   */
  usageReported: boolean;
  usageSeen: boolean;
  currency: string;
  /** Whole quantity, billing currency. */
  totalCommitment: Decimal;
  /** Completed payments for the whole quantity, billing currency. */
  paidToDate: Decimal;
  /** USD per unit of billing currency. */
  usdRate: Decimal;
  reservedResourceType: string;
  /** Azure provisioning state: Succeeded, Expired, Cancelled, Failed, ... */
  state: string;
  /** Quantity already returned in earlier refunds/exchanges (not choosable again). */
  returnedQuantity: number;
  portalUrl: string;
  /** Azure's auto-renewal setting, when the provider knows it. */
  renew?: boolean;
  /**
   * Set when the provider's own figures contradict each other (paid above total, a negative or missing amount,
   * currencies that disagree, expiry before benefit start): the reason, in words. Such a reservation is listed
   * so the agent sees why, but is never quoted; its money fields are then 0 and mean nothing.
   */
  figuresProblem?: string;
}

export interface AmountInCurrency {
  amount: Decimal;
  currency: string;
}

/** Why Microsoft's own estimate is missing or partial; shown beside the quote, never a reason not to file. */
export interface EstimateWarning {
  /** Stable: `azure-policy` for a policy answer (azureCode says which), else the error's code. */
  code: string;
  /** Azure's code when it gave one, e.g. SelfServiceRefundNotSupported. */
  azureCode?: string;
  message: string;
}

/** Microsoft's refund estimate (Azure calculateRefund), a cross-check of our own quote (optional, additive). */
export interface RefundEstimate {
  reservationId: string;
  quantity: number;
  refund?: AmountInCurrency;
  maxRefundLimit?: AmountInCurrency;
  consumedRefundsTotal?: AmountInCurrency;
  totalPaid?: AmountInCurrency;
  prorated?: AmountInCurrency;
  remainingCommitment?: AmountInCurrency;
  warnings: EstimateWarning[];
}

/** Microsoft's exchange estimate (Azure calculateExchange), a cross-check of our own quote (optional, additive). */
export interface ExchangeEstimate {
  reservationId: string;
  quantity: number;
  replacementItemId: string;
  replacementQuantity: number;
  refundsTotal?: AmountInCurrency;
  purchasesTotal?: AmountInCurrency;
  netPayable?: AmountInCurrency;
  /** What Azure would charge for the replacement itself (calculateExchange's reservationsToPurchase[].billingCurrencyTotal). */
  replacementPrice?: AmountInCurrency;
  warnings: EstimateWarning[];
}

export interface ReservationSource {
  listReservations(customerId: string): Promise<Reservation[]>;
  getReservation(customerId: string, reservationId: string): Promise<Reservation | undefined>;
  /** Microsoft's own refund figures when the provider can ask for them; failures become warnings, never errors. */
  estimateRefund?(customerId: string, reservationId: string, quantity: number): Promise<RefundEstimate>;
  /** Microsoft's own exchange figures when the provider can ask for them; failures become warnings, never errors. */
  estimateExchange?(
    customerId: string,
    reservationId: string,
    quantity: number,
    replacementItemId: string,
    replacementQuantity: number,
  ): Promise<ExchangeEstimate>;
}
