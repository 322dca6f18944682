import type { Customer } from '../../../ports/partnerDirectory';
import { stableGuid } from '../stableIds';

/** The partner's fictional customers. `key` seeds the tenant id and ties reservations and cap history to the customer. */
export interface CustomerSeed {
  key: string;
  name: string;
  domain: string;
  /** Why this customer is in the tenant (docs/sandbox.md repeats it). */
  story: string;
}

export const CUSTOMER_SEEDS: readonly CustomerSeed[] = [
  {
    key: 'alder',
    name: 'Alder & Finch Logistics',
    domain: 'alderfinch.onmicrosoft.com',
    story: 'EUR; fresh and old reservations, a non-refundable Databricks plan',
  },
  {
    key: 'brightwater',
    name: 'Brightwater Analytics',
    domain: 'brightwateranalytics.onmicrosoft.com',
    story: 'USD; 46,500 of its 50,000 USD yearly cap already used',
  },
  {
    key: 'kestrel',
    name: 'Kestrel Health Partners',
    domain: 'kestrelhealth.onmicrosoft.com',
    story: 'GBP; the day-5/day-6 boundary, many monthly payments, SUSE, an expired one',
  },
  {
    key: 'hoshizora',
    name: 'Hoshizora Robotics',
    domain: 'hoshizorarobotics.onmicrosoft.com',
    story: 'JPY (no minor unit); a 5-year host bought on 29 February, a cancelled one',
  },
  {
    key: 'lumen',
    name: 'Lumen Retail Group',
    domain: 'lumenretail.onmicrosoft.com',
    story: 'USD; a 5-year monthly AVS plan, part of one reservation already returned, Red Hat',
  },
  {
    key: 'tidewater',
    name: 'Tidewater Civil Engineering',
    domain: 'tidewatercivil.onmicrosoft.com',
    story: 'EUR; a failed purchase and one past its expiry that Azure still calls Succeeded',
  },
  { key: 'quillon', name: 'Quillon Studios', domain: 'quillonstudios.onmicrosoft.com', story: 'GBP; no reservations at all' },
];

/** In Partner Center a customer's id is its Microsoft Entra tenant id, so the sandbox uses one GUID for both. */
export function customerIdOf(key: string): string {
  return stableGuid(`customer/${key}`);
}

export function buildCustomers(): Customer[] {
  return CUSTOMER_SEEDS.map((seed) => {
    const id = customerIdOf(seed.key);
    return { id, name: seed.name, domain: seed.domain, tenantId: id };
  });
}
