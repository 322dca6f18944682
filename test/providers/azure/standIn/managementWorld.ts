import { ARM_SCOPE, type AzureWorld, type FakeToken, type WorldCustomer } from './azureWorld';
import { IDS } from './seed';
import type { RecordedRequest, Reply } from './server';

/**
 * The stand-in's answers for managing reservations, in the shapes of Microsoft's published examples:
 * Microsoft.Capacity Reservation_Update (PATCH; 200, or 202 with Azure-AsyncOperation polled to the end) and
 * Reservation_AvailableScopes (2022-11-01); subscriptions (2022-12-01), resource groups and management groups
 * (2021-04-01); Microsoft.Authorization role assignments and definitions (2022-04-01: list at scope with
 * atScope(), PUT → 201, 409 RoleAssignmentExists, DELETE → 200/204); Microsoft Graph v1.0 users. Every call
 * must carry a token for the tenant that owns what it names.
 */
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
const CAPACITY_API = '2022-11-01';
const AUTHORIZATION_API = '2022-04-01';

export const ROLE_DEFINITIONS: Record<string, string> = {
  'Reservations Reader': '582fc458-8989-419f-a480-75249bc5db7e',
  'Reservations Administrator': 'a8889054-8d42-49c9-bc1c-52486c10e7cd',
  Owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  Reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
};

export interface ManagedTenant {
  subscriptions: Array<{ subscriptionId: string; displayName: string; resourceGroups: string[]; notAvailableBecause?: string }>;
  managementGroups: Array<{ name: string; displayName: string }>;
  users: Array<{ id: string; displayName: string; userPrincipalName: string; mail?: string }>;
}

export interface WireAssignment {
  name: string;
  scope: string;
  roleDefinitionId: string;
  principalId: string;
  principalType: string;
}

export class ManagementWorld {
  readonly tenants = new Map<string, ManagedTenant>();
  readonly assignments: WireAssignment[] = [];
  /** False: the order's scope offers only Azure's general roles (Reader, Owner), as some scopes do. */
  offersReservationRoles = true;
  /** Polls a PATCH stays InProgress (0: answer 200 at once). */
  patchPolls = 0;
  private readonly operations = new Map<string, { pollsLeft: number; status: string; error?: { code: string; message: string } }>();
  private counter = 0;

  constructor(private readonly world: AzureWorld) {}

  readonly handle = (request: RecordedRequest, token: FakeToken, baseUrl: string): Reply | undefined => {
    const { path, method, query } = request;
    if (path.startsWith('/v1.0/')) {
      if (token.scope !== GRAPH_SCOPE) return error(401, 'InvalidAuthenticationToken', 'Wrong audience for Microsoft Graph.');
      return this.graph(request, token);
    }
    if (token.scope !== ARM_SCOPE) return undefined;
    const tenant = this.tenants.get(token.tenant);
    if (method === 'GET' && path === '/subscriptions') {
      if (query['api-version'] !== '2022-12-01') return badVersion(query);
      return {
        status: 200,
        body: {
          value: (tenant?.subscriptions ?? []).map((s) => ({
            id: `/subscriptions/${s.subscriptionId}`,
            subscriptionId: s.subscriptionId,
            tenantId: token.tenant,
            displayName: s.displayName,
            state: 'Enabled',
          })),
        },
      };
    }
    let match = /^\/subscriptions\/([^/]+)\/resourcegroups$/i.exec(path);
    if (method === 'GET' && match) {
      if (query['api-version'] !== '2021-04-01') return badVersion(query);
      const subscription = tenant?.subscriptions.find((s) => s.subscriptionId === match![1]);
      if (!subscription) return error(404, 'SubscriptionNotFound', `The subscription '${match[1]}' could not be found.`);
      return {
        status: 200,
        body: {
          value: subscription.resourceGroups.map((g) => ({
            id: `/subscriptions/${subscription.subscriptionId}/resourceGroups/${g}`,
            name: g,
            location: 'westeurope',
          })),
        },
      };
    }
    if (method === 'GET' && path === '/providers/Microsoft.Management/managementGroups') {
      if (query['api-version'] !== '2021-04-01') return badVersion(query);
      return {
        status: 200,
        body: {
          value: (tenant?.managementGroups ?? []).map((g) => ({
            id: `/providers/Microsoft.Management/managementGroups/${g.name}`,
            type: 'Microsoft.Management/managementGroups',
            name: g.name,
            properties: { tenantId: token.tenant, displayName: g.displayName },
          })),
        },
      };
    }
    match = /^\/providers\/Microsoft\.Capacity\/reservationOrders\/([^/]+)\/reservations\/([^/]+)(\/availableScopes)?$/i.exec(path);
    if (match && ((method === 'PATCH' && !match[3]) || (method === 'POST' && match[3]))) {
      if (query['api-version'] !== CAPACITY_API) return badVersion(query);
      const reservation = this.world.state.reservations.get(match[2]);
      const order = this.world.state.orders.get(match[1]);
      if (!order || order.tenantId !== token.tenant || !reservation || reservation.orderId !== order.id)
        return error(404, 'ReservationNotFound', 'Reservation not found.');
      return match[3] ? this.availableScopes(request, token) : this.patch(reservation.id, request, baseUrl);
    }
    match = /^\/providers\/Microsoft\.Capacity\/operationResults\/(mgmt-[^/]+)$/.exec(path);
    if (method === 'GET' && match) return this.poll(match[1]);
    match =
      /^\/providers\/Microsoft\.Capacity\/reservationOrders\/([^/]+)\/providers\/Microsoft\.Authorization\/(roleAssignments|roleDefinitions)(?:\/([^/]+))?$/i.exec(
        path,
      );
    if (match) {
      if (query['api-version'] !== AUTHORIZATION_API) return badVersion(query);
      const order = this.world.state.orders.get(match[1]);
      if (!order || order.tenantId !== token.tenant)
        return error(403, 'AuthorizationFailed', 'The client does not have authorization to perform this action at this scope.');
      return match[2] === 'roleDefinitions' ? this.roleDefinitions(request) : this.roleAssignments(request, match[1], match[3]);
    }
    match = /^\/providers\/Microsoft\.Authorization\/roleDefinitions\/([^/]+)$/i.exec(path);
    if (method === 'GET' && match) {
      const name = Object.entries(ROLE_DEFINITIONS).find(([, id]) => id === match![1])?.[0];
      return name ? { status: 200, body: definitionJson(name) } : error(404, 'RoleDefinitionDoesNotExist', 'The specified role definition does not exist.');
    }
    return undefined;
  };

  customerOf(tenantId: string): WorldCustomer | undefined {
    return this.world.state.customers.find((c) => c.tenantId === tenantId);
  }

  private patch(reservationId: string, request: RecordedRequest, baseUrl: string): Reply {
    const body = request.body as { properties?: Record<string, unknown> } | undefined;
    const props = body?.properties;
    if (!props || typeof props !== 'object') return error(400, 'InvalidRequestContent', 'properties is required.');
    const reservation = this.world.state.reservations.get(reservationId)!;
    if (props.renew === true && !(props.renewProperties as { purchaseProperties?: unknown } | undefined)?.purchaseProperties) {
      return error(400, 'InvalidRenewProperties', 'renewProperties.purchaseProperties is required to turn renewal on.');
    }
    const apply = () => {
      const p = reservation.properties;
      if (typeof props.name === 'string') p.displayName = props.name;
      if (typeof props.renew === 'boolean') p.renew = props.renew;
      if (typeof props.appliedScopeType === 'string') {
        p.appliedScopeType = props.appliedScopeType;
        p.appliedScopeProperties = props.appliedScopeType === 'Shared' ? null : props.appliedScopeProperties;
        p.userFriendlyAppliedScopeType = (props.appliedScopeProperties as { resourceGroupId?: string } | undefined)?.resourceGroupId
          ? 'ResourceGroup'
          : props.appliedScopeType;
      }
    };
    if (this.patchPolls === 0) {
      apply();
      return {
        status: 200,
        body: {
          sku: { name: reservation.sku },
          id: `/providers/microsoft.capacity/reservationOrders/${reservation.orderId}/reservations/${reservation.id}`,
          type: 'Microsoft.Capacity/reservationOrders/reservations',
          name: `${reservation.orderId}/${reservation.id}`,
          etag: 8,
          location: reservation.location,
          properties: { ...reservation.properties },
        },
      };
    }
    const id = `mgmt-${(this.counter += 1)}`;
    // The change lands when the operation completes, as a long-running PATCH does.
    this.operations.set(id, { pollsLeft: this.patchPolls, status: 'Succeeded' });
    this.pending.set(id, apply);
    const monitor = `${baseUrl}/providers/Microsoft.Capacity/operationResults/${id}?api-version=${CAPACITY_API}`;
    return { status: 202, headers: { 'Azure-AsyncOperation': monitor, Location: monitor, 'Retry-After': '1' } };
  }

  private readonly pending = new Map<string, () => void>();

  private poll(id: string): Reply {
    const operation = this.operations.get(id);
    if (!operation) return error(404, 'OperationNotFound', 'No such operation.');
    if (operation.pollsLeft > 0) {
      operation.pollsLeft -= 1;
      return { status: 200, headers: { 'Retry-After': '1' }, body: { id, name: id, status: 'InProgress' } };
    }
    this.pending.get(id)?.();
    this.pending.delete(id);
    return { status: 200, body: { id, name: id, status: operation.status } };
  }

  private availableScopes(request: RecordedRequest, token: FakeToken): Reply {
    const scopes = (request.body as { properties?: { scopes?: unknown } } | undefined)?.properties?.scopes;
    if (!Array.isArray(scopes) || scopes.some((s) => typeof s !== 'string'))
      return error(400, 'InvalidRequestContent', 'properties.scopes must list scope ids.');
    const tenant = this.tenants.get(token.tenant);
    return {
      status: 200,
      body: {
        properties: {
          scopes: (scopes as string[]).map((scope) => {
            const subscriptionId = /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1];
            const subscription = tenant?.subscriptions.find((s) => s.subscriptionId === subscriptionId);
            const valid = scope.startsWith('/providers/Microsoft.Management/') ? true : Boolean(subscription && !subscription.notAvailableBecause);
            // As in Reservation_AvailableScopes: a verdict per scope, no reason.
            return { scope, valid };
          }),
        },
      },
    };
  }

  private roleDefinitions(request: RecordedRequest): Reply {
    const wanted = /^roleName eq '(.+)'$/.exec(request.query.$filter ?? '')?.[1];
    const names = Object.keys(ROLE_DEFINITIONS).filter((n) => (!wanted || n === wanted) && (this.offersReservationRoles || !n.startsWith('Reservations ')));
    return { status: 200, body: { value: names.map(definitionJson) } };
  }

  private roleAssignments(request: RecordedRequest, orderId: string, name: string | undefined): Reply {
    const scope = `/providers/Microsoft.Capacity/reservationOrders/${orderId}`;
    if (request.method === 'GET' && !name) {
      if (request.query.$filter !== 'atScope()') return error(400, 'UnsupportedQuery', 'The stand-in answers only $filter=atScope().');
      const visible = this.assignments.filter((a) => a.scope === scope || a.scope === '/providers/Microsoft.Capacity');
      return { status: 200, body: { value: visible.map(assignmentJson) } };
    }
    if (request.method === 'PUT' && name) {
      const props = (request.body as { properties?: Record<string, unknown> } | undefined)?.properties;
      const principalId = typeof props?.principalId === 'string' ? props.principalId : '';
      const roleDefinitionId = typeof props?.roleDefinitionId === 'string' ? props.roleDefinitionId : '';
      if (!principalId || !roleDefinitionId) return error(400, 'InvalidRoleAssignmentRequest', 'principalId and roleDefinitionId are required.');
      const tenantId = this.world.state.orders.get(orderId)!.tenantId;
      if (!this.tenants.get(tenantId)?.users.some((u) => u.id === principalId)) {
        return error(400, 'PrincipalNotFound', `Principal ${principalId} does not exist in the directory ${tenantId}.`);
      }
      if (this.assignments.some((a) => a.scope === scope && a.principalId === principalId && a.roleDefinitionId.endsWith(lastPart(roleDefinitionId)))) {
        return error(409, 'RoleAssignmentExists', 'The role assignment already exists.');
      }
      const created: WireAssignment = {
        name,
        scope,
        roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${lastPart(roleDefinitionId)}`,
        principalId,
        principalType: String(props?.principalType ?? 'User'),
      };
      this.assignments.push(created);
      return { status: 201, body: assignmentJson(created) };
    }
    if (request.method === 'DELETE' && name) {
      const index = this.assignments.findIndex((a) => a.scope === scope && a.name === name);
      if (index < 0) return { status: 204 };
      const [removed] = this.assignments.splice(index, 1);
      return { status: 200, body: assignmentJson(removed) };
    }
    return error(405, 'MethodNotAllowed', `${request.method} is not supported here.`);
  }

  private graph(request: RecordedRequest, token: FakeToken): Reply {
    const users = this.tenants.get(token.tenant)?.users ?? [];
    const json = (u: ManagedTenant['users'][number]) => ({
      '@odata.type': '#microsoft.graph.user',
      id: u.id,
      displayName: u.displayName,
      userPrincipalName: u.userPrincipalName,
    });
    const byId = /^\/v1\.0\/users\/([^/]+)$/.exec(request.path);
    if (request.method === 'GET' && byId) {
      const user = users.find((u) => u.id === byId[1] || u.userPrincipalName.toLowerCase() === decodeURIComponent(byId[1]).toLowerCase());
      return user
        ? { status: 200, body: json(user) }
        : error(404, 'Request_ResourceNotFound', `Resource '${byId[1]}' does not exist or one of its queried reference-property objects are not present.`);
    }
    if (request.method === 'GET' && request.path === '/v1.0/users') {
      const filter = /^userPrincipalName eq '(.+)' or mail eq '(.+)'$/.exec(request.query.$filter ?? '');
      if (!filter) return error(400, 'Request_UnsupportedQuery', 'Unsupported query.');
      const value = filter[1].replace(/''/g, "'").toLowerCase();
      return { status: 200, body: { value: users.filter((u) => u.userPrincipalName.toLowerCase() === value || u.mail?.toLowerCase() === value).map(json) } };
    }
    if (request.method === 'POST' && request.path === '/v1.0/directoryObjects/getByIds') {
      const ids = (request.body as { ids?: unknown } | undefined)?.ids;
      if (!Array.isArray(ids)) return error(400, 'Request_BadRequest', 'ids is required.');
      return { status: 200, body: { value: users.filter((u) => ids.includes(u.id)).map(json) } };
    }
    return error(404, 'Request_ResourceNotFound', `No route ${request.method} ${request.path}`);
  }
}

function lastPart(id: string): string {
  return id.split('/').filter(Boolean).pop() ?? id;
}

function definitionJson(name: string): Record<string, unknown> {
  const id = ROLE_DEFINITIONS[name];
  return {
    id: `/providers/Microsoft.Authorization/roleDefinitions/${id}`,
    type: 'Microsoft.Authorization/roleDefinitions',
    name: id,
    properties: { roleName: name, type: 'BuiltInRole', description: name, assignableScopes: ['/'] },
  };
}

function assignmentJson(a: WireAssignment): Record<string, unknown> {
  return {
    properties: { roleDefinitionId: a.roleDefinitionId, principalId: a.principalId, principalType: a.principalType, scope: a.scope },
    id: `${a.scope}/providers/Microsoft.Authorization/roleAssignments/${a.name}`,
    type: 'Microsoft.Authorization/roleAssignments',
    name: a.name,
  };
}

function badVersion(query: Record<string, string>): Reply {
  return error(400, 'InvalidApiVersionParameter', `api-version ${query['api-version']} is not supported`);
}

function error(status: number, code: string, message: string): Reply {
  return { status, body: { error: { code, message } } };
}

/** Users of the seeded tenants (Contoso has three, Fabrikam one). */
export const MANAGED_USERS = {
  admin: { id: 'c1000000-0000-4000-8000-0000000000a1', displayName: 'Carmen Admin', userPrincipalName: 'carmen@contoso.onmicrosoft.com' },
  finance: {
    id: 'c1000000-0000-4000-8000-0000000000a2',
    displayName: 'Finn Finance',
    userPrincipalName: 'finn@contoso.onmicrosoft.com',
    mail: 'finn.finance@contoso.com',
  },
  reader: { id: 'c1000000-0000-4000-8000-0000000000a3', displayName: 'Rita Reader', userPrincipalName: 'rita@contoso.onmicrosoft.com' },
  fabrikam: { id: 'c2000000-0000-4000-8000-0000000000b1', displayName: 'Fabian', userPrincipalName: 'fabian@fabrikam.onmicrosoft.com' },
};

/** Contoso's and Fabrikam's estates and the assignments on Contoso's EUR order (one inherited, one direct). */
export function seedManagement(world: ManagementWorld): void {
  const S = IDS.subscriptions;
  const ORDER_SCOPE = `/providers/Microsoft.Capacity/reservationOrders/${IDS.orders.contosoEur}`;
  world.tenants.set(IDS.contoso.tenant, {
    subscriptions: [
      { subscriptionId: S.contoso, displayName: 'Contoso Production', resourceGroups: ['rg-web', 'rg-data'] },
      { subscriptionId: S.contosoUk, displayName: 'Contoso UK (MSDN)', resourceGroups: ['rg-uk'], notAvailableBecause: 'MSDN offer' },
    ],
    managementGroups: [{ name: 'contoso-root', displayName: 'Contoso' }],
    users: [MANAGED_USERS.admin, MANAGED_USERS.finance, MANAGED_USERS.reader],
  });
  world.tenants.set(IDS.fabrikam.tenant, {
    subscriptions: [{ subscriptionId: S.fabrikam, displayName: 'Fabrikam', resourceGroups: [] }],
    managementGroups: [],
    users: [MANAGED_USERS.fabrikam],
  });
  world.assignments.push(
    {
      name: 'd1000000-0000-4000-8000-000000000001',
      scope: '/providers/Microsoft.Capacity',
      roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${ROLE_DEFINITIONS['Reservations Administrator']}`,
      principalId: MANAGED_USERS.admin.id,
      principalType: 'User',
    },
    {
      name: 'd1000000-0000-4000-8000-000000000002',
      scope: ORDER_SCOPE,
      roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${ROLE_DEFINITIONS['Reservations Reader']}`,
      principalId: MANAGED_USERS.reader.id,
      principalType: 'User',
    },
  );
}
