import { InvalidInputError } from '../../errors';
import { DEFAULT_AUDIT_MAX_LENGTH, type AuditEvent, type AuditQuery, type AuditTrail } from '../../ports/audit';
import { matchesAuditQuery, normalizeAuditQuery, sanitizeAuditEvent } from '../auditEvents';

/** The in-memory twin of RedisAuditTrail: same sanitizing, same order, exact trimming to `maxLength`. */
export class MemoryAuditTrail implements AuditTrail {
  // Kept as JSON, like the stream, so a caller can never change a recorded event through a shared object.
  private readonly events: string[] = [];
  private readonly maxLength: number;

  constructor(options: { maxLength?: number } = {}) {
    this.maxLength = options.maxLength ?? DEFAULT_AUDIT_MAX_LENGTH;
    if (!Number.isSafeInteger(this.maxLength) || this.maxLength < 1) {
      throw new InvalidInputError('Audit stream length must be a positive whole number.');
    }
  }

  async record(event: AuditEvent): Promise<void> {
    this.events.push(JSON.stringify(sanitizeAuditEvent(event)));
    if (this.events.length > this.maxLength) this.events.splice(0, this.events.length - this.maxLength);
  }

  async list(query?: AuditQuery): Promise<AuditEvent[]> {
    const criteria = normalizeAuditQuery(query);
    const found: AuditEvent[] = [];
    for (let i = this.events.length - 1; i >= 0 && found.length < criteria.limit; i--) {
      const event = JSON.parse(this.events[i]) as AuditEvent;
      if (matchesAuditQuery(event, criteria)) found.push(event);
    }
    return found;
  }
}
