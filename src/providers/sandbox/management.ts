import { checkDisplayName, scopeResourceId } from '../../domain/management';
import { ChangeRefusedError, InvalidInputError, NotFoundError } from '../../errors';
import { worded } from '../../i18n';
import type { Customer } from '../../ports/partnerDirectory';
import type { Reservation } from '../../ports/reservations';
import {
  GRANTABLE_ROLES,
  revocableFromChat,
  type AppliedScope,
  type CustomerSubscription,
  type GrantableRole,
  type ManagementGroup,
  type Principal,
  type ReservationChange,
  type ReservationManagement,
  type ReservationSettings,
  type RoleAssignment,
  type ScopeCheck,
} from '../../ports/reservationManagement';
import type { SandboxReservations } from './reservationSource';
import { stableGuid } from './stableIds';
import { ESTATE_SEEDS, RENEWING_RESERVATIONS, type EstateSeed } from './tenant/azureEstate';
import { customerIdOf } from './tenant/customers';

interface Subscription extends CustomerSubscription {
  resourceGroups: string[];
  refusedBecause?: string;
}

interface Estate {
  customer: Customer;
  subscriptions: Subscription[];
  managementGroups: ManagementGroup[];
  users: Principal[];
}

interface ManagedState {
  scope: AppliedScope;
  renew: boolean;
  /** Direct assignments on the order, oldest first. */
  assignments: RoleAssignment[];
}

const orderScope = (orderId: string) => `/providers/Microsoft.Capacity/reservationOrders/${orderId}`;
/** Where tenant-wide reservation roles are assigned: every order inherits them. */
const TENANT_RESERVATIONS_SCOPE = '/providers/Microsoft.Capacity';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function sandboxSubscriptionId(customerKey: string, subscriptionKey: string): string {
  return stableGuid(`subscription/${customerKey}/${subscriptionKey}`);
}

export function sandboxUserId(customerKey: string, alias: string): string {
  return stableGuid(`user/${customerKey}/${alias}`);
}

function buildEstate(seed: EstateSeed, customer: Customer): Estate {
  return {
    customer,
    subscriptions: seed.subscriptions.map((s) => ({
      subscriptionId: sandboxSubscriptionId(seed.customerKey, s.key),
      displayName: s.name,
      resourceGroups: [...s.resourceGroups],
      refusedBecause: s.refusedBecause,
    })),
    managementGroups: seed.managementGroups.map((g) => ({ id: g.id, displayName: g.name })),
    users: seed.users.map((u) => ({
      objectId: sandboxUserId(seed.customerKey, u.alias),
      displayName: u.displayName,
      userPrincipalName: `${u.alias}@${customer.domain}`,
    })),
  };
}

/** The scope a seed's scope word stands for, on the customer's first subscription and resource group. */
function initialScope(word: string, estate: Estate): AppliedScope {
  const first = estate.subscriptions[0];
  if (word === 'Single') return { type: 'Single', subscriptionId: first.subscriptionId };
  if (word === 'ResourceGroup') return { type: 'ResourceGroup', subscriptionId: first.subscriptionId, resourceGroup: first.resourceGroups[0] };
  if (word === 'ManagementGroup') return { type: 'ManagementGroup', managementGroupId: estate.managementGroups[0].id };
  return { type: 'Shared' };
}

/**
 * Managing the sandbox's reservations: changes are applied at once and deterministically (no randomness, ids
 * derived from what they name), and kept in memory for the life of the provider. Refusals follow Azure's:
 * a subscription outside the customer's tenant or of an offer without reservation discounts, a reservation that
 * is not Succeeded, a name Azure would reject, a user the tenant does not have.
 */
export class SandboxReservationManagement implements ReservationManagement {
  private readonly estates = new Map<string, Estate>();
  private readonly states = new Map<string, ManagedState>();

  constructor(
    customers: readonly Customer[],
    private readonly reservations: SandboxReservations,
    seedReservations: readonly Reservation[],
  ) {
    for (const seed of ESTATE_SEEDS) {
      const customer = customers.find((c) => c.id === customerIdOf(seed.customerKey));
      if (customer) this.estates.set(customer.id, buildEstate(seed, customer));
    }
    for (const r of seedReservations) {
      const estate = this.estates.get(r.customerId);
      if (!estate) continue;
      const reader = estate.users[estate.users.length - 1];
      this.states.set(r.reservationId, {
        scope: initialScope(r.scope, estate),
        renew: RENEWING_RESERVATIONS.has(r.displayName),
        // The tenant's first user administers all reservations (inherited); each order starts with a direct reader.
        assignments: [
          {
            assignmentId: stableGuid(`role-assignment/${r.reservationOrderId}/Reservations Reader/${reader.objectId}`),
            principalId: reader.objectId,
            principalName: reader.userPrincipalName,
            principalType: 'User',
            roleName: 'Reservations Reader',
            scope: orderScope(r.reservationOrderId),
            inherited: false,
          },
        ],
      });
    }
  }

  async settings(customerId: string, reservationId: string): Promise<ReservationSettings | undefined> {
    const found = this.find(customerId, reservationId);
    return found ? this.settingsOf(found.estate, found.reservation, found.state) : undefined;
  }

  async subscriptions(customerId: string, search: string): Promise<CustomerSubscription[]> {
    const needle = search.trim().toLowerCase();
    return this.estate(customerId)
      .subscriptions.filter((s) => !needle || s.displayName.toLowerCase().includes(needle) || s.subscriptionId.includes(needle))
      .map((s) => ({ subscriptionId: s.subscriptionId, displayName: s.displayName }));
  }

  async resourceGroups(customerId: string, subscriptionId: string, search: string): Promise<string[]> {
    const subscription = this.subscription(this.estate(customerId), subscriptionId);
    if (!subscription) throw new NotFoundError(worded('failure.subscriptionUnknown'), { customerId, subscriptionId });
    const needle = search.trim().toLowerCase();
    return subscription.resourceGroups.filter((g) => !needle || g.toLowerCase().includes(needle));
  }

  async managementGroups(customerId: string): Promise<ManagementGroup[]> {
    return this.estate(customerId).managementGroups.map((g) => ({ ...g }));
  }

  async checkScope(customerId: string, reservationId: string, scope: AppliedScope): Promise<ScopeCheck> {
    const found = this.require(customerId, reservationId);
    return this.verdict(found.estate, scope);
  }

  async update(customerId: string, reservationId: string, change: ReservationChange): Promise<ReservationSettings> {
    const { estate, reservation, state } = this.require(customerId, reservationId);
    // As Azure shows it now (a reservation whose units were all returned is Cancelled).
    const current = (await this.reservations.getReservation(customerId, reservationId))?.state ?? reservation.state;
    if (current !== 'Succeeded') {
      throw new ChangeRefusedError(worded('failure.change.notSucceeded', { state: current }), { reservationId, state: current });
    }
    if (change.kind === 'scope') {
      const verdict = this.verdict(estate, change.scope);
      if (!verdict.valid)
        throw new ChangeRefusedError(worded('failure.change.scopeRefused', { reason: verdict.reason ?? '' }), { reservationId, scopeReason: verdict.reason });
      state.scope = { ...change.scope };
      reservation.scope = change.scope.type;
    } else if (change.kind === 'renewal') {
      state.renew = change.renew;
    } else {
      const checked = checkDisplayName(change.displayName);
      if (!checked.ok) throw new ChangeRefusedError(`Azure would reject that name: ${checked.problem} Nothing changed.`, { reservationId });
      reservation.displayName = checked.name;
    }
    return this.settingsOf(estate, reservation, state);
  }

  async roleAssignments(customerId: string, reservationId: string): Promise<RoleAssignment[]> {
    const { estate, state } = this.require(customerId, reservationId);
    const admin = estate.users[0];
    const inherited: RoleAssignment = {
      assignmentId: stableGuid(`role-assignment/${estate.customer.id}/tenant-admin`),
      principalId: admin.objectId,
      principalName: admin.userPrincipalName,
      principalType: 'User',
      roleName: 'Reservations Administrator',
      scope: TENANT_RESERVATIONS_SCOPE,
      inherited: true,
    };
    return [inherited, ...state.assignments].map((a) => ({ ...a }));
  }

  async findPrincipal(customerId: string, text: string): Promise<Principal | undefined> {
    const wanted = text.trim().toLowerCase();
    if (!wanted) return undefined;
    const user = this.estate(customerId).users.find((u) => u.userPrincipalName.toLowerCase() === wanted || (GUID.test(wanted) && u.objectId === wanted));
    return user ? { ...user } : undefined;
  }

  async grant(customerId: string, reservationId: string, principalId: string, role: GrantableRole): Promise<RoleAssignment> {
    const { estate, reservation, state } = this.require(customerId, reservationId);
    if (!(GRANTABLE_ROLES as readonly string[]).includes(role))
      throw new InvalidInputError(`Only ${GRANTABLE_ROLES.join(' or ')} can be granted here.`, { role });
    const user = estate.users.find((u) => u.objectId === principalId);
    if (!user) throw new ChangeRefusedError(worded('failure.change.noSuchUser'), { customerId, principalId });
    if (state.assignments.some((a) => a.principalId === principalId && a.roleName === role)) {
      throw new ChangeRefusedError(worded('failure.change.alreadyHasRole', { user: user.userPrincipalName, role }), {
        reservationId,
        role,
        user: user.userPrincipalName,
      });
    }
    const assignment: RoleAssignment = {
      assignmentId: stableGuid(`role-assignment/${reservation.reservationOrderId}/${role}/${principalId}`),
      principalId,
      principalName: user.userPrincipalName,
      principalType: 'User',
      roleName: role,
      scope: orderScope(reservation.reservationOrderId),
      inherited: false,
    };
    state.assignments.push(assignment);
    return { ...assignment };
  }

  async revoke(customerId: string, reservationId: string, assignmentId: string): Promise<void> {
    const { state } = this.require(customerId, reservationId);
    const index = state.assignments.findIndex((a) => a.assignmentId === assignmentId && revocableFromChat(a));
    if (index < 0) throw new ChangeRefusedError(worded('failure.change.assignmentGone'), { reservationId, assignmentId });
    state.assignments.splice(index, 1);
  }

  private verdict(estate: Estate, scope: AppliedScope): ScopeCheck {
    if (scope.type === 'Shared') return { valid: true };
    if (scope.type === 'ManagementGroup') {
      return estate.managementGroups.some((g) => g.id.toLowerCase() === (scope.managementGroupId ?? '').toLowerCase())
        ? { valid: true }
        : { valid: false, reason: `${scopeResourceId(scope)} is not a management group of the customer's tenant.` };
    }
    const subscription = this.subscription(estate, scope.subscriptionId ?? '');
    if (!subscription) return { valid: false, reason: 'The subscription is not in the customer\u2019s tenant.' };
    if (subscription.refusedBecause) return { valid: false, reason: subscription.refusedBecause };
    if (scope.type === 'ResourceGroup' && !subscription.resourceGroups.some((g) => g.toLowerCase() === (scope.resourceGroup ?? '').toLowerCase())) {
      return { valid: false, reason: `The subscription has no resource group named ${scope.resourceGroup ?? ''}.` };
    }
    return { valid: true };
  }

  private settingsOf(estate: Estate, reservation: Reservation, state: ManagedState): ReservationSettings {
    const subscription = this.subscription(estate, state.scope.subscriptionId ?? '');
    const appliesTo =
      state.scope.type === 'Shared'
        ? estate.subscriptions.filter((s) => !s.refusedBecause).map((s) => s.displayName)
        : state.scope.type === 'ManagementGroup'
          ? [estate.managementGroups.find((g) => g.id === state.scope.managementGroupId)?.displayName ?? state.scope.managementGroupId ?? '']
          : state.scope.type === 'ResourceGroup'
            ? [`${state.scope.resourceGroup} (${subscription?.displayName ?? state.scope.subscriptionId})`]
            : [subscription?.displayName ?? state.scope.subscriptionId ?? ''];
    return {
      customerId: reservation.customerId,
      reservationId: reservation.reservationId,
      reservationOrderId: reservation.reservationOrderId,
      displayName: reservation.displayName,
      scope: { ...state.scope },
      appliesTo,
      renew: state.renew,
      renewal: {
        sku: reservation.sku,
        region: reservation.region,
        reservedResourceType: reservation.reservedResourceType,
        term: reservation.term,
        billingPlan: reservation.billingPlan,
        quantity: reservation.quantity - reservation.returnedQuantity,
        billingSubscriptionId: estate.subscriptions[0].subscriptionId,
      },
      state: reservation.state,
    };
  }

  private subscription(estate: Estate, subscriptionId: string): Subscription | undefined {
    return estate.subscriptions.find((s) => s.subscriptionId.toLowerCase() === subscriptionId.toLowerCase());
  }

  private estate(customerId: string): Estate {
    const estate = this.estates.get(customerId);
    if (!estate) throw new NotFoundError(worded('failure.customerUnknown'), { customerId });
    return estate;
  }

  private find(customerId: string, reservationId: string): { estate: Estate; reservation: Reservation; state: ManagedState } | undefined {
    const estate = this.estates.get(customerId);
    const reservation = estate ? this.reservations.find(customerId, reservationId) : undefined;
    const state = reservation ? this.states.get(reservation.reservationId) : undefined;
    return estate && reservation && state ? { estate, reservation, state } : undefined;
  }

  private require(customerId: string, reservationId: string): { estate: Estate; reservation: Reservation; state: ManagedState } {
    const found = this.find(customerId, reservationId);
    if (!found) throw new NotFoundError(worded('failure.reservationUnknown'), { customerId, reservationId });
    return found;
  }
}
