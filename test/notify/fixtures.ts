import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { RefundQuoteJson } from '../../src/domain/quoteContract';
import { Decimal } from '../../src/domain/money';
import type { CapLedger } from '../../src/ports/capLedger';
import type { CreditEvent, CreditFeed } from '../../src/ports/credits';
import type { NewRequest, RequestRecord, RequestStore } from '../../src/ports/requestStore';

export const silentLog = pino({ level: 'silent' });
export const T0 = new Date('2026-03-10T12:00:00.000Z');

export const REFUND_QUOTE: RefundQuoteJson = {
  policy: 'csp-2020',
  eligible: true,
  reasons: [],
  currency: 'EUR',
  daysSincePurchase: 200,
  termDays: 1095,
  usedDays: 200,
  kind: 'refund',
  rule: 'prorated-with-fee',
  refund: '5135.35',
  refundUsd: '5546.18',
};

export function newRequest(overrides: Partial<NewRequest> = {}): NewRequest {
  return {
    key: `confirm-${randomUUID()}`,
    kind: 'refund',
    customerId: 'cust-contoso',
    customerName: 'Contoso Ltd',
    customerTenantId: '9b1c0c77-0000-4000-8000-000000000001',
    reservationId: 'res-1',
    reservationOrderId: 'order-1',
    quote: REFUND_QUOTE,
    capUsd: '5546.18',
    agent: { partnerUserId: 'agent-ada', chatUserId: 'teams:tenant:ada' },
    origin: { channel: 'teams', conversation: { conversation: { id: 'conv-1' }, serviceUrl: 'https://smba.example/emea/' } },
    details: { reservationName: 'sql-gp8' },
    ...overrides,
  };
}

/** A refund request in state filed, with its cap reserved, as FilingService leaves it. */
export async function filedRequest(requests: RequestStore, capLedger: CapLedger, overrides: Partial<NewRequest> = {}): Promise<RequestRecord> {
  const { record } = await requests.create(newRequest(overrides), T0);
  if (record.kind === 'refund') await capLedger.reserve(record.customerId, record.id, new Decimal(record.capUsd), T0);
  return requests.transition(record.id, 'filed', { ticketId: `T-${randomUUID().slice(0, 8)}`, filedAt: T0.toISOString() }, T0);
}

export function creditFor(record: RequestRecord, amount = '5135.35'): CreditEvent {
  return {
    creditId: `credit-${record.ticketId}`,
    ticketId: record.ticketId!,
    reservationId: record.reservationId,
    amount,
    currency: 'EUR',
    creditedAt: new Date(T0.getTime() + 60_000),
  };
}

/** A feed that returns the same credits on every read (as a feed that repeats itself would). */
export class RepeatingFeed implements CreditFeed {
  reads = 0;
  constructor(public credits: CreditEvent[]) {}
  async creditsSince(): Promise<{ credits: CreditEvent[]; cursor: string }> {
    this.reads += 1;
    return { credits: this.credits, cursor: `c${this.reads}` };
  }
}
