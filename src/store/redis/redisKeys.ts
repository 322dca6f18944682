import type { Cluster, Redis } from 'ioredis';
import { assertKeyPrefix } from '../validation';

/** Every Redis store takes a standalone client or a Cluster client. */
export type RedisClient = Redis | Cluster;

export interface RedisStoreOptions {
  /** Prepended to every key, so tests and deployments sharing a Redis keep apart (no braces: stores add their tags). */
  prefix: string;
}

/**
 * Key layout of every Redis store in one place. The `{...}` part is the Redis Cluster hash tag: keys that one
 * script touches share it, so the script runs on one node.
 *
 *   cap ledger   <prefix>{cust:<customerId>}:cap:entries    hash  requestId → "state|reservedCents|amountCents|atMs|consumed|remaining"
 *                <prefix>{cust:<customerId>}:cap:timeline   zset  requestId scored by filing time (ms)
 *                <prefix>{capreq:<requestId>}:cap:owner     string the customer a cap request id belongs to
 *   requests     <prefix>{requests}:record:<id>             string the record as JSON
 *                <prefix>{requests}:agent:<partnerUserId>   zset  ids scored by creation time
 *                <prefix>{requests}:customer:<customerId>   zset  ids scored by creation time
 *                <prefix>{requests}:filed                   zset  ids in state filed, scored by filing time
 *                <prefix>{requests}:filing                  zset  ids in state filing, scored by creation time
 *                <prefix>{requests}:by-ticket               hash  ticketId → id
 *   idempotency  <prefix>idem:<key>                         string with a TTL (one key per command: no tag needed)
 */
export class RedisKeys {
  constructor(readonly prefix: string) {
    assertKeyPrefix(prefix);
  }

  capEntries(customerId: string): string {
    return `${this.customerTag(customerId)}:cap:entries`;
  }

  capTimeline(customerId: string): string {
    return `${this.customerTag(customerId)}:cap:timeline`;
  }

  capOwner(requestId: string): string {
    return `${this.prefix}{capreq:${requestId}}:cap:owner`;
  }

  requestRecord(id: string): string {
    return `${this.requestsTag()}:record:${id}`;
  }

  requestsByAgent(partnerUserId: string): string {
    return `${this.requestsTag()}:agent:${partnerUserId}`;
  }

  requestsByCustomer(customerId: string): string {
    return `${this.requestsTag()}:customer:${customerId}`;
  }

  requestsOpenByReservation(reservationId: string): string {
    return `${this.requestsTag()}:open:${reservationId}`;
  }

  requestsFiled(): string {
    return `${this.requestsTag()}:filed`;
  }

  requestsFiling(): string {
    return `${this.requestsTag()}:filing`;
  }

  requestsByTicket(): string {
    return `${this.requestsTag()}:by-ticket`;
  }

  idempotency(key: string): string {
    return `${this.prefix}idem:${key}`;
  }

  private customerTag(customerId: string): string {
    return `${this.prefix}{cust:${customerId}}`;
  }

  private requestsTag(): string {
    return `${this.prefix}{requests}`;
  }
}
