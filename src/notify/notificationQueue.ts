import type { RedisClient } from '../store/redis/redisKeys';
import { luaScript, type LuaScript } from '../store/redis/luaScript';
import { assertKeyPrefix } from '../store/validation';

/** One credit to announce in the conversation its request was filed from. */
export interface CreditNotification {
  requestId: string;
  creditId: string;
  ticketId: string;
  amount: string;
  currency: string;
  creditedAt: string;
}

/** A notification handed to one consumer; it stays pending (and claimable) until acked. */
export interface QueueEntry<T = CreditNotification> {
  entryId: string;
  notification: T;
  /** When it was queued (ms since the epoch): the start of its delivery lag. */
  enqueuedAtMs: number;
}

/**
 * Which stream a queue is: its name (the keys' hash tag), its consumer group, and what makes two notifications the
 * same one (enqueued once). Credit notices are one stream, the topic reminders (SPEC section 9) another.
 */
export interface StreamSpec<T> {
  name: string;
  group: string;
  keyOf(notification: T): string;
}

/**
 * The notification stream with one consumer group: every notification goes to one consumer, stays pending until
 * that consumer acks it, and is handed to another consumer (`claimStale`) when the first stopped without acking.
 * `enqueue` is idempotent by request id, so a credit seen twice (a repeated feed, a retried webhook) is queued once.
 */
export interface NotificationQueue<T = CreditNotification> {
  /** False when a notification with the same key (for credits: the request) was queued before (nothing is added). */
  enqueue(notification: T): Promise<boolean>;
  /** Up to `count` never-delivered entries, now pending for `consumer`. */
  readNew(consumer: string, count: number): Promise<Array<QueueEntry<T>>>;
  /** Up to `count` entries pending for at least `minIdleMs` (any consumer's), now pending for `consumer`. */
  claimStale(consumer: string, minIdleMs: number, count: number): Promise<Array<QueueEntry<T>>>;
  ack(entryId: string): Promise<void>;
  /** Entries delivered to some consumer and not acked yet. */
  pendingCount(): Promise<number>;
  /** Entries no consumer has read yet (`waiting`) and entries read but not acked (`pending`). */
  backlog(): Promise<{ waiting: number; pending: number }>;
}

/** How long "this request's credit was queued" is remembered (a feed never repeats a credit later than this). */
export const ENQUEUED_MARKER_TTL_MS = 90 * 24 * 60 * 60 * 1000;
/** The stream keeps about this many entries (acked ones are history; trimming never nears a pending one in practice). */
export const STREAM_MAX_LENGTH = 100_000;
export const CONSUMER_GROUP = 'credit-delivery';

/** The credit notices' stream: its keys are the ones this queue has always used. */
export const CREDIT_STREAM: StreamSpec<CreditNotification> = { name: 'notify', group: CONSUMER_GROUP, keyOf: (n) => n.requestId };

function parseNotification<T>(fields: string[]): T {
  const at = fields.indexOf('notification');
  return JSON.parse(fields[at + 1]) as T;
}

/** In-process twin (no REDIS_URL): same contract, gone with the process. */
export class MemoryNotificationQueue<T = CreditNotification> implements NotificationQueue<T> {
  private readonly entries: Array<QueueEntry<T>> = [];
  private readonly enqueued = new Set<string>();
  private readonly pending = new Map<string, { consumer: string; sinceMs: number }>();
  private delivered = 0;
  private sequence = 0;

  constructor(
    private readonly nowMs: () => number = Date.now,
    private readonly keyOf: (notification: T) => string = (n) => (n as unknown as CreditNotification).requestId,
  ) {}

  async enqueue(notification: T): Promise<boolean> {
    const key = this.keyOf(notification);
    if (this.enqueued.has(key)) return false;
    this.enqueued.add(key);
    this.entries.push({ entryId: `${++this.sequence}-0`, notification: { ...notification }, enqueuedAtMs: this.nowMs() });
    return true;
  }

  async readNew(consumer: string, count: number): Promise<Array<QueueEntry<T>>> {
    const batch = this.entries.slice(this.delivered, this.delivered + count);
    this.delivered += batch.length;
    for (const entry of batch) this.pending.set(entry.entryId, { consumer, sinceMs: this.nowMs() });
    return batch.map((e) => ({ ...e, notification: { ...e.notification } }));
  }

  async claimStale(consumer: string, minIdleMs: number, count: number): Promise<Array<QueueEntry<T>>> {
    const claimed: Array<QueueEntry<T>> = [];
    for (const [entryId, holder] of this.pending) {
      if (claimed.length >= count) break;
      if (this.nowMs() - holder.sinceMs < minIdleMs) continue;
      this.pending.set(entryId, { consumer, sinceMs: this.nowMs() });
      const entry = this.entries.find((e) => e.entryId === entryId)!;
      claimed.push({ ...entry, notification: { ...entry.notification } });
    }
    return claimed;
  }

  async ack(entryId: string): Promise<void> {
    this.pending.delete(entryId);
  }

  async pendingCount(): Promise<number> {
    return this.pending.size;
  }

  async backlog(): Promise<{ waiting: number; pending: number }> {
    return { waiting: this.entries.length - this.delivered, pending: this.pending.size };
  }
}

/** A stream entry's id starts with the Redis server's time (ms) of the XADD. */
function entryOf<T>(entryId: string, fields: string[]): QueueEntry<T> {
  return { entryId, notification: parseNotification<T>(fields), enqueuedAtMs: Number(entryId.split('-')[0]) };
}

/** XINFO GROUPS answers each group as a flat field/value list. */
function fieldsOf(flat: unknown[]): Map<string, unknown> {
  const map = new Map<string, unknown>();
  for (let i = 0; i + 1 < flat.length; i += 2) map.set(String(flat[i]), flat[i + 1]);
  return map;
}

/** Counting entries past the group's last delivered one stops here (a backlog this long is alarm enough). */
const BACKLOG_COUNT_LIMIT = 10_000;

// Marker and XADD in one script: a crash can never leave the marker set without the entry (or the reverse).
const ENQUEUE_SCRIPT = `
if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[1]) == false then return 0 end
redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'notification', ARGV[3])
return 1`;

/**
 * Redis Streams: XADD, XREADGROUP (consumer group CONSUMER_GROUP), XACK, XAUTOCLAIM for a dead consumer's entries.
 * Keys share the `{notify}` hash tag so the enqueue script runs on one Redis Cluster node. Reads never BLOCK: the
 * client is shared with every other store, and a blocking read would stall them.
 */
export class RedisNotificationQueue<T = CreditNotification> implements NotificationQueue<T> {
  private readonly streamKey: string;
  private readonly markerPrefix: string;
  private readonly stream: StreamSpec<T>;
  private readonly enqueueScript: LuaScript;
  private groupReady?: Promise<void>;

  constructor(
    private readonly redis: RedisClient,
    private readonly options: {
      prefix: string;
      /** Told of pending entries Redis had already deleted (trimmed). */ onLost?: (entryIds: string[]) => void;
      /** Default: the credit notices' stream. */ stream?: StreamSpec<T>;
    },
  ) {
    assertKeyPrefix(options.prefix);
    this.stream = options.stream ?? (CREDIT_STREAM as unknown as StreamSpec<T>);
    this.streamKey = `${options.prefix}{${this.stream.name}}:stream`;
    this.markerPrefix = `${options.prefix}{${this.stream.name}}:enqueued:`;
    this.enqueueScript = luaScript(redis, 'deskNotifyEnqueue', 2, ENQUEUE_SCRIPT);
  }

  async enqueue(notification: T): Promise<boolean> {
    await this.ensureGroup();
    const call = this.enqueueCall(notification);
    const added = await this.enqueueScript(...call.keys, ...call.args);
    return added === 1;
  }

  /**
   * KEYS [stream, marker] and ARGV [marker TTL ms, MAXLEN, entry JSON] of enqueueing `notification` (ENQUEUE_SCRIPT's
   * order), for a script that queues it with other work (the credit script); call ready() once before.
   */
  enqueueCall(notification: T): { keys: [string, string]; args: [string, string, string] } {
    return {
      keys: [this.streamKey, `${this.markerPrefix}${this.stream.keyOf(notification)}`],
      args: [String(ENQUEUED_MARKER_TTL_MS), String(STREAM_MAX_LENGTH), JSON.stringify(notification)],
    };
  }

  /** The consumer group exists (created once per queue object). */
  ready(): Promise<void> {
    return this.ensureGroup();
  }

  async readNew(consumer: string, count: number): Promise<Array<QueueEntry<T>>> {
    await this.ensureGroup();
    const reply = (await this.redis.xreadgroup('GROUP', this.stream.group, consumer, 'COUNT', count, 'STREAMS', this.streamKey, '>')) as Array<
      [string, Array<[string, string[]]>]
    > | null;
    return (reply?.[0]?.[1] ?? []).map(([entryId, fields]) => entryOf<T>(entryId, fields));
  }

  async claimStale(consumer: string, minIdleMs: number, count: number): Promise<Array<QueueEntry<T>>> {
    await this.ensureGroup();
    const reply = (await this.redis.xautoclaim(this.streamKey, this.stream.group, consumer, minIdleMs, '0-0', 'COUNT', count)) as [
      string,
      Array<[string, string[]] | null>,
      string[]?,
    ];
    // Entries trimmed away while pending come back as nil, and Redis 7 lists their ids third: nothing is left to
    // deliver for them, so they are reported rather than dropped in silence.
    const lost = reply[2] ?? [];
    if (lost.length > 0) this.options.onLost?.(lost);
    return (reply[1] ?? [])
      .filter((e): e is [string, string[]] => Array.isArray(e) && Array.isArray(e[1]))
      .map(([entryId, fields]) => entryOf<T>(entryId, fields));
  }

  async ack(entryId: string): Promise<void> {
    await this.redis.xack(this.streamKey, this.stream.group, entryId);
  }

  async pendingCount(): Promise<number> {
    await this.ensureGroup();
    const summary = (await this.redis.xpending(this.streamKey, this.stream.group)) as [number, ...unknown[]];
    return Number(summary[0]);
  }

  /** The group's `lag` (Redis 7); where Redis cannot tell it (older servers, after deletions), entries are counted. */
  async backlog(): Promise<{ waiting: number; pending: number }> {
    await this.ensureGroup();
    const groups = (await this.redis.xinfo('GROUPS', this.streamKey)) as unknown[][];
    const group = groups.map(fieldsOf).find((g) => g.get('name') === this.stream.group);
    const pending = Number(group?.get('pending') ?? 0);
    const lag = group?.get('lag');
    if (typeof lag === 'number') return { waiting: lag, pending };
    const after = `(${String(group?.get('last-delivered-id') ?? '0-0')}`;
    const waiting = (await this.redis.xrange(this.streamKey, after, '+', 'COUNT', BACKLOG_COUNT_LIMIT)).length;
    return { waiting, pending };
  }

  private ensureGroup(): Promise<void> {
    this.groupReady ??= this.redis
      .xgroup('CREATE', this.streamKey, this.stream.group, '0', 'MKSTREAM')
      .then(() => undefined)
      .catch((err: unknown) => {
        if (err instanceof Error && err.message.includes('BUSYGROUP')) return;
        this.groupReady = undefined;
        throw err;
      });
    return this.groupReady;
  }
}
