import pino from 'pino';
import Redis from 'ioredis';
import { Decimal } from '../src/domain/money';
import type { CreditEvent, CreditFeed } from '../src/ports/credits';
import type { NewRequest } from '../src/ports/requestStore';
import { systemClock } from '../src/ports/clock';
import { RedisAuditTrail } from '../src/store/redis/auditTrail';
import { RedisCapLedger } from '../src/store/redis/capLedger';
import { RedisRequestStore } from '../src/store/redis/requestStore';
import { createTeamsAdapter } from '../src/channels/teams/teamsChannel';
import { createCreditNotifications } from '../src/notify';
import { RedisSubscriptionStore } from '../src/store/redis/subscriptions';
import { createSandboxProvider } from '../src/providers/sandbox';

/**
 * The credit-notice part of the bench: filed refunds seeded straight into the store (thousands, each with its cap
 * entry and its own Teams conversation on the bench connector), a feed that credits every one of them, and one
 * notifier instance (credit sync + delivery worker, as in createApp) per process.
 */

const FILED_AT = new Date('2026-06-01T10:00:00Z');
const CREDITED_AT = new Date('2026-06-20T10:00:00Z');

export const benchTicket = (i: number) => `bench-t-${String(i).padStart(6, '0')}`;
export const noticeConversation = (i: number) => `a:bench-credit-${i}`;

function seededRequest(i: number, connectorUrl: string): NewRequest {
  return {
    key: `bench-credit-${i}`,
    kind: 'refund',
    customerId: `bench-cust-${i % 200}`,
    customerName: 'Alder & Finch Logistics',
    customerTenantId: 'bench-tenant',
    reservationId: `bench-res-${i}`,
    reservationOrderId: `bench-order-${i}`,
    quote: {
      kind: 'refund',
      policy: 'csp-2020',
      eligible: true,
      reasons: [],
      currency: 'USD',
      daysSincePurchase: 100,
      termDays: 365,
      usedDays: 100,
      refund: '10.00',
      refundUsd: '10.00',
    },
    capUsd: '10.00',
    agent: { partnerUserId: 'ava.lindqvist', chatUserId: 'teams:bench:ava' },
    origin: {
      channel: 'teams',
      conversation: {
        channelId: 'msteams',
        serviceUrl: connectorUrl,
        conversation: { id: noticeConversation(i) },
        bot: { id: '28:bot' },
        user: { id: '29:ava' },
      },
    },
    details: { reservationName: `bench-vm-${i}` },
  };
}

/** Creates `count` filed refunds (request + cap reservation), 200 at a time. */
export async function seedFiledRequests(redisUrl: string, prefix: string, count: number, connectorUrl: string): Promise<void> {
  const redis = new Redis(redisUrl);
  const requests = new RedisRequestStore(redis, { prefix });
  const ledger = new RedisCapLedger(redis, { prefix });
  try {
    for (let start = 0; start < count; start += 200) {
      await Promise.all(
        Array.from({ length: Math.min(200, count - start) }, async (_, k) => {
          const i = start + k;
          const request = seededRequest(i, connectorUrl);
          const { record } = await requests.create(request, FILED_AT);
          await ledger.reserve(request.customerId, record.id, new Decimal('10.00'), FILED_AT);
          await requests.transition(record.id, 'filed', { ticketId: benchTicket(i) }, FILED_AT);
        }),
      );
    }
  } finally {
    redis.disconnect();
  }
}

/** Every seeded ticket credited, in one page (as the sandbox's feed answers); the cursor is how many were read. */
export class BenchCreditFeed implements CreditFeed {
  constructor(private readonly count: number) {}
  async creditsSince(cursor: string | undefined): Promise<{ credits: CreditEvent[]; cursor: string }> {
    const from = Number(cursor ?? 0);
    const credits = Array.from({ length: this.count - from }, (_, k) => {
      const i = from + k;
      return {
        creditId: `bench-credit-${i}`,
        ticketId: benchTicket(i),
        reservationId: `bench-res-${i}`,
        amount: '10.00',
        currency: 'USD',
        creditedAt: CREDITED_AT,
      };
    });
    return { credits, cursor: String(this.count) };
  }
}

/** One instance's credit sync and delivery worker on Redis, sending notices through a CloudAdapter without auth. */
export function startNotifier(redisUrl: string, prefix: string, count: number): { go: () => void; stop: () => Promise<void> } {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  const log = pino({ level: 'silent' });
  const notifications = createCreditNotifications({
    redis,
    prefix,
    feed: new BenchCreditFeed(count),
    requests: new RedisRequestStore(redis, { prefix }),
    capLedger: new RedisCapLedger(redis, { prefix }),
    audit: new RedisAuditTrail(redis, { prefix }),
    clock: systemClock,
    log,
    teams: { adapter: createTeamsAdapter(undefined, log), appId: '' },
    // No subscriptions: the reminder passes find nothing to do and the credits fan out nowhere.
    subscriptions: new RedisSubscriptionStore(redis, { prefix }),
    provider: createSandboxProvider(),
  });
  return {
    go: () => notifications.start(1000),
    stop: async () => {
      await notifications.stop();
      redis.disconnect();
    },
  };
}
