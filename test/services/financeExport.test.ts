import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { InvalidInputError } from '../../src/errors';
import type { RequestRecord } from '../../src/ports/requestStore';
import { csvCell, EXPORT_COLUMNS, exportRange, exportRow, renderExport, toCsv } from '../../src/services/financeExport';
import { SPEC_EXAMPLE_FIRST_REFUND } from '../domain/contractInput';

function creditedRefund(overrides: Partial<RequestRecord> = {}): RequestRecord {
  return {
    id: 'req-1',
    key: 'confirm-1',
    kind: 'refund',
    state: 'credited',
    customerId: 'cust-1',
    customerName: 'Contoso, "the" Ltd',
    customerTenantId: 'tenant-1',
    reservationId: 'res-1',
    reservationOrderId: 'order-1',
    quote: SPEC_EXAMPLE_FIRST_REFUND,
    capUsd: '5546.18',
    agent: { partnerUserId: 'ava.lindqvist', chatUserId: 'teams:t:u' },
    origin: { channel: 'teams', conversation: {} },
    ticketId: '2606150010000001',
    creditedAmount: '5135.35',
    creditedAt: '2026-06-15T10:10:00.000Z',
    createdAt: '2026-06-15T10:00:00.000Z',
    updatedAt: '2026-06-15T10:10:00.000Z',
    filedAt: '2026-06-15T10:00:01.000Z',
    ...overrides,
  };
}

describe('finance export', () => {
  it("writes RFC 4180 CSV: header row, CRLF, quotes doubled; figures exactly the quote contract's strings", () => {
    const csv = toCsv([exportRow(creditedRefund())]);
    assert.ok(csv.endsWith('\r\n'));
    const [header, row] = parse(csv, { record_delimiter: '\r\n' }) as string[][];
    assert.deepEqual(header, [...EXPORT_COLUMNS]);
    const line = Object.fromEntries(header.map((h, i) => [h, row[i]]));
    assert.equal(line.customerName, 'Contoso, "the" Ltd');
    assert.deepEqual(
      [line.credit, line.fee, line.refund, line.creditedAmount, line.refundUsd, line.currency],
      ['5835.62', '700.27', '5135.35', '5135.35', '5546.18', 'EUR'],
    );
    assert.equal(line.ticketId, '2606150010000001');
    assert.match(csv, /"Contoso, ""the"" Ltd"/);
  });

  it('disarms cells a spreadsheet would run as formulas: leading apostrophe, quoted', () => {
    for (const hostile of ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd']) {
      const cell = csvCell(hostile);
      assert.ok(cell.startsWith(`"'`), cell);
      assert.deepEqual(parse(`${cell}\r\n`)[0], [`'${hostile}`]);
    }
    assert.equal(csvCell('5135.35'), '5135.35');
    assert.equal(csvCell(''), '');
  });

  it('round-trips any customer name through a CSV parser, never starting a cell with a formula character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (name) => {
        const [, row] = parse(toCsv([exportRow(creditedRefund({ customerName: name }))]), { record_delimiter: '\r\n', relax_quotes: false }) as string[][];
        const cell = row[EXPORT_COLUMNS.indexOf('customerName')];
        assert.equal(cell, /^[=+\-@\t\r]/.test(name) ? `'${name}` : name);
      }),
    );
  });

  it('writes JSON Lines with the same strings, and leaves out empty figures', () => {
    const exchange = creditedRefund({
      id: 'req-2',
      kind: 'exchange',
      state: 'filed',
      creditedAmount: undefined,
      creditedAt: undefined,
      quote: {
        kind: 'exchange',
        policy: 'csp-2020',
        eligible: true,
        reasons: [],
        currency: 'USD',
        daysSincePurchase: 1,
        termDays: 365,
        usedDays: 2,
        credit: '100.00',
        netPayable: '20.00',
      },
    });
    const lines = renderExport([creditedRefund(), exchange], 'json')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, string>);
    assert.equal(lines[0].refund, '5135.35');
    assert.equal(lines[1].netPayable, '20.00');
    assert.equal('refund' in lines[1], false);
    assert.equal('creditedAmount' in lines[1], false);
  });

  it('reads days and instants; a day as --until includes it; a reversed or empty range and unparseable dates are refused', () => {
    const june = exportRange('2026-06-01', '2026-06-30');
    assert.equal(june.from.toISOString(), '2026-06-01T00:00:00.000Z');
    assert.equal(june.to.toISOString(), '2026-07-01T00:00:00.000Z');
    assert.equal(exportRange('2026-06-01T08:00:00+02:00').from.toISOString(), '2026-06-01T06:00:00.000Z');
    assert.throws(() => exportRange('2026-06-30', '2026-06-01'), InvalidInputError);
    assert.throws(() => exportRange('2026-06-01T10:00:00Z', '2026-06-01T10:00:00Z'), InvalidInputError);
    assert.throws(() => exportRange('2026-02-30'), /not a date/);
    assert.throws(() => exportRange('yesterday'), /not a date/);
    assert.throws(() => exportRange('2026-06-01T10:00:00'), /not a date/, 'a time without its zone is ambiguous');
  });
});
