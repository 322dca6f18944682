import { strict as assert } from 'node:assert';
import { BILLING_SERVICE_ID, type TicketRequest } from '../../../src/ports/supportDesk';
import { MemoryRequestStore } from '../../../src/store/memory/requestStore';
import { IDS } from './standIn/seed';
import { recordAndFile, startHarness, type Harness } from './standIn/harness';

const R = IDS.reservations;
const O = IDS.orders;

function ticketRequest(key: string, customer: { id: string; tenant: string } = IDS.contoso): TicketRequest {
  return {
    requestKey: key,
    customerId: customer.id,
    customerTenantId: customer.tenant,
    title: `Refund ${key}`,
    description: 'Reservation refund request.',
    severity: 'minimal',
    contact: {
      firstName: 'Ava',
      lastName: 'Lindqvist',
      email: 'ava@example.com',
      preferredContactMethod: 'email',
      timeZone: 'W. Europe Standard Time',
      country: 'SWE',
      language: 'en-us',
    },
    serviceId: BILLING_SERVICE_ID,
    problemClassification: 'pc-exchanges-refunds',
  };
}

describe('azure provider: credit feed (polling tickets and reservations)', () => {
  let h: Harness;
  let store: MemoryRequestStore;
  beforeEach(async () => {
    store = new MemoryRequestStore();
    h = await startHarness({ filedRequests: store });
  });
  afterEach(async () => h.dispose());

  const fileRefund = (key: string, reservationId: string = R.contosoVm, quantity?: number) =>
    recordAndFile(store, h.provider, ticketRequest(key), {
      kind: 'refund',
      reservationId,
      reservationOrderId: reservationId === R.contosoVm ? O.contosoEur : O.contosoGbp,
      customerName: 'Contoso Ltd',
      amount: '5135.35',
      currency: 'EUR',
      quantity,
    });

  it('reports nothing while the ticket is open, or closed with the reservation unchanged (Microsoft declined)', async () => {
    const { ticketId } = await fileRefund('k-open');
    assert.deepEqual((await h.provider.credits.creditsSince(undefined)).credits, []);
    h.world.closeTicket(IDS.contoso.tenant, ticketId);
    assert.deepEqual((await h.provider.credits.creditsSince(undefined)).credits, []);
    const reads = h.standIn.requestsTo(`/providers/Microsoft.Capacity/reservationOrders/${O.contosoEur}/reservations/${R.contosoVm}`);
    assert.equal(reads.length, 1, 'the reservation is only read once the ticket is closed');
  });

  it('reports a credit once the ticket is closed and the reservation Cancelled, with the quoted amount', async () => {
    const { ticketId } = await fileRefund('k-credit');
    h.world.closeTicket(IDS.contoso.tenant, ticketId, '2026-03-12T09:30:00Z');
    h.world.cancelReservation(R.contosoVm);
    const { credits, cursor } = await h.provider.credits.creditsSince(undefined);
    assert.deepEqual(credits, [
      {
        creditId: `azure-credit-${ticketId}`,
        ticketId,
        reservationId: R.contosoVm,
        amount: '5135.35',
        currency: 'EUR',
        creditedAt: new Date('2026-03-12T09:30:00Z'),
      },
    ]);

    assert.deepEqual((await h.provider.credits.creditsSince(cursor)).credits, [], 'not again along the cursor');
    assert.equal((await h.provider.credits.creditsSince(undefined)).credits.length, 1, 'from the beginning it is seen again (delivery dedupes)');

    const [record] = await store.listFiled();
    await store.transition(record.id, 'credited', { creditedAmount: '5135.35' }, new Date('2026-03-12T10:00:00Z'));
    const after = await h.provider.credits.creditsSince(cursor);
    assert.deepEqual(after.credits, []);
    assert.ok(after.cursor.length < cursor.length, 'a request that left `filed` drops out of the cursor');
  });

  it('counts a partial return: the quantity is below the quantity recorded at filing', async () => {
    const { ticketId } = await fileRefund('k-partial', R.contosoVm, 2);
    h.world.closeTicket(IDS.contoso.tenant, ticketId);
    assert.deepEqual((await h.provider.credits.creditsSince(undefined)).credits, []);
    h.world.state.reservations.get(R.contosoVm)!.properties.quantity = 1;
    assert.deepEqual(
      (await h.provider.credits.creditsSince(undefined)).credits.map((c) => c.ticketId),
      [ticketId],
    );
  });

  it('reports the credit of an exchange', async () => {
    const { ticketId } = await recordAndFile(store, h.provider, ticketRequest('k-exchange'), {
      kind: 'exchange',
      reservationId: R.contosoSql,
      reservationOrderId: O.contosoGbp,
      customerName: 'Contoso Ltd',
      amount: '2601.10',
      currency: 'GBP',
    });
    h.world.closeTicket(IDS.contoso.tenant, ticketId);
    h.world.cancelReservation(R.contosoSql);
    const [credit] = (await h.provider.credits.creditsSince(undefined)).credits;
    assert.deepEqual([credit.amount, credit.currency], ['2601.10', 'GBP']);
  });

  it('keeps reporting the others when Azure cannot answer for one request', async () => {
    const first = await fileRefund('k-broken');
    const second = await fileRefund('k-fine');
    for (const { ticketId } of [first, second]) h.world.closeTicket(IDS.contoso.tenant, ticketId);
    h.world.cancelReservation(R.contosoVm);
    h.standIn.script({ path: `/providers/Microsoft.Support/supportTickets/${first.ticketId}` }, { status: 500 }, { status: 500 }, { status: 500 });
    const { credits } = await h.provider.credits.creditsSince(undefined);
    assert.deepEqual(
      credits.map((c) => c.ticketId),
      [second.ticketId],
    );
    assert.ok(h.logs.some((l) => l.event === 'azure-credit-check-failed' && l.code === 'azure-support-unavailable'));
  });

  it('refuses a cursor it did not issue', async () => {
    await assert.rejects(h.provider.credits.creditsSince('sandbox:abc:1'), { code: 'invalid-input' });
    await assert.rejects(h.provider.credits.creditsSince('azure-credits:v1:!!'), { code: 'invalid-input' });
  });

  it('has nothing to watch without the request store', async () => {
    await h.dispose();
    h = await startHarness();
    const result = await h.provider.credits.creditsSince(undefined);
    assert.deepEqual(result.credits, []);
    assert.equal(h.standIn.requests.length, 0);
  });
});
