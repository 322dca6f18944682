import type { BillingPlan, Term } from '../../../domain/types';
import type { Utilization } from '../../../ports/reservations';

/**
 * The fictional tenant's reservations. Benefit starts are offsets from the sandbox's "today" (the UTC date of
 * the clock when the provider is created), so each reservation shows the same rule on whatever date the
 * sandbox runs. `shows` names the SPEC section 3 rule it is there for; docs/sandbox.md lists the same.
 */
export interface ReservationSeed {
  /** Unique, readable; seeds the reservation and order GUIDs and is the display name. */
  key: string;
  customerKey: string;
  reservedResourceType: string;
  sku: string;
  region: string;
  quantity: number;
  term: Term;
  billingPlan: BillingPlan;
  /** Whole days before today, or the latest 29 February at least 6 days before today (the leap-day expiry rule). */
  start: { daysAgo: number; hourUtc: number } | { latestLeapDay: true; hourUtc: number };
  currency: string;
  /** Per unit, for the whole term, in `currency` (minor-unit decimals at most). */
  unitPrice: string;
  usageSeen: boolean;
  utilization: Utilization;
  scope: string;
  state: string;
  returnedQuantity?: number;
  /** Azure's auto-renewal setting; left out where the story does not need it. */
  renew?: boolean;
  /** Reservations from one order (a split) share this key; default: the reservation's own key. */
  orderKey?: string;
  /** `capable`: Azure returns it itself (calculateRefund without policy errors); otherwise SelfServiceRefundNotSupported. */
  selfService?: 'capable';
  shows: string;
}

const UNUSED: Utilization = { day1: '0', day7: '0', day30: '0' };
const NO_FIGURES: Utilization = {};

export const RESERVATION_SEEDS: readonly ReservationSeed[] = [
  // Alder & Finch Logistics, EUR
  {
    key: 'af-web-d4s-fresh', customerKey: 'alder', reservedResourceType: 'VirtualMachines', sku: 'Standard_D4s_v5', region: 'westeurope',
    quantity: 2, term: 'P1Y', billingPlan: 'Upfront', start: { daysAgo: 3, hourUtc: 9 }, currency: 'EUR', unitPrice: '1390.00',
    usageSeen: false, utilization: UNUSED, scope: 'Shared', state: 'Succeeded',
    selfService: 'capable',
    shows: 'within 5 days, no usage, Upfront: full credit of what was paid, no fee',
  },
  {
    key: 'af-batch-e8s-monthly', customerKey: 'alder', reservedResourceType: 'VirtualMachines', sku: 'Standard_E8s_v5', region: 'northeurope',
    quantity: 4, term: 'P3Y', billingPlan: 'Monthly', start: { daysAgo: 2, hourUtc: 14 }, currency: 'EUR', unitPrice: '7200.00',
    usageSeen: true, utilization: { day1: '64.2', day7: '61.75', day30: '61.75' }, scope: 'Single', state: 'Succeeded',
    shows: 'within 5 days with usage: prorated, no fee; Monthly with one payment; return part of 4 units',
  },
  {
    key: 'af-sql-gp8', customerKey: 'alder', reservedResourceType: 'SqlDatabases', sku: 'SQL_GP_Gen5_8', region: 'westeurope',
    quantity: 1, term: 'P1Y', billingPlan: 'Upfront', start: { daysAgo: 200, hourUtc: 7 }, currency: 'EUR', unitPrice: '11400.00',
    usageSeen: true, utilization: { day1: '92.4', day7: '90.8', day30: '91.3' }, scope: 'Single', state: 'Succeeded',
    shows: 'after 5 days with usage: prorated minus the 12% fee (csp-2020)',
  },
  {
    key: 'af-databricks-premium', customerKey: 'alder', reservedResourceType: 'Databricks', sku: 'Databricks_Premium_DBCU', region: 'westeurope',
    quantity: 1, term: 'P1Y', billingPlan: 'Upfront', start: { daysAgo: 40, hourUtc: 10 }, currency: 'EUR', unitPrice: '9500.00',
    usageSeen: true, utilization: { day1: '48.1', day7: '55.6', day30: '57.2' }, scope: 'Shared', state: 'Succeeded',
    shows: 'non-refundable reserved resource type (Databricks)',
  },
  // Brightwater Analytics, USD, near its cap
  {
    key: 'bw-analytics-d16s', customerKey: 'brightwater', reservedResourceType: 'VirtualMachines', sku: 'Standard_D16s_v5', region: 'eastus',
    quantity: 3, term: 'P3Y', billingPlan: 'Upfront', start: { daysAgo: 60, hourUtc: 16 }, currency: 'USD', unitPrice: '15800.00',
    usageSeen: true, utilization: { day1: '97.9', day7: '96.4', day30: '95.0' }, scope: 'Shared', state: 'Succeeded',
    shows: 'refund above what is left of the 50,000 USD cap: capped, exchange suggested; P3Y',
  },
  {
    key: 'bw-cosmos-3000rus', customerKey: 'brightwater', reservedResourceType: 'CosmosDb', sku: 'Cosmos_DB_100_RUs', region: 'eastus',
    quantity: 30, term: 'P1Y', billingPlan: 'Upfront', start: { daysAgo: 45, hourUtc: 12 }, currency: 'USD', unitPrice: '58.00',
    usageSeen: true, utilization: { day1: '71.0', day7: '69.3', day30: '70.4' }, scope: 'ResourceGroup', state: 'Succeeded',
    selfService: 'capable',
    shows: 'a refund that still fits under the nearly used cap',
  },
  {
    key: 'bw-appservice-p1v3-new', customerKey: 'brightwater', reservedResourceType: 'AppService', sku: 'P1v3', region: 'eastus',
    quantity: 2, term: 'P1Y', billingPlan: 'Monthly', start: { daysAgo: 4, hourUtc: 11 }, currency: 'USD', unitPrice: '1200.00',
    usageSeen: false, utilization: UNUSED, scope: 'Shared', state: 'Succeeded',
    shows: 'within 5 days, no usage, Monthly: the one payment made is credited in full',
  },
  // Kestrel Health Partners, GBP
  {
    key: 'kh-portal-b4ms-day5', customerKey: 'kestrel', reservedResourceType: 'VirtualMachines', sku: 'Standard_B4ms', region: 'uksouth',
    quantity: 1, term: 'P1Y', billingPlan: 'Upfront', start: { daysAgo: 5, hourUtc: 23 }, currency: 'GBP', unitPrice: '1020.00',
    usageSeen: false, utilization: UNUSED, scope: 'Single', state: 'Succeeded',
    selfService: 'capable',
    shows: 'exactly 5 days, no usage: still full credit (the boundary day)',
  },
  {
    key: 'kh-blob-day6', customerKey: 'kestrel', reservedResourceType: 'BlockBlob', sku: 'Hot_LRS_100TB', region: 'uksouth',
    quantity: 1, term: 'P1Y', billingPlan: 'Upfront', start: { daysAgo: 6, hourUtc: 0 }, currency: 'GBP', unitPrice: '12000.00',
    usageSeen: false, utilization: UNUSED, scope: 'Shared', state: 'Succeeded',
    shows: 'day 6, never used: prorated with the 12% fee all the same',
  },
  {
    key: 'kh-ehr-d8s-monthly', customerKey: 'kestrel', reservedResourceType: 'VirtualMachines', sku: 'Standard_D8s_v5', region: 'uksouth',
    quantity: 2, term: 'P3Y', billingPlan: 'Monthly', start: { daysAgo: 800, hourUtc: 8 }, currency: 'GBP', unitPrice: '5400.00',
    usageSeen: true, utilization: { day1: '88.0', day7: '86.2', day30: '84.9' }, scope: 'ManagementGroup', state: 'Succeeded',
    shows: 'Monthly with many payments made (27 of 36): credit is what was paid beyond what was used',
  },
  {
    key: 'kh-suse-sles-sap', customerKey: 'kestrel', reservedResourceType: 'SuseLinux', sku: 'SUSE_Linux_Enterprise_Server_for_SAP_Priority_5_vCPU', region: 'uksouth',
    quantity: 2, term: 'P1Y', billingPlan: 'Monthly', start: { daysAgo: 90, hourUtc: 9 }, currency: 'GBP', unitPrice: '1200.00',
    usageSeen: true, utilization: { day1: '100', day7: '100', day30: '100' }, scope: 'Shared', state: 'Succeeded',
    shows: 'non-refundable reserved resource type (SuseLinux)',
  },
  {
    key: 'kh-vpn-d2s-expiring', customerKey: 'kestrel', reservedResourceType: 'VirtualMachines', sku: 'Standard_D2s_v5', region: 'uksouth',
    quantity: 1, term: 'P1Y', billingPlan: 'Upfront', start: { daysAgo: 359, hourUtc: 10 }, currency: 'GBP', unitPrice: '640.00',
    usageSeen: true, utilization: { day1: '77.0', day7: '75.4', day30: '74.9' }, scope: 'Single', state: 'Succeeded', renew: false,
    shows: 'expires in 6 days with renewal off: the 7-day expiry reminder (/subscribe expiry)',
  },
  {
    key: 'kh-legacy-d2s-expired', customerKey: 'kestrel', reservedResourceType: 'VirtualMachines', sku: 'Standard_D2s_v3', region: 'ukwest',
    quantity: 1, term: 'P1Y', billingPlan: 'Upfront', start: { daysAgo: 400, hourUtc: 10 }, currency: 'GBP', unitPrice: '600.00',
    usageSeen: true, utilization: NO_FIGURES, scope: 'Single', state: 'Expired',
    shows: 'expired (state Expired, term over)',
  },
  // Hoshizora Robotics, JPY
  {
    key: 'hz-render-nc-fresh', customerKey: 'hoshizora', reservedResourceType: 'VirtualMachines', sku: 'Standard_NC24ads_A100_v4', region: 'japaneast',
    quantity: 2, term: 'P1Y', billingPlan: 'Upfront', start: { daysAgo: 1, hourUtc: 3 }, currency: 'JPY', unitPrice: '2520000',
    usageSeen: false, utilization: NO_FIGURES, scope: 'Shared', state: 'Succeeded',
    shows: 'bought yesterday, no usage, JPY (no minor unit), no utilization figures yet',
  },
  {
    key: 'hz-plc-d4s-monthly', customerKey: 'hoshizora', reservedResourceType: 'VirtualMachines', sku: 'Standard_D4s_v5', region: 'japaneast',
    quantity: 1, term: 'P3Y', billingPlan: 'Monthly', start: { daysAgo: 400, hourUtc: 1 }, currency: 'JPY', unitPrice: '540000',
    usageSeen: true, utilization: { day1: '76.5', day7: '74.0', day30: '73.8' }, scope: 'Single', state: 'Succeeded',
    shows: 'JPY Monthly with many payments: rounding to whole yen',
  },
  {
    key: 'hz-host-dsv3-p5y-leapday', customerKey: 'hoshizora', reservedResourceType: 'DedicatedHost', sku: 'DSv3-Type3', region: 'japaneast',
    quantity: 1, term: 'P5Y', billingPlan: 'Upfront', start: { latestLeapDay: true, hourUtc: 6 }, currency: 'JPY', unitPrice: '25500000',
    usageSeen: true, utilization: { day1: '83.3', day7: '85.1', day30: '84.7' }, scope: 'Shared', state: 'Succeeded',
    shows: 'P5Y bought on 29 February: expires on 28 February five years later',
  },
  {
    key: 'hz-cancelled-e4s', customerKey: 'hoshizora', reservedResourceType: 'VirtualMachines', sku: 'Standard_E4s_v5', region: 'japanwest',
    quantity: 1, term: 'P1Y', billingPlan: 'Upfront', start: { daysAgo: 120, hourUtc: 5 }, currency: 'JPY', unitPrice: '260000',
    usageSeen: true, utilization: NO_FIGURES, scope: 'Single', state: 'Cancelled',
    shows: 'cancelled',
  },
  // Lumen Retail Group, USD
  {
    key: 'lr-avs-av36-p5y', customerKey: 'lumen', reservedResourceType: 'AVS', sku: 'AV36', region: 'eastus',
    quantity: 3, term: 'P5Y', billingPlan: 'Monthly', start: { daysAgo: 20, hourUtc: 13 }, currency: 'USD', unitPrice: '300000.00',
    usageSeen: true, utilization: { day1: '100', day7: '100', day30: '100' }, scope: 'Shared', state: 'Succeeded',
    shows: 'P5Y Monthly after 5 days: only the unused part of the payment made comes back',
  },
  {
    key: 'lr-redis-p2-unused', customerKey: 'lumen', reservedResourceType: 'RedisCache', sku: 'Premium_P2', region: 'westus2',
    quantity: 2, term: 'P1Y', billingPlan: 'Upfront', start: { daysAgo: 10, hourUtc: 18 }, currency: 'USD', unitPrice: '4200.00',
    usageSeen: false, utilization: UNUSED, scope: 'ResourceGroup', state: 'Succeeded',
    selfService: 'capable',
    shows: 'after 5 days without usage: prorated with the fee',
  },
  {
    key: 'lr-pos-d2s-partial', customerKey: 'lumen', reservedResourceType: 'VirtualMachines', sku: 'Standard_D2s_v5', region: 'eastus',
    quantity: 5, returnedQuantity: 2, term: 'P3Y', billingPlan: 'Upfront', start: { daysAgo: 100, hourUtc: 15 }, currency: 'USD', unitPrice: '1500.00',
    usageSeen: true, utilization: { day1: '59.0', day7: '62.4', day30: '60.9' }, scope: 'Shared', state: 'Succeeded',
    shows: '2 of 5 units already returned (40 days ago): 3 left to return',
  },
  {
    key: 'lr-cdn-d4s-idle', customerKey: 'lumen', reservedResourceType: 'VirtualMachines', sku: 'Standard_D4s_v5', region: 'westus2',
    quantity: 2, term: 'P1Y', billingPlan: 'Upfront', start: { daysAgo: 150, hourUtc: 8 }, currency: 'USD', unitPrice: '1680.00',
    usageSeen: true, utilization: { day1: '10.2', day7: '11.8', day30: '14.3' }, scope: 'Shared', state: 'Succeeded', renew: true,
    shows: 'runs at 12% (7 days) and 14% (30 days): the underused digest (/subscribe underused)',
  },
  {
    key: 'lr-rhel-standard', customerKey: 'lumen', reservedResourceType: 'RedHat', sku: 'RHEL_Standard_1-4_vCPU', region: 'eastus',
    quantity: 4, term: 'P1Y', billingPlan: 'Upfront', start: { daysAgo: 30, hourUtc: 10 }, currency: 'USD', unitPrice: '750.00',
    usageSeen: true, utilization: { day1: '100', day7: '100', day30: '96.7' }, scope: 'Shared', state: 'Succeeded',
    shows: 'non-refundable reserved resource type (RedHat)',
  },
  // Tidewater Civil Engineering, EUR
  {
    key: 'tw-cad-nv12-monthly-new', customerKey: 'tidewater', reservedResourceType: 'VirtualMachines', sku: 'Standard_NV12ads_A10_v5', region: 'westeurope',
    quantity: 2, term: 'P1Y', billingPlan: 'Monthly', start: { daysAgo: 3, hourUtc: 17 }, currency: 'EUR', unitPrice: '3600.00',
    usageSeen: false, utilization: UNUSED, scope: 'Single', state: 'Succeeded',
    shows: 'within 5 days, no usage, Monthly with one payment: that payment back in full',
  },
  {
    key: 'tw-gis-sql-bc4-p3y', customerKey: 'tidewater', reservedResourceType: 'SqlDatabases', sku: 'SQL_BC_Gen5_4', region: 'northeurope',
    quantity: 1, term: 'P3Y', billingPlan: 'Upfront', start: { daysAgo: 1000, hourUtc: 8 }, currency: 'EUR', unitPrice: '21600.00',
    usageSeen: true, utilization: { day1: '81.2', day7: '80.0', day30: '79.4' }, scope: 'Shared', state: 'Succeeded',
    shows: 'late in a 3-year term: a small prorated credit, a small minimum for an exchange',
  },
  {
    key: 'tw-failed-d4s', customerKey: 'tidewater', reservedResourceType: 'VirtualMachines', sku: 'Standard_D4s_v5', region: 'westeurope',
    quantity: 1, term: 'P1Y', billingPlan: 'Upfront', start: { daysAgo: 2, hourUtc: 12 }, currency: 'EUR', unitPrice: '1390.00',
    usageSeen: false, utilization: NO_FIGURES, scope: 'Single', state: 'Failed',
    shows: 'purchase failed',
  },
  {
    key: 'tw-archive-d2s-lapsed', customerKey: 'tidewater', reservedResourceType: 'VirtualMachines', sku: 'Standard_D2s_v5', region: 'northeurope',
    quantity: 1, term: 'P1Y', billingPlan: 'Upfront', start: { daysAgo: 370, hourUtc: 9 }, currency: 'EUR', unitPrice: '700.00',
    usageSeen: true, utilization: { day1: '0', day7: '0', day30: '12.5' }, scope: 'Single', state: 'Succeeded',
    shows: 'expired by date although Azure still reports Succeeded',
  },
  // A reservation of 3 split into 2 + 1: both halves live in the original's order (the original, now Split, is not listed).
  {
    key: 'tw-web-d2s-split-a', customerKey: 'tidewater', orderKey: 'tw-web-d2s-split', reservedResourceType: 'VirtualMachines', sku: 'Standard_D2s_v5', region: 'westeurope',
    quantity: 2, term: 'P1Y', billingPlan: 'Upfront', start: { daysAgo: 30, hourUtc: 10 }, currency: 'EUR', unitPrice: '700.00',
    usageSeen: true, utilization: { day1: '88.0', day7: '85.5', day30: '80.1' }, scope: 'Shared', state: 'Succeeded', selfService: 'capable',
    shows: 'a split reservation (2 of the original 3 units), in the same order as its other half; returnable through Azure at once',
  },
  {
    key: 'tw-web-d2s-split-b', customerKey: 'tidewater', orderKey: 'tw-web-d2s-split', reservedResourceType: 'VirtualMachines', sku: 'Standard_D2s_v5', region: 'westeurope',
    quantity: 1, term: 'P1Y', billingPlan: 'Upfront', start: { daysAgo: 30, hourUtc: 10 }, currency: 'EUR', unitPrice: '700.00',
    usageSeen: true, utilization: { day1: '0', day7: '0', day30: '3.2' }, scope: 'Single', state: 'Succeeded',
    shows: 'the other half of the split (1 unit), same order; Azure refuses self-service (SelfServiceRefundNotSupported), so a ticket only',
  },
];
