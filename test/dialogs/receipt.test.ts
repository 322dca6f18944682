import assert from 'node:assert/strict';
import { receiptData } from '../../dialogs/receipt';
import type { RequestRecord } from '../../src/ports/requestStore';
import { newRequest, T0 } from '../notify/fixtures';

function record(state: RequestRecord['state'], extra: Partial<RequestRecord> = {}): RequestRecord {
  return {
    ...newRequest({ details: { returnQuantity: 1, quantity: 2, reservationName: 'vm-ri' } }),
    id: 'rq-1',
    state,
    ticketId: '2603101234567890',
    createdAt: T0.toISOString(),
    updatedAt: T0.toISOString(),
    ...extra,
  } as RequestRecord;
}

describe('the receipt', () => {
  it('says a filed refund waits for Microsoft, with the units returned', () => {
    const data = receiptData(record('filed'));
    assert.equal(data.title, 'Refund request filed');
    assert.match(String(data.next), /I will tell you here when it is credited/);
    assert.deepEqual(
      (data.facts as Array<{ title: string; value: string }>).find((f) => f.title === 'Units returned'),
      { title: 'Units returned', value: '1 of 2' },
    );
  });

  it('shown again after the credit, says it was credited and how much, not that it waits', () => {
    const data = receiptData(record('credited', { creditedAmount: '5135.35', creditedAt: T0.toISOString() }));
    assert.equal(data.title, 'Refund credited');
    assert.equal(data.next, 'Microsoft credited 5,135.35 EUR to your partner account: refund your customer.');
  });
});
