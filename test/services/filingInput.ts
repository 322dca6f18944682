import { Decimal } from '../../src/domain/money';
import type { RefundQuoteJson } from '../../src/domain/quoteContract';
import type { NewRequest } from '../../src/ports/requestStore';
import type { FilingInput } from '../../src/services/filing';

/** A refund of `refundUsd` ready to file: its request (quoted before any other refund of the customer) and its ticket. */
export function refundFilingInput(key: string, refundUsd: string, reservationId: string): FilingInput {
  // Cap figures as quoted before any other refund of the customer was reserved.
  const quote = {
    kind: 'refund',
    policy: 'csp-2020',
    eligible: true,
    reasons: [],
    currency: 'USD',
    daysSincePurchase: 9,
    termDays: 365,
    usedDays: 10,
    refund: refundUsd,
    refundUsd,
    capLimitUsd: '50000.00',
    capConsumedUsd: '0.00',
    capRemainingUsd: '50000.00',
    capRemainingAfterUsd: new Decimal(50000).minus(refundUsd).toFixed(2),
  } as RefundQuoteJson;
  const request: NewRequest = {
    key,
    kind: 'refund',
    customerId: 'cust-1',
    customerName: 'Contoso',
    customerTenantId: 'tenant-1',
    reservationId,
    reservationOrderId: 'order-1',
    quote,
    capUsd: refundUsd,
    agent: { partnerUserId: 'ava', chatUserId: 'teams:t:a' },
    origin: { channel: 'teams', conversation: {} },
  };
  return {
    request,
    ticket: {
      title: 't',
      description: 'd',
      severity: 'minimal',
      contact: { firstName: 'A', lastName: 'L', email: 'a@example.com', preferredContactMethod: 'email', timeZone: 'UTC', country: 'SWE', language: 'en-us' },
    },
  };
}
