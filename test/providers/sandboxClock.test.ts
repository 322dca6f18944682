import { strict as assert } from 'node:assert';
import { calendarDaysBetween } from '../../src/domain/dates';
import { ConfigError, InvalidInputError } from '../../src/errors';
import { createSandboxProvider, SandboxClock } from '../../src/providers/sandbox';

describe('sandbox clock', () => {
  it('stands still at the time it is given', () => {
    const clock = new SandboxClock({ now: '2026-03-10T12:00:00+01:00' });
    assert.equal(clock.mode, 'frozen');
    assert.equal(clock.now().toISOString(), '2026-03-10T11:00:00.000Z');
    assert.equal(clock.now().toISOString(), '2026-03-10T11:00:00.000Z');
  });

  it('can be set forwards and backwards and advanced', () => {
    const clock = new SandboxClock({ now: new Date('2026-03-10T12:00:00Z') });
    clock.advance(90_000);
    assert.equal(clock.now().toISOString(), '2026-03-10T12:01:30.000Z');
    clock.set('2025-01-01T00:00:00Z');
    assert.equal(clock.now().toISOString(), '2025-01-01T00:00:00.000Z');
    clock.set(new Date('2027-06-30T08:00:00Z'));
    assert.equal(clock.now().toISOString(), '2027-06-30T08:00:00.000Z');
  });

  it('hands out copies of its time', () => {
    const clock = new SandboxClock({ now: '2026-03-10T12:00:00Z' });
    clock.now().setUTCFullYear(1999);
    assert.equal(clock.now().toISOString(), '2026-03-10T12:00:00.000Z');
  });

  it('refuses bad moves and leaves the time as it was', () => {
    const clock = new SandboxClock({ now: '2026-03-10T12:00:00Z' });
    assert.throws(() => clock.advance(-1), InvalidInputError);
    assert.throws(() => clock.advance(Number.NaN), InvalidInputError);
    assert.throws(() => clock.set('next tuesday'), InvalidInputError);
    assert.throws(() => clock.set('2026-03-10T12:00:00'), InvalidInputError, 'a time without a zone is ambiguous');
    assert.throws(() => clock.set(new Date(Number.NaN)), InvalidInputError);
    assert.equal(clock.now().toISOString(), '2026-03-10T12:00:00.000Z');
  });

  it('refuses a bad starting time with a configuration error naming SANDBOX_CLOCK', () => {
    for (const now of ['2026-02-30T00:00:00Z', 'yesterday', '2026-03-10']) {
      assert.throws(
        () => createSandboxProvider({ now }),
        (error: unknown) => error instanceof ConfigError && error.variable === 'SANDBOX_CLOCK' && error.message.includes(now),
      );
    }
  });

  it('in running mode moves on with the wall clock from where it was set', () => {
    let wall = Date.parse('2030-01-01T00:00:00Z');
    const clock = new SandboxClock({ now: '2026-03-10T12:00:00Z', mode: 'running' }, () => wall);
    assert.equal(clock.now().toISOString(), '2026-03-10T12:00:00.000Z');
    wall += 5_000;
    assert.equal(clock.now().toISOString(), '2026-03-10T12:00:05.000Z');
    clock.set('2026-04-01T00:00:00Z');
    wall += 1_000;
    assert.equal(clock.now().toISOString(), '2026-04-01T00:00:01.000Z');
    clock.advance(60_000);
    assert.equal(clock.now().toISOString(), '2026-04-01T00:01:01.000Z');
  });

  it('without a time, follows real time', () => {
    const before = Date.now();
    const provider = createSandboxProvider();
    const now = provider.clock.now().getTime();
    assert.equal(provider.clock.mode, 'running');
    assert.ok(now >= before && now <= Date.now());
  });

  it('anchors the tenant on the date the provider was created, whatever the clock does afterwards', async () => {
    const provider = createSandboxProvider({ now: '2026-03-10T12:00:00Z' });
    assert.equal(provider.today.toISOString(), '2026-03-10T00:00:00.000Z');
    const [customer] = (await provider.directory.searchCustomers('', 0, 100)).items.filter((c) => c.name.startsWith('Alder'));
    assert.ok(customer);
    const before = await provider.reservations.listReservations(customer.id);
    provider.clock.advance(30 * 24 * 60 * 60 * 1000);
    assert.deepEqual(await provider.reservations.listReservations(customer.id), before);
    const fresh = before.find((r) => r.displayName === 'af-web-d4s-fresh');
    assert.ok(fresh);
    assert.equal(calendarDaysBetween(fresh.benefitStart, new Date('2026-03-10T12:00:00Z')), 3);
  });

  it('shows its date and mode in health', async () => {
    const health = await createSandboxProvider({ now: '2026-03-10T12:00:00Z' }).health();
    assert.equal(health.ok, true);
    assert.match(health.detail ?? '', /2026-03-10.*frozen/);
  });
});
