import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Decimal } from '../../../src/domain/money';
import { IdempotencyConflictError, IllegalTransitionError, InvalidInputError, NotFoundError } from '../../../src/errors';
import { CAP_WINDOW_MS } from '../../../src/domain/cap';
import type { CapEntry, CapLedger, ReserveOutcome } from '../../../src/ports/capLedger';

export interface CapLedgerFixture {
  /**
   * `count` ledgers over one fresh, empty store (no other test's data), each on its own connection where
   * the implementation has connections, all with the given limit (the implementation's default if absent).
   */
  ledgers(count: number, limitUsd?: Decimal): Promise<CapLedger[]>;
}

const T0 = new Date('2026-03-10T12:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const usd = (text: string): Decimal => new Decimal(text);
const after = (ms: number, from = T0): Date => new Date(from.getTime() + ms);

/** Entries as plain values, so assertions compare amounts and dates by value. */
function plain(entry: CapEntry): Record<string, string> {
  return {
    requestId: entry.requestId,
    customerId: entry.customerId,
    amountUsd: entry.amountUsd.toFixed(2),
    at: entry.at.toISOString(),
    state: entry.state,
  };
}

function plainOutcome(outcome: ReserveOutcome): Record<string, unknown> {
  const figures = { consumedUsd: outcome.consumedUsd.toFixed(2), remainingUsd: outcome.remainingUsd.toFixed(2) };
  return outcome.granted ? { granted: true, entry: plain(outcome.entry), ...figures } : { ...outcome, ...figures };
}

function grantedEntry(outcome: ReserveOutcome): CapEntry {
  assert.equal(outcome.granted, true, 'expected the reservation to be granted');
  return (outcome as Extract<ReserveOutcome, { granted: true }>).entry;
}

/** A customer id and request ids nobody else uses (request ids bind to their first customer). */
function freshCustomer(): { customer: string; request: (name: string) => string } {
  const customer = `cust-${randomUUID()}`;
  return { customer, request: (name) => `${customer}-${name}` };
}

/** Deterministic amounts from 100.00 to 999.99 USD, many distinct cent values. */
function variedAmount(i: number): Decimal {
  return new Decimal(10_000 + ((i * 7_919) % 90_000)).div(100);
}

const sum = (amounts: Decimal[]): Decimal => amounts.reduce((total, amount) => total.plus(amount), new Decimal(0));

export function capLedgerContract(fixture: () => CapLedgerFixture): void {
  async function oneLedger(limitUsd?: Decimal): Promise<CapLedger> {
    const [ledger] = await fixture().ledgers(1, limitUsd);
    return ledger;
  }

  describe('CapLedger contract', () => {
    it('grants a reservation within the cap, counts it and lists it', async () => {
      const ledger = await oneLedger();
      const { customer, request } = freshCustomer();
      const outcome = await ledger.reserve(customer, request('a'), usd('1200.50'), T0);
      assert.deepEqual(plainOutcome(outcome), {
        granted: true,
        entry: { requestId: request('a'), customerId: customer, amountUsd: '1200.50', at: T0.toISOString(), state: 'reserved' },
        consumedUsd: '1200.50',
        remainingUsd: '48799.50',
      });
      assert.equal((await ledger.consumed(customer, T0)).toFixed(2), '1200.50');
      assert.deepEqual((await ledger.entries(customer)).map(plain), [plain(grantedEntry(outcome))]);
    });

    it('defaults the limit to 50,000 USD and honours a given one', async () => {
      assert.equal((await oneLedger()).limitUsd.toFixed(2), '50000.00');
      const ledger = await oneLedger(usd('100.00'));
      assert.equal(ledger.limitUsd.toFixed(2), '100.00');
      const { customer, request } = freshCustomer();
      assert.equal((await ledger.reserve(customer, request('a'), usd('100.01'), T0)).granted, false);
      assert.equal((await ledger.reserve(customer, request('b'), usd('100.00'), T0)).granted, true);
    });

    it('answers a repeated reserve with the first answer and counts it once', async () => {
      const ledger = await oneLedger();
      const { customer, request } = freshCustomer();
      const first = await ledger.reserve(customer, request('a'), usd('300.00'), T0);
      assert.deepEqual(plainOutcome(await ledger.reserve(customer, request('a'), usd('300.00'), T0)), plainOutcome(first));

      await ledger.reserve(customer, request('b'), usd('200.00'), after(DAY));
      // A retry arriving later (another clock) still gets the first entry, filed at T0.
      const later = await ledger.reserve(customer, request('a'), usd('300.00'), after(2 * DAY));
      // The entry and the figures of the first grant, although request b now counts in a window a's filing falls in.
      assert.deepEqual(plainOutcome(later), plainOutcome(first));
      assert.equal((await ledger.consumed(customer, after(2 * DAY))).toFixed(2), '500.00');
      assert.equal((await ledger.entries(customer)).length, 2);
    });

    it('refuses a repeat with another amount or for another customer, changing nothing', async () => {
      const ledger = await oneLedger();
      const { customer, request } = freshCustomer();
      const other = freshCustomer().customer;
      await ledger.reserve(customer, request('a'), usd('300.00'), T0);

      await assert.rejects(ledger.reserve(customer, request('a'), usd('300.01'), T0), IdempotencyConflictError);
      await assert.rejects(ledger.reserve(other, request('a'), usd('300.00'), T0), IdempotencyConflictError);

      assert.equal((await ledger.consumed(customer, T0)).toFixed(2), '300.00');
      assert.deepEqual(
        (await ledger.entries(customer)).map((e) => e.amountUsd.toFixed(2)),
        ['300.00'],
      );
      assert.deepEqual(await ledger.entries(other), []);
      assert.equal((await ledger.consumed(other, T0)).toFixed(2), '0.00');
    });

    it('refuses what would exceed the cap, writing nothing, and grants up to the last cent', async () => {
      const ledger = await oneLedger();
      const { customer, request } = freshCustomer();
      await ledger.reserve(customer, request('a'), usd('49999.99'), T0);

      const refused = await ledger.reserve(customer, request('b'), usd('0.02'), T0);
      assert.deepEqual(plainOutcome(refused), {
        granted: false,
        reason: 'cap-exceeded',
        consumedUsd: '49999.99',
        remainingUsd: '0.01',
      });
      assert.equal((await ledger.entries(customer)).length, 1);

      const last = await ledger.reserve(customer, request('c'), usd('0.01'), T0);
      assert.equal(last.granted, true);
      assert.equal(last.consumedUsd.toFixed(2), '50000.00');
      assert.equal(last.remainingUsd.toFixed(2), '0.00');
      assert.equal((await ledger.consumed(customer, T0)).toFixed(2), '50000.00');
    });

    it('re-evaluates a refused request id, since a refusal wrote nothing', async () => {
      const ledger = await oneLedger();
      const { customer, request } = freshCustomer();
      await ledger.reserve(customer, request('a'), usd('40000.00'), T0);
      assert.equal((await ledger.reserve(customer, request('b'), usd('20000.00'), T0)).granted, false);
      await ledger.release(customer, request('a'));
      assert.equal((await ledger.reserve(customer, request('b'), usd('20000.00'), T0)).granted, true);
    });

    it('counts an entry in the window (T − 365 days, T]: not exactly 365 days later, still 1 ms before', async () => {
      const ledger = await oneLedger();
      const { customer, request } = freshCustomer();
      await ledger.reserve(customer, request('a'), usd('50000.00'), T0);

      assert.equal((await ledger.consumed(customer, after(-1))).toFixed(2), '0.00');
      assert.equal((await ledger.consumed(customer, T0)).toFixed(2), '50000.00');
      assert.equal((await ledger.consumed(customer, after(CAP_WINDOW_MS - 1))).toFixed(2), '50000.00');
      assert.equal((await ledger.consumed(customer, after(CAP_WINDOW_MS))).toFixed(2), '0.00');

      assert.equal((await ledger.reserve(customer, request('b'), usd('0.01'), after(CAP_WINDOW_MS - 1))).granted, false);
      const renewed = await ledger.reserve(customer, request('c'), usd('50000.00'), after(CAP_WINDOW_MS));
      assert.equal(renewed.granted, true);
      assert.equal(renewed.consumedUsd.toFixed(2), '50000.00');
      // The old entry stays listed, it just no longer counts.
      assert.deepEqual(
        (await ledger.entries(customer)).map((e) => e.requestId),
        [request('a'), request('c')],
      );
    });

    it('never lets a filing dated earlier push a later filing’s window over the cap', async () => {
      const ledger = await oneLedger();
      const { customer, request } = freshCustomer();
      const later = after(100 * DAY);
      await ledger.reserve(customer, request('later'), usd('30000.00'), later);

      // At T0 nothing counts yet, but T0 and `later` share windows: 30,000 counts against a T0 filing, 20,000 is left.
      const refused = await ledger.reserve(customer, request('a'), usd('30000.00'), T0);
      assert.deepEqual(plainOutcome(refused), {
        granted: false,
        reason: 'cap-exceeded',
        consumedUsd: '30000.00',
        remainingUsd: '20000.00',
      });
      assert.equal((await ledger.reserve(customer, request('b'), usd('20000.00'), T0)).granted, true);

      // Exactly 365 days before `later` shares no window with it, only with the T0 filing.
      const early = new Date(later.getTime() - CAP_WINDOW_MS);
      assert.equal((await ledger.reserve(customer, request('c'), usd('30000.00'), early)).granted, true);
      assert.equal((await ledger.reserve(customer, request('d'), usd('0.01'), early)).granted, false);
      for (const t of [early, T0, after(-1, later), later]) {
        assert.ok((await ledger.consumed(customer, t)).lte(ledger.limitUsd), `consumed at ${t.toISOString()}`);
      }
      assert.equal((await ledger.consumed(customer, later)).toFixed(2), '50000.00');
    });

    it('never counts two filings exactly 365 days apart in one window, whichever window it checks', async () => {
      const ledger = await oneLedger();
      const { customer, request } = freshCustomer();
      await ledger.reserve(customer, request('a'), usd('20000.00'), T0);
      await ledger.reserve(customer, request('b'), usd('20000.00'), after(CAP_WINDOW_MS));
      // A filing at T0 + 1 ms shares windows with both, but the two never share one: 30,000 fits.
      assert.equal((await ledger.reserve(customer, request('c'), usd('30000.00'), after(1))).granted, true);
      assert.equal((await ledger.reserve(customer, request('d'), usd('0.01'), after(1))).granted, false);
      assert.equal((await ledger.consumed(customer, after(1))).toFixed(2), '50000.00');
      assert.equal((await ledger.consumed(customer, after(CAP_WINDOW_MS))).toFixed(2), '50000.00');
    });

    it('release frees the amount, is idempotent, and answers undefined for an unknown id', async () => {
      const ledger = await oneLedger();
      const { customer, request } = freshCustomer();
      await ledger.reserve(customer, request('a'), usd('700.00'), T0);
      await ledger.reserve(customer, request('b'), usd('300.00'), T0);

      const released = await ledger.release(customer, request('a'));
      assert.deepEqual(released && plain(released), {
        requestId: request('a'),
        customerId: customer,
        amountUsd: '700.00',
        at: T0.toISOString(),
        state: 'released',
      });
      assert.equal((await ledger.consumed(customer, T0)).toFixed(2), '300.00');
      assert.deepEqual(plain((await ledger.release(customer, request('a')))!), plain(released!));
      assert.equal((await ledger.consumed(customer, T0)).toFixed(2), '300.00');
      assert.equal(await ledger.release(customer, request('unknown')), undefined);
      assert.deepEqual(
        (await ledger.entries(customer)).map((e) => [e.requestId, e.state]),
        [
          [request('a'), 'released'],
          [request('b'), 'reserved'],
        ],
      );
    });

    it('answers a reserve repeated after release with the released entry, not a new grant', async () => {
      const ledger = await oneLedger();
      const { customer, request } = freshCustomer();
      await ledger.reserve(customer, request('a'), usd('700.00'), T0);
      await ledger.release(customer, request('a'));
      const repeat = await ledger.reserve(customer, request('a'), usd('700.00'), T0);
      assert.equal(grantedEntry(repeat).state, 'released');
      // The figures are the grant's, kept with the entry (what the request's receipt showed).
      assert.equal(repeat.consumedUsd.toFixed(2), '700.00');
      assert.equal((await ledger.consumed(customer, T0)).toFixed(2), '0.00');
    });

    it('credit keeps the entry counted at the credited amount; repeats are idempotent, changes conflict', async () => {
      const ledger = await oneLedger();
      const { customer, request } = freshCustomer();
      await ledger.reserve(customer, request('a'), usd('1000.00'), T0);

      const credited = await ledger.credit(customer, request('a'), usd('950.00'), after(30 * DAY));
      assert.deepEqual(plain(credited), {
        requestId: request('a'),
        customerId: customer,
        amountUsd: '950.00',
        at: T0.toISOString(),
        state: 'credited',
      });
      assert.equal((await ledger.consumed(customer, after(30 * DAY))).toFixed(2), '950.00');
      assert.deepEqual(plain(await ledger.credit(customer, request('a'), usd('950.00'), after(31 * DAY))), plain(credited));
      await assert.rejects(ledger.credit(customer, request('a'), usd('900.00'), after(31 * DAY)), IdempotencyConflictError);

      // A credited refund cannot be freed; a repeated reserve is still judged by the amount first reserved.
      await assert.rejects(ledger.release(customer, request('a')), IllegalTransitionError);
      assert.deepEqual(plain(grantedEntry(await ledger.reserve(customer, request('a'), usd('1000.00'), T0))), plain(credited));
      await assert.rejects(ledger.reserve(customer, request('a'), usd('950.00'), T0), IdempotencyConflictError);
      assert.deepEqual((await ledger.entries(customer)).map(plain), [plain(credited)]);
    });

    it('refuses to credit a released or unknown entry', async () => {
      const ledger = await oneLedger();
      const { customer, request } = freshCustomer();
      const other = freshCustomer();
      await ledger.reserve(customer, request('a'), usd('100.00'), T0);
      await ledger.release(customer, request('a'));
      await ledger.reserve(other.customer, other.request('x'), usd('100.00'), T0);

      await assert.rejects(ledger.credit(customer, request('a'), usd('100.00'), T0), IllegalTransitionError);
      await assert.rejects(ledger.credit(customer, request('nope'), usd('100.00'), T0), NotFoundError);
      await assert.rejects(ledger.credit(customer, other.request('x'), usd('100.00'), T0), NotFoundError);
      assert.deepEqual(
        (await ledger.entries(customer)).map((e) => e.state),
        ['released'],
      );
      assert.deepEqual(
        (await ledger.entries(other.customer)).map((e) => e.state),
        ['reserved'],
      );
    });

    it('lists a customer’s entries oldest first, equal times by request id', async () => {
      const ledger = await oneLedger();
      const { customer, request } = freshCustomer();
      await ledger.reserve(customer, request('c'), usd('1.00'), after(DAY));
      await ledger.reserve(customer, request('b'), usd('2.00'), T0);
      await ledger.reserve(customer, request('a'), usd('3.00'), after(DAY));
      assert.deepEqual(
        (await ledger.entries(customer)).map((e) => e.requestId),
        [request('b'), request('a'), request('c')],
      );
      assert.deepEqual(await ledger.entries(freshCustomer().customer), []);
    });

    it('keeps amounts exact to the cent up to the largest amount it accepts', async () => {
      const largest = usd('90071992547409.91'); // 2^53 − 1 cents
      const ledger = await oneLedger(largest);
      const { customer, request } = freshCustomer();
      const outcome = await ledger.reserve(customer, request('a'), largest, T0);
      assert.equal(grantedEntry(outcome).amountUsd.toFixed(2), '90071992547409.91');
      assert.equal((await ledger.consumed(customer, T0)).toFixed(2), '90071992547409.91');
      assert.equal(outcome.remainingUsd.toFixed(2), '0.00');
      await assert.rejects(ledger.reserve(customer, request('b'), usd('90071992547409.92'), T0), InvalidInputError);
    });

    it('refuses malformed input with InvalidInputError and writes nothing', async () => {
      const ledger = await oneLedger();
      const { customer, request } = freshCustomer();
      const bad: Array<[string, () => Promise<unknown>]> = [
        ['negative', () => ledger.reserve(customer, request('a'), usd('-0.01'), T0)],
        ['three decimals', () => ledger.reserve(customer, request('a'), usd('10.005'), T0)],
        ['NaN', () => ledger.reserve(customer, request('a'), usd('NaN'), T0)],
        ['Infinity', () => ledger.reserve(customer, request('a'), usd('Infinity'), T0)],
        ['a number', () => ledger.reserve(customer, request('a'), 10 as unknown as Decimal, T0)],
        ['invalid date', () => ledger.reserve(customer, request('a'), usd('10.00'), new Date('nope'))],
        ['empty customer', () => ledger.reserve('', request('a'), usd('10.00'), T0)],
        ['braces in customer', () => ledger.reserve(`${customer}}x{`, request('a'), usd('10.00'), T0)],
        ['braces in request id', () => ledger.reserve(customer, '{a}', usd('10.00'), T0)],
        ['credit with three decimals', () => ledger.credit(customer, request('a'), usd('1.001'), T0)],
      ];
      for (const [name, call] of bad) await assert.rejects(call(), InvalidInputError, name);
      assert.deepEqual(await ledger.entries(customer), []);
      // The request id is still free for this customer: nothing bound it to anyone.
      assert.equal((await ledger.reserve(customer, request('a'), usd('10.00'), T0)).granted, true);
    });

    describe('concurrency', () => {
      it('200 simultaneous reservations over several connections never exceed the cap and add up exactly', async () => {
        const ledgers = await fixture().ledgers(5);
        const limit = ledgers[0].limitUsd;
        const { customer, request } = freshCustomer();
        const attempts = Array.from({ length: 200 }, (_, i) => ({ requestId: request(`r${i}`), amount: variedAmount(i) }));
        assert.ok(sum(attempts.map((a) => a.amount)).gt(limit.times(2)), 'the attempts must ask for far more than the cap');

        const outcomes = await Promise.all(attempts.map((a, i) => ledgers[i % ledgers.length].reserve(customer, a.requestId, a.amount, T0)));

        const granted = attempts.filter((_, i) => outcomes[i].granted);
        const refused = attempts.filter((_, i) => !outcomes[i].granted);
        assert.ok(granted.length > 0 && refused.length > 0, `granted ${granted.length}, refused ${refused.length}`);

        const consumed = await ledgers[0].consumed(customer, T0);
        assert.ok(consumed.lte(limit), `consumed ${consumed.toFixed(2)} is over the cap`);
        assert.equal(sum(granted.map((a) => a.amount)).toFixed(2), consumed.toFixed(2));

        const entries = await ledgers[0].entries(customer);
        assert.deepEqual(entries.map((e) => e.requestId).sort(), granted.map((a) => a.requestId).sort());
        assert.ok(entries.every((e) => e.state === 'reserved'));
        assert.equal(sum(entries.map((e) => e.amountUsd)).toFixed(2), consumed.toFixed(2));

        // Nothing was released, so what is left at the end is the least any refusal saw: none was refused wrongly.
        const remainingAtEnd = limit.minus(consumed);
        for (const a of refused) assert.ok(a.amount.gt(remainingAtEnd), `${a.amount.toFixed(2)} was refused wrongly`);
        // Each grant's figures were true when it was made.
        for (const outcome of outcomes.filter((o) => o.granted)) {
          assert.ok(outcome.consumedUsd.lte(limit));
          assert.equal(outcome.consumedUsd.plus(outcome.remainingUsd).toFixed(2), limit.toFixed(2));
        }
        // ...and they are the ledger's real sequence: each grant counts exactly the grants before it plus itself.
        const grants = attempts
          .map((a, i) => ({ amount: a.amount, outcome: outcomes[i] }))
          .filter((g) => g.outcome.granted)
          .sort((x, y) => x.outcome.consumedUsd.comparedTo(y.outcome.consumedUsd));
        let counted = new Decimal(0);
        for (const grant of grants) {
          counted = counted.plus(grant.amount);
          assert.equal(grant.outcome.consumedUsd.toFixed(2), counted.toFixed(2));
        }
      });

      it('simultaneous reserves with one request id grant it once', async () => {
        const ledgers = await fixture().ledgers(5);
        const { customer, request } = freshCustomer();
        const outcomes = await Promise.all(
          Array.from({ length: 50 }, (_, i) => ledgers[i % ledgers.length].reserve(customer, request('once'), usd('123.45'), T0)),
        );
        const entries = outcomes.map((o) => plain(grantedEntry(o)));
        for (const entry of entries) assert.deepEqual(entry, entries[0]);
        assert.equal((await ledgers[0].entries(customer)).length, 1);
        assert.equal((await ledgers[0].consumed(customer, T0)).toFixed(2), '123.45');
      });

      it('simultaneous reserves of one request id with different amounts or customers: one wins, the rest conflict', async () => {
        const ledgers = await fixture().ledgers(5);
        const { customer, request } = freshCustomer();
        const amounts = Array.from({ length: 20 }, (_, i) => usd(`${i + 1}.00`));
        const byAmount = await Promise.allSettled(amounts.map((amount, i) => ledgers[i % ledgers.length].reserve(customer, request('contested'), amount, T0)));
        const won = byAmount.flatMap((r, i) => (r.status === 'fulfilled' ? [amounts[i]] : []));
        assert.equal(won.length, 1);
        for (const r of byAmount) if (r.status === 'rejected') assert.ok(r.reason instanceof IdempotencyConflictError);
        assert.equal((await ledgers[0].consumed(customer, T0)).toFixed(2), won[0].toFixed(2));

        const customers = Array.from({ length: 10 }, () => freshCustomer().customer);
        const sharedId = `shared-${randomUUID()}`;
        const byCustomer = await Promise.allSettled(customers.map((c, i) => ledgers[i % ledgers.length].reserve(c, sharedId, usd('10.00'), T0)));
        assert.equal(byCustomer.filter((r) => r.status === 'fulfilled').length, 1);
        for (const r of byCustomer) if (r.status === 'rejected') assert.ok(r.reason instanceof IdempotencyConflictError);
        const holders = [];
        for (const c of customers) if ((await ledgers[0].entries(c)).length > 0) holders.push(c);
        assert.equal(holders.length, 1);
      });
    });
  });
}
