import { strict as assert } from 'node:assert';
import { isNonRefundableType } from '../../src/domain/eligibility';
import { refundInput, refundQuote } from './contractInput';

const DAY_6 = '2025-01-16T00:00:00Z';

describe('ineligibility reasons', () => {
  it('refuses each non-refundable reserved resource type, whatever its casing', () => {
    for (const type of ['Databricks', 'SynapseAnalytics', 'VMwareCloudSimple', 'RedHat', 'RedHatOsa', 'SuseLinux', 'SUSELinux', 'databricks']) {
      const json = refundQuote(refundInput(DAY_6, { reservedResourceType: type }));
      assert.equal(json.eligible, false, type);
      assert.deepStrictEqual(json.reasons, ['not-refundable-type'], type);
    }
  });

  it('does not refuse look-alike types', () => {
    for (const type of ['VirtualMachines', 'RedHatEnterprise', 'Databrick', 'SqlDatabases']) assert.equal(isNonRefundableType(type), false, type);
  });

  it('expired: the day of expiry, but not the day before', () => {
    assert.deepStrictEqual(refundQuote(refundInput('2026-01-10T00:00:00Z')).reasons, ['expired']);
    assert.deepStrictEqual(refundQuote(refundInput('2027-05-01T00:00:00Z')).reasons, ['expired']);
    const dayBefore = refundQuote(refundInput('2026-01-09T23:59:59Z'));
    assert.equal(dayBefore.eligible, true);
    assert.deepStrictEqual(dayBefore.reasons, []);
  });

  it('expired, cancelled and failed states (state names compare case-insensitively)', () => {
    assert.deepStrictEqual(refundQuote(refundInput(DAY_6, { state: 'Expired' })).reasons, ['expired']);
    assert.deepStrictEqual(refundQuote(refundInput(DAY_6, { state: 'Cancelled' })).reasons, ['cancelled']);
    assert.deepStrictEqual(refundQuote(refundInput(DAY_6, { state: 'Failed' })).reasons, ['failed']);
    assert.deepStrictEqual(refundQuote(refundInput(DAY_6, { state: 'FAILED' })).reasons, ['failed']);
    assert.equal(refundQuote(refundInput(DAY_6, { state: 'Succeeded' })).eligible, true);
  });

  it('an expired state on a date before expiry is listed once', () => {
    assert.deepStrictEqual(refundQuote(refundInput('2026-01-11T00:00:00Z', { state: 'Expired' })).reasons, ['expired']);
  });

  it('lists every reason that applies, and an ineligible quote still carries every figure', () => {
    const json = refundQuote(refundInput('2026-02-01T00:00:00Z', { state: 'Cancelled', reservedResourceType: 'SynapseAnalytics' }));
    assert.equal(json.eligible, false);
    assert.deepStrictEqual(json.reasons, ['expired', 'cancelled', 'not-refundable-type']);
    assert.deepStrictEqual(Object.keys(json), Object.keys(refundQuote(refundInput('2026-02-01T00:00:00Z', {}))), 'the same fields as any refund quote');
    assert.equal(json.credit, '0.00', 'a term that has run out is worth nothing');
    assert.equal(json.termDays, 365);
    assert.equal(json.usedDays, 365);
    assert.equal(json.daysSincePurchase, 387);
  });
});
