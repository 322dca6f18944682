import { strict as assert } from 'node:assert';
import { DeskError } from '../../../src/errors';
import type { Provider } from '../../../src/ports/provider';
import { SCOPE_TYPES } from '../../../src/ports/reservationManagement';

/**
 * What every provider's ReservationManagement does (sandbox, azure): only port calls, no tenant's data beyond
 * what the fixture names. Run with `describeManagementContract('azure', async () => ({ ... }))`.
 */
export interface ManagementFixture {
  provider: Provider;
  /** A customer and one of its Succeeded reservations. */
  customerId: string;
  reservationId: string;
  /** The UPN of a user of that customer's tenant with no direct role on the reservation's order. */
  userPrincipalName: string;
  /** A subscription of another customer. */
  foreignSubscriptionId: string;
  dispose?: () => Promise<void>;
}

async function rejectsWithCode(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => error instanceof DeskError && error.code === code);
}

export function describeManagementContract(name: string, make: () => Promise<ManagementFixture>): void {
  describe(`reservation management contract: ${name}`, function () {
    this.timeout(20000);
    let f: ManagementFixture;
    const m = () => f.provider.management;
    beforeEach(async () => {
      f = await make();
    });
    afterEach(async () => {
      await f.provider.close();
      await f.dispose?.();
    });

    it('reads the settings of a reservation the customer holds, and of no other', async () => {
      const settings = (await m().settings(f.customerId, f.reservationId))!;
      assert.equal(settings.customerId, f.customerId);
      assert.equal(settings.reservationId, f.reservationId);
      assert.ok((SCOPE_TYPES as readonly string[]).includes(settings.scope.type));
      assert.equal(typeof settings.renew, 'boolean');
      assert.ok(settings.renewal.quantity > 0);
      assert.equal(await m().settings(f.customerId, '00000000-0000-4000-8000-000000000000'), undefined);
    });

    it('turns renewal over and back, and renames only to names Azure takes', async () => {
      const before = (await m().settings(f.customerId, f.reservationId))!;
      assert.equal((await m().update(f.customerId, f.reservationId, { kind: 'renewal', renew: !before.renew })).renew, !before.renew);
      assert.equal((await m().settings(f.customerId, f.reservationId))!.renew, !before.renew);
      await m().update(f.customerId, f.reservationId, { kind: 'renewal', renew: before.renew });
      await rejectsWithCode(m().update(f.customerId, f.reservationId, { kind: 'name', displayName: 'has spaces & symbols' }), 'change-refused');
      assert.equal((await m().update(f.customerId, f.reservationId, { kind: 'name', displayName: 'renamed-by-contract' })).displayName, 'renamed-by-contract');
      assert.equal((await m().settings(f.customerId, f.reservationId))!.displayName, 'renamed-by-contract');
    });

    it("checks scopes before changing them: its own subscription, never another customer's", async () => {
      assert.deepEqual(await m().checkScope(f.customerId, f.reservationId, { type: 'Shared' }), { valid: true });
      const foreign = { type: 'Single' as const, subscriptionId: f.foreignSubscriptionId };
      const refused = await m().checkScope(f.customerId, f.reservationId, foreign);
      assert.equal(refused.valid, false);
      assert.ok(refused.reason);
      await rejectsWithCode(m().update(f.customerId, f.reservationId, { kind: 'scope', scope: foreign }), 'change-refused');
      await rejectsWithCode(m().resourceGroups(f.customerId, f.foreignSubscriptionId, ''), 'not-found');
      const [own] = await m().subscriptions(f.customerId, '');
      assert.ok(own, 'the customer has a subscription');
      const single = { type: 'Single' as const, subscriptionId: own.subscriptionId };
      assert.equal((await m().checkScope(f.customerId, f.reservationId, single)).valid, true);
      assert.deepEqual((await m().update(f.customerId, f.reservationId, { kind: 'scope', scope: single })).scope, single);
      assert.deepEqual((await m().update(f.customerId, f.reservationId, { kind: 'scope', scope: { type: 'Shared' } })).scope, { type: 'Shared' });
    });

    it("grants and revokes a role on the order for a user of the customer's tenant only", async () => {
      const user = await m().findPrincipal(f.customerId, f.userPrincipalName.toUpperCase());
      assert.ok(user, 'the user is found by UPN, in any case');
      assert.equal((await m().findPrincipal(f.customerId, user.objectId))?.userPrincipalName.toLowerCase(), f.userPrincipalName.toLowerCase());
      assert.equal(await m().findPrincipal(f.customerId, 'nobody@unknown.example'), undefined);
      const granted = await m().grant(f.customerId, f.reservationId, user.objectId, 'Reservations Reader');
      assert.equal(granted.inherited, false);
      assert.equal(granted.roleName, 'Reservations Reader');
      const listed = await m().roleAssignments(f.customerId, f.reservationId);
      assert.ok(listed.some((a) => a.assignmentId === granted.assignmentId && !a.inherited));
      await rejectsWithCode(m().grant(f.customerId, f.reservationId, user.objectId, 'Reservations Reader'), 'change-refused');
      await m().revoke(f.customerId, f.reservationId, granted.assignmentId);
      assert.ok(!(await m().roleAssignments(f.customerId, f.reservationId)).some((a) => a.assignmentId === granted.assignmentId));
      await rejectsWithCode(m().revoke(f.customerId, f.reservationId, granted.assignmentId), 'change-refused');
    });
  });
}
