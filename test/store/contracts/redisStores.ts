import type { RedisClient } from '../../../src/store/redis/redisKeys';
import { RedisCapLedger } from '../../../src/store/redis/capLedger';
import { RedisIdempotencyStore } from '../../../src/store/redis/idempotency';
import { RedisLeases } from '../../../src/store/redis/leases';
import { RedisRequestStore } from '../../../src/store/redis/requestStore';
import { leasesContract } from './leases.contract';
import { capLedgerContract } from './capLedger.contract';
import { idempotencyContract } from './idempotency.contract';
import { requestStoreContract } from './requestStore.contract';
import { RedisSubscriptionStore } from '../../../src/store/redis/subscriptions';
import { subscriptionStoreContract } from './subscriptionStore.contract';

/**
 * The cap ledger, request store and idempotency contracts on Redis clients (a single server or a cluster):
 * each fixture gets its own key prefix, and several views of one store use several connections.
 */
export function redisStoreContracts(clients: () => RedisClient[], freshPrefix: () => string): void {
  capLedgerContract(() => ({
    ledgers: async (count, limitUsd) => {
      const prefix = freshPrefix();
      return clients()
        .slice(0, count)
        .map((client) => new RedisCapLedger(client, { prefix, limitUsd }));
    },
  }));

  requestStoreContract(() => ({
    stores: async (count) => {
      const prefix = freshPrefix();
      return clients()
        .slice(0, count)
        .map((client) => new RedisRequestStore(client, { prefix }));
    },
  }));

  subscriptionStoreContract(() => ({
    stores: async (count) => {
      const prefix = freshPrefix();
      return clients()
        .slice(0, count)
        .map((client) => new RedisSubscriptionStore(client, { prefix }));
    },
  }));

  idempotencyContract(() => ({
    stores: async (count) => {
      const prefix = freshPrefix();
      return {
        stores: clients()
          .slice(0, count)
          .map((client) => new RedisIdempotencyStore(client, { prefix })),
        elapse: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
      };
    },
  }));

  leasesContract(() => ({
    leases: async (count) => {
      const prefix = freshPrefix();
      return {
        leases: clients()
          .slice(0, count)
          .map((client) => new RedisLeases(client, { prefix })),
        elapse: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
      };
    },
  }));
}
