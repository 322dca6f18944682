import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { ConfigError, DeskError, IdempotencyConflictError } from '../../src/errors';
import type { Customer } from '../../src/ports/partnerDirectory';
import type { Reservation } from '../../src/ports/reservations';
import { BILLING_SERVICE_ID, type TicketRequest } from '../../src/ports/supportDesk';
import { createSandboxProvider, DEFAULT_CREDIT_DELAY_MS, type SandboxProvider } from '../../src/providers/sandbox';

const START = '2026-03-10T12:00:00Z';

async function customerNamed(provider: SandboxProvider, prefix: string): Promise<Customer> {
  const customer = (await provider.directory.searchCustomers(prefix, 0, 10)).items[0];
  assert.ok(customer, prefix);
  return customer;
}

async function reservationNamed(provider: SandboxProvider, prefix: string, displayName: string): Promise<Reservation> {
  const customer = await customerNamed(provider, prefix);
  const reservation = (await provider.reservations.listReservations(customer.id)).find((r) => r.displayName === displayName);
  assert.ok(reservation, displayName);
  return reservation;
}

async function requestFor(provider: SandboxProvider, reservation: Reservation, requestKey: string, amount: string): Promise<TicketRequest> {
  const customer = await provider.directory.getCustomer(reservation.customerId);
  assert.ok(customer);
  return {
    requestKey,
    customerId: customer.id,
    customerTenantId: customer.tenantId,
    title: `Refund: reservation ${reservation.displayName}`,
    description: `Reservation ${reservation.reservationId} / order ${reservation.reservationOrderId}`,
    severity: 'minimal',
    contact: {
      firstName: 'Ava',
      lastName: 'Lindqvist',
      email: 'ava.lindqvist@northbeamcloud.onmicrosoft.com',
      preferredContactMethod: 'email',
      timeZone: 'W. Europe Standard Time',
      country: 'SWE',
      language: 'en-us',
    },
    serviceId: BILLING_SERVICE_ID,
    problemClassification: await provider.supportDesk.problemClassificationId(),
    reservationId: reservation.reservationId,
    expectedCredit: { amount, currency: reservation.currency },
  };
}

describe('sandbox support desk', () => {
  let provider: SandboxProvider;
  let fresh: Reservation;

  beforeEach(async () => {
    provider = createSandboxProvider({ now: START });
    fresh = await reservationNamed(provider, 'alder', 'af-web-d4s-fresh');
  });

  it('issues 16-digit ticket ids: the filing date, then digits derived from the request key', async () => {
    const ticket = await provider.supportDesk.fileTicket(await requestFor(provider, fresh, 'key-1', '2780.00'));
    assert.match(ticket.ticketId, /^260310\d{10}$/);
    assert.equal(ticket.createdAt.toISOString(), '2026-03-10T12:00:00.000Z');
    assert.equal(ticket.status, 'open');
    const twin = createSandboxProvider({ now: START });
    const again = await twin.supportDesk.fileTicket(await requestFor(twin, fresh, 'key-1', '2780.00'));
    assert.equal(again.ticketId, ticket.ticketId, 'the same key on the same date gives the same id in another run');
    const other = await provider.supportDesk.fileTicket(await requestFor(provider, fresh, 'key-2', '2780.00'));
    assert.notEqual(other.ticketId, ticket.ticketId);
  });

  it('answers a repeated request key with the first ticket, even later and concurrently', async () => {
    const request = await requestFor(provider, fresh, 'repeat', '2780.00');
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => provider.supportDesk.fileTicket({ ...request })));
    assert.equal(new Set([a!.ticketId, b!.ticketId, c!.ticketId]).size, 1);
    provider.clock.advance(60_000);
    const later = await provider.supportDesk.fileTicket({ ...request, title: 'retitled on retry', severity: 'moderate' });
    assert.equal(later.ticketId, a!.ticketId);
    assert.equal(later.createdAt.toISOString(), a!.createdAt.toISOString());
    assert.equal(provider.supportDesk.tickets().length, 1);
  });

  it('refuses a request key reused for a different reservation or amount, filing nothing', async () => {
    await provider.supportDesk.fileTicket(await requestFor(provider, fresh, 'reused', '2780.00'));
    const other = await reservationNamed(provider, 'alder', 'af-sql-gp8');
    await assert.rejects(provider.supportDesk.fileTicket(await requestFor(provider, other, 'reused', '2780.00')), IdempotencyConflictError);
    await assert.rejects(provider.supportDesk.fileTicket(await requestFor(provider, fresh, 'reused', '2779.99')), IdempotencyConflictError);
    assert.equal(provider.supportDesk.tickets().length, 1);
  });

  it('refuses malformed requests with a clear error and files nothing', async () => {
    const good = await requestFor(provider, fresh, 'bad', '2780.00');
    const otherCustomerReservation = await reservationNamed(provider, 'kestrel', 'kh-blob-day6');
    const cases: Array<[string, TicketRequest, string, RegExp]> = [
      ['wrong service', { ...good, serviceId: 'not-billing' }, 'invalid-input', /serviceId/],
      ['wrong classification', { ...good, problemClassification: 'something-else' }, 'invalid-input', /problemClassification/],
      ['blank title', { ...good, title: '  ' }, 'invalid-input', /title/],
      ['unknown severity', { ...good, severity: 'urgent' as never }, 'invalid-input', /severity/],
      ['bad email', { ...good, contact: { ...good.contact, email: 'ava' } }, 'invalid-input', /contact\.email/],
      ['phone without number', { ...good, contact: { ...good.contact, preferredContactMethod: 'phone' } }, 'invalid-input', /contact\.phone/],
      ['two-letter country', { ...good, contact: { ...good.contact, country: 'SE' } }, 'invalid-input', /contact\.country/],
      ['unknown customer', { ...good, customerId: '00000000-0000-4000-8000-000000000000' }, 'not-found', /customer/],
      ['another tenant', { ...good, customerTenantId: otherCustomerReservation.customerId }, 'invalid-input', /customerTenantId/],
      ['another customer\u2019s reservation', { ...good, reservationId: otherCustomerReservation.reservationId }, 'not-found', /reservation/],
      ['no reservation', { ...good, reservationId: undefined }, 'invalid-input', /reservationId/],
      ['no expected credit', { ...good, expectedCredit: undefined }, 'invalid-input', /expectedCredit/],
      ['too many decimals', { ...good, expectedCredit: { amount: '10.001', currency: 'EUR' } }, 'invalid-input', /expectedCredit\.amount/],
      ['yen with cents', { ...good, expectedCredit: { amount: '10.50', currency: 'JPY' } }, 'invalid-input', /expectedCredit\.amount/],
      ['negative', { ...good, expectedCredit: { amount: '-1.00', currency: 'EUR' } }, 'invalid-input', /expectedCredit\.amount/],
      ['lower-case currency', { ...good, expectedCredit: { amount: '1.00', currency: 'eur' } }, 'invalid-input', /expectedCredit\.currency/],
    ];
    for (const [label, request, code, field] of cases) {
      await assert.rejects(
        provider.supportDesk.fileTicket(request),
        (error: unknown) => error instanceof DeskError && error.code === code && field.test(error.message) && /nothing was filed/.test(error.message),
        label,
      );
    }
    assert.equal(provider.supportDesk.tickets().length, 0);
    // The key was not used up by the refusals.
    assert.match((await provider.supportDesk.fileTicket(good)).ticketId, /^\d{16}$/);
  });

  describe('the simulated back office', () => {
    it('credits a ticket once the delay (default 5 s) has passed on the sandbox clock, and only once', async () => {
      assert.equal(DEFAULT_CREDIT_DELAY_MS, 5000);
      const start = await provider.credits.creditsSince(undefined);
      assert.deepEqual(start.credits, []);
      const request = await requestFor(provider, fresh, 'credit-me', '2780');
      const ticket = await provider.supportDesk.fileTicket(request);

      provider.clock.advance(4999);
      const early = await provider.credits.creditsSince(start.cursor);
      assert.deepEqual(early.credits, []);
      assert.equal((await provider.supportDesk.getTicket(request.customerTenantId, ticket.ticketId))?.status, 'open');

      provider.clock.advance(1);
      const due = await provider.credits.creditsSince(early.cursor);
      assert.deepEqual(due.credits, [
        {
          creditId: `sandbox-credit-${ticket.ticketId}`,
          ticketId: ticket.ticketId,
          reservationId: fresh.reservationId,
          amount: '2780.00',
          currency: 'EUR',
          creditedAt: new Date('2026-03-10T12:00:05.000Z'),
        },
      ]);
      assert.equal((await provider.supportDesk.getTicket(request.customerTenantId, ticket.ticketId))?.status, 'closed');

      provider.clock.advance(60_000);
      assert.deepEqual((await provider.credits.creditsSince(due.cursor)).credits, []);
      // An old cursor replays what came after it (at-least-once for a reader that lost its place).
      assert.equal((await provider.credits.creditsSince(early.cursor)).credits.length, 1);
    });

    it('uses the configured delay; 0 credits on the next read', async () => {
      const slow = createSandboxProvider({ now: START, creditDelayMs: 3_600_000 });
      const reservation = await reservationNamed(slow, 'alder', 'af-web-d4s-fresh');
      await slow.supportDesk.fileTicket(await requestFor(slow, reservation, 'slow', '1.00'));
      slow.clock.advance(3_599_999);
      assert.equal((await slow.credits.creditsSince(undefined)).credits.length, 0);
      slow.clock.advance(1);
      assert.equal((await slow.credits.creditsSince(undefined)).credits.length, 1);

      const instant = createSandboxProvider({ now: START, creditDelayMs: 0 });
      await instant.supportDesk.fileTicket(await requestFor(instant, reservation, 'instant', '1.00'));
      assert.equal((await instant.credits.creditsSince(undefined)).credits.length, 1);
    });

    it('refuses a bad delay with a configuration error naming SANDBOX_CREDIT_DELAY_MS', () => {
      for (const creditDelayMs of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
        assert.throws(
          () => createSandboxProvider({ creditDelayMs }),
          (error: unknown) => error instanceof ConfigError && error.variable === 'SANDBOX_CREDIT_DELAY_MS',
        );
      }
    });

    it('reports credits in the order they fall due, each once, even when the clock went backwards in between', async () => {
      const first = await provider.supportDesk.fileTicket(await requestFor(provider, fresh, 'first', '1.00'));
      provider.clock.set('2026-03-10T11:00:00Z'); // an hour back: the next ticket falls due before the first
      const second = await provider.supportDesk.fileTicket(await requestFor(provider, fresh, 'second', '2.00'));

      provider.clock.set('2026-03-10T11:00:05Z');
      const a = await provider.credits.creditsSince(undefined);
      assert.deepEqual(
        a.credits.map((c) => c.ticketId),
        [second.ticketId],
      );

      provider.clock.set('2026-03-10T12:00:05Z');
      const b = await provider.credits.creditsSince(a.cursor);
      assert.deepEqual(
        b.credits.map((c) => c.ticketId),
        [first.ticketId],
      );

      assert.deepEqual(
        (await provider.credits.creditsSince(undefined)).credits.map((c) => c.ticketId),
        [second.ticketId, first.ticketId],
      );
      // Once credited, a ticket stays closed even if the clock is set back before its due time.
      provider.clock.set('2026-03-10T09:00:00Z');
      assert.equal((await provider.supportDesk.getTicket((await customerNamed(provider, 'alder')).tenantId, first.ticketId))?.status, 'closed');
    });

    it('reads a cursor from another run as the beginning and refuses cursors it never issued', async () => {
      const other = createSandboxProvider({ now: START });
      const foreign = (await other.credits.creditsSince(undefined)).cursor;
      await provider.supportDesk.fileTicket(await requestFor(provider, fresh, 'after-restart', '1.00'));
      provider.clock.advance(5000);
      assert.equal((await provider.credits.creditsSince(foreign)).credits.length, 1);

      const own = (await provider.credits.creditsSince(undefined)).cursor;
      const ahead = own.replace(/:(\d+)$/, (_, n: string) => `:${Number(n) + 1}`);
      for (const cursor of ['garbage', 'sandbox:xyz:1', ahead]) {
        await assert.rejects(provider.credits.creditsSince(cursor), (error: unknown) => error instanceof DeskError && error.code === 'invalid-input', cursor);
      }
    });

    it('starts no timers: nothing keeps the process alive', async () => {
      // Any setTimeout/setInterval/setImmediate the sandbox made would be registered with the fake clock.
      const timers = sinon.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'setImmediate'] });
      try {
        const sandbox = createSandboxProvider({ now: START, creditDelayMs: 5000 });
        const reservation = await reservationNamed(sandbox, 'alder', 'af-web-d4s-fresh');
        await sandbox.supportDesk.fileTicket(await requestFor(sandbox, reservation, 'no-timers', '1.00'));
        await sandbox.credits.creditsSince(undefined);
        sandbox.clock.advance(5000);
        assert.equal((await sandbox.credits.creditsSince(undefined)).credits.length, 1);
        await sandbox.close();
        assert.equal(timers.countTimers(), 0);
      } finally {
        timers.restore();
      }
    });
  });
});
