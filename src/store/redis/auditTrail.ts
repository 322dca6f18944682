import { InvalidInputError } from '../../errors';
import { DEFAULT_AUDIT_MAX_LENGTH, type AuditEvent, type AuditQuery, type AuditTrail } from '../../ports/audit';
import { matchesAuditQuery, normalizeAuditQuery, sanitizeAuditEvent } from '../auditEvents';
import { assertKeyPrefix } from '../validation';
import { sendFlat } from './luaScript';
import type { RedisClient } from './redisKeys';

const PAGE_SIZE = 500;

export interface RedisAuditTrailOptions {
  /** Namespace of every key (no braces); the stream is `${prefix}audit`. */
  prefix: string;
  /** Events kept, approximately (XADD MAXLEN ~): Redis trims whole stream nodes, so a few more may stay. */
  maxLength?: number;
}

/**
 * The audit trail as one Redis stream, one JSON field per entry. Entries are appended in recording order and
 * read newest first. Filters run here, not in Redis: `at` comes from the application clock (the sandbox's can be
 * set to any date), so the stream's own time-based ids say nothing about `at`, and `since` cannot bound the scan;
 * a query may read the whole stream, which MAXLEN bounds.
 */
export class RedisAuditTrail implements AuditTrail {
  readonly streamKey: string;
  /** Events kept, approximately: the MAXLEN every XADD to the stream passes (the filing script's too). */
  readonly maxLength: number;

  constructor(
    private readonly redis: RedisClient,
    options: RedisAuditTrailOptions,
  ) {
    assertKeyPrefix(options.prefix);
    this.streamKey = `${options.prefix}audit`;
    this.maxLength = options.maxLength ?? DEFAULT_AUDIT_MAX_LENGTH;
    if (!Number.isSafeInteger(this.maxLength) || this.maxLength < 1) {
      throw new InvalidInputError('Audit stream length must be a positive whole number.');
    }
  }

  async record(event: AuditEvent): Promise<void> {
    await sendFlat(this.redis, 'xadd', [this.streamKey, 'MAXLEN', '~', String(this.maxLength), '*', 'event', auditEntryJson(event)]);
  }

  async list(query?: AuditQuery): Promise<AuditEvent[]> {
    const criteria = normalizeAuditQuery(query);
    const found: AuditEvent[] = [];
    let end = '+';
    for (;;) {
      const page = await this.redis.xrevrange(this.streamKey, end, '-', 'COUNT', PAGE_SIZE);
      for (const [, fields] of page) {
        const event = eventOf(fields);
        if (event && matchesAuditQuery(event, criteria)) {
          found.push(event);
          if (found.length === criteria.limit) return found;
        }
      }
      if (page.length < PAGE_SIZE) return found;
      end = `(${page[page.length - 1][0]}`;
    }
  }
}

/** An event as its entry's one field, `event`, holds it: sanitized, as JSON (every writer of the stream uses this). */
export function auditEntryJson(event: AuditEvent): string {
  return JSON.stringify(sanitizeAuditEvent(event));
}

/** Entries carry one field, `event`; an entry without it is not ours and is skipped. */
function eventOf(fields: string[]): AuditEvent | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === 'event') return JSON.parse(fields[i + 1]) as AuditEvent;
  }
  return undefined;
}
