import { Decimal } from '../domain/money';
import type { AuditEvent } from '../ports/audit';
import type { RequestPatch, RequestRecord } from '../ports/requestStore';
import { applyTransition, ticketTaken } from '../store/requestRecords';
import { auditEntryJson, type RedisAuditTrail } from '../store/redis/auditTrail';
import type { RedisCapLedger } from '../store/redis/capLedger';
import { capFunctions } from '../store/redis/capScripts';
import { luaScript, type LuaScript } from '../store/redis/luaScript';
import type { RedisClient } from '../store/redis/redisKeys';
import { REQUEST_FUNCTIONS } from '../store/redis/requestScripts';
import type { RedisRequestStore } from '../store/redis/requestStore';
import type { CreditNotification, RedisNotificationQueue } from './notificationQueue';

/**
 * A credit's storage work joined, for a store that can take it in one step (Redis: one script). CreditSync takes
 * the same steps one by one through its ports when it has none.
 */
export interface CreditStore {
  /** The requests of these tickets, in the order asked (undefined for a ticket no request holds), in one batch. */
  byTickets(ticketIds: readonly string[]): Promise<Array<RequestRecord | undefined>>;
  /**
   * A `filed` request becomes `credited` with `patch`: the cap ledger's credit of `capUsd` (refunds), the move, the
   * audit event made from the credited record and the notice queued (once per request), all or nothing. `stale`:
   * the record is no longer the one read, and nothing was done. Cap errors throw as CapLedger.credit's do.
   */
  credit(
    record: RequestRecord,
    patch: RequestPatch,
    at: Date,
    capUsd: Decimal | undefined,
    event: (credited: RequestRecord) => AuditEvent,
    notice: (credited: RequestRecord) => CreditNotification,
  ): Promise<{ record: RequestRecord; notified: boolean } | 'stale'>;
}

/**
 * KEYS: TRANSITION_LUA's five, the customer's cap entries and timeline, the audit stream, the notice stream and its
 * "queued" marker. ARGV: TRANSITION_LUA's seven, '1' to credit the cap, the cap request id, cents, the audit MAXLEN,
 * the audit entry's JSON, the marker's TTL ms, the notice stream's MAXLEN, the notice's JSON.
 * Returns {'stale'} | {'cap', status, entry} (the ledger refused: nothing written) | {'ticket-taken', holder}
 *       | {'ok', 1 when the notice was queued now, 0 when it had been}.
 */
const CREDIT_APPLY_LUA = `${REQUEST_FUNCTIONS}
${capFunctions('KEYS[6]', 'KEYS[7]')}
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return { 'stale' } end
if ARGV[8] == '1' then
  local entry = credit(ARGV[9], ARGV[10])
  if entry[1] ~= 'ok' then return { 'cap', entry[1], entry[2] or '' } end
end
local moved = transitionRequest(KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7])
if moved[1] ~= 'ok' then return moved end
redis.call('XADD', KEYS[8], 'MAXLEN', '~', ARGV[11], '*', 'event', ARGV[12])
local queued = 0
if redis.call('SET', KEYS[10], '1', 'NX', 'PX', ARGV[13]) then
  redis.call('XADD', KEYS[9], 'MAXLEN', '~', ARGV[14], '*', 'notification', ARGV[15])
  queued = 1
end
return { 'ok', queued }
`;

/**
 * Credits on a standalone Redis: a poll's requests read in two round trips per batch, each credit applied in one.
 * The script is built from the request store's and the cap ledger's Lua functions and the queue's own keys, so it
 * writes what they would. Not for a Cluster (the script crosses hash slots).
 */
export class RedisCreditStore implements CreditStore {
  private readonly storedJson = new WeakMap<RequestRecord, string>();
  private readonly applyScript: LuaScript;

  constructor(
    redis: RedisClient,
    private readonly parts: { requests: RedisRequestStore; capLedger: RedisCapLedger; audit: RedisAuditTrail; queue: RedisNotificationQueue },
  ) {
    this.applyScript = luaScript(redis, 'deskCreditApply', 10, CREDIT_APPLY_LUA);
  }

  async byTickets(ticketIds: readonly string[]): Promise<Array<RequestRecord | undefined>> {
    return (await this.parts.requests.storedByTickets(ticketIds)).map((found) => {
      if (found) this.storedJson.set(found.record, found.json);
      return found?.record;
    });
  }

  async credit(
    record: RequestRecord,
    patch: RequestPatch,
    at: Date,
    capUsd: Decimal | undefined,
    event: (credited: RequestRecord) => AuditEvent,
    notice: (credited: RequestRecord) => CreditNotification,
  ): Promise<{ record: RequestRecord; notified: boolean } | 'stale'> {
    const { requests, capLedger, audit, queue } = this.parts;
    const next = applyTransition(record, 'credited', patch, at);
    const move = requests.transitionCall(this.storedJson.get(record) ?? JSON.stringify(record), next);
    const cap = capLedger.creditCall(record.customerId, record.id, capUsd ?? new Decimal(0), at);
    const enqueue = queue.enqueueCall(notice(next));
    await queue.ready();
    const reply = (await this.applyScript(
      ...move.keys,
      ...cap.keys,
      audit.streamKey,
      ...enqueue.keys,
      ...move.args,
      capUsd ? '1' : '0',
      ...cap.args,
      String(audit.maxLength),
      auditEntryJson(event(next)),
      ...enqueue.args,
    )) as Array<string | number>;
    const [status, ...rest] = reply;
    if (status === 'stale') return 'stale';
    // The ledger refused (no entry, released, another amount): the same error CapLedger.credit throws.
    if (status === 'cap') capLedger.creditOutcome(record.customerId, record.id, capUsd ?? new Decimal(0), rest.map(String));
    if (status === 'ticket-taken') throw ticketTaken(next.ticketId ?? '', String(rest[0]), record.id);
    if (status !== 'ok') throw new Error(`credit script answered ${String(status)}`);
    return { record: next, notified: rest[0] === 1 };
  }
}
