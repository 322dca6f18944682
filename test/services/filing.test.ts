import assert from 'node:assert/strict';
import { Decimal } from '../../src/domain/money';
import { DeskError } from '../../src/errors';
import { createLogger } from '../../src/log';
import type { SupportDesk, TicketRequest } from '../../src/ports/supportDesk';
import { FilingService, quoteAsFiled, type FilingInput } from '../../src/services/filing';
import { refundFilingInput } from './filingInput';
import { MemoryAuditTrail } from '../../src/store/memory/auditTrail';
import { MemoryCapLedger } from '../../src/store/memory/capLedger';
import { MemoryLeases } from '../../src/store/memory/leases';
import { MemoryRequestStore } from '../../src/store/memory/requestStore';
import type { QuoteJson, RefundQuoteJson } from '../../src/domain/quoteContract';

const AT = new Date('2026-06-15T10:00:00Z');

/** A support desk that files (or fails) as told and counts what it was asked. */
class ScriptedDesk implements SupportDesk {
  filed: TicketRequest[] = [];
  constructor(private failWith?: Error) {}
  succeedFromNowOn(): void {
    this.failWith = undefined;
  }
  async problemClassificationId() {
    return 'classification';
  }
  async fileTicket(request: TicketRequest) {
    this.filed.push(request);
    if (this.failWith) throw this.failWith;
    return { ticketId: `T-${request.requestKey}`, status: 'open' as const, createdAt: AT };
  }
  async getTicket() {
    return undefined;
  }
  async findTicket(_tenant: string, requestKey: string) {
    const filed = this.failWith ? undefined : this.filed.find((t) => t.requestKey === requestKey);
    return filed && { ticketId: `T-${requestKey}`, status: 'open' as const, createdAt: AT };
  }
}

function setup(desk: SupportDesk) {
  const requests = new MemoryRequestStore();
  const capLedger = new MemoryCapLedger();
  const audit = new MemoryAuditTrail();
  const filing = new FilingService({
    requests,
    capLedger,
    supportDesk: desk,
    leases: new MemoryLeases(),
    audit,
    clock: { now: () => AT },
    log: createLogger('silent'),
  });
  return { requests, capLedger, audit, filing };
}

const refundInput = (key: string, refundUsd: string, reservationId = 'res-1'): FilingInput => refundFilingInput(key, refundUsd, reservationId);

describe('filing a request', () => {
  it('reserves the cap, files the ticket and records the request as filed', async () => {
    const desk = new ScriptedDesk();
    const { filing, capLedger, audit } = setup(desk);
    const outcome = await filing.file(refundInput('key-1', '1200.00'));
    assert.equal(outcome.outcome, 'filed');
    assert.equal(outcome.record.state, 'filed');
    assert.equal(outcome.record.ticketId, `T-${outcome.record.id}`);
    assert.equal((await capLedger.consumed('cust-1', AT)).toFixed(2), '1200.00');
    assert.deepEqual(
      (await audit.list()).map((e) => e.type),
      ['filed'],
    );
  });

  it('files once for the same key, however often it is asked, and answers with the first record', async () => {
    const desk = new ScriptedDesk();
    const { filing, capLedger } = setup(desk);
    const outcomes = await Promise.all([1, 2, 3, 4, 5].map(() => filing.file(refundInput('key-1', '1200.00'))));
    assert.equal(desk.filed.length, 1);
    assert.equal(new Set(outcomes.map((o) => o.record.ticketId)).size, 1);
    assert.equal((await capLedger.consumed('cust-1', AT)).toFixed(2), '1200.00');
  });

  it('releases the cap and marks the request failed when Microsoft refuses the ticket, with the reason for the agent', async () => {
    const desk = new ScriptedDesk(new DeskError('azure-support-unavailable', 'The Azure Support API is not answering.'));
    const { filing, capLedger, audit } = setup(desk);
    const outcome = await filing.file(refundInput('key-1', '1200.00'));
    assert.equal(outcome.outcome, 'failed');
    assert.equal(outcome.record.state, 'failed');
    assert.equal(outcome.record.failureReason, 'azure-support-unavailable');
    assert.match(outcome.outcome === 'failed' ? outcome.message : '', /not answering/);
    assert.equal((await capLedger.consumed('cust-1', AT)).toFixed(2), '0.00');
    assert.deepEqual(
      (await audit.list()).map((e) => e.type),
      ['filing-failed'],
    );
  });

  it('files nothing when the cap no longer has room, and says so', async () => {
    const desk = new ScriptedDesk();
    const { filing, capLedger } = setup(desk);
    await capLedger.reserve('cust-1', 'earlier', new Decimal('49000.00'), AT);
    const outcome = await filing.file(refundInput('key-1', '1200.00'));
    assert.equal(outcome.outcome, 'cap-exceeded');
    assert.equal(desk.filed.length, 0);
    assert.equal(outcome.record.state, 'failed');
    assert.equal((await capLedger.consumed('cust-1', AT)).toFixed(2), '49000.00');
  });

  it('keeps the request and its cap when Microsoft may have the ticket, and files it once when driven again', async () => {
    const lostAnswer = new DeskError('azure-support-unavailable', 'Azure Support is not answering, so it is not certain the request reached Microsoft.', {
      intent: 'write',
    });
    const desk = new ScriptedDesk(lostAnswer);
    const { filing, capLedger, requests } = setup(desk);
    const first = await filing.file(refundInput('key-1', '1200.00'));
    assert.equal(first.outcome, 'uncertain');
    assert.equal((await requests.getByKey('key-1'))?.state, 'filing');
    assert.equal((await capLedger.consumed('cust-1', AT)).toFixed(2), '1200.00', 'the cap stays reserved');
    desk.succeedFromNowOn();
    const retry = await filing.file(refundInput('key-1', '1200.00'));
    assert.equal(retry.outcome, 'filed');
    assert.deepEqual(
      desk.filed.map((t) => t.requestKey),
      [first.record.id, first.record.id],
      'both attempts used one ticket key',
    );
    assert.equal((await capLedger.consumed('cust-1', AT)).toFixed(2), '1200.00');
  });

  it('files one of two requests for the same reservation, whichever was created first, and refuses the other', async () => {
    const desk = new ScriptedDesk();
    const { filing, capLedger } = setup(desk);
    const [a, b] = await Promise.all([filing.file(refundInput('agent-a', '1200.00')), filing.file(refundInput('agent-b', '1200.00'))]);
    const outcomes = [a.outcome, b.outcome].sort();
    assert.deepEqual(outcomes, ['failed', 'filed']);
    const refused = a.outcome === 'failed' ? a : b;
    assert.equal(refused.record.failureReason, 'reservation-busy');
    assert.match(refused.outcome === 'failed' ? refused.message : '', /already open/);
    assert.equal(desk.filed.length, 1);
    assert.equal((await capLedger.consumed('cust-1', AT)).toFixed(2), '1200.00');
  });

  it('does not file a request whose cap was given back earlier', async () => {
    const desk = new ScriptedDesk();
    const { filing, capLedger, requests } = setup(desk);
    const { record } = await requests.create(refundInput('key-1', '1200.00').request, AT);
    await capLedger.reserve('cust-1', record.id, new Decimal('1200.00'), new Date(record.createdAt));
    await capLedger.release('cust-1', record.id);
    const outcome = await filing.file(refundInput('key-1', '1200.00'));
    assert.equal(outcome.outcome, 'failed');
    assert.equal(desk.filed.length, 0);
    assert.equal((await capLedger.consumed('cust-1', AT)).toFixed(2), '0.00');
  });

  it("records the cap figures the ledger reserved, not the quoted ones, when one customer's refunds are filed at once", async () => {
    const desk = new ScriptedDesk();
    const { filing, capLedger, audit } = setup(desk);
    const amounts = ['778.86', '2223.54', '1865.73'];
    const inputs = amounts.map((amount, i) => ({
      ...refundInput(`key-${i}`, amount, `res-${i}`),
      ticket: {
        ...refundInput(`key-${i}`, amount).ticket!,
        description: (q: QuoteJson) => `remaining after this refund ${q.kind === 'refund' ? q.capRemainingAfterUsd : ''}`,
      },
    }));
    const outcomes = await Promise.all(inputs.map((input) => filing.file(input)));
    assert.deepEqual(
      outcomes.map((o) => o.outcome),
      ['filed', 'filed', 'filed'],
    );

    // In the order the ledger granted them, each one's figures start where the one before ended.
    const figures = outcomes
      .map((o, i) => ({ amount: new Decimal(amounts[i]), shown: quoteAsFiled(o.record) as RefundQuoteJson }))
      .sort((a, b) => new Decimal(a.shown.capConsumedUsd!).comparedTo(b.shown.capConsumedUsd!));
    let consumed = new Decimal(0);
    for (const { amount, shown } of figures) {
      assert.equal(shown.capConsumedUsd, consumed.toFixed(2));
      assert.equal(shown.capRemainingUsd, new Decimal(50000).minus(consumed).toFixed(2));
      consumed = consumed.plus(amount);
      assert.equal(shown.capRemainingAfterUsd, new Decimal(50000).minus(consumed).toFixed(2));
    }
    // The last "after" is what the ledger really has left; the tickets and audit events say the same.
    assert.equal(figures[2].shown.capRemainingAfterUsd, new Decimal(50000).minus(await capLedger.consumed('cust-1', AT)).toFixed(2));
    assert.deepEqual(desk.filed.map((t) => t.description).sort(), figures.map((f) => `remaining after this refund ${f.shown.capRemainingAfterUsd}`).sort());
    const filedEvents = await audit.list({ type: 'filed' });
    assert.deepEqual(filedEvents.map((e) => e.amounts?.capRemainingAfterUsd).sort(), figures.map((f) => f.shown.capRemainingAfterUsd).sort());
  });
});
