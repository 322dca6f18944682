import assert from 'node:assert/strict';
import { Decimal } from '../../src/domain/money';
import { createLogger } from '../../src/log';
import type { RequestRecord } from '../../src/ports/requestStore';
import type { SupportDesk, Ticket, TicketRequest } from '../../src/ports/supportDesk';
import { FilingService, filingLease } from '../../src/services/filing';
import { FilingRecovery } from '../../src/services/filingRecovery';
import { refundFilingInput } from './filingInput';
import { MemoryAuditTrail } from '../../src/store/memory/auditTrail';
import { MemoryCapLedger } from '../../src/store/memory/capLedger';
import { MemoryLeases } from '../../src/store/memory/leases';
import { MemoryRequestStore } from '../../src/store/memory/requestStore';

const AT = new Date('2026-06-15T10:00:00Z');
const GRACE_MS = 120_000;

/** A support desk holding tickets by request key, as the Support API holds them by their idempotent name. */
class Desk implements SupportDesk {
  readonly tickets = new Map<string, Ticket>();
  lookupFailure?: Error;
  async problemClassificationId() {
    return 'classification';
  }
  async fileTicket(request: TicketRequest) {
    const ticket = this.tickets.get(request.requestKey) ?? { ticketId: `T-${request.requestKey}`, status: 'open' as const, createdAt: AT };
    this.tickets.set(request.requestKey, ticket);
    return ticket;
  }
  async getTicket() {
    return undefined;
  }
  async findTicket(_tenant: string, requestKey: string) {
    if (this.lookupFailure) throw this.lookupFailure;
    return this.tickets.get(requestKey);
  }
}

function world() {
  let wallNow = Date.parse('2026-11-30T01:00:00Z');
  const requests = new MemoryRequestStore();
  const capLedger = new MemoryCapLedger();
  const audit = new MemoryAuditTrail();
  const leases = new MemoryLeases(() => wallNow);
  const desk = new Desk();
  const log = createLogger('silent');
  // The provider's clock stands still (a frozen sandbox): the grace period must follow real time anyway.
  const filing = new FilingService({ requests, capLedger, supportDesk: desk, leases, audit, clock: { now: () => AT }, log });
  const told: Array<[string, string]> = [];
  const worker = () =>
    new FilingRecovery({
      requests,
      filing,
      leases,
      log,
      graceMs: GRACE_MS,
      wallClock: { now: () => new Date(wallNow) },
      tell: async (record, outcome) => void told.push([record.id, outcome]),
    });
  return { requests, capLedger, audit, leases, desk, filing, told, worker, advance: (ms: number) => (wallNow += ms) };
}

/** A filing whose process died after reserving the cap and, if `ticketFiled`, after Microsoft created the ticket. */
async function interrupted(w: ReturnType<typeof world>, key: string, ticketFiled: boolean): Promise<RequestRecord> {
  const { record } = await w.requests.create(refundFilingInput(key, '1200.00', `res-${key}`).request, AT);
  await w.capLedger.reserve('cust-1', record.id, new Decimal(record.capUsd), new Date(record.createdAt));
  if (ticketFiled) await w.desk.fileTicket({ requestKey: record.id } as TicketRequest);
  return record;
}

describe('filing recovery', () => {
  it('files a request whose process died after Microsoft created the ticket, once its grace period has passed', async () => {
    const w = world();
    const record = await interrupted(w, 'k1', true);
    const worker = w.worker();
    assert.deepEqual(await worker.runOnce(), [], 'within the grace period nothing is touched');
    w.advance(GRACE_MS);
    assert.deepEqual(await worker.runOnce(), [{ requestId: record.id, outcome: 'filed' }]);

    const filed = await w.requests.get(record.id);
    assert.equal(filed?.state, 'filed');
    assert.equal(filed?.ticketId, `T-${record.id}`);
    assert.deepEqual(filed?.capFigures, { capConsumedUsd: '0.00', capRemainingUsd: '50000.00', capRemainingAfterUsd: '48800.00' });
    assert.equal((await w.capLedger.consumed('cust-1', AT)).toFixed(2), '1200.00', 'the cap stays reserved');
    const [event] = await w.audit.list({ type: 'filed' });
    assert.equal(event.requestId, record.id);
    assert.equal(event.detail?.finishedBy, 'filing-recovery');
    assert.deepEqual(w.told, [[record.id, 'filed']]);
    assert.deepEqual(await worker.runOnce(), [], 'nothing left to do');
  });

  it('fails a request that never reached Microsoft, gives its cap back and tells the agent', async () => {
    const w = world();
    const record = await interrupted(w, 'k1', false);
    const worker = w.worker();
    await worker.runOnce();
    w.advance(GRACE_MS);
    assert.deepEqual(await worker.runOnce(), [{ requestId: record.id, outcome: 'failed' }]);
    const failed = await w.requests.get(record.id);
    assert.equal(failed?.state, 'failed');
    assert.equal(failed?.failureReason, 'interrupted');
    assert.equal((await w.capLedger.consumed('cust-1', AT)).toFixed(2), '0.00');
    assert.deepEqual(
      (await w.audit.list({ type: 'filing-failed' })).map((e) => e.detail?.reason),
      ['interrupted'],
    );
    assert.deepEqual(w.told, [[record.id, 'failed']]);
    assert.equal(w.desk.tickets.size, 0, 'recovery files nothing itself');
  });

  it('leaves a request alone while a live driver holds its lease', async () => {
    const w = world();
    const record = await interrupted(w, 'k1', false);
    const driver = await w.leases.acquire(filingLease(record.id), 10 * 60_000);
    assert.ok(driver);
    const worker = w.worker();
    await worker.runOnce();
    w.advance(GRACE_MS);
    assert.deepEqual(await worker.runOnce(), [{ requestId: record.id, outcome: 'busy' }]);
    assert.equal((await w.requests.get(record.id))?.state, 'filing');
    assert.deepEqual(w.told, []);
  });

  it('keeps a request for the next run while the support desk does not answer', async () => {
    const w = world();
    const record = await interrupted(w, 'k1', true);
    const worker = w.worker();
    await worker.runOnce();
    w.advance(GRACE_MS);
    w.desk.lookupFailure = new Error('support desk timed out');
    assert.deepEqual(await worker.runOnce(), [{ requestId: record.id, outcome: 'retry-later' }]);
    assert.equal((await w.requests.get(record.id))?.state, 'filing');
    assert.equal((await w.capLedger.consumed('cust-1', AT)).toFixed(2), '1200.00', 'the cap stays held while it is uncertain');
    w.desk.lookupFailure = undefined;
    assert.deepEqual(await worker.runOnce(), [{ requestId: record.id, outcome: 'filed' }]);
  });

  it('runs one worker at a time across instances, so each request is finished and told once', async () => {
    const w = world();
    const records = await Promise.all(['a', 'b', 'c'].map((key, i) => interrupted(w, key, i !== 1)));
    const workers = [w.worker(), w.worker(), w.worker()];
    await Promise.all(workers.map((worker) => worker.runOnce()));
    w.advance(GRACE_MS);
    await Promise.all(workers.map((worker) => worker.runOnce()));
    // Whoever saw them first finishes them on a later run.
    for (let i = 0; i < 3 && (await w.requests.listFiling()).length > 0; i++) {
      w.advance(GRACE_MS);
      await Promise.all(workers.map((worker) => worker.runOnce()));
    }
    assert.deepEqual(
      (await Promise.all(records.map((r) => w.requests.get(r.id)))).map((r) => r?.state),
      ['filed', 'failed', 'filed'],
    );
    assert.deepEqual(w.told.map(([id]) => id).sort(), records.map((r) => r.id).sort());
    assert.equal((await w.audit.list()).length, 3);
  });
});
