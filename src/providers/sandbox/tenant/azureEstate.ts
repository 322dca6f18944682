/**
 * Each sandbox customer's Azure estate, for managing reservations (SPEC section 8): subscriptions with their
 * resource groups, management groups, the users of the customer's tenant, which reservations renew at expiry,
 * and the tenant-wide role assignment every reservation order inherits. Ids derive from these keys (stableIds),
 * so docs and tests can name them.
 */
export interface SubscriptionSeed {
  key: string;
  name: string;
  resourceGroups: string[];
  /** Why Azure's availableScopes refuses this subscription, if it does (e.g. an offer without reservation discounts). */
  refusedBecause?: string;
}

export interface EstateSeed {
  customerKey: string;
  subscriptions: SubscriptionSeed[];
  managementGroups: Array<{ id: string; name: string }>;
  /** Users of the customer's tenant: `alias` is the part of the UPN before @ the customer's domain. */
  users: Array<{ alias: string; displayName: string }>;
}

const VISUAL_STUDIO = 'Subscriptions of the Visual Studio Enterprise offer cannot receive reservation discounts.';

export const ESTATE_SEEDS: readonly EstateSeed[] = [
  {
    customerKey: 'alder',
    subscriptions: [
      { key: 'prod', name: 'Alder Production', resourceGroups: ['rg-web', 'rg-batch', 'rg-data'] },
      { key: 'shared', name: 'Alder Shared Services', resourceGroups: ['rg-network', 'rg-identity'] },
      { key: 'dev', name: 'Alder Dev (Visual Studio)', resourceGroups: ['rg-sandbox'], refusedBecause: VISUAL_STUDIO },
    ],
    managementGroups: [
      { id: 'alder-root', name: 'Alder & Finch' },
      { id: 'alder-prod', name: 'Alder Production' },
    ],
    users: [
      { alias: 'it.admin', displayName: 'Ingrid Thorsen' },
      { alias: 'finance', displayName: 'Felix Brandt' },
      { alias: 'ops.lead', displayName: 'Olivia Park' },
    ],
  },
  {
    customerKey: 'brightwater',
    subscriptions: [
      { key: 'analytics', name: 'Brightwater Analytics Prod', resourceGroups: ['rg-analytics', 'rg-cosmos'] },
      { key: 'apps', name: 'Brightwater Apps', resourceGroups: ['rg-apps'] },
    ],
    managementGroups: [{ id: 'brightwater-root', name: 'Brightwater' }],
    users: [
      { alias: 'cloud.admin', displayName: 'Carla Mendes' },
      { alias: 'cfo', displayName: 'Marcus Hale' },
    ],
  },
  {
    customerKey: 'kestrel',
    subscriptions: [
      { key: 'clinical', name: 'Kestrel Clinical', resourceGroups: ['rg-ehr', 'rg-portal'] },
      { key: 'research', name: 'Kestrel Research', resourceGroups: ['rg-sap', 'rg-storage'] },
    ],
    managementGroups: [{ id: 'kestrel-root', name: 'Kestrel Health' }],
    users: [{ alias: 'azure.ops', displayName: 'Amira Shah' }],
  },
  {
    customerKey: 'hoshizora',
    subscriptions: [{ key: 'factory', name: 'Hoshizora Factory', resourceGroups: ['rg-render', 'rg-plc'] }],
    managementGroups: [{ id: 'hoshizora-root', name: 'Hoshizora' }],
    users: [{ alias: 'infra', displayName: 'Kenji Mori' }],
  },
  {
    customerKey: 'lumen',
    subscriptions: [
      { key: 'stores', name: 'Lumen Stores', resourceGroups: ['rg-pos', 'rg-cache'] },
      { key: 'avs', name: 'Lumen AVS', resourceGroups: ['rg-avs'] },
    ],
    managementGroups: [{ id: 'lumen-root', name: 'Lumen Retail' }],
    users: [{ alias: 'platform', displayName: 'Priya Nair' }],
  },
  {
    customerKey: 'tidewater',
    subscriptions: [{ key: 'engineering', name: 'Tidewater Engineering', resourceGroups: ['rg-cad', 'rg-gis'] }],
    managementGroups: [{ id: 'tidewater-root', name: 'Tidewater' }],
    users: [{ alias: 'it', displayName: 'Tomas Reyes' }],
  },
  {
    customerKey: 'quillon',
    subscriptions: [{ key: 'studio', name: 'Quillon Studio', resourceGroups: ['rg-media'] }],
    managementGroups: [{ id: 'quillon-root', name: 'Quillon' }],
    users: [{ alias: 'admin', displayName: 'Quinn Adler' }],
  },
];

/** Reservations that renew automatically at expiry when the sandbox starts (the others do not). */
export const RENEWING_RESERVATIONS: ReadonlySet<string> = new Set(['af-sql-gp8', 'bw-analytics-d16s', 'kh-ehr-d8s-monthly', 'lr-avs-av36-p5y']);
