import assert from 'node:assert/strict';
import { Decimal } from '../../src/domain/money';
import { capStatus, fitsInFullAt } from '../../src/services/capTimeline';
import { CAP_WINDOW_MS, capWindowExitMs, capWindowSum } from '../../src/domain/cap';
import { MemoryCapLedger } from '../../src/store/memory/capLedger';
import { releaseText } from '../../dialogs/capDialog';

const NOW = new Date('2026-06-15T10:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);

describe('cap timeline (/cap and "fits in full on")', () => {
  it('an amount leaves the window exactly where the ledger stops counting it', () => {
    const atMs = daysAgo(100).getTime();
    const exit = capWindowExitMs(atMs);
    const counted = [{ atMs, cents: 100n }];
    assert.equal(capWindowSum(counted, exit - 1), 100n);
    assert.equal(capWindowSum(counted, exit), 0n);
  });

  it('shows consumed, remaining and each counted refund with the day it frees, soonest first; released ones never count', async () => {
    const ledger = new MemoryCapLedger();
    await ledger.reserve('c1', 'r-old', new Decimal('5546.18'), new Date('2026-03-10T09:00:00Z'));
    await ledger.reserve('c1', 'r-older', new Decimal('20000.00'), new Date('2025-09-01T12:00:00Z'));
    await ledger.reserve('c1', 'r-released', new Decimal('9000.00'), new Date('2026-01-01T00:00:00Z'));
    await ledger.release('c1', 'r-released');
    await ledger.reserve('c1', 'r-gone', new Decimal('7000.00'), new Date('2025-06-01T00:00:00Z'));

    const status = await capStatus(ledger, 'c1', NOW);
    assert.equal(status.consumedUsd.toFixed(2), '25546.18');
    assert.equal(status.remainingUsd.toFixed(2), '24453.82');
    assert.deepEqual(
      status.releases.map((r) => [r.requestId, releaseText(r.amountUsd, r.freesAt)]),
      [
        ['r-older', '20,000.00 USD frees on 2026-09-01'],
        ['r-old', '5,546.18 USD frees on 2027-03-10'],
      ],
    );
  });

  it('names the first day a capped refund fits in full, today when it fits already, none when it exceeds the cap', async () => {
    const ledger = new MemoryCapLedger();
    await ledger.reserve('c1', 'a', new Decimal('30000.00'), daysAgo(300));
    await ledger.reserve('c1', 'b', new Decimal('15000.00'), daysAgo(10));
    // 5,000 left now; 30,000 leaves after 65 more days, then 35,000 is left.
    assert.equal((await fitsInFullAt(ledger, 'c1', new Decimal('5000.00'), NOW))?.toISOString(), NOW.toISOString());
    const fits = await fitsInFullAt(ledger, 'c1', new Decimal('5000.01'), NOW);
    assert.equal(fits?.toISOString(), new Date(daysAgo(300).getTime() + CAP_WINDOW_MS).toISOString());
    const later = await fitsInFullAt(ledger, 'c1', new Decimal('40000.00'), NOW);
    assert.equal(later?.toISOString(), new Date(daysAgo(10).getTime() + CAP_WINDOW_MS).toISOString());
    assert.equal(await fitsInFullAt(ledger, 'c1', new Decimal('50000.01'), NOW), undefined);
  });

  it('counts a refund dated after now (a clock set back) as the ledger does when it reserves', async () => {
    const ledger = new MemoryCapLedger();
    await ledger.reserve('c1', 'future', new Decimal('48000.00'), new Date(NOW.getTime() + 2 * DAY));
    const status = await capStatus(ledger, 'c1', NOW);
    assert.equal(status.remainingUsd.toFixed(2), '2000.00');
    const outcome = await ledger.reserve('c1', 'probe', new Decimal('2000.01'), NOW);
    assert.equal(outcome.granted, false);
  });
});
