import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { RefundQuoteJson } from '../../../src/domain/quoteContract';
import { IllegalTransitionError, InvalidInputError, NotFoundError } from '../../../src/errors';
import { REQUEST_TRANSITIONS, type NewRequest, type RequestRecord, type RequestState, type RequestStore } from '../../../src/ports/requestStore';
import { SPEC_EXAMPLE_QUOTE } from '../../domain/contractInput';

export interface RequestStoreFixture {
  /** `count` views of one fresh, empty store, each on its own connection where the implementation has them. */
  stores(count: number): Promise<RequestStore[]>;
}

const T0 = new Date('2026-03-10T12:00:00.000Z');
const MINUTE = 60_000;
const after = (ms: number): Date => new Date(T0.getTime() + ms);

const QUOTE: RefundQuoteJson = SPEC_EXAMPLE_QUOTE;

function newRequest(overrides: Partial<NewRequest> = {}): NewRequest {
  return {
    key: `confirm-${randomUUID()}`,
    kind: 'refund',
    customerId: 'cust-contoso',
    customerName: 'Contoso Ltd',
    customerTenantId: '9b1c0c77-0000-4000-8000-000000000001',
    reservationId: 'res-1',
    reservationOrderId: 'order-1',
    quote: QUOTE,
    capUsd: '5546.18',
    agent: { partnerUserId: 'agent-ada', chatUserId: 'teams:tenant:ada' },
    origin: { channel: 'teams', conversation: { id: 'conv-1', serviceUrl: 'https://smba.example/emea/', nested: { list: [] } } },
    details: { severity: 'minimal', contact: { firstName: 'Ada', languages: [] } },
    ...overrides,
  };
}

/** The legal path from `filing` to each state. */
const PATH_TO: Record<RequestState, RequestState[]> = {
  filing: [],
  filed: ['filed'],
  credited: ['filed', 'credited'],
  failed: ['failed'],
  withdrawn: ['filed', 'withdrawn'],
};
const STATES = Object.keys(REQUEST_TRANSITIONS) as RequestState[];

export function requestStoreContract(fixture: () => RequestStoreFixture): void {
  async function oneStore(): Promise<RequestStore> {
    const [store] = await fixture().stores(1);
    return store;
  }

  async function createIn(store: RequestStore, state: RequestState, overrides: Partial<NewRequest> = {}): Promise<RequestRecord> {
    let { record } = await store.create(newRequest(overrides), T0);
    for (const [i, to] of PATH_TO[state].entries()) {
      record = await store.transition(record.id, to, to === 'filed' ? { ticketId: `T-${randomUUID()}` } : {}, after((i + 1) * MINUTE));
    }
    return record;
  }

  describe('RequestStore contract', () => {
    it('creates a record in state filing that keeps every field, found by id and by key', async () => {
      const store = await oneStore();
      const request = newRequest();
      const { created, record } = await store.create(request, T0);
      assert.equal(created, true);
      const { id, state, createdAt, updatedAt, ...rest } = record;
      assert.ok(typeof id === 'string' && id.length > 0);
      assert.deepEqual({ state, createdAt, updatedAt }, { state: 'filing', createdAt: T0.toISOString(), updatedAt: T0.toISOString() });
      assert.deepEqual(rest, request);
      assert.deepEqual(await store.get(id), record);
      assert.deepEqual(await store.getByKey(request.key), record);
    });

    it("keeps the filing agent's language with the request", async () => {
      const store = await oneStore();
      const { record } = await store.create({ ...newRequest(), locale: 'de' }, T0);
      assert.equal((await store.get(record.id))?.locale, 'de');
    });

    it('is idempotent by key: a second create returns the first record and lists it once', async () => {
      const store = await oneStore();
      const request = newRequest();
      const first = await store.create(request, T0);
      const again = await store.create({ ...request, capUsd: '1.00', reservationId: 'res-other' }, after(MINUTE));
      assert.deepEqual(again, { created: false, record: first.record });
      assert.deepEqual(await store.listByCustomer(request.customerId), [first.record]);
      assert.deepEqual(await store.listByAgent(request.agent.partnerUserId), [first.record]);
    });

    it('creates once when one key is created simultaneously over several connections', async () => {
      const stores = await fixture().stores(4);
      const request = newRequest();
      const results = await Promise.all(Array.from({ length: 24 }, (_, i) => stores[i % stores.length].create(request, T0)));
      assert.equal(results.filter((r) => r.created).length, 1);
      for (const r of results) assert.deepEqual(r.record, results[0].record);
      assert.equal((await stores[0].listByCustomer(request.customerId)).length, 1);
    });

    it('answers undefined for unknown ids, keys and tickets', async () => {
      const store = await oneStore();
      assert.equal(await store.get('rq-unknown'), undefined);
      assert.equal(await store.getByKey('never-created'), undefined);
      assert.equal(await store.getByTicket('T-unknown'), undefined);
      assert.deepEqual(await store.getMany(['rq-unknown']), [undefined]);
    });

    it('reads several records at once, in the order asked', async () => {
      const store = await oneStore();
      const { record: a } = await store.create({ ...newRequest(), key: 'many-a' }, T0);
      const { record: b } = await store.create({ ...newRequest(), key: 'many-b', reservationId: 'res-many-b' }, T0);
      assert.deepEqual(await store.getMany([b.id, 'rq-unknown', a.id]), [b, undefined, a]);
      assert.deepEqual(await store.getMany([]), []);
    });

    it('moves filing → filed → credited, applying the patch and stamping the times', async () => {
      const store = await oneStore();
      const { record } = await store.create(newRequest(), T0);

      const filed = await store.transition(record.id, 'filed', { ticketId: 'T-100' }, after(MINUTE));
      assert.deepEqual(filed, {
        ...record,
        state: 'filed',
        ticketId: 'T-100',
        filedAt: after(MINUTE).toISOString(),
        updatedAt: after(MINUTE).toISOString(),
      });
      assert.deepEqual(await store.getByTicket('T-100'), filed);

      const creditedAt = after(3 * MINUTE).toISOString();
      const credited = await store.transition(record.id, 'credited', { creditedAmount: '5135.35', creditedAt }, after(5 * MINUTE));
      assert.deepEqual(credited, {
        ...filed,
        state: 'credited',
        creditedAmount: '5135.35',
        creditedAt,
        updatedAt: after(5 * MINUTE).toISOString(),
      });
      assert.deepEqual(await store.get(record.id), credited);
      assert.deepEqual(await store.getByTicket('T-100'), credited);
    });

    it('refuses every move REQUEST_TRANSITIONS does not allow and leaves the record unchanged', async () => {
      const store = await oneStore();
      let refusals = 0;
      for (const from of STATES) {
        for (const to of STATES.filter((s) => !REQUEST_TRANSITIONS[from].includes(s))) {
          const record = await createIn(store, from);
          await assert.rejects(
            store.transition(record.id, to, { failureReason: 'should not stick', ticketId: 'T-never' }, after(10 * MINUTE)),
            IllegalTransitionError,
            `${from} → ${to}`,
          );
          assert.deepEqual(await store.get(record.id), record, `${from} → ${to} changed the record`);
          refusals++;
        }
      }
      assert.equal(refusals, 20, 'credited → filed and every other forbidden move');
      assert.equal(await store.getByTicket('T-never'), undefined);
    });

    it('refuses a transition of an unknown id', async () => {
      await assert.rejects((await oneStore()).transition('rq-unknown', 'filed', {}, T0), NotFoundError);
    });

    it('refuses a malformed patch, leaving the record unchanged', async () => {
      const store = await oneStore();
      const record = await createIn(store, 'filing');
      const bad: Array<[string, Parameters<RequestStore['transition']>]> = [
        ['unknown field', [record.id, 'filed', { state: 'credited' } as never, after(MINUTE)]],
        ['not an ISO time', [record.id, 'filed', { filedAt: '10 March 2026' }, after(MINUTE)]],
        ['empty ticket', [record.id, 'filed', { ticketId: '' }, after(MINUTE)]],
        ['unknown state', [record.id, 'archived' as RequestState, {}, after(MINUTE)]],
        ['invalid date', [record.id, 'filed', {}, new Date('nope')]],
      ];
      for (const [name, args] of bad) {
        await assert.rejects(store.transition(...args), InvalidInputError, name);
        assert.deepEqual(await store.get(record.id), record, name);
      }
    });

    it('gives a ticket id to one request only', async () => {
      const store = await oneStore();
      const first = await createIn(store, 'filing');
      const second = await createIn(store, 'filing');
      const filed = await store.transition(first.id, 'filed', { ticketId: 'T-200' }, after(MINUTE));
      await assert.rejects(store.transition(second.id, 'filed', { ticketId: 'T-200' }, after(MINUTE)), InvalidInputError);
      assert.deepEqual(await store.get(second.id), second);
      assert.deepEqual(await store.getByTicket('T-200'), filed);
      // Nor may a request swap its ticket for another.
      await assert.rejects(store.transition(first.id, 'credited', { ticketId: 'T-201' }, after(2 * MINUTE)), InvalidInputError);
      assert.deepEqual(await store.get(first.id), filed);
    });

    it('lets exactly one of two simultaneous moves from filed win', async () => {
      const stores = await fixture().stores(2);
      for (let round = 0; round < 10; round++) {
        const record = await createIn(stores[0], 'filed');
        const [credit, withdraw] = await Promise.allSettled([
          stores[0].transition(record.id, 'credited', { creditedAmount: '10.00' }, after(5 * MINUTE)),
          stores[1].transition(record.id, 'withdrawn', {}, after(5 * MINUTE)),
        ]);
        const winners = [credit, withdraw].filter((r) => r.status === 'fulfilled');
        assert.equal(winners.length, 1, `round ${round}`);
        const loser = [credit, withdraw].find((r) => r.status === 'rejected') as PromiseRejectedResult;
        assert.ok(loser.reason instanceof IllegalTransitionError);
        assert.deepEqual(await stores[1].get(record.id), (winners[0] as PromiseFulfilledResult<RequestRecord>).value);
      }
    });

    it('lists by agent and by customer, newest first, up to the limit', async () => {
      const store = await oneStore();
      const ada = { partnerUserId: 'agent-ada', chatUserId: 'slack:T1:U1' };
      const bob = { partnerUserId: 'agent-bob', chatUserId: 'slack:T1:U2' };
      const created: RequestRecord[] = [];
      const plan: Array<[typeof ada, string, number]> = [
        [ada, 'cust-a', 2],
        [bob, 'cust-a', 1],
        [ada, 'cust-b', 4],
        [ada, 'cust-a', 3],
        [bob, 'cust-b', 0],
      ];
      for (const [agent, customerId, minutes] of plan) {
        created.push((await store.create(newRequest({ agent, customerId }), after(minutes * MINUTE))).record);
      }
      const ids = (records: RequestRecord[]): string[] => records.map((r) => r.id);
      assert.deepEqual(ids(await store.listByAgent('agent-ada')), ids([created[2], created[3], created[0]]));
      assert.deepEqual(ids(await store.listByAgent('agent-ada', 2)), ids([created[2], created[3]]));
      assert.deepEqual(ids(await store.listByAgent('agent-bob')), ids([created[1], created[4]]));
      assert.deepEqual(ids(await store.listByCustomer('cust-a')), ids([created[3], created[0], created[1]]));
      assert.deepEqual(ids(await store.listByCustomer('cust-b', 1)), ids([created[2]]));
      assert.deepEqual(await store.listByCustomer('cust-a', 0), []);
      assert.deepEqual(await store.listByAgent('agent-nobody'), []);
      await assert.rejects(store.listByAgent('agent-ada', -1), InvalidInputError);
      await assert.rejects(store.listByCustomer('cust-a', 1.5), InvalidInputError);
      // Lists show the current record, not the one at creation.
      const filed = await store.transition(created[3].id, 'filed', { ticketId: 'T-300' }, after(10 * MINUTE));
      assert.deepEqual((await store.listByCustomer('cust-a', 1))[0], filed);
    });

    it('orders requests created at the same time the same way in every store (descending id)', async () => {
      const store = await oneStore();
      const created: RequestRecord[] = [];
      for (let i = 0; i < 5; i++) created.push((await store.create(newRequest({ customerId: 'cust-tie' }), T0)).record);
      const expected = created
        .map((r) => r.id)
        .sort()
        .reverse();
      assert.deepEqual(
        (await store.listByCustomer('cust-tie')).map((r) => r.id),
        expected,
      );
    });

    it("lists a reservation's open requests, oldest first, and drops them once they are credited, failed or withdrawn", async () => {
      const [store] = await fixture().stores(1);
      const first = (await store.create(newRequest({ reservationId: 'res-open' }), T0)).record;
      const second = (await store.create(newRequest({ reservationId: 'res-open' }), after(MINUTE))).record;
      const third = (await store.create(newRequest({ reservationId: 'res-open' }), after(2 * MINUTE))).record;
      await store.create(newRequest({ reservationId: 'res-other' }), T0);
      assert.deepEqual(
        (await store.listOpenByReservation('res-open')).map((r) => r.id),
        [first.id, second.id, third.id],
      );
      await store.transition(first.id, 'filed', { ticketId: `T-${randomUUID()}` }, after(3 * MINUTE));
      await store.transition(second.id, 'failed', { failureReason: 'test' }, after(3 * MINUTE));
      assert.deepEqual(
        (await store.listOpenByReservation('res-open')).map((r) => [r.id, r.state]),
        [
          [first.id, 'filed'],
          [third.id, 'filing'],
        ],
      );
      await store.transition(first.id, 'credited', { creditedAmount: '1.00' }, after(4 * MINUTE));
      assert.deepEqual(
        (await store.listOpenByReservation('res-open')).map((r) => r.id),
        [third.id],
      );
      assert.deepEqual(await store.listOpenByReservation('res-none'), []);
    });

    it('lists the filed requests, oldest filing first, and drops them once they move on', async () => {
      const store = await oneStore();
      const a = (await store.create(newRequest(), T0)).record;
      const b = (await store.create(newRequest(), T0)).record;
      const c = (await store.create(newRequest(), T0)).record;
      await store.create(newRequest(), T0); // stays filing
      await store.transition(b.id, 'filed', { ticketId: 'T-b' }, after(1 * MINUTE));
      await store.transition(c.id, 'filed', { ticketId: 'T-c', filedAt: after(30 * 1000).toISOString() }, after(2 * MINUTE));
      await store.transition(a.id, 'filed', { ticketId: 'T-a' }, after(3 * MINUTE));

      assert.deepEqual(
        (await store.listFiled()).map((r) => r.id),
        [c.id, b.id, a.id],
      );
      assert.deepEqual(
        (await store.listFiled(2)).map((r) => r.id),
        [c.id, b.id],
      );
      await store.transition(c.id, 'credited', { creditedAmount: '1.00' }, after(4 * MINUTE));
      await store.transition(a.id, 'withdrawn', {}, after(4 * MINUTE));
      assert.deepEqual(await store.listFiled(), [await store.get(b.id)]);
      assert.deepEqual(await store.listFiled(0), []);
    });

    it('lists the requests still filing, oldest created first, and drops them once they move on', async () => {
      const store = await oneStore();
      const a = (await store.create(newRequest(), after(2 * MINUTE))).record;
      const b = (await store.create(newRequest(), T0)).record;
      const c = (await store.create(newRequest(), after(1 * MINUTE))).record;
      assert.deepEqual(
        (await store.listFiling()).map((r) => r.id),
        [b.id, c.id, a.id],
      );
      assert.deepEqual(
        (await store.listFiling(1)).map((r) => r.id),
        [b.id],
      );
      await store.transition(b.id, 'filed', { ticketId: 'T-b' }, after(3 * MINUTE));
      await store.transition(a.id, 'failed', { failureReason: 'x' }, after(3 * MINUTE));
      assert.deepEqual(await store.listFiling(), [await store.get(c.id)]);
      assert.deepEqual(await store.listFiling(0), []);
    });

    it('keeps the cap figures a filing patch carries, and refuses malformed ones', async () => {
      const store = await oneStore();
      const { record } = await store.create(newRequest(), T0);
      const capFigures = { capConsumedUsd: '100.00', capRemainingUsd: '49900.00', capRemainingAfterUsd: '49700.00' };
      for (const bad of [{ ...capFigures, capConsumedUsd: '1e3' }, { capConsumedUsd: '1.00' }, { ...capFigures, extra: '1.00' }, 'text']) {
        await assert.rejects(store.transition(record.id, 'filed', { ticketId: 'T-1', capFigures: bad as never }, after(MINUTE)), InvalidInputError);
      }
      assert.equal((await store.get(record.id))?.state, 'filing');
      const filed = await store.transition(record.id, 'filed', { ticketId: 'T-1', capFigures }, after(MINUTE));
      assert.deepEqual(filed.capFigures, capFigures);
      assert.deepEqual((await store.get(record.id))?.capFigures, capFigures);
    });

    it("lists the requests created in [from, to), everyone's or one customer's, oldest first; refuses a reversed range", async () => {
      const store = await oneStore();
      const { record: a } = await store.create(newRequest({ customerId: 'cust-a' }), T0);
      const { record: b } = await store.create(newRequest({ customerId: 'cust-b' }), after(MINUTE));
      const { record: c } = await store.create(newRequest({ customerId: 'cust-a' }), after(2 * MINUTE));
      await store.transition(b.id, 'filed', { ticketId: 'T-range-1' }, after(3 * MINUTE));
      assert.deepEqual(
        (await store.listCreatedBetween(T0, after(3 * MINUTE))).map((r) => r.id),
        [a.id, b.id, c.id],
      );
      assert.deepEqual(
        (await store.listCreatedBetween(T0, after(2 * MINUTE))).map((r) => r.id),
        [a.id, b.id],
        'the end is excluded',
      );
      assert.deepEqual(
        (await store.listCreatedBetween(after(1), after(3 * MINUTE))).map((r) => r.id),
        [b.id, c.id],
        'the start is included, not before',
      );
      assert.deepEqual(
        (await store.listCreatedBetween(T0, after(3 * MINUTE), 'cust-a')).map((r) => r.id),
        [a.id, c.id],
      );
      assert.equal((await store.listCreatedBetween(T0, after(3 * MINUTE)))[1].state, 'filed');
      assert.deepEqual(await store.listCreatedBetween(T0, after(3 * MINUTE), 'cust-none'), []);
      await assert.rejects(store.listCreatedBetween(after(MINUTE), T0), InvalidInputError);
      await assert.rejects(store.listCreatedBetween(new Date('nope'), T0), InvalidInputError);
    });

    it('refuses a malformed new request and creates nothing', async () => {
      const store = await oneStore();
      const request = newRequest();
      await assert.rejects(store.create({ ...request, kind: 'swap' as never }, T0), InvalidInputError);
      await assert.rejects(store.create({ ...request, customerId: '' }, T0), InvalidInputError);
      await assert.rejects(store.create(request, new Date('nope')), InvalidInputError);
      await assert.rejects(store.create({ ...request, key: '' }, T0), InvalidInputError);
      assert.equal(await store.getByKey(request.key), undefined);
      assert.deepEqual(await store.listByAgent(request.agent.partnerUserId), []);
    });
  });
}
