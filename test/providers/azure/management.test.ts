import { strict as assert } from 'node:assert';
import { ChangeRefusedError, NotFoundError } from '../../../src/errors';
import { ARM_SCOPE, decodeFakeToken } from './standIn/azureWorld';
import { startHarness, type Harness } from './standIn/harness';
import { GRAPH_SCOPE, MANAGED_USERS as USERS, ManagementWorld, ROLE_DEFINITIONS, seedManagement } from './standIn/managementWorld';
import { IDS } from './standIn/seed';

const S = IDS.subscriptions;
const VM = IDS.reservations.contosoVm;
const ORDER = IDS.orders.contosoEur;
const ORDER_SCOPE = `/providers/Microsoft.Capacity/reservationOrders/${ORDER}`;
const RESERVATION_PATH = `${ORDER_SCOPE}/reservations/${VM}`;
describe('azure provider: managing a reservation (Capacity PATCH/availableScopes, Authorization, Graph)', () => {
  let h: Harness;
  let mw: ManagementWorld;
  const m = () => h.provider.management;

  beforeEach(async () => {
    h = await startHarness();
    mw = new ManagementWorld(h.world);
    h.world.extensions.push(mw.handle);
    seedManagement(mw);
  });
  afterEach(async () => h.dispose());

  it('reads the settings from the reservation, in the customer tenant', async () => {
    const settings = (await m().settings(IDS.contoso.id, VM))!;
    assert.deepEqual(settings.scope, { type: 'Shared' });
    assert.equal(settings.renew, false);
    assert.equal(settings.displayName, 'contoso-web-d2s');
    assert.equal(settings.renewal.billingSubscriptionId, S.contoso);
    assert.equal(await m().settings(IDS.fabrikam.id, VM), undefined, 'another customer cannot reach it');
  });

  it("asks availableScopes before a scope change, and refuses another customer's subscription without asking", async () => {
    assert.deepEqual(await m().checkScope(IDS.contoso.id, VM, { type: 'Single', subscriptionId: S.contoso }), { valid: true });
    const [call] = h.standIn.requestsTo(`${RESERVATION_PATH}/availableScopes`, 'POST');
    assert.deepEqual(call.body, { properties: { scopes: [`/subscriptions/${S.contoso}`] } });
    assert.equal(call.query['api-version'], '2022-11-01');
    assert.deepEqual(decodeFakeToken(call.headers.authorization), { tenant: IDS.contoso.tenant, scope: ARM_SCOPE });
    const refused = await m().checkScope(IDS.contoso.id, VM, { type: 'Single', subscriptionId: S.contosoUk });
    assert.equal(refused.valid, false);
    assert.match(refused.reason!, /not available/);
    const foreign = await m().checkScope(IDS.contoso.id, VM, { type: 'Single', subscriptionId: S.fabrikam });
    assert.match(foreign.reason!, /not in the customer/);
    assert.equal(h.standIn.requestsTo(`${RESERVATION_PATH}/availableScopes`, 'POST').length, 2);
    await assert.rejects(m().update(IDS.contoso.id, VM, { kind: 'scope', scope: { type: 'Single', subscriptionId: S.fabrikam } }), ChangeRefusedError);
    assert.equal(h.standIn.requestsTo(RESERVATION_PATH, 'PATCH').length, 0);
    await assert.rejects(m().resourceGroups(IDS.contoso.id, S.fabrikam, ''), NotFoundError);
    assert.deepEqual(await m().resourceGroups(IDS.contoso.id, S.contoso, 'DATA'), ['rg-data']);
  });

  it('PATCHes a resource-group scope, follows the 202 to the end and reports the reservation as Azure then shows it', async () => {
    mw.patchPolls = 2;
    const after = await m().update(IDS.contoso.id, VM, { kind: 'scope', scope: { type: 'ResourceGroup', subscriptionId: S.contoso, resourceGroup: 'rg-web' } });
    const [patch] = h.standIn.requestsTo(RESERVATION_PATH, 'PATCH');
    assert.deepEqual(patch.body, {
      properties: { appliedScopeType: 'Single', appliedScopeProperties: { resourceGroupId: `/subscriptions/${S.contoso}/resourceGroups/rg-web` } },
    });
    assert.equal(h.standIn.requestsTo(/\/operationResults\/mgmt-/, 'GET').length, 3);
    assert.deepEqual(after.scope, { type: 'ResourceGroup', subscriptionId: S.contoso, resourceGroup: 'rg-web' });
    assert.deepEqual((await m().settings(IDS.contoso.id, VM))!.scope, after.scope, 'read back the same');
  });

  it('turns renewal on with the purchase properties Azure requires, off, and renames', async () => {
    const on = await m().update(IDS.contoso.id, VM, { kind: 'renewal', renew: true });
    assert.equal(on.renew, true);
    const [patch] = h.standIn.requestsTo(RESERVATION_PATH, 'PATCH');
    const purchase = (patch.body as { properties: { renewProperties: { purchaseProperties: Record<string, unknown> } } }).properties.renewProperties
      .purchaseProperties;
    assert.deepEqual(purchase.sku, { name: 'Standard_D2s_v5' });
    assert.equal(purchase.location, 'westeurope');
    assert.equal((purchase.properties as Record<string, unknown>).billingScopeId, `/subscriptions/${S.contoso}`);
    assert.equal((await m().update(IDS.contoso.id, VM, { kind: 'renewal', renew: false })).renew, false);
    assert.equal((await m().update(IDS.contoso.id, VM, { kind: 'name', displayName: 'contoso-web-prod' })).displayName, 'contoso-web-prod');
    assert.deepEqual(h.standIn.requestsTo(RESERVATION_PATH, 'PATCH').at(-1)!.body, { properties: { name: 'contoso-web-prod' } });
    await assert.rejects(m().update(IDS.contoso.id, VM, { kind: 'name', displayName: 'no spaces please' }), /Azure would reject that name/);
  });

  it('turns a 409 and a 403 into a clear refusal; nothing changed', async () => {
    h.standIn.script(
      { method: 'PATCH', path: RESERVATION_PATH },
      { status: 409, body: { error: { code: 'ReservationOperationInProgress', message: 'Another operation is in progress on this reservation.' } } },
    );
    await assert.rejects(
      m().update(IDS.contoso.id, VM, { kind: 'renewal', renew: true }),
      (e: Error) =>
        e instanceof ChangeRefusedError && /another change to it is still in progress.*Another operation is in progress.*Nothing changed/.test(e.message),
    );
    h.standIn.script(
      { method: 'PATCH', path: RESERVATION_PATH },
      { status: 403, body: { error: { code: 'AuthorizationFailed', message: 'The client does not have authorization.' } } },
    );
    await assert.rejects(m().update(IDS.contoso.id, VM, { kind: 'renewal', renew: true }), /refused the bot's permission .*HTTP 403.*Nothing changed/);
    assert.equal((await m().settings(IDS.contoso.id, VM))!.renew, false);
  });

  it('lists role assignments at the order (direct and inherited) with names from Graph', async () => {
    const list = await m().roleAssignments(IDS.contoso.id, VM);
    assert.deepEqual(
      list.map((a) => [a.principalName, a.roleName, a.inherited]),
      [
        ['carmen@contoso.onmicrosoft.com', 'Reservations Administrator', true],
        ['rita@contoso.onmicrosoft.com', 'Reservations Reader', false],
      ],
    );
    const [listCall] = h.standIn.requestsTo(`${ORDER_SCOPE}/providers/Microsoft.Authorization/roleAssignments`, 'GET');
    assert.equal(listCall.query.$filter, 'atScope()');
    assert.equal(listCall.query['api-version'], '2022-04-01');
    const [graph] = h.standIn.requestsTo('/v1.0/directoryObjects/getByIds', 'POST');
    assert.deepEqual(decodeFakeToken(graph.headers.authorization), { tenant: IDS.contoso.tenant, scope: GRAPH_SCOPE });
  });

  it('finds a user of the customer tenant by UPN, mail or object id, and nobody from another tenant', async () => {
    assert.equal((await m().findPrincipal(IDS.contoso.id, 'FINN@contoso.onmicrosoft.com'))?.objectId, USERS.finance.id);
    assert.equal((await m().findPrincipal(IDS.contoso.id, 'finn.finance@contoso.com'))?.objectId, USERS.finance.id);
    assert.equal((await m().findPrincipal(IDS.contoso.id, USERS.finance.id))?.displayName, 'Finn Finance');
    assert.equal(await m().findPrincipal(IDS.contoso.id, USERS.fabrikam.id), undefined);
    assert.equal(await m().findPrincipal(IDS.contoso.id, "o'brien@contoso.onmicrosoft.com"), undefined);
  });

  it("grants Azure's general role where the order offers no reservation roles; a group's Owner is listed, not revocable", async () => {
    mw.offersReservationRoles = false;
    mw.assignments.push({
      name: 'd1000000-0000-4000-8000-000000000009',
      scope: ORDER_SCOPE,
      roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${ROLE_DEFINITIONS.Owner}`,
      principalId: 'e9000000-0000-4000-8000-000000000009',
      principalType: 'ForeignGroup',
    });
    const granted = await m().grant(IDS.contoso.id, VM, USERS.finance.id, 'Reservations Administrator');
    assert.equal(granted.roleName, 'Owner');
    const owners = (await m().roleAssignments(IDS.contoso.id, VM)).filter((a) => a.roleName === 'Owner');
    assert.deepEqual(owners.map((a) => a.principalType).sort(), ['ForeignGroup', 'User']);
    await assert.rejects(m().revoke(IDS.contoso.id, VM, 'd1000000-0000-4000-8000-000000000009'), /not \(or no longer\) on this reservation order/);
    await m().revoke(IDS.contoso.id, VM, granted.assignmentId);
    assert.equal(h.standIn.requestsTo(/roleAssignments\/d1000000-0000-4000-8000-000000000009$/, 'DELETE').length, 0);
  });

  it("grants with the role definition Azure offers at the order, refuses a duplicate (409) and another tenant's user, and revokes", async () => {
    const granted = await m().grant(IDS.contoso.id, VM, USERS.finance.id, 'Reservations Administrator');
    const [put] = h.standIn.requestsTo(/\/providers\/Microsoft\.Authorization\/roleAssignments\/[^/]+$/, 'PUT');
    assert.deepEqual(put.body, {
      properties: {
        roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${ROLE_DEFINITIONS['Reservations Administrator']}`,
        principalId: USERS.finance.id,
        principalType: 'User',
      },
    });
    assert.ok(put.path.startsWith(ORDER_SCOPE));
    assert.equal(
      h.standIn.requestsTo(`${ORDER_SCOPE}/providers/Microsoft.Authorization/roleDefinitions`, 'GET')[0].query.$filter,
      "roleName eq 'Reservations Administrator'",
    );
    assert.equal(granted.roleName, 'Reservations Administrator');
    assert.equal(granted.inherited, false);
    await assert.rejects(m().grant(IDS.contoso.id, VM, USERS.finance.id, 'Reservations Administrator'), /already has Reservations Administrator/);
    await assert.rejects(m().grant(IDS.contoso.id, VM, USERS.fabrikam.id, 'Reservations Reader'), /no such user/);
    await m().revoke(IDS.contoso.id, VM, granted.assignmentId);
    assert.equal(h.standIn.requestsTo(`${ORDER_SCOPE}/providers/Microsoft.Authorization/roleAssignments/${granted.assignmentId}`, 'DELETE').length, 1);
    await assert.rejects(m().revoke(IDS.contoso.id, VM, 'd1000000-0000-4000-8000-000000000001'), /not \(or no longer\) on this reservation order/);
    assert.deepEqual(
      (await m().roleAssignments(IDS.contoso.id, VM)).map((a) => a.principalId),
      [USERS.admin.id, USERS.reader.id],
    );
  });
});
