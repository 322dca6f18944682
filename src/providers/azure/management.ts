import { randomUUID } from 'node:crypto';
import { checkDisplayName, scopeResourceId } from '../../domain/management';
import { BILLING_PLANS, TERMS, type BillingPlan, type Term } from '../../domain/types';
import { ChangeRefusedError, NotFoundError } from '../../errors';
import { worded } from '../../i18n';
import type { Customer } from '../../ports/partnerDirectory';
import type {
  AppliedScope,
  CustomerSubscription,
  GrantableRole,
  ManagementGroup,
  Principal,
  ReservationChange,
  ReservationManagement,
  ReservationSettings,
  RoleAssignment,
  ScopeCheck,
} from '../../ports/reservationManagement';
import { ROLE_FALLBACKS, revocableFromChat } from '../../ports/reservationManagement';
import { AzureForbiddenError, AzureNotFoundError, AzureOperationFailedError, AzureRejectedError, AzureServiceError, type AzureService } from './errors';
import type { ApiCall, AzureHttpClient, HttpMethod } from './http/client';
import { awaitOperation, type PollingOptions } from './http/longRunning';
import { armPages, armPageSchema } from './http/paging';
import { lastSegment, segment } from './ids';
import type { ReservationLocator } from './reservationSource';
import { RESERVATIONS_API_VERSION } from './reservationsArm';
import {
  availableScopesSchema,
  graphListSchema,
  graphUserSchema,
  managedReservationSchema,
  managementGroupSchema,
  resourceGroupSchema,
  roleAssignmentSchema,
  roleDefinitionSchema,
  subscriptionSchema,
  type WireGraphUser,
  type WireManagedReservation,
  type WireRoleAssignment,
} from './wire/managementSchemas';

export const AUTHORIZATION_API_VERSION = '2022-04-01';
export const SUBSCRIPTIONS_API_VERSION = '2022-12-01';
export const RESOURCE_GROUPS_API_VERSION = '2021-04-01';
export const MANAGEMENT_GROUPS_API_VERSION = '2021-04-01';

export interface ManagementOptions {
  armUrl: string;
  armScope: string;
  graphUrl: string;
  graphScope: string;
  polling: Omit<PollingOptions, 'finalGet'>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RESOURCE_GROUP_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)$/i;
const SUBSCRIPTION_ID = /^\/subscriptions\/([^/]+)$/i;

interface Located {
  customer: Customer;
  orderId: string;
  reservationId: string;
  wire: WireManagedReservation;
}

function asTerm(value: string | null | undefined): Term {
  return (TERMS as readonly string[]).includes(value ?? '') ? (value as Term) : 'P1Y';
}

function asPlan(value: string | null | undefined): BillingPlan {
  return (BILLING_PLANS as readonly string[]).includes(value ?? '') ? (value as BillingPlan) : 'Upfront';
}

/** The scope Azure reports (appliedScopeType with appliedScopeProperties, or the older appliedScopes). */
export function scopeOfWire(wire: WireManagedReservation): AppliedScope {
  const p = wire.properties;
  const type = (p.appliedScopeType ?? 'Shared').toLowerCase();
  if (type === 'managementgroup') return { type: 'ManagementGroup', managementGroupId: lastSegment(p.appliedScopeProperties?.managementGroupId ?? '') };
  if (type !== 'single') return { type: 'Shared' };
  const target = p.appliedScopeProperties?.resourceGroupId ?? p.appliedScopeProperties?.subscriptionId ?? p.appliedScopes?.[0] ?? '';
  const group = RESOURCE_GROUP_ID.exec(target);
  if (group) return { type: 'ResourceGroup', subscriptionId: group[1], resourceGroup: group[2] };
  return { type: 'Single', subscriptionId: SUBSCRIPTION_ID.exec(target)?.[1] ?? lastSegment(target) };
}

/** The PATCH body's `properties` for one change (Reservation_Update, 2022-11-01). */
export function patchPropertiesOf(change: ReservationChange, wire: WireManagedReservation, customer: Customer): Record<string, unknown> {
  if (change.kind === 'name') return { name: change.displayName };
  if (change.kind === 'renewal') {
    if (!change.renew) return { renew: false };
    const p = wire.properties;
    // Azure needs what the renewal buys: the same product, term, plan and quantity, billed to the same scope.
    return {
      renew: true,
      renewProperties: {
        purchaseProperties: {
          sku: { name: wire.sku?.name },
          location: wire.location,
          properties: {
            reservedResourceType: p.reservedResourceType,
            billingScopeId: p.billingScopeId,
            term: p.term,
            billingPlan: p.billingPlan,
            quantity: p.quantity,
            displayName: p.displayName,
            appliedScopeType: p.appliedScopeType,
            ...(p.appliedScopeProperties ? { appliedScopeProperties: p.appliedScopeProperties } : {}),
          },
        },
      },
    };
  }
  const scope = change.scope;
  if (scope.type === 'Shared') return { appliedScopeType: 'Shared' };
  if (scope.type === 'ManagementGroup')
    return { appliedScopeType: 'ManagementGroup', appliedScopeProperties: { tenantId: customer.tenantId, managementGroupId: scopeResourceId(scope) } };
  if (scope.type === 'ResourceGroup') return { appliedScopeType: 'Single', appliedScopeProperties: { resourceGroupId: scopeResourceId(scope) } };
  return { appliedScopeType: 'Single', appliedScopeProperties: { subscriptionId: scopeResourceId(scope) } };
}

/**
 * The ReservationManagement port over Azure: Microsoft.Capacity (read, PATCH followed to the end, availableScopes),
 * Resource Manager lists of the customer's subscriptions, resource groups and management groups,
 * Microsoft.Authorization role assignments at the reservation order's scope, and Microsoft Graph for users of the
 * customer's tenant. Every call uses a token for the customer's tenant; which reservations a customer holds is
 * Partner Center's word (ReservationLocator), so an id of another customer's reservation reaches nothing.
 */
export class AzureReservationManagement implements ReservationManagement {
  private readonly roleNames = new Map<string, string>();

  constructor(
    private readonly http: AzureHttpClient,
    private readonly locator: ReservationLocator,
    private readonly options: ManagementOptions,
  ) {}

  async settings(customerId: string, reservationId: string): Promise<ReservationSettings | undefined> {
    const found = await this.locate(customerId, reservationId);
    return found ? this.settingsOf(found) : undefined;
  }

  async subscriptions(customerId: string, search: string): Promise<CustomerSubscription[]> {
    const customer = await this.locator.requireCustomer(customerId);
    const needle = search.trim().toLowerCase();
    const all: CustomerSubscription[] = [];
    const first = this.arm(customer.tenantId, 'GET', '/subscriptions', SUBSCRIPTIONS_API_VERSION);
    for await (const page of armPages(this.http, first, armPageSchema(subscriptionSchema))) {
      for (const s of page)
        if ((s.state ?? 'Enabled') !== 'Disabled') all.push({ subscriptionId: s.subscriptionId, displayName: s.displayName ?? s.subscriptionId });
    }
    return all.filter((s) => !needle || s.displayName.toLowerCase().includes(needle) || s.subscriptionId.toLowerCase().includes(needle));
  }

  async resourceGroups(customerId: string, subscriptionId: string, search: string): Promise<string[]> {
    const customer = await this.requireSubscription(customerId, subscriptionId);
    const needle = search.trim().toLowerCase();
    const names: string[] = [];
    const first = this.arm(customer.tenantId, 'GET', `/subscriptions/${segment(subscriptionId)}/resourcegroups`, RESOURCE_GROUPS_API_VERSION);
    for await (const page of armPages(this.http, first, armPageSchema(resourceGroupSchema))) names.push(...page.map((g) => g.name));
    return names.filter((g) => !needle || g.toLowerCase().includes(needle));
  }

  async managementGroups(customerId: string): Promise<ManagementGroup[]> {
    const customer = await this.locator.requireCustomer(customerId);
    const groups: ManagementGroup[] = [];
    const first = this.arm(customer.tenantId, 'GET', '/providers/Microsoft.Management/managementGroups', MANAGEMENT_GROUPS_API_VERSION);
    for await (const page of armPages(this.http, first, armPageSchema(managementGroupSchema))) {
      groups.push(...page.map((g) => ({ id: g.name, displayName: g.properties?.displayName ?? g.name })));
    }
    return groups;
  }

  async checkScope(customerId: string, reservationId: string, scope: AppliedScope): Promise<ScopeCheck> {
    const found = await this.require(customerId, reservationId);
    if (scope.type === 'Shared') return { valid: true };
    // Only the customer's own subscriptions and groups: Azure would judge another tenant's on the partner's rights.
    const own = await this.ownScope(customerId, scope);
    if (!own.valid) return own;
    const call = this.arm(found.customer.tenantId, 'POST', `${this.reservationPath(found)}/availableScopes`, RESERVATIONS_API_VERSION, {
      properties: { scopes: [scopeResourceId(scope)] },
    });
    try {
      const initial = await this.http.send(call);
      const final = await awaitOperation(this.http, call, initial, this.options.polling);
      const answer = this.http.parse(call, final, availableScopesSchema);
      const verdict = answer.properties.scopes?.find((s) => s.scope.toLowerCase() === scopeResourceId(scope)!.toLowerCase());
      if (!verdict) return { valid: false, reason: 'Azure did not say whether this scope is available.' };
      return verdict.valid ? { valid: true } : { valid: false, reason: verdict.reason ?? 'Azure reports this scope as not available for the reservation.' };
    } catch (error) {
      if (error instanceof AzureRejectedError) return { valid: false, reason: String(error.details.azureMessage ?? '') || error.message };
      throw error;
    }
  }

  async update(customerId: string, reservationId: string, change: ReservationChange): Promise<ReservationSettings> {
    const found = await this.require(customerId, reservationId);
    if (change.kind === 'name') {
      const checked = checkDisplayName(change.displayName);
      if (!checked.ok) throw new ChangeRefusedError(`Azure would reject that name: ${checked.problem} Nothing changed.`, { reservationId });
    }
    if (change.kind === 'scope') {
      const own = await this.ownScope(customerId, change.scope);
      if (!own.valid)
        throw new ChangeRefusedError(worded('failure.change.scopeRefused', { reason: own.reason ?? '' }), { reservationId, scopeReason: own.reason });
    }
    const path = this.reservationPath(found);
    const call = {
      ...this.arm(found.customer.tenantId, 'PATCH', path, RESERVATIONS_API_VERSION, { properties: patchPropertiesOf(change, found.wire, found.customer) }),
      intent: 'write' as const,
      subject: 'this reservation' as const,
    };
    const finalGet = this.arm(found.customer.tenantId, 'GET', path, RESERVATIONS_API_VERSION).url;
    try {
      const initial = await this.http.send(call);
      const final = await awaitOperation(this.http, call, initial, { ...this.options.polling, finalGet });
      const wire = this.http.parse(call, final, managedReservationSchema);
      return this.settingsOf({ ...found, wire });
    } catch (error) {
      throw refusal(error, 'change');
    }
  }

  async roleAssignments(customerId: string, reservationId: string): Promise<RoleAssignment[]> {
    const found = await this.require(customerId, reservationId);
    const wire = await this.listAssignments(found);
    const names = await this.principalNames(found.customer.tenantId, [...new Set(wire.map((a) => a.properties.principalId))]);
    const assignments: RoleAssignment[] = [];
    for (const a of wire) assignments.push(await this.assignmentOf(found, a, names.get(a.properties.principalId)));
    return assignments;
  }

  async findPrincipal(customerId: string, text: string): Promise<Principal | undefined> {
    const customer = await this.locator.requireCustomer(customerId);
    const wanted = text.trim();
    if (!wanted || wanted.length > 254) return undefined;
    const select = '$select=id,displayName,userPrincipalName';
    if (GUID.test(wanted)) {
      const call = { ...this.graph(customer.tenantId, 'GET', `/v1.0/users/${segment(wanted)}?${select}`), passStatuses: [404], subject: 'this user' as const };
      const response = await this.http.send(call);
      return response.status === 404 ? undefined : principalOf(this.http.parse(call, response, graphUserSchema));
    }
    const quoted = wanted.replace(/'/g, "''");
    const filter = encodeURIComponent(`userPrincipalName eq '${quoted}' or mail eq '${quoted}'`);
    const call = this.graph(customer.tenantId, 'GET', `/v1.0/users?$filter=${filter}&${select}`);
    const users = (await this.http.json(call, graphListSchema(graphUserSchema))).value;
    return users.length === 1 ? principalOf(users[0]) : undefined;
  }

  async grant(customerId: string, reservationId: string, principalId: string, role: GrantableRole): Promise<RoleAssignment> {
    const found = await this.require(customerId, reservationId);
    // The principal must be a user of this customer's tenant (an object id of another tenant finds nobody here).
    const principal = GUID.test(principalId) ? await this.findPrincipal(customerId, principalId) : undefined;
    if (!principal) throw new ChangeRefusedError(worded('failure.change.noSuchUser'), { customerId, principalId });
    const roleDefinitionId = await this.roleDefinitionId(found, role);
    const scope = this.orderScope(found);
    const call = {
      ...this.arm(found.customer.tenantId, 'PUT', `${scope}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`, AUTHORIZATION_API_VERSION, {
        properties: { roleDefinitionId, principalId: principal.objectId, principalType: 'User' },
      }),
      intent: 'write' as const,
    };
    try {
      const created = await this.http.json(call, roleAssignmentSchema);
      return await this.assignmentOf(found, created, principal.userPrincipalName);
    } catch (error) {
      if (error instanceof AzureRejectedError && error.azureCode === 'RoleAssignmentExists') {
        throw new ChangeRefusedError(worded('failure.change.alreadyHasRole', { user: principal.userPrincipalName, role }), {
          reservationId,
          role,
          user: principal.userPrincipalName,
        });
      }
      throw refusal(error, 'grant');
    }
  }

  async revoke(customerId: string, reservationId: string, assignmentId: string): Promise<void> {
    const found = await this.require(customerId, reservationId);
    const listed = (await this.listAssignments(found)).find((a) => a.name === assignmentId);
    const direct = listed ? await this.assignmentOf(found, listed, undefined) : undefined;
    if (!direct || !revocableFromChat(direct)) throw new ChangeRefusedError(worded('failure.change.assignmentGone'), { reservationId, assignmentId });
    const call = {
      ...this.arm(
        found.customer.tenantId,
        'DELETE',
        `${this.orderScope(found)}/providers/Microsoft.Authorization/roleAssignments/${segment(assignmentId)}`,
        AUTHORIZATION_API_VERSION,
      ),
      intent: 'write' as const,
      passStatuses: [204],
    };
    try {
      await this.http.send(call);
    } catch (error) {
      throw refusal(error, 'revoke');
    }
  }

  private async listAssignments(found: Located): Promise<WireRoleAssignment[]> {
    const all: WireRoleAssignment[] = [];
    // atScope(): assignments at the order and above it (inherited), not below.
    const first = this.arm(
      found.customer.tenantId,
      'GET',
      `${this.orderScope(found)}/providers/Microsoft.Authorization/roleAssignments`,
      AUTHORIZATION_API_VERSION,
      undefined,
      { $filter: 'atScope()' },
    );
    for await (const page of armPages(this.http, first, armPageSchema(roleAssignmentSchema))) all.push(...page);
    return all;
  }

  private async assignmentOf(found: Located, a: WireRoleAssignment, principalName: string | undefined): Promise<RoleAssignment> {
    return {
      assignmentId: a.name,
      principalId: a.properties.principalId,
      ...(principalName ? { principalName } : {}),
      principalType: a.properties.principalType ?? 'Unknown',
      roleName: await this.roleName(found, a.properties.roleDefinitionId),
      scope: a.properties.scope,
      inherited: a.properties.scope.toLowerCase() !== this.orderScope(found).toLowerCase(),
    };
  }

  private async roleName(found: Located, roleDefinitionId: string): Promise<string> {
    const key = roleDefinitionId.toLowerCase();
    const known = this.roleNames.get(key);
    if (known) return known;
    const call = { ...this.arm(found.customer.tenantId, 'GET', roleDefinitionId, AUTHORIZATION_API_VERSION), passStatuses: [404] };
    const response = await this.http.send(call);
    const name = response.status === 404 ? lastSegment(roleDefinitionId) : this.http.parse(call, response, roleDefinitionSchema).properties.roleName;
    this.roleNames.set(key, name);
    return name;
  }

  /** The role's definition as the order's scope offers it (looked up by name, never hard-coded). */
  private async roleDefinitionId(found: Located, role: GrantableRole): Promise<string> {
    const call = this.arm(
      found.customer.tenantId,
      'GET',
      `${this.orderScope(found)}/providers/Microsoft.Authorization/roleDefinitions`,
      AUTHORIZATION_API_VERSION,
      undefined,
      { $filter: `roleName eq '${role}'` },
    );
    const definitions = (await this.http.json(call, graphListSchema(roleDefinitionSchema))).value;
    const definition = definitions.find((d) => d.properties.roleName === role);
    if (definition) {
      this.roleNames.set(definition.id.toLowerCase(), role);
      return definition.id;
    }
    const fallback = ROLE_FALLBACKS[role];
    const general = this.arm(
      found.customer.tenantId,
      'GET',
      `${this.orderScope(found)}/providers/Microsoft.Authorization/roleDefinitions`,
      AUTHORIZATION_API_VERSION,
      undefined,
      { $filter: `roleName eq '${fallback}'` },
    );
    const stand = (await this.http.json(general, graphListSchema(roleDefinitionSchema))).value.find((d) => d.properties.roleName === fallback);
    if (!stand) throw new ChangeRefusedError(worded('failure.change.neitherRole', { role, fallback }), { role, fallback });
    this.roleNames.set(stand.id.toLowerCase(), fallback);
    return stand.id;
  }

  private async principalNames(tenantId: string, ids: string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    if (ids.length === 0) return names;
    try {
      const call = this.graph(tenantId, 'POST', '/v1.0/directoryObjects/getByIds', { ids, types: ['user'] });
      for (const user of (await this.http.json(call, graphListSchema(graphUserSchema))).value) {
        const name = user.userPrincipalName ?? user.displayName;
        if (name) names.set(user.id, name);
      }
    } catch (error) {
      // Names are a courtesy: without Graph the list still shows object ids.
      if (!(error instanceof AzureServiceError)) throw error;
    }
    return names;
  }

  private async ownScope(customerId: string, scope: AppliedScope): Promise<ScopeCheck> {
    if (scope.type === 'Shared') return { valid: true };
    if (scope.type === 'ManagementGroup') {
      const groups = await this.managementGroups(customerId);
      return groups.some((g) => g.id.toLowerCase() === (scope.managementGroupId ?? '').toLowerCase())
        ? { valid: true }
        : { valid: false, reason: 'That management group is not in the customer\u2019s tenant.' };
    }
    const subscriptions = await this.subscriptions(customerId, '');
    if (!subscriptions.some((s) => s.subscriptionId.toLowerCase() === (scope.subscriptionId ?? '').toLowerCase()))
      return { valid: false, reason: 'The subscription is not in the customer\u2019s tenant.' };
    return { valid: true };
  }

  private async requireSubscription(customerId: string, subscriptionId: string): Promise<Customer> {
    const own = await this.ownScope(customerId, { type: 'Single', subscriptionId });
    if (!own.valid) throw new NotFoundError(worded('failure.subscriptionUnknown'), { customerId, subscriptionId });
    return this.locator.requireCustomer(customerId);
  }

  private async locate(customerId: string, reservationId: string): Promise<Located | undefined> {
    const found = await this.locator.findWire(customerId, reservationId);
    if (!found) return undefined;
    const id = lastSegment(found.wire.id);
    const call = {
      ...this.arm(
        found.customer.tenantId,
        'GET',
        `/providers/Microsoft.Capacity/reservationOrders/${segment(found.orderId)}/reservations/${segment(id)}`,
        RESERVATIONS_API_VERSION,
      ),
      passStatuses: [404],
      subject: 'this reservation' as const,
    };
    const response = await this.http.send(call);
    if (response.status === 404) return undefined;
    return { customer: found.customer, orderId: found.orderId, reservationId: id, wire: this.http.parse(call, response, managedReservationSchema) };
  }

  private async require(customerId: string, reservationId: string): Promise<Located> {
    const found = await this.locate(customerId, reservationId);
    if (!found) throw new NotFoundError(worded('failure.reservationUnknown'), { customerId, reservationId });
    return found;
  }

  private settingsOf(found: Located): ReservationSettings {
    const p = found.wire.properties;
    const scope = scopeOfWire(found.wire);
    const appliesTo = p.appliedScopeProperties?.displayName
      ? [p.appliedScopeProperties.displayName]
      : scope.type === 'Shared'
        ? ['Every subscription of the customer']
        : [scopeResourceId(scope) ?? ''];
    return {
      customerId: found.customer.id,
      reservationId: found.reservationId,
      reservationOrderId: found.orderId,
      displayName: p.displayName ?? found.reservationId,
      scope,
      appliesTo,
      renew: p.renew === true,
      renewal: {
        sku: found.wire.sku?.name ?? '',
        region: found.wire.location ?? '',
        reservedResourceType: p.reservedResourceType ?? '',
        term: asTerm(p.term),
        billingPlan: asPlan(p.billingPlan),
        quantity: p.quantity ?? 0,
        billingSubscriptionId: SUBSCRIPTION_ID.exec(p.billingScopeId ?? '')?.[1] ?? lastSegment(p.billingScopeId ?? ''),
      },
      state: p.provisioningState ?? 'Unknown',
    };
  }

  private orderScope(found: Located): string {
    return `/providers/Microsoft.Capacity/reservationOrders/${found.orderId}`;
  }

  private reservationPath(found: Located): string {
    return `/providers/Microsoft.Capacity/reservationOrders/${segment(found.orderId)}/reservations/${segment(found.reservationId)}`;
  }

  private arm(tenantId: string, method: HttpMethod, path: string, apiVersion: string, body?: unknown, query: Record<string, string> = {}): ApiCall {
    return this.build('azure-reservations', this.options.armUrl, this.options.armScope, tenantId, method, path, { 'api-version': apiVersion, ...query }, body);
  }

  private graph(tenantId: string, method: HttpMethod, pathAndQuery: string, body?: unknown): ApiCall {
    return { service: 'microsoft-graph', method, url: new URL(`${this.options.graphUrl}${pathAndQuery}`), tenantId, scope: this.options.graphScope, body };
  }

  private build(
    service: AzureService,
    base: string,
    scope: string,
    tenantId: string,
    method: HttpMethod,
    path: string,
    query: Record<string, string>,
    body?: unknown,
  ): ApiCall {
    // Built by hand so `$filter` keeps its literal `$`, as Azure's own clients send it.
    const pairs = Object.entries(query).map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
    return { service, method, url: new URL(`${base}${path}?${pairs.join('&')}`), tenantId, scope, body };
  }
}

function principalOf(user: WireGraphUser): Principal {
  return { objectId: user.id, displayName: user.displayName ?? user.userPrincipalName ?? user.id, userPrincipalName: user.userPrincipalName ?? user.id };
}

/** The write a refusal names, as the catalog's select names it. */
type ChangeAction = 'change' | 'grant' | 'revoke';

/**
 * A write Azure refused or could not confirm, in words for the agent; anything else is passed on. The details carry
 * what the words are made of (`action`, Azure's `azureMessage`) for the log and the audit trail.
 */
function refusal(error: unknown, action: ChangeAction): unknown {
  if (error instanceof ChangeRefusedError || !(error instanceof AzureServiceError)) return error;
  const azureMessage = typeof error.details.azureMessage === 'string' ? error.details.azureMessage : '';
  // As Azure said it, on one line of at most 300 characters.
  const said = azureMessage.replace(/\s+/g, ' ').slice(0, 300);
  const words = { action, azureMessage };
  if (error instanceof AzureRejectedError) {
    const conflict = error.status === 409 ? 'yes' : 'no';
    const message = said
      ? worded('failure.change.azureRefused', { action, conflict, azureMessage: said })
      : worded('failure.change.azureRefused.silent', { action, conflict });
    return new ChangeRefusedError(message, { azureCode: error.azureCode, status: error.status, ...words });
  }
  if (error instanceof AzureForbiddenError) {
    return new ChangeRefusedError(worded('failure.change.forbidden', { action, status: String(error.status ?? 403) }), {
      azureCode: error.azureCode,
      status: error.status,
      ...words,
    });
  }
  if (error instanceof AzureOperationFailedError) {
    const message = said ? worded('failure.change.incomplete', { azureMessage: said }) : worded('failure.change.incomplete.silent');
    return new ChangeRefusedError(message, { azureCode: error.azureCode, ...words });
  }
  if (error instanceof AzureNotFoundError) return new ChangeRefusedError(worded('failure.change.gone', { action }), { status: error.status, ...words });
  return new ChangeRefusedError(worded('failure.change.unconfirmed', { code: error.code }), { code: error.code });
}
