import type { CapLedger } from '../ports/capLedger';
import type { FilingStore } from '../ports/filingStore';
import type { CapMetrics } from '../ports/metrics';

/**
 * The cap ledger, reporting each refusal: every path that takes cap (a filed ticket, a self-service return) asks
 * `reserve`, so refusals are counted where the ledger decides them, whoever asked.
 */
export function meteredCapLedger(ledger: CapLedger, metrics: CapMetrics): CapLedger {
  return {
    get limitUsd() {
      return ledger.limitUsd;
    },
    async reserve(customerId, requestId, amountUsd, at) {
      const outcome = await ledger.reserve(customerId, requestId, amountUsd, at);
      if (!outcome.granted) metrics.capRefused();
      return outcome;
    },
    credit: (customerId, requestId, amountUsd, at) => ledger.credit(customerId, requestId, amountUsd, at),
    release: (customerId, requestId) => ledger.release(customerId, requestId),
    consumed: (customerId, at) => ledger.consumed(customerId, at),
    entries: (customerId, readAhead) => ledger.entries(customerId, readAhead),
  };
}

/** The filing store's cap reservations counted as the ledger's are: a refusal is a refusal, whichever path made it. */
export function meteredFilingStore(store: FilingStore, metrics: CapMetrics): FilingStore {
  return {
    async begin(request, at, leaseMs) {
      const start = await store.begin(request, at, leaseMs);
      if (start.begun?.reserved && !start.begun.reserved.granted) metrics.capRefused();
      return start;
    },
    recordFiled: (record, patch, at, event, lease) => store.recordFiled(record, patch, at, event, lease),
  };
}
