import { NotFoundError } from '../../errors';
import { OPEN_REQUEST_STATES, type NewRequest, type RequestPatch, type RequestRecord, type RequestState, type RequestStore } from '../../ports/requestStore';
import {
  applyTransition,
  assertRequestKey,
  keyCollision,
  newRequestRecord,
  createdRange,
  newestFirst,
  oldestCreatedFirst,
  oldestFiledFirst,
  recordForKey,
  requestIdForKey,
  ticketTaken,
} from '../requestRecords';
import { assertId, listLimit } from '../validation';

/**
 * Requests in process memory. Records are kept as JSON text, as in Redis, so a caller never holds an
 * object the store still uses, and both stores give back exactly the same values. Each method does its
 * read-check-write without awaiting: atomic on Node's single thread.
 */
export class MemoryRequestStore implements RequestStore {
  private readonly records = new Map<string, string>();
  private readonly byTicket = new Map<string, string>();

  async create(request: NewRequest, at: Date): Promise<{ created: boolean; record: RequestRecord }> {
    const record = newRequestRecord(request, at);
    const first = this.read(record.id);
    if (first) {
      if (first.key !== record.key) throw keyCollision(record.key, first);
      return { created: false, record: first };
    }
    this.records.set(record.id, JSON.stringify(record));
    return { created: true, record };
  }

  async get(id: string): Promise<RequestRecord | undefined> {
    assertId(id, 'id');
    return this.read(id);
  }

  async getMany(ids: readonly string[]): Promise<Array<RequestRecord | undefined>> {
    for (const id of ids) assertId(id, 'id');
    return ids.map((id) => this.read(id));
  }

  async getByKey(key: string): Promise<RequestRecord | undefined> {
    assertRequestKey(key);
    return recordForKey(key, this.read(requestIdForKey(key)));
  }

  async getByTicket(ticketId: string): Promise<RequestRecord | undefined> {
    assertId(ticketId, 'ticketId');
    const id = this.byTicket.get(ticketId);
    return id === undefined ? undefined : this.read(id);
  }

  async transition(id: string, to: RequestState, patch: RequestPatch, at: Date): Promise<RequestRecord> {
    assertId(id, 'id');
    const current = this.read(id);
    if (!current) throw new NotFoundError(`No request ${id}.`, { id });
    const next = applyTransition(current, to, patch, at);
    if (next.ticketId !== undefined) {
      const holder = this.byTicket.get(next.ticketId);
      if (holder !== undefined && holder !== id) throw ticketTaken(next.ticketId, holder, id);
      this.byTicket.set(next.ticketId, id);
    }
    this.records.set(id, JSON.stringify(next));
    return next;
  }

  async listByAgent(partnerUserId: string, limit?: number): Promise<RequestRecord[]> {
    assertId(partnerUserId, 'partnerUserId');
    return this.list((record) => record.agent.partnerUserId === partnerUserId, newestFirst, limit);
  }

  async listByCustomer(customerId: string, limit?: number): Promise<RequestRecord[]> {
    assertId(customerId, 'customerId');
    return this.list((record) => record.customerId === customerId, newestFirst, limit);
  }

  async listFiled(limit?: number): Promise<RequestRecord[]> {
    return this.list((record) => record.state === 'filed', oldestFiledFirst, limit);
  }

  async listFiling(limit?: number): Promise<RequestRecord[]> {
    return this.list((record) => record.state === 'filing', oldestCreatedFirst, limit);
  }

  async listOpenByReservation(reservationId: string): Promise<RequestRecord[]> {
    assertId(reservationId, 'reservationId');
    const open: RequestRecord[] = [];
    for (const json of this.records.values()) {
      const record = JSON.parse(json) as RequestRecord;
      if (record.reservationId === reservationId && OPEN_REQUEST_STATES.includes(record.state)) open.push(record);
    }
    // Oldest first, ties by id: the order Redis' sorted set gives.
    return open.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async listCreatedBetween(from: Date, to: Date, customerId?: string): Promise<RequestRecord[]> {
    const [fromMs, toMs] = createdRange(from, to);
    if (customerId !== undefined) assertId(customerId, 'customerId');
    return this.list(
      (record) =>
        (customerId === undefined || record.customerId === customerId) && Date.parse(record.createdAt) >= fromMs && Date.parse(record.createdAt) < toMs,
      oldestCreatedFirst,
      Number.MAX_SAFE_INTEGER,
    );
  }

  private list(matches: (record: RequestRecord) => boolean, order: (a: RequestRecord, b: RequestRecord) => number, limit: number | undefined): RequestRecord[] {
    const count = listLimit(limit);
    const found: RequestRecord[] = [];
    for (const json of this.records.values()) {
      const record = JSON.parse(json) as RequestRecord;
      if (matches(record)) found.push(record);
    }
    return found.sort(order).slice(0, count);
  }

  private read(id: string): RequestRecord | undefined {
    const json = this.records.get(id);
    return json === undefined ? undefined : (JSON.parse(json) as RequestRecord);
  }
}
