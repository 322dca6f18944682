import assert from 'node:assert/strict';
import { createLogger } from '../../src/log';
import { createSandboxProvider } from '../../src/providers/sandbox';
import { sandboxUserId } from '../../src/providers/sandbox/management';
import { ReservationChanges } from '../../src/services/reservationChanges';
import { MemoryAuditTrail } from '../../src/store/memory/auditTrail';
import { MemoryIdempotencyStore } from '../../src/store/memory/idempotency';

const ACTOR = { chatUserId: 'playground:playground:ava.lindqvist', partnerUserId: 'ava.lindqvist' };

async function setUp() {
  const provider = createSandboxProvider({ now: '2026-06-15T10:00:00Z' });
  const audit = new MemoryAuditTrail();
  const changes = new ReservationChanges({
    management: provider.management,
    audit,
    idempotency: new MemoryIdempotencyStore(),
    wallClock: { now: () => new Date('2026-06-15T10:00:00Z') },
    log: createLogger('silent'),
  });
  const customerId = (await provider.directory.searchCustomers('alder', 0, 1)).items[0].id;
  const web = (await provider.reservations.listReservations(customerId)).find((r) => r.displayName === 'af-web-d4s-fresh')!;
  const shown = (await provider.management.settings(customerId, web.reservationId))!;
  return { provider, audit, changes, customerId, web, shown };
}

describe('ReservationChanges', () => {
  it('applies a confirmed change once per card key and audits it with before and after', async () => {
    const { provider, audit, changes, shown } = await setUp();
    const first = await changes.apply('key-1', ACTOR, shown, { kind: 'renewal', renew: true });
    assert.equal(first.outcome, 'changed');
    assert.equal((await provider.management.settings(shown.customerId, shown.reservationId))!.renew, true);
    // The same card again (a double click that reached another instance): nothing is done twice.
    assert.deepEqual(await changes.apply('key-1', ACTOR, shown, { kind: 'renewal', renew: true }), { outcome: 'already' });
    const events = await audit.list({ type: 'reservation-changed' });
    assert.equal(events.length, 1);
    assert.deepEqual(events[0].detail, { change: 'renewal', before: 'does not renew', after: 'renews automatically' });
    assert.equal(events[0].reservationId, shown.reservationId);
  });

  it('refuses a card from before a later change, and a change Azure refuses, changing nothing and auditing why', async () => {
    const { provider, audit, changes, shown } = await setUp();
    await changes.apply('key-1', ACTOR, shown, { kind: 'name', displayName: 'web-prod' });
    const stale = await changes.apply('key-2', ACTOR, shown, { kind: 'name', displayName: 'web-test' });
    assert.equal(stale.outcome, 'refused');
    assert.match(stale.outcome === 'refused' ? stale.message : '', /changed since this card was shown \(it is now: web-prod\)/);
    const fresh = (await provider.management.settings(shown.customerId, shown.reservationId))!;
    const rejected = await changes.apply('key-3', ACTOR, fresh, { kind: 'name', displayName: 'web test!' });
    assert.match(rejected.outcome === 'refused' ? rejected.message : '', /Azure would reject that name/);
    assert.equal((await provider.management.settings(shown.customerId, shown.reservationId))!.displayName, 'web-prod');
    assert.deepEqual(
      (await audit.list({ type: 'change-refused' })).map((e) => e.detail?.code),
      ['change-refused', 'change-refused'],
    );
  });

  it('says why it refused itself (stale, unchanged), so the chat can word it; a provider refusal carries only its message', async () => {
    const { provider, changes, shown } = await setUp();
    await changes.apply('key-1', ACTOR, shown, { kind: 'renewal', renew: true });
    const stale = await changes.apply('key-2', ACTOR, shown, { kind: 'renewal', renew: true });
    assert.ok(stale.outcome === 'refused' && stale.refusal?.reason === 'stale');
    assert.equal(stale.refusal.change, 'renewal');
    assert.equal(stale.refusal.current.renew, true, 'the reservation as it is now');
    const fresh = (await provider.management.settings(shown.customerId, shown.reservationId))!;
    const unchanged = await changes.apply('key-3', ACTOR, fresh, { kind: 'renewal', renew: true });
    assert.ok(unchanged.outcome === 'refused' && unchanged.refusal?.reason === 'unchanged');
    assert.equal(unchanged.message, 'Nothing to change: the reservation\'s renewal is already "renews automatically".');
    const rejected = await changes.apply('key-4', ACTOR, fresh, { kind: 'name', displayName: 'web test!' });
    assert.ok(rejected.outcome === 'refused' && rejected.refusal === undefined);
  });

  it("grants and revokes access once, auditing object ids and never the user's email", async () => {
    const { provider, audit, changes, customerId, web } = await setUp();
    const felix = sandboxUserId('alder', 'finance');
    const subject = { customerId, reservationId: web.reservationId };
    const granted = await changes.grant('g-1', ACTOR, subject, felix, 'Reservations Reader');
    assert.equal(granted.outcome, 'changed');
    assert.deepEqual(await changes.grant('g-1', ACTOR, subject, felix, 'Reservations Reader'), { outcome: 'already' });
    const assignment = granted.outcome === 'changed' ? granted.result : undefined;
    assert.equal((await changes.revoke('r-1', ACTOR, subject, assignment!)).outcome, 'changed');
    assert.equal((await changes.revoke('r-2', ACTOR, subject, assignment!)).outcome, 'refused');
    assert.equal(
      (await provider.management.roleAssignments(customerId, web.reservationId)).some((a) => a.principalId === felix),
      false,
    );
    const trail = JSON.stringify(await audit.list());
    assert.match(trail, /access-granted/);
    assert.match(trail, /access-revoked/);
    assert.doesNotMatch(trail, /@/);
  });
});
