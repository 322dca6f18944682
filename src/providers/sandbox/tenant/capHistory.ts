/**
 * Refunds the tenant's customers were given before the sandbox started, for the bot to seed into its cap
 * ledger. Brightwater's are placed so that each was within the cap on its own filing date, 46,500 USD fall in
 * today's 365-day window (3,500 left) and 3,000 USD dropped out of the window 15 days ago.
 */
export interface CapHistorySeed {
  customerKey: string;
  /** Stable, so seeding the ledger again (a restart) is a no-op for an idempotent ledger. */
  requestId: string;
  amountUsd: string;
  daysAgo: number;
  hourUtc: number;
  note: string;
}

export const CAP_HISTORY_SEEDS: readonly CapHistorySeed[] = [
  {
    customerKey: 'brightwater',
    requestId: 'sandbox-history-brightwater-1',
    amountUsd: '3000.00',
    daysAgo: 380,
    hourUtc: 10,
    note: 'outside the 365-day window today',
  },
  {
    customerKey: 'brightwater',
    requestId: 'sandbox-history-brightwater-2',
    amountUsd: '14000.00',
    daysAgo: 300,
    hourUtc: 11,
    note: 'a retired analytics cluster',
  },
  {
    customerKey: 'brightwater',
    requestId: 'sandbox-history-brightwater-3',
    amountUsd: '20000.00',
    daysAgo: 120,
    hourUtc: 9,
    note: 'a data-warehouse migration',
  },
  {
    customerKey: 'brightwater',
    requestId: 'sandbox-history-brightwater-4',
    amountUsd: '12500.00',
    daysAgo: 30,
    hourUtc: 15,
    note: 'over-bought E-series capacity',
  },
  // 2 of the 5 units of lr-pos-d2s-partial, returned on day 60 of the term (csp-2020: prorated minus 12%).
  { customerKey: 'lumen', requestId: 'sandbox-history-lumen-1', amountUsd: '2493.07', daysAgo: 40, hourUtc: 14, note: '2 units of lr-pos-d2s-partial' },
];
