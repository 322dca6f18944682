import { InvalidInputError, NotFoundError } from '../../errors';
import { worded } from '../../i18n';
import type { Clock } from '../../ports/clock';
import type { ChatIdentity, Customer, Page, PartnerDirectory, PartnerUser } from '../../ports/partnerDirectory';
import type { PartnerCenterClient } from './partnerCenter';
import type { RosterIndex } from '../roster';
import type { PcCustomer } from './wire/partnerCenterSchemas';

export const MAX_PAGE_SIZE = 100;

/**
 * The partner directory over Partner Center. Partner Center can only filter customers by prefix, and agents
 * type fragments of names or domains, so the whole customer list is fetched (paged) and kept for a few minutes;
 * search, paging and sorting happen here. `getCustomer` always asks Partner Center.
 */
export class AzurePartnerDirectory implements PartnerDirectory {
  private cached?: { at: number; customers: Promise<Customer[]> };

  constructor(
    private readonly partnerCenter: PartnerCenterClient,
    private readonly roster: RosterIndex,
    private readonly clock: Clock,
    private readonly cacheTtlMs: number,
  ) {}

  async searchCustomers(text: string, page: number, pageSize: number): Promise<Page<Customer>> {
    if (typeof text !== 'string') throw new InvalidInputError('The customer search text must be text.', { field: 'text' });
    if (!Number.isSafeInteger(page) || page < 0) throw new InvalidInputError(`page must be a whole number from 0, not ${page}`, { field: 'page' });
    if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new InvalidInputError(`pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}, not ${pageSize}`, { field: 'pageSize' });
    }
    const all = await this.allCustomers();
    const needle = text.trim().toLowerCase();
    const matches = needle ? all.filter((c) => c.name.toLowerCase().includes(needle) || c.domain.toLowerCase().includes(needle)) : all;
    return { items: matches.slice(page * pageSize, (page + 1) * pageSize).map((c) => ({ ...c })), total: matches.length, page, pageSize };
  }

  async getCustomer(customerId: string): Promise<Customer | undefined> {
    if (typeof customerId !== 'string' || customerId.trim() === '') return undefined;
    const customer = await this.partnerCenter.getCustomer(customerId);
    return customer ? toCustomer(customer) : undefined;
  }

  /** The customer, or NotFoundError: for operations that cannot go on without one. */
  async requireCustomer(customerId: string): Promise<Customer> {
    const customer = await this.getCustomer(customerId);
    if (!customer) throw new NotFoundError(worded('failure.customerUnknown'), { customerId });
    return customer;
  }

  async resolveUser(identity: ChatIdentity): Promise<PartnerUser | undefined> {
    return this.roster.resolve(identity);
  }

  forgetCustomers(): void {
    this.cached = undefined;
  }

  private allCustomers(): Promise<Customer[]> {
    const now = this.clock.now().getTime();
    if (!this.cached || now - this.cached.at >= this.cacheTtlMs) {
      const customers = this.partnerCenter.listCustomers().then((list) => list.map(toCustomer).sort(byName));
      const entry = { at: now, customers };
      this.cached = entry;
      // A failed fetch is not remembered: the next search asks again.
      customers.catch(() => {
        if (this.cached === entry) this.cached = undefined;
      });
    }
    return this.cached.customers;
  }
}

export function toCustomer(wire: PcCustomer): Customer {
  const profile = wire.companyProfile ?? {};
  return {
    id: wire.id,
    name: profile.companyName?.trim() || profile.domain?.trim() || wire.id,
    domain: profile.domain?.trim() ?? '',
    tenantId: profile.tenantId?.trim() || wire.id,
  };
}

/** Name order as an agent reads a list, the id breaking ties so paging never shuffles. */
function byName(a: Customer, b: Customer): number {
  const an = a.name.toLowerCase();
  const bn = b.name.toLowerCase();
  if (an !== bn) return an < bn ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
