import { InvalidInputError } from '../../errors';
import type { ChatIdentity, Customer, Page, PartnerDirectory, PartnerUser } from '../../ports/partnerDirectory';
import type { RosterIndex } from '../roster';

export const MAX_PAGE_SIZE = 100;

export function assertPaging(page: number, pageSize: number): void {
  if (!Number.isSafeInteger(page) || page < 0) throw new InvalidInputError(`page must be a whole number from 0, not ${page}`, { field: 'page' });
  if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new InvalidInputError(`pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}, not ${pageSize}`, { field: 'pageSize' });
  }
}

/** Name order as an agent reads a list (case-insensitive), the id breaking ties so paging never shuffles. */
function byName(a: Customer, b: Customer): number {
  const an = a.name.toLowerCase();
  const bn = b.name.toLowerCase();
  if (an !== bn) return an < bn ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export class SandboxDirectory implements PartnerDirectory {
  private readonly customers: readonly Customer[];

  constructor(
    customers: readonly Customer[],
    private readonly roster: RosterIndex,
  ) {
    this.customers = [...customers].sort(byName);
  }

  async searchCustomers(text: string, page: number, pageSize: number): Promise<Page<Customer>> {
    if (typeof text !== 'string') throw new InvalidInputError('The customer search text must be text.', { field: 'text' });
    assertPaging(page, pageSize);
    const needle = text.trim().toLowerCase();
    const matches = needle ? this.customers.filter((c) => c.name.toLowerCase().includes(needle) || c.domain.toLowerCase().includes(needle)) : this.customers;
    const items = matches.slice(page * pageSize, (page + 1) * pageSize).map((c) => ({ ...c }));
    return { items, total: matches.length, page, pageSize };
  }

  async getCustomer(customerId: string): Promise<Customer | undefined> {
    const customer = this.customers.find((c) => c.id === customerId);
    return customer ? { ...customer } : undefined;
  }

  async resolveUser(identity: ChatIdentity): Promise<PartnerUser | undefined> {
    return this.roster.resolve(identity);
  }
}
