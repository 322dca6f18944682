import { parseIsoInstant } from '../domain/dates';
import { InvalidInputError } from '../errors';
import type { RequestRecord } from '../ports/requestStore';

/**
 * The finance export (SPEC section 9): one line per request with every figure exactly as the quote contract
 * wrote it (decimal strings, never re-rounded), as CSV (RFC 4180) or JSON Lines. Ids only for the agent.
 */

export type ExportFormat = 'csv' | 'json';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'json'];

/** Column order of the CSV and key order of each JSON line. Amount names are the quote contract's. */
export const EXPORT_COLUMNS = [
  'requestId',
  'state',
  'kind',
  'customerId',
  'customerName',
  'reservationId',
  'reservationOrderId',
  'createdAt',
  'filedAt',
  'creditedAt',
  'currency',
  'credit',
  'fee',
  'refund',
  'netPayable',
  'creditedAmount',
  'netUsd',
  'refundUsd',
  'capUsd',
  'ticketId',
  'agentPartnerUserId',
] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];
export type ExportRow = Record<ExportColumn, string>;

export function exportRow(record: RequestRecord): ExportRow {
  const q = record.quote;
  return {
    requestId: record.id,
    state: record.state,
    kind: record.kind,
    customerId: record.customerId,
    customerName: record.customerName,
    reservationId: record.reservationId,
    reservationOrderId: record.reservationOrderId,
    createdAt: record.createdAt,
    filedAt: record.filedAt ?? '',
    creditedAt: record.creditedAt ?? '',
    currency: q.currency,
    credit: q.credit ?? '',
    fee: q.kind === 'refund' ? (q.fee ?? '') : '',
    refund: q.kind === 'refund' ? (q.refund ?? '') : '',
    netPayable: q.kind === 'exchange' ? (q.netPayable ?? '') : '',
    creditedAmount: record.creditedAmount ?? '',
    netUsd: q.kind === 'refund' ? (q.netUsd ?? '') : '',
    refundUsd: q.kind === 'refund' ? (q.refundUsd ?? '') : '',
    capUsd: record.capUsd,
    ticketId: record.ticketId ?? '',
    agentPartnerUserId: record.agent.partnerUserId,
  };
}

// A spreadsheet reads a cell starting with one of these as a formula (tab and CR too, per OWASP's CSV injection
// advice): such a cell gets a leading apostrophe, which the spreadsheet shows as text.
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: formula-safe, and quoted (quotes doubled) when it holds a comma, quote, line break or guard. */
export function csvCell(value: string): string {
  const guarded = FORMULA_START.test(value) ? `'${value}` : value;
  return guarded !== value || /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** RFC 4180: a header row, CRLF after every record. */
export function toCsv(rows: readonly ExportRow[]): string {
  const line = (cells: readonly string[]) => `${cells.map(csvCell).join(',')}\r\n`;
  return line(EXPORT_COLUMNS) + rows.map((row) => line(EXPORT_COLUMNS.map((column) => row[column]))).join('');
}

/** JSON Lines: one object per request, keys in column order, empty figures left out. */
export function toJsonLines(rows: readonly ExportRow[]): string {
  return rows.map((row) => `${JSON.stringify(Object.fromEntries(EXPORT_COLUMNS.filter((c) => row[c] !== '').map((c) => [c, row[c]])))}\n`).join('');
}

export function renderExport(records: readonly RequestRecord[], format: ExportFormat): string {
  const rows = records.map(exportRow);
  return format === 'csv' ? toCsv(rows) : toJsonLines(rows);
}

const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A range bound: `YYYY-MM-DD` (a UTC day) or an ISO 8601 instant with its zone. A day as `until` includes that
 * whole day, so `--since 2026-06-01 --until 2026-06-30` is June.
 */
export function parseExportBound(text: string, bound: 'since' | 'until'): Date {
  const day = DATE_ONLY.exec(text);
  if (day) {
    const start = parseIsoInstant(`${text}T00:00:00Z`);
    if (start) return bound === 'until' ? new Date(start.getTime() + DAY_MS) : start;
  } else {
    const instant = parseIsoInstant(text);
    if (instant) return instant;
  }
  throw new InvalidInputError(
    `--${bound} ${JSON.stringify(text.slice(0, 40))} is not a date: use YYYY-MM-DD (UTC) or an ISO 8601 time with a zone, e.g. 2026-06-01T00:00:00Z`,
  );
}

export interface ExportRange {
  from: Date;
  /** Exclusive. */
  to: Date;
}

/** The half-open range [since, until); `until` defaults to no end. A range that ends before it starts is refused. */
export function exportRange(since: string, until?: string): ExportRange {
  const from = parseExportBound(since, 'since');
  const to = until === undefined ? new Date(8.64e15) : parseExportBound(until, 'until');
  if (to.getTime() <= from.getTime()) throw new InvalidInputError(`--until ${until ?? ''} is not after --since ${since}: the range would be empty or reversed`);
  return { from, to };
}
