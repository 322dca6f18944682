import assert from 'node:assert/strict';
import { capConsumedAt, pickReasons } from '../../src/services/quoting';
import { Decimal } from '../../src/domain/money';
import { MemoryCapLedger } from '../../src/store/memory/capLedger';
import { createSandboxProvider } from '../../src/providers/sandbox';
import type { RequestRecord, RequestState } from '../../src/ports/requestStore';

const NOW = new Date('2026-06-15T10:00:00Z');

describe('which reservations may be picked', () => {
  const provider = createSandboxProvider({ now: NOW });
  const reservationNamed = async (name: string) => {
    for (const customer of (await provider.directory.searchCustomers('', 0, 100)).items) {
      const found = (await provider.reservations.listReservations(customer.id)).find((r) => r.displayName === name);
      if (found) return found;
    }
    throw new Error(name);
  };
  const requestIn = (reservationId: string, state: RequestState) => ({ reservationId, state }) as RequestRecord;

  it('allows an eligible reservation with no request of ours', async () => {
    const r = await reservationNamed('af-sql-gp8');
    assert.deepEqual(pickReasons(r, NOW, []), []);
  });

  it('blocks a reservation with an open request, and one with no unit left to return', async () => {
    const r = await reservationNamed('af-sql-gp8');
    assert.deepEqual(pickReasons(r, NOW, [requestIn(r.reservationId, 'filed')]), ['request-open']);
    assert.deepEqual(pickReasons(r, NOW, [requestIn(r.reservationId, 'filing')]), ['request-open']);
    assert.deepEqual(pickReasons({ ...r, returnedQuantity: r.quantity }, NOW, [requestIn(r.reservationId, 'credited')]), ['already-returned']);
  });

  it('lets a reservation be picked again after its request failed or was withdrawn, and ignores other reservations', async () => {
    const r = await reservationNamed('af-sql-gp8');
    assert.deepEqual(pickReasons(r, NOW, [requestIn(r.reservationId, 'failed'), requestIn(r.reservationId, 'withdrawn'), requestIn('other', 'filed')]), []);
  });

  it('names the domain reasons too (non-refundable type, expired, cancelled)', async () => {
    assert.deepEqual(pickReasons(await reservationNamed('af-databricks-premium'), NOW, []), ['not-refundable-type']);
    assert.ok(pickReasons(await reservationNamed('kh-legacy-d2s-expired'), NOW, []).includes('expired'));
    assert.ok(pickReasons(await reservationNamed('hz-cancelled-e4s'), NOW, []).includes('cancelled'));
  });
});

describe('the cap a refund quote counts', () => {
  it('is the most counted in any window the filing falls in, as the ledger enforces, not only the window ending now', async () => {
    const ledger = new MemoryCapLedger();
    const day = 24 * 60 * 60 * 1000;
    await ledger.reserve('c', 'earlier', new Decimal('1000.00'), new Date(NOW.getTime() - 10 * day));
    await ledger.reserve('c', 'dated-later', new Decimal('48000.00'), new Date(NOW.getTime() + 30 * day));
    await ledger.reserve('c', 'released', new Decimal('500.00'), new Date(NOW.getTime() - day));
    await ledger.release('c', 'released');
    assert.equal((await ledger.consumed('c', NOW)).toFixed(2), '1000.00');
    assert.equal((await capConsumedAt(ledger, 'c', NOW)).toFixed(2), '49000.00');
    // What the quote says is left is exactly what the ledger grants.
    const grant = await ledger.reserve('c', 'now', new Decimal('1000.01'), NOW);
    assert.equal(grant.granted, false);
    assert.equal((await ledger.reserve('c', 'now-2', new Decimal('1000.00'), NOW)).granted, true);
  });
});
