import assert from 'node:assert/strict';
import { readAheadHintsOf } from '../../dialogs/deskBot';

/** Which reads a click's card button has the turn start make ahead (test/e2e/readAhead.test.ts counts the effect). */
describe('readAheadHintsOf', () => {
  const click = (value: Record<string, unknown>) => ({ type: 'message', value: { rd: 'card-1', ...value } });

  it("reads a picked customer's requests (the reservation picker) and cap entries (the quote)", () => {
    assert.deepEqual(readAheadHintsOf(click({ action: 'pick', customerId: 'cust-1', reservationId: 'res-1' })), {
      requestsOf: 'cust-1',
      capOf: 'cust-1',
    });
  });

  it("reads only the cap entries and the request key's record for the confirm card's buttons (no list of requests)", () => {
    assert.deepEqual(readAheadHintsOf(click({ action: 'file', customerId: 'cust-1', requestKey: 'key-1' })), { capOf: 'cust-1', requestKey: 'key-1' });
  });

  it('reads nothing ahead for a typed message, a button naming nothing, or values that are not text', () => {
    assert.equal(readAheadHintsOf({ type: 'message', text: '/refund' }), undefined);
    assert.equal(readAheadHintsOf(click({ action: 'continue' })), undefined);
    assert.equal(readAheadHintsOf(click({ action: 'pick', customerId: { $ne: 1 } })), undefined);
  });
});
