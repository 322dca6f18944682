/**
 * The rules of managing a reservation (SPEC section 8), pure: who may change, what a display name may be, and
 * how two scopes compare.
 */

/** Where the reservation's discount applies. `Single` is one subscription; `ResourceGroup` one resource group in it. */
export const SCOPE_TYPES = ['Shared', 'Single', 'ResourceGroup', 'ManagementGroup'] as const;
export type ScopeType = (typeof SCOPE_TYPES)[number];

export interface AppliedScope {
  type: ScopeType;
  /** Single and ResourceGroup. */
  subscriptionId?: string;
  /** ResourceGroup: the group's name. */
  resourceGroup?: string;
  /** ManagementGroup: the group's id (its name, e.g. `contoso-prod`). */
  managementGroupId?: string;
}

/** The partner roles with admin-on-behalf-of rights in customers' Azure: only they may change a reservation. */
export const MANAGING_ROLES = ['Admin agent', 'Global admin'] as const;

/** Longest display name accepted (the Azure portal's limit for a reservation name). */
export const DISPLAY_NAME_MAX = 64;
const DISPLAY_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Why a name is refused: `reason` lets the chat say it in the agent's language; `problem` is the English text. */
export type NameCheck = { ok: true; name: string } | { ok: false; problem: string; reason: 'empty' | 'too-long' | 'characters'; length: number };

/** A new display name as Azure accepts it: 1–64 letters, digits, `_`, `-` or `.`, starting with a letter or digit. */
export function checkDisplayName(text: string): NameCheck {
  const name = text.trim();
  if (name.length === 0) return { ok: false, problem: 'The name is empty.', reason: 'empty', length: 0 };
  if (name.length > DISPLAY_NAME_MAX)
    return { ok: false, problem: `The name has ${name.length} characters; Azure takes at most ${DISPLAY_NAME_MAX}.`, reason: 'too-long', length: name.length };
  if (!DISPLAY_NAME.test(name)) {
    return {
      ok: false,
      problem: 'Azure takes only letters A–Z, digits, "_", "-" and "." in a reservation name, starting with a letter or digit.',
      reason: 'characters',
      length: name.length,
    };
  }
  return { ok: true, name };
}

const lower = (s: string | undefined) => (s ?? '').toLowerCase();

/** Same scope (Azure's ids and names compare case-insensitively). */
export function sameScope(a: AppliedScope, b: AppliedScope): boolean {
  if (a.type !== b.type) return false;
  switch (a.type) {
    case 'Shared':
      return true;
    case 'Single':
      return lower(a.subscriptionId) === lower(b.subscriptionId);
    case 'ResourceGroup':
      return lower(a.subscriptionId) === lower(b.subscriptionId) && lower(a.resourceGroup) === lower(b.resourceGroup);
    case 'ManagementGroup':
      return lower(a.managementGroupId) === lower(b.managementGroupId);
  }
}

/** A scope as one line of text (for the audit trail's before/after and for cards). */
export function scopeText(scope: AppliedScope): string {
  switch (scope.type) {
    case 'Shared':
      return 'Shared';
    case 'Single':
      return `Single subscription ${scope.subscriptionId ?? '?'}`;
    case 'ResourceGroup':
      return `Resource group ${scope.resourceGroup ?? '?'} in subscription ${scope.subscriptionId ?? '?'}`;
    case 'ManagementGroup':
      return `Management group ${scope.managementGroupId ?? '?'}`;
  }
}

/** Azure's resource id of a scope (what availableScopes and appliedScopeProperties name); Shared has none. */
export function scopeResourceId(scope: AppliedScope): string | undefined {
  switch (scope.type) {
    case 'Shared':
      return undefined;
    case 'Single':
      return `/subscriptions/${scope.subscriptionId}`;
    case 'ResourceGroup':
      return `/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroup}`;
    case 'ManagementGroup':
      return `/providers/Microsoft.Management/managementGroups/${scope.managementGroupId}`;
  }
}
