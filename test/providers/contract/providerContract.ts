import { strict as assert } from 'node:assert';
import { calendarDaysBetween, expiryOf } from '../../../src/domain/dates';
import { CURRENCY_CODE, Decimal, formatMoney, minorUnits } from '../../../src/domain/money';
import { BILLING_PLANS, TERMS } from '../../../src/domain/types';
import { DeskError } from '../../../src/errors';
import type { CatalogItem } from '../../../src/ports/catalog';
import type { ChatIdentity, Customer } from '../../../src/ports/partnerDirectory';
import type { Provider } from '../../../src/ports/provider';
import type { Reservation } from '../../../src/ports/reservations';
import { BILLING_SERVICE_ID, type TicketRequest } from '../../../src/ports/supportDesk';

/**
 * The shared contract every provider (sandbox, azure) passes. It uses only port methods and asserts nothing
 * about a particular tenant's data, only what must hold for any tenant: run it with
 * `describeProviderContract('azure', async () => ({ provider, ... }))`.
 *
 * The tenant behind the fixture must have at least one customer with at least one reservation that the
 * catalog offers replacements for.
 */
export interface ProviderFixture {
  provider: Provider;
  /** A chat identity the provider maps to a partner user (Teams identities are also tried in upper case). */
  knownIdentity?: ChatIdentity;
  /**
   * Makes every ticket filed so far be credited (sandbox: move its clock past the delay; azure: the stand-in
   * settles them). Without it the end-to-end credit test is skipped.
   */
  creditFiledTickets?: () => Promise<void>;
  /** Extra cleanup after each test (provider.close() is always called). */
  dispose?: () => Promise<void>;
}

/** How many customers the contract walks at most, so a large real tenant stays quick. */
const CUSTOMER_SAMPLE = 25;

async function rejectsWithCode(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof DeskError, `expected a DeskError, got ${String(error)}`);
    assert.equal(error.code, code);
    return true;
  });
}

function hasAtMostDecimals(amount: Decimal, decimals: number): boolean {
  return amount.decimalPlaces() <= decimals;
}

function swapCase(text: string): string {
  return [...text].map((ch) => (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase())).join('');
}

/** A slice from the middle of `text` (at least 3 characters when the text has them). */
function middleSlice(text: string): string {
  if (text.length <= 4) return text;
  const length = Math.max(3, Math.floor(text.length / 2));
  const start = Math.floor((text.length - length) / 2);
  return text.slice(start, start + length);
}

async function allCustomers(provider: Provider, pageSize: number): Promise<{ customers: Customer[]; totals: number[] }> {
  const customers: Customer[] = [];
  const totals: number[] = [];
  for (let page = 0; page < 200; page += 1) {
    const result = await provider.directory.searchCustomers('', page, pageSize);
    assert.equal(result.page, page);
    assert.equal(result.pageSize, pageSize);
    assert.ok(result.items.length <= pageSize, 'a page never holds more than pageSize items');
    totals.push(result.total);
    customers.push(...result.items);
    if (customers.length >= result.total || result.items.length === 0) break;
  }
  return { customers, totals };
}

async function sampleCustomers(provider: Provider): Promise<Customer[]> {
  return (await provider.directory.searchCustomers('', 0, CUSTOMER_SAMPLE)).items;
}

async function sampleReservations(provider: Provider): Promise<Reservation[]> {
  const reservations: Reservation[] = [];
  for (const customer of await sampleCustomers(provider)) reservations.push(...(await provider.reservations.listReservations(customer.id)));
  assert.ok(reservations.length > 0, 'the fixture tenant needs at least one customer with reservations');
  return reservations;
}

async function reservationWithReplacements(provider: Provider): Promise<{ reservation: Reservation; items: CatalogItem[] }> {
  for (const reservation of await sampleReservations(provider)) {
    const items = await provider.catalog.listReplacements(reservation.customerId, reservation.reservationId);
    if (items.length > 0) return { reservation, items };
  }
  throw new assert.AssertionError({ message: 'the fixture tenant needs a reservation the catalog offers replacements for' });
}

let keyCounter = 0;

async function ticketRequestFor(provider: Provider, reservation: Reservation, requestKey: string): Promise<TicketRequest> {
  const customer = await provider.directory.getCustomer(reservation.customerId);
  assert.ok(customer, 'a reservation belongs to a known customer');
  const amount = formatMoney(reservation.totalCommitment.dividedBy(10), reservation.currency);
  return {
    requestKey,
    customerId: customer.id,
    customerTenantId: customer.tenantId,
    title: `Refund of reservation ${reservation.reservationId}`,
    description: `Reservation ${reservation.reservationId}, order ${reservation.reservationOrderId}, customer ${customer.name} (${customer.tenantId}).`,
    severity: 'minimal',
    contact: {
      firstName: 'Contract',
      lastName: 'Test',
      email: 'contract.test@example.com',
      preferredContactMethod: 'email',
      timeZone: 'W. Europe Standard Time',
      country: 'NLD',
      language: 'en-us',
    },
    serviceId: BILLING_SERVICE_ID,
    problemClassification: await provider.supportDesk.problemClassificationId(),
    reservationId: reservation.reservationId,
    expectedCredit: { amount, currency: reservation.currency },
  };
}

function uniqueKey(label: string): string {
  keyCounter += 1;
  return `contract-${label}-${process.pid}-${Date.now().toString(36)}-${keyCounter}`;
}

export function describeProviderContract(name: string, makeFixture: () => Promise<ProviderFixture>): void {
  describe(`provider contract: ${name}`, () => {
    let fixture: ProviderFixture;
    let provider: Provider;

    beforeEach(async () => {
      fixture = await makeFixture();
      provider = fixture.provider;
    });

    afterEach(async () => {
      await provider.close();
      await fixture.dispose?.();
    });

    it('names itself and reports healthy', async () => {
      assert.ok(provider.name === 'sandbox' || provider.name === 'azure');
      assert.ok(provider.clock.now() instanceof Date);
      assert.equal((await provider.health()).ok, true);
    });

    describe('partner directory', () => {
      it('pages through every customer in one stable order with a constant total', async () => {
        const small = await allCustomers(provider, 2);
        const large = await allCustomers(provider, 100);
        assert.ok(small.customers.length > 0, 'the tenant has customers');
        assert.ok(
          small.totals.every((t) => t === small.totals[0]),
          'the total does not change from page to page',
        );
        assert.equal(small.customers.length, small.totals[0]);
        const ids = small.customers.map((c) => c.id);
        assert.equal(new Set(ids).size, ids.length, 'no customer appears on two pages');
        if (large.customers.length === large.totals[0] && large.totals[0] <= 100) {
          assert.deepEqual(
            ids,
            large.customers.map((c) => c.id),
            'page size does not change the order',
          );
        }
      });

      it('returns an empty page past the end, keeping the total', async () => {
        const first = await provider.directory.searchCustomers('', 0, 100);
        const beyond = await provider.directory.searchCustomers('', Math.ceil(first.total / 5) + 1, 5);
        assert.deepEqual(beyond.items, []);
        assert.equal(beyond.total, first.total);
      });

      it('searches names case-insensitively and partially', async () => {
        const [first] = (await provider.directory.searchCustomers('', 0, 1)).items;
        assert.ok(first);
        const needle = swapCase(middleSlice(first.name));
        const found = await provider.directory.searchCustomers(needle, 0, 100);
        assert.ok(
          found.items.some((c) => c.id === first.id),
          `searching ${JSON.stringify(needle)} finds ${first.name}`,
        );
        for (const c of found.items) {
          const n = needle.toLowerCase();
          assert.ok(c.name.toLowerCase().includes(n) || c.domain.toLowerCase().includes(n), `${c.name} matches ${needle}`);
        }
      });

      it('searches domains case-insensitively and partially', async () => {
        const [first] = (await provider.directory.searchCustomers('', 0, 1)).items;
        assert.ok(first);
        const needle = swapCase(middleSlice(first.domain));
        const found = await provider.directory.searchCustomers(needle, 0, 100);
        assert.ok(
          found.items.some((c) => c.id === first.id),
          `searching ${JSON.stringify(needle)} finds ${first.domain}`,
        );
      });

      it('finds nothing for text no customer has', async () => {
        const found = await provider.directory.searchCustomers('zq-no-such-customer-xv', 0, 10);
        assert.deepEqual(found.items, []);
        assert.equal(found.total, 0);
      });

      it('gets a customer by id as search lists it, and nothing for an unknown id', async () => {
        const [first] = (await provider.directory.searchCustomers('', 0, 1)).items;
        assert.ok(first);
        assert.deepEqual(await provider.directory.getCustomer(first.id), first);
        assert.match(first.tenantId, /^[0-9a-f-]{36}$/i);
        assert.equal(await provider.directory.getCustomer('00000000-0000-4000-8000-00000000dead'), undefined);
      });

      it('refuses bad paging with invalid-input', async () => {
        await rejectsWithCode(provider.directory.searchCustomers('', -1, 10), 'invalid-input');
        await rejectsWithCode(provider.directory.searchCustomers('', 0, 0), 'invalid-input');
        await rejectsWithCode(provider.directory.searchCustomers('', 1.5, 10), 'invalid-input');
      });

      it('maps unknown chat users to nobody', async () => {
        for (const channel of ['teams', 'slack', 'playground'] as const) {
          assert.equal(await provider.directory.resolveUser({ channel, tenant: 'T-nobody', user: 'U-nobody' }), undefined);
        }
      });

      it('maps a known chat user to a partner user, and only in its own tenant', async function () {
        const identity = fixture.knownIdentity;
        if (!identity) return this.skip();
        const user = await provider.directory.resolveUser(identity);
        assert.ok(user, 'the known identity resolves');
        assert.ok(user.id && user.displayName);
        assert.ok(Array.isArray(user.roles));
        assert.equal(await provider.directory.resolveUser({ ...identity, tenant: `${identity.tenant}-other` }), undefined);
        if (identity.channel === 'teams') {
          const shouted = await provider.directory.resolveUser({ ...identity, tenant: identity.tenant.toUpperCase(), user: identity.user.toUpperCase() });
          assert.equal(shouted?.id, user.id, 'Teams GUIDs compare case-insensitively');
        }
      });
    });

    describe('reservations', () => {
      it('lists complete, self-consistent reservations', async () => {
        const ids = new Set<string>();
        for (const customer of await sampleCustomers(provider)) {
          for (const r of await provider.reservations.listReservations(customer.id)) {
            const label = `${r.displayName} (${r.reservationId})`;
            assert.equal(r.customerId, customer.id, label);
            assert.ok(!ids.has(r.reservationId), `${label} is listed once`);
            ids.add(r.reservationId);
            assert.ok(
              r.reservationOrderId && r.displayName && r.sku && r.region && r.scope && r.state && r.reservedResourceType,
              `${label} names are filled in`,
            );
            assert.ok(Number.isSafeInteger(r.quantity) && r.quantity >= 1, `${label} quantity`);
            assert.ok(Number.isSafeInteger(r.returnedQuantity) && r.returnedQuantity >= 0 && r.returnedQuantity <= r.quantity, `${label} returnedQuantity`);
            assert.ok(TERMS.includes(r.term), `${label} term`);
            assert.ok(BILLING_PLANS.includes(r.billingPlan), `${label} billing plan`);
            assert.ok(!Number.isNaN(r.benefitStart.getTime()), `${label} benefit start`);
            assert.equal(calendarDaysBetween(expiryOf(r.benefitStart, r.term), r.expiry), 0, `${label} expires on date(S + term)`);
            assert.equal(typeof r.usageSeen, 'boolean');
            assert.equal(typeof r.usageReported, 'boolean');
            if (!r.usageReported) {
              assert.deepEqual(r.utilization, {}, `${label} has no usage figure when usage is not reported`);
              assert.equal(r.usageSeen, true, `${label} counts unreported usage as usage, never promising full credit`);
            }
            assert.match(r.currency, CURRENCY_CODE);
            if (r.figuresProblem !== undefined) {
              // Listed with the reason, never quoted: no amount is passed on as if it were true.
              assert.ok(r.figuresProblem.trim().length > 0, `${label} names what is inconsistent`);
              assert.ok(r.totalCommitment.isZero() && r.paidToDate.isZero(), `${label} inconsistent figures carry no amounts`);
              continue;
            }
            assert.ok(r.usdRate.greaterThan(0), `${label} usdRate`);
            if (r.currency === 'USD') assert.ok(r.usdRate.equals(1), `${label} USD rate is 1`);
            for (const [field, amount] of [
              ['totalCommitment', r.totalCommitment],
              ['paidToDate', r.paidToDate],
            ] as const) {
              assert.ok(amount.isFinite() && !amount.isNegative(), `${label} ${field} is a non-negative amount`);
              assert.ok(hasAtMostDecimals(amount, minorUnits(r.currency)), `${label} ${field} has at most the minor unit of ${r.currency}`);
            }
            assert.ok(r.paidToDate.lessThanOrEqualTo(r.totalCommitment), `${label} paid no more than the commitment`);
            if (r.billingPlan === 'Upfront') assert.ok(r.paidToDate.equals(r.totalCommitment), `${label} Upfront is paid in full`);
            for (const value of [r.utilization.day1, r.utilization.day7, r.utilization.day30]) {
              if (value === undefined) continue;
              assert.match(value, /^\d+(\.\d+)?$/, `${label} utilization is a decimal string`);
              assert.ok(new Decimal(value).lessThanOrEqualTo(100), `${label} utilization is a percentage`);
            }
            // An optional `@<customer domain>/` opens the portal in the customer's directory (a partner's own
            // directory does not hold the reservation).
            const portalPath = `resource/providers/Microsoft.Capacity/reservationOrders/${r.reservationOrderId}/reservations/${r.reservationId}/overview`;
            assert.ok(
              r.portalUrl === `https://portal.azure.com/#${portalPath}` || new RegExp(`^https://portal\\.azure\\.com/#@[^/]+/${portalPath}$`).test(r.portalUrl),
              `${label} portal link ${r.portalUrl}`,
            );
          }
        }
        assert.ok(ids.size > 0, 'the fixture tenant needs at least one reservation');
      });

      it('gets a reservation as listed, only for its own customer', async () => {
        const [reservation] = await sampleReservations(provider);
        assert.ok(reservation);
        assert.deepEqual(await provider.reservations.getReservation(reservation.customerId, reservation.reservationId), reservation);
        assert.equal(await provider.reservations.getReservation(reservation.customerId, '00000000-0000-4000-8000-00000000dead'), undefined);
        const other = (await sampleCustomers(provider)).find((c) => c.id !== reservation.customerId);
        if (other) assert.equal(await provider.reservations.getReservation(other.id, reservation.reservationId), undefined);
      });

      it('refuses to list the reservations of an unknown customer with not-found', async () => {
        await rejectsWithCode(provider.reservations.listReservations('00000000-0000-4000-8000-00000000dead'), 'not-found');
      });
    });

    describe('exchange catalog', () => {
      it('offers well-formed replacements that getItem returns unchanged', async () => {
        const { items } = await reservationWithReplacements(provider);
        assert.equal(new Set(items.map((i) => i.id)).size, items.length, 'item ids are unique');
        for (const item of items) {
          assert.ok(item.sku && item.region && item.displayName && item.reservedResourceType, `${item.id} names are filled in`);
          assert.ok(TERMS.includes(item.term) && BILLING_PLANS.includes(item.billingPlan), `${item.id} term and plan`);
          assert.match(item.currency, CURRENCY_CODE);
          assert.ok(item.unitPrice.greaterThan(0) && hasAtMostDecimals(item.unitPrice, minorUnits(item.currency)), `${item.id} price`);
          assert.deepEqual(await provider.catalog.getItem(item.id), item);
        }
      });

      it('offers the same priced items in the replacement offer, with unpriced candidates named and why', async () => {
        const { reservation, items } = await reservationWithReplacements(provider);
        const offer = await provider.catalog.replacementOffer(reservation.customerId, reservation.reservationId);
        assert.deepEqual(
          offer.items.map((i) => i.id),
          items.map((i) => i.id),
        );
        assert.ok(
          Number.isSafeInteger(offer.sameTypeProducts) && offer.sameTypeProducts >= new Set(items.map((i) => i.sku)).size,
          'the catalog listed at least the products offered',
        );
        for (const u of offer.unpriced) {
          assert.ok(u.sku && u.displayName && u.region && u.reason.trim(), `unpriced ${u.sku} says why`);
          assert.ok(!items.some((i) => i.sku === u.sku && i.term === u.term && i.billingPlan === u.billingPlan), `unpriced ${u.sku} is not also offered`);
        }
        await rejectsWithCode(provider.catalog.replacementOffer(reservation.customerId, '00000000-0000-4000-8000-00000000dead'), 'not-found');
      });

      it('knows nothing of unknown items and refuses unknown reservations with not-found', async () => {
        assert.equal(await provider.catalog.getItem('no-such-catalog-item'), undefined);
        const [customer] = await sampleCustomers(provider);
        assert.ok(customer);
        await rejectsWithCode(provider.catalog.listReplacements(customer.id, '00000000-0000-4000-8000-00000000dead'), 'not-found');
      });
    });

    describe('support desk', () => {
      it('resolves the same problem classification every time', async () => {
        const first = await provider.supportDesk.problemClassificationId();
        assert.ok(typeof first === 'string' && first.length > 0);
        assert.equal(await provider.supportDesk.problemClassificationId(), first);
      });

      it('files one ticket per request key, readable by its customer tenant only', async () => {
        const [reservation] = await sampleReservations(provider);
        assert.ok(reservation);
        const request = await ticketRequestFor(provider, reservation, uniqueKey('idempotent'));
        const first = await provider.supportDesk.fileTicket(request);
        const again = await provider.supportDesk.fileTicket({ ...request });
        assert.equal(again.ticketId, first.ticketId, 'the same key answers with the same ticket');
        assert.ok(first.ticketId.length > 0);
        assert.ok(['open', 'closed'].includes(first.status));

        const other = await provider.supportDesk.fileTicket({ ...request, requestKey: uniqueKey('other') });
        assert.notEqual(other.ticketId, first.ticketId, 'another key files another ticket');

        const read = await provider.supportDesk.getTicket(request.customerTenantId, first.ticketId);
        assert.equal(read?.ticketId, first.ticketId);
        assert.equal(await provider.supportDesk.getTicket(request.customerTenantId, '9999999999999999'), undefined);
        assert.equal(await provider.supportDesk.getTicket('00000000-0000-4000-8000-00000000dead', first.ticketId), undefined);
      });

      it('finds a ticket by the request key it was filed with, for its customer tenant only, and files nothing', async () => {
        const [reservation] = await sampleReservations(provider);
        assert.ok(reservation);
        const request = await ticketRequestFor(provider, reservation, uniqueKey('findable'));
        assert.equal(await provider.supportDesk.findTicket(request.customerTenantId, request.requestKey), undefined);
        assert.equal(await provider.supportDesk.findTicket(request.customerTenantId, request.requestKey), undefined, 'looking filed nothing');
        const filed = await provider.supportDesk.fileTicket(request);
        assert.equal((await provider.supportDesk.findTicket(request.customerTenantId, request.requestKey))?.ticketId, filed.ticketId);
        assert.equal(await provider.supportDesk.findTicket('00000000-0000-4000-8000-00000000dead', request.requestKey), undefined);
      });

      it('refuses a request without a request key with invalid-input', async () => {
        const [reservation] = await sampleReservations(provider);
        assert.ok(reservation);
        const request = await ticketRequestFor(provider, reservation, '');
        await rejectsWithCode(provider.supportDesk.fileTicket(request), 'invalid-input');
      });
    });

    describe('credit feed', () => {
      it('hands back a cursor, and never repeats a credit along one cursor progression', async () => {
        const seen = new Set<string>();
        let cursor: string | undefined;
        for (let read = 0; read < 3; read += 1) {
          const result = await provider.credits.creditsSince(cursor);
          assert.equal(typeof result.cursor, 'string');
          for (const credit of result.credits) {
            assert.ok(!seen.has(credit.creditId), `credit ${credit.creditId} comes once`);
            seen.add(credit.creditId);
          }
          cursor = result.cursor;
        }
      });

      it('reports the credit of a filed ticket once, in the contract money format', async function () {
        if (!fixture.creditFiledTickets) return this.skip();
        const [reservation] = await sampleReservations(provider);
        assert.ok(reservation);
        const before = await provider.credits.creditsSince(undefined);
        const request = await ticketRequestFor(provider, reservation, uniqueKey('credit'));
        const ticket = await provider.supportDesk.fileTicket(request);
        await fixture.creditFiledTickets();

        const after = await provider.credits.creditsSince(before.cursor);
        const credits = after.credits.filter((c) => c.ticketId === ticket.ticketId);
        assert.equal(credits.length, 1, 'the ticket is credited once');
        const [credit] = credits;
        assert.ok(credit && credit.creditId.length > 0);
        assert.match(credit.currency, CURRENCY_CODE);
        // The contract's money format: exactly the currency's minor-unit decimals.
        assert.equal(credit.amount, formatMoney(new Decimal(credit.amount), credit.currency));
        assert.ok(credit.creditedAt instanceof Date && !Number.isNaN(credit.creditedAt.getTime()));

        const later = await provider.credits.creditsSince(after.cursor);
        assert.ok(!later.credits.some((c) => c.ticketId === ticket.ticketId), 'not again after the new cursor');
      });
    });
  });
}
