import assert from 'node:assert/strict';
import { creditNoticeData } from '../../src/notify/creditNotice';
import type { RequestRecord } from '../../src/ports/requestStore';
import { newRequest, T0 } from './fixtures';

function record(kind: 'refund' | 'exchange'): RequestRecord {
  return { ...newRequest({ kind }), id: 'rq-1', state: 'credited', createdAt: T0.toISOString(), updatedAt: T0.toISOString() } as RequestRecord;
}

describe('the credit notice', () => {
  const notification = { requestId: 'rq-1', creditId: 'c', ticketId: '2603101234567890', amount: '180.29', currency: 'EUR', creditedAt: T0.toISOString() };

  it('tells the agent to refund the customer for a refund', () => {
    const data = creditNoticeData(record('refund'), notification);
    assert.equal(data.title, 'Refund credited');
    assert.match(String(data.next), /Now refund your customer/);
    assert.deepEqual((data.facts as Array<{ title: string; value: string }>)[0], { title: 'Credited', value: '180.29 EUR' });
  });

  it('never tells the agent to pay the customer for an exchange', () => {
    const data = creditNoticeData(record('exchange'), notification);
    assert.equal(data.title, 'Exchange credited');
    assert.doesNotMatch(String(data.next), /refund your customer/i);
  });
});
