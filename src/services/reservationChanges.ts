import { sameScope, scopeText } from '../domain/management';
import { ChangeRefusedError, DeskError, StorageUnavailableError, type Wording } from '../errors';
import type { Logger } from '../log';
import type { AuditActor, AuditTrail } from '../ports/audit';
import type { Clock } from '../ports/clock';
import type { IdempotencyStore } from '../ports/idempotency';
import type { GrantableRole, ReservationChange, ReservationManagement, ReservationSettings, RoleAssignment } from '../ports/reservationManagement';

/** A confirmation card's key is remembered this long: a click replayed later still changes nothing. */
const CHANGE_KEY_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export type ChangeOutcome<T> =
  | { outcome: 'changed'; result: T }
  /** The card's key was used before (a double click, a redelivery, another instance): nothing was done again. */
  | { outcome: 'already' }
  /** Refused: the card is from before a later change, Azure said no, or Azure could not be reached. Nothing changed. */
  /** `message` in English (the audit trail's words), `wording` to say it in the agent's language. */
  | { outcome: 'refused'; message: string; wording?: Wording; refusal?: ChangeRefusal };

/**
 * Why this service itself refused (the card's reservation is gone, changed since, or already as asked), so the chat
 * can say it in the agent's language; absent when the provider refused (its message is all there is).
 */
export type ChangeRefusal = { reason: 'gone' } | { reason: 'stale' | 'unchanged'; change: ReservationChange['kind']; current: ReservationSettings };

/** What a change did, and how the audit trail records it. */
interface Applied<T> {
  result: T;
  event: { type: 'reservation-changed' | 'access-granted' | 'access-revoked'; detail: Record<string, string> };
}

export interface ChangeDeps {
  management: ReservationManagement;
  audit: AuditTrail;
  idempotency: IdempotencyStore;
  wallClock: Clock;
  log: Logger;
}

/** The one line the audit trail and the cards show for a setting's value. */
export function settingText(change: ReservationChange['kind'], settings: Pick<ReservationSettings, 'scope' | 'renew' | 'displayName'>): string {
  if (change === 'scope') return scopeText(settings.scope);
  if (change === 'renewal') return settings.renew ? 'renews automatically' : 'does not renew';
  return settings.displayName;
}

function unchanged(change: ReservationChange, settings: ReservationSettings): boolean {
  if (change.kind === 'scope') return sameScope(change.scope, settings.scope);
  if (change.kind === 'renewal') return change.renew === settings.renew;
  return change.displayName.trim() === settings.displayName;
}

/**
 * Applies confirmed changes to a reservation exactly once per confirmation card: the card's key is claimed first,
 * the reservation must still be as the card showed it (else the card is from before a later change), and every
 * change is audited with its before and after values; refusals are audited too.
 */
export class ReservationChanges {
  constructor(private readonly deps: ChangeDeps) {}

  /** Scope, renewal or name. `shown` is the settings the confirmation card was built from. */
  async apply(key: string, actor: AuditActor, shown: ReservationSettings, change: ReservationChange): Promise<ChangeOutcome<ReservationSettings>> {
    const subject = { customerId: shown.customerId, reservationId: shown.reservationId };
    return this.once(key, actor, subject, change.kind, async () => {
      const current = await this.deps.management.settings(shown.customerId, shown.reservationId);
      if (!current)
        throw new ChangeRefusedError('That reservation can no longer be found. Nothing changed.', { refusal: { reason: 'gone' } satisfies ChangeRefusal });
      const before = settingText(change.kind, current);
      if (before !== settingText(change.kind, shown)) {
        throw new ChangeRefusedError(
          `The reservation changed since this card was shown (it is now: ${before}). Nothing changed; start again to see it as it is.`,
          {
            refusal: { reason: 'stale', change: change.kind, current } satisfies ChangeRefusal,
          },
        );
      }
      if (unchanged(change, current)) {
        throw new ChangeRefusedError(`Nothing to change: the reservation's ${change.kind === 'name' ? 'name' : change.kind} is already "${before}".`, {
          refusal: { reason: 'unchanged', change: change.kind, current } satisfies ChangeRefusal,
        });
      }
      const after = await this.deps.management.update(shown.customerId, shown.reservationId, change);
      return { result: after, event: { type: 'reservation-changed', detail: { change: change.kind, before, after: settingText(change.kind, after) } } };
    });
  }

  async grant(
    key: string,
    actor: AuditActor,
    subject: { customerId: string; reservationId: string },
    principalId: string,
    role: GrantableRole,
  ): Promise<ChangeOutcome<RoleAssignment>> {
    return this.once(key, actor, subject, 'grant', async () => {
      const assignment = await this.deps.management.grant(subject.customerId, subject.reservationId, principalId, role);
      return {
        result: assignment,
        event: { type: 'access-granted', detail: { role: assignment.roleName, principalId, assignmentId: assignment.assignmentId, scope: assignment.scope } },
      };
    });
  }

  async revoke(
    key: string,
    actor: AuditActor,
    subject: { customerId: string; reservationId: string },
    assignment: RoleAssignment,
  ): Promise<ChangeOutcome<RoleAssignment>> {
    return this.once(key, actor, subject, 'revoke', async () => {
      await this.deps.management.revoke(subject.customerId, subject.reservationId, assignment.assignmentId);
      return {
        result: assignment,
        event: {
          type: 'access-revoked',
          detail: { role: assignment.roleName, principalId: assignment.principalId, assignmentId: assignment.assignmentId, scope: assignment.scope },
        },
      };
    });
  }

  /**
   * Claims the card's key, asks the provider, then audits what it did. Only the provider's refusals count as
   * "nothing changed"; a failure to audit after a change that happened is not one of them.
   */
  private async once<T>(
    key: string,
    actor: AuditActor,
    subject: { customerId: string; reservationId: string },
    change: string,
    run: () => Promise<Applied<T>>,
  ): Promise<ChangeOutcome<T>> {
    if (!(await this.deps.idempotency.claim(`reservation-change:${key}`, CHANGE_KEY_TTL_MS))) return { outcome: 'already' };
    let applied: Applied<T>;
    try {
      applied = await run();
    } catch (error) {
      if (!(error instanceof DeskError) || error instanceof StorageUnavailableError) throw error;
      // Nothing changed, so the key is freed: the same card may be confirmed again once the cause is gone.
      await this.deps.idempotency.release(`reservation-change:${key}`);
      await this.record('change-refused', actor, subject, { change, code: error.code });
      this.deps.log.info({ ...subject, change, code: error.code }, 'reservation change refused');
      const refusal = error instanceof ChangeRefusedError ? (error.details.refusal as ChangeRefusal | undefined) : undefined;
      // The error's code and details, so the chat can word a provider's refusal in the agent's language.
      return { outcome: 'refused', message: error.message, ...(error.wording ? { wording: error.wording } : {}), ...(refusal ? { refusal } : {}) };
    }
    await this.record(applied.event.type, actor, subject, applied.event.detail);
    return { outcome: 'changed', result: applied.result };
  }

  private async record(type: string, actor: AuditActor, subject: { customerId: string; reservationId: string }, detail: Record<string, string>): Promise<void> {
    await this.deps.audit.record({ at: this.deps.wallClock.now().toISOString(), type, actor, ...subject, detail });
  }
}
