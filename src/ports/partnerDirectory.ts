import type { ActingRole } from '../domain/types';

export interface Customer {
  id: string;
  name: string;
  /** Primary domain, e.g. contoso.onmicrosoft.com. */
  domain: string;
  /** The customer's Microsoft Entra tenant id. */
  tenantId: string;
}

export interface Page<T> {
  items: T[];
  /** Total matches, when known. */
  total: number;
  /** Zero-based page index of `items`. */
  page: number;
  pageSize: number;
}

/** A person of the partner organisation, with the Partner Center roles they hold. */
export interface PartnerUser {
  id: string;
  displayName: string;
  email?: string;
  /** Role display names as Partner Center shows them; only ACTING_ROLES may quote or file. */
  roles: string[];
}

/** The tenant of playground identities: roster user ids, for the sandbox's local page and the Emulator only. */
export const PLAYGROUND_TENANT = 'playground';

/**
 * How a chat user is recognised (SPEC section 1): Teams `conversation.tenantId` + `from.aadObjectId`;
 * Slack `team_id` + `user_id`; the playground uses the sandbox roster's ids.
 */
export interface ChatIdentity {
  channel: 'teams' | 'slack' | 'playground';
  /** Teams tenant id or Slack team id. */
  tenant: string;
  /** Teams aadObjectId or Slack user id. */
  user: string;
  email?: string;
}

export interface PartnerDirectory {
  /** Case-insensitive partial match on name or domain; empty text lists everyone. */
  searchCustomers(text: string, page: number, pageSize: number): Promise<Page<Customer>>;
  getCustomer(customerId: string): Promise<Customer | undefined>;
  /** Maps a chat user to a partner user, or undefined when not on the roster. */
  resolveUser(identity: ChatIdentity): Promise<PartnerUser | undefined>;
}

export function actingRolesOf(user: PartnerUser, acting: readonly ActingRole[]): string[] {
  const allowed = new Set(acting.map((r) => r.toLowerCase()));
  return user.roles.filter((r) => allowed.has(r.toLowerCase()));
}
