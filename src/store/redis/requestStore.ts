import { NotFoundError } from '../../errors';
import type { NewRequest, RequestPatch, RequestRecord, RequestState, RequestStore } from '../../ports/requestStore';
import {
  applyTransition,
  assertRequestKey,
  createdRange,
  filedTime,
  keyCollision,
  newRequestRecord,
  oldestCreatedFirst,
  recordForKey,
  requestIdForKey,
  ticketTaken,
} from '../requestRecords';
import { assertId, listLimit } from '../validation';
import { RedisKeys, type RedisClient, type RedisStoreOptions } from './redisKeys';
import { keysUnder } from './keyspace';
import { CREATE_LUA, TRANSITION_LUA } from './requestScripts';
import { CUSTOMER_REQUESTS_LISTED, noteStoreWrite, type ReadAheadHints, type ReadAheadSnapshot } from '../../ports/readAhead';
import { passes, type ReadAheadSource, type ScriptRead } from './readAheadReads';

type Script = (...keysThenArgs: string[]) => Promise<unknown>;

interface RequestCommands {
  deskRequestCreate: Script;
  deskRequestTransition: Script;
}

/** Each stale read means another writer moved the record one state forward; the longest path has two moves. */
const MAX_TRANSITION_ATTEMPTS = 5;

/**
 * Requests on Redis (standalone or Cluster), records as JSON text. The id is derived from the idempotency key
 * (requestIdForKey), so create knows the record's key before it runs. All of the store's keys share one hash
 * tag: requests are filed by people, a few a minute at most, so one slot is plenty, and it lets a record and
 * its agent, customer, filed and ticket indexes change together; no index can point at a missing or
 * out-of-date record.
 *
 * Lists are newest first by creation time, equal times by descending id (Redis' order for equal scores);
 * listFiled is oldest filing first, for credit pollers.
 */
export class RedisRequestStore implements RequestStore, ReadAheadSource {
  private readonly keys: RedisKeys;
  private readonly commands: RequestCommands;

  constructor(
    readonly redis: RedisClient,
    options: RedisStoreOptions,
  ) {
    this.keys = new RedisKeys(options.prefix);
    redis.defineCommand('deskRequestCreate', { numberOfKeys: 5, lua: CREATE_LUA });
    redis.defineCommand('deskRequestTransition', { numberOfKeys: 5, lua: TRANSITION_LUA });
    this.commands = redis as unknown as RequestCommands;
  }

  async create(request: NewRequest, at: Date): Promise<{ created: boolean; record: RequestRecord }> {
    const record = newRequestRecord(request, at);
    const call = this.createCall(record);
    noteStoreWrite();
    const [created, json] = (await this.commands.deskRequestCreate(...call.keys, ...call.args)) as [number, string];
    return this.createdOrFirst(record, created, json);
  }

  /** KEYS and ARGV of creating `record` (createRequest's order in requestScripts.ts), for scripts that create with more. */
  createCall(record: RequestRecord): { keys: string[]; args: string[] } {
    return {
      keys: [
        this.keys.requestRecord(record.id),
        this.keys.requestsByAgent(record.agent.partnerUserId),
        this.keys.requestsByCustomer(record.customerId),
        this.keys.requestsOpenByReservation(record.reservationId),
        this.keys.requestsFiling(),
      ],
      args: [JSON.stringify(record), record.id, String(Date.parse(record.createdAt))],
    };
  }

  /** A creation's reply: this record, or the first one stored under its key (another key's record is a collision). */
  createdOrFirst(record: RequestRecord, created: number, json: string): { created: boolean; record: RequestRecord } {
    if (created === 1) return { created: true, record };
    const first = JSON.parse(json) as RequestRecord;
    if (first.key !== record.key) throw keyCollision(record.key, first);
    return { created: false, record: first };
  }

  /** KEYS and ARGV of moving the record stored as `json` to `next` (transitionRequest's order in requestScripts.ts). */
  transitionCall(json: string, next: RequestRecord): { keys: string[]; args: string[] } {
    return {
      keys: [
        this.keys.requestRecord(next.id),
        this.keys.requestsFiled(),
        this.keys.requestsByTicket(),
        this.keys.requestsOpenByReservation(next.reservationId),
        this.keys.requestsFiling(),
      ],
      args: [json, JSON.stringify(next), next.id, next.state, String(filedTime(next)), next.ticketId ?? '', String(Date.parse(next.createdAt))],
    };
  }

  async get(id: string): Promise<RequestRecord | undefined> {
    assertId(id, 'id');
    return parse(await this.redis.get(this.keys.requestRecord(id)));
  }

  async getMany(ids: readonly string[]): Promise<Array<RequestRecord | undefined>> {
    return (await this.storedMany(ids)).map((found) => found?.record);
  }

  /** Records with the JSON Redis holds for each (what a compare-and-set compares), in one MGET. */
  async storedMany(ids: readonly string[]): Promise<Array<{ record: RequestRecord; json: string } | undefined>> {
    for (const id of ids) assertId(id, 'id');
    if (ids.length === 0) return [];
    const found = await this.redis.mget(...ids.map((id) => this.keys.requestRecord(id)));
    return found.map((json) => (json === null ? undefined : { record: JSON.parse(json) as RequestRecord, json }));
  }

  /** The records of these tickets with their stored JSON, in two reads however many (the credit sync's batch). */
  async storedByTickets(ticketIds: readonly string[]): Promise<Array<{ record: RequestRecord; json: string } | undefined>> {
    for (const ticketId of ticketIds) assertId(ticketId, 'ticketId');
    if (ticketIds.length === 0) return [];
    const ids = await this.redis.hmget(this.keys.requestsByTicket(), ...ticketIds);
    const known = ids.filter((id): id is string => id !== null);
    const records = new Map((await this.storedMany(known)).map((found, i) => [known[i], found]));
    return ids.map((id) => (id === null ? undefined : records.get(id)));
  }

  async getByKey(key: string, readAhead?: ReadAheadSnapshot): Promise<RequestRecord | undefined> {
    assertRequestKey(key);
    const id = requestIdForKey(key);
    const ahead = readAhead?.take(this.recordRead(id));
    if (ahead) return recordForKey(key, parse(ahead.reply as string | null));
    return recordForKey(key, await this.get(id));
  }

  /**
   * A click naming a customer reads their newest requests (the reservation picker's list) with the turn's start; one
   * naming a request key reads its record (the confirm step's look-up). Keys and replies are exactly those of
   * listByCustomer and getByKey, which answer from the turn's snapshot once when given it.
   */
  readAheadFor(hints: ReadAheadHints): ScriptRead[] {
    const reads: ScriptRead[] = [];
    const { requestsOf: customerId, requestKey } = hints;
    if (customerId !== undefined && passes(() => assertId(customerId, 'customerId'))) {
      const key = this.keys.requestsByCustomer(customerId);
      reads.push({
        read: newestFirstRead(key, CUSTOMER_REQUESTS_LISTED),
        key,
        op: 'records-newest-first',
        count: CUSTOMER_REQUESTS_LISTED,
        recordPrefix: this.keys.requestRecord(''),
      });
    }
    if (requestKey !== undefined && passes(() => assertRequestKey(requestKey))) {
      const id = requestIdForKey(requestKey);
      reads.push({ read: this.recordRead(id), key: this.keys.requestRecord(id), op: 'string' });
    }
    return reads;
  }

  private recordRead(id: string): string {
    return `GET ${this.keys.requestRecord(id)}`;
  }

  async getByTicket(ticketId: string): Promise<RequestRecord | undefined> {
    assertId(ticketId, 'ticketId');
    const id = await this.redis.hget(this.keys.requestsByTicket(), ticketId);
    return id === null ? undefined : this.get(id);
  }

  async transition(id: string, to: RequestState, patch: RequestPatch, at: Date): Promise<RequestRecord> {
    assertId(id, 'id');
    const recordKey = this.keys.requestRecord(id);
    for (let attempt = 0; attempt < MAX_TRANSITION_ATTEMPTS; attempt++) {
      const json = await this.redis.get(recordKey);
      if (json === null) throw new NotFoundError(`No request ${id}.`, { id });
      const next = applyTransition(JSON.parse(json) as RequestRecord, to, patch, at);
      const call = this.transitionCall(json, next);
      noteStoreWrite();
      const [status, holder] = (await this.commands.deskRequestTransition(...call.keys, ...call.args)) as string[];
      if (status === 'ok') return next;
      if (status === 'ticket-taken') throw ticketTaken(next.ticketId ?? '', holder, id);
    }
    throw new Error(`request ${id} kept changing during a transition to ${to}`);
  }

  async listByAgent(partnerUserId: string, limit?: number): Promise<RequestRecord[]> {
    assertId(partnerUserId, 'partnerUserId');
    return this.newestFirst(this.keys.requestsByAgent(partnerUserId), listLimit(limit));
  }

  async listByCustomer(customerId: string, limit?: number, readAhead?: ReadAheadSnapshot): Promise<RequestRecord[]> {
    assertId(customerId, 'customerId');
    return this.newestFirst(this.keys.requestsByCustomer(customerId), listLimit(limit), readAhead);
  }

  async listFiled(limit?: number): Promise<RequestRecord[]> {
    const count = listLimit(limit);
    if (count === 0) return [];
    return this.records(await this.redis.zrange(this.keys.requestsFiled(), '0', String(count - 1)));
  }

  async listFiling(limit?: number): Promise<RequestRecord[]> {
    const count = listLimit(limit);
    if (count === 0) return [];
    return this.records(await this.redis.zrange(this.keys.requestsFiling(), '0', String(count - 1)));
  }

  async listOpenByReservation(reservationId: string): Promise<RequestRecord[]> {
    assertId(reservationId, 'reservationId');
    return this.records(await this.redis.zrange(this.keys.requestsOpenByReservation(reservationId), '0', '-1'));
  }

  async listCreatedBetween(from: Date, to: Date, customerId?: string): Promise<RequestRecord[]> {
    const [fromMs, toMs] = createdRange(from, to);
    if (customerId !== undefined) assertId(customerId, 'customerId');
    // Everyone's: the customer indexes there are (they all sit in the {requests} slot), each read by score.
    const indexes = customerId !== undefined ? [this.keys.requestsByCustomer(customerId)] : await keysUnder(this.redis, this.keys.requestsByCustomer(''));
    const ids = new Set<string>();
    for (const index of indexes) {
      for (const id of await this.redis.zrangebyscore(index, String(fromMs), `(${toMs}`)) ids.add(id);
    }
    return (await this.records([...ids])).sort(oldestCreatedFirst);
  }

  private async newestFirst(indexKey: string, count: number, readAhead?: ReadAheadSnapshot): Promise<RequestRecord[]> {
    if (count === 0) return [];
    const ahead = readAhead?.take(newestFirstRead(indexKey, count));
    if (ahead) return (ahead.reply as Array<string | null>).map(parse).filter((record): record is RequestRecord => record !== undefined);
    return this.records(await this.redis.zrevrange(indexKey, 0, count - 1));
  }

  /** Index and records are written together, so every listed id has a record; MGET stays in the one slot. */
  private async records(ids: string[]): Promise<RequestRecord[]> {
    if (ids.length === 0) return [];
    const found = await this.redis.mget(...ids.map((id) => this.keys.requestRecord(id)));
    return found.map(parse).filter((record): record is RequestRecord => record !== undefined);
  }
}

/** The snapshot key of reading an index's newest `count` records (ZREVRANGE, then MGET of the records). */
function newestFirstRead(indexKey: string, count: number): string {
  return `ZREVRANGE+MGET ${indexKey} ${count}`;
}

function parse(json: string | null): RequestRecord | undefined {
  return json === null ? undefined : (JSON.parse(json) as RequestRecord);
}
