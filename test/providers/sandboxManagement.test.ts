import assert from 'node:assert/strict';
import { NotFoundError } from '../../src/errors';
import { createSandboxProvider, type SandboxProvider } from '../../src/providers/sandbox';
import { sandboxSubscriptionId, sandboxUserId } from '../../src/providers/sandbox/management';
import type { Reservation } from '../../src/ports/reservations';

const NOW = '2026-06-15T10:00:00Z';

async function reservationNamed(provider: SandboxProvider, customer: string, name: string): Promise<Reservation> {
  const id = (await provider.directory.searchCustomers(customer, 0, 1)).items[0].id;
  return (await provider.reservations.listReservations(id)).find((r) => r.displayName === name)!;
}

describe('sandbox reservation management', () => {
  let provider: SandboxProvider;
  beforeEach(() => {
    provider = createSandboxProvider({ now: NOW });
  });

  it('starts every run from the same estate: scopes from the seeds, renewal, subscriptions and users with stable ids', async () => {
    const sql = await reservationNamed(provider, 'alder', 'af-sql-gp8');
    const settings = (await provider.management.settings(sql.customerId, sql.reservationId))!;
    assert.deepEqual(settings.scope, { type: 'Single', subscriptionId: sandboxSubscriptionId('alder', 'prod') });
    assert.deepEqual(settings.appliesTo, ['Alder Production']);
    assert.equal(settings.renew, true);
    assert.equal(settings.renewal.quantity, 1);
    const again = createSandboxProvider({ now: NOW });
    assert.deepEqual(await again.management.settings(sql.customerId, sql.reservationId), settings);
    const subscriptions = await provider.management.subscriptions(sql.customerId, 'alder p');
    assert.deepEqual(
      subscriptions.map((s) => s.displayName),
      ['Alder Production'],
    );
    assert.deepEqual(await provider.management.resourceGroups(sql.customerId, sandboxSubscriptionId('alder', 'prod'), 'B'), ['rg-web', 'rg-batch']);
  });

  it('validates a scope as availableScopes would and applies it, reflected in the reservation', async () => {
    const web = await reservationNamed(provider, 'alder', 'af-web-d4s-fresh');
    const group = { type: 'ResourceGroup' as const, subscriptionId: sandboxSubscriptionId('alder', 'shared'), resourceGroup: 'rg-network' };
    assert.deepEqual(await provider.management.checkScope(web.customerId, web.reservationId, group), { valid: true });
    const visualStudio = { type: 'Single' as const, subscriptionId: sandboxSubscriptionId('alder', 'dev') };
    const refused = await provider.management.checkScope(web.customerId, web.reservationId, visualStudio);
    assert.equal(refused.valid, false);
    assert.match(refused.reason!, /Visual Studio Enterprise offer cannot receive reservation discounts/);
    const otherCustomers = { type: 'Single' as const, subscriptionId: sandboxSubscriptionId('brightwater', 'apps') };
    assert.match((await provider.management.checkScope(web.customerId, web.reservationId, otherCustomers)).reason!, /not in the customer/);
    await assert.rejects(
      provider.management.update(web.customerId, web.reservationId, { kind: 'scope', scope: otherCustomers }),
      /Azure refused that scope.*Nothing changed/,
    );
    await assert.rejects(provider.management.resourceGroups(web.customerId, otherCustomers.subscriptionId, ''), NotFoundError);

    const after = await provider.management.update(web.customerId, web.reservationId, { kind: 'scope', scope: group });
    assert.deepEqual(after.scope, group);
    assert.deepEqual(after.appliesTo, ['rg-network (Alder Shared Services)']);
    assert.equal((await provider.reservations.getReservation(web.customerId, web.reservationId))!.scope, 'ResourceGroup');
  });

  it('renames only to names Azure takes and turns renewal on and off', async () => {
    const web = await reservationNamed(provider, 'alder', 'af-web-d4s-fresh');
    await assert.rejects(
      provider.management.update(web.customerId, web.reservationId, { kind: 'name', displayName: 'web <prod>' }),
      /Azure would reject that name/,
    );
    await assert.rejects(provider.management.update(web.customerId, web.reservationId, { kind: 'name', displayName: 'x'.repeat(65) }), /at most 64/);
    await provider.management.update(web.customerId, web.reservationId, { kind: 'name', displayName: ' web-prod_2026.1 ' });
    assert.equal((await provider.reservations.getReservation(web.customerId, web.reservationId))!.displayName, 'web-prod_2026.1');
    assert.equal((await provider.management.update(web.customerId, web.reservationId, { kind: 'renewal', renew: true })).renew, true);
    assert.equal((await provider.management.update(web.customerId, web.reservationId, { kind: 'renewal', renew: false })).renew, false);
  });

  it('refuses to change a reservation that is not Succeeded', async () => {
    const expired = await reservationNamed(provider, 'kestrel', 'kh-legacy-d2s-expired');
    await assert.rejects(
      provider.management.update(expired.customerId, expired.reservationId, { kind: 'renewal', renew: true }),
      /does not change a reservation that is Expired/,
    );
  });

  it("lists, grants and revokes access on the order for users of the customer's tenant only", async () => {
    const web = await reservationNamed(provider, 'alder', 'af-web-d4s-fresh');
    const before = await provider.management.roleAssignments(web.customerId, web.reservationId);
    assert.deepEqual(
      before.map((a) => [a.roleName, a.principalName, a.inherited]),
      [
        ['Reservations Administrator', 'it.admin@alderfinch.onmicrosoft.com', true],
        ['Reservations Reader', 'ops.lead@alderfinch.onmicrosoft.com', false],
      ],
    );
    const felix = await provider.management.findPrincipal(web.customerId, 'FINANCE@alderfinch.onmicrosoft.com');
    assert.equal(felix?.objectId, sandboxUserId('alder', 'finance'));
    assert.equal((await provider.management.findPrincipal(web.customerId, sandboxUserId('alder', 'finance')))?.displayName, 'Felix Brandt');
    // Another customer's user, by UPN or by object id, is not in this tenant.
    assert.equal(await provider.management.findPrincipal(web.customerId, 'cfo@brightwateranalytics.onmicrosoft.com'), undefined);
    assert.equal(await provider.management.findPrincipal(web.customerId, sandboxUserId('brightwater', 'cfo')), undefined);
    await assert.rejects(
      provider.management.grant(web.customerId, web.reservationId, sandboxUserId('brightwater', 'cfo'), 'Reservations Reader'),
      /no such user/,
    );

    const granted = await provider.management.grant(web.customerId, web.reservationId, felix!.objectId, 'Reservations Administrator');
    assert.equal(granted.scope, `/providers/Microsoft.Capacity/reservationOrders/${web.reservationOrderId}`);
    await assert.rejects(provider.management.grant(web.customerId, web.reservationId, felix!.objectId, 'Reservations Administrator'), /already has/);
    assert.equal((await provider.management.roleAssignments(web.customerId, web.reservationId)).length, 3);
    await provider.management.revoke(web.customerId, web.reservationId, granted.assignmentId);
    await assert.rejects(provider.management.revoke(web.customerId, web.reservationId, granted.assignmentId), /no longer/);
    assert.deepEqual(await provider.management.roleAssignments(web.customerId, web.reservationId), before);
  });
});
