import type { TurnContext } from 'botbuilder';
import type { IdempotencyStore } from '../../ports/idempotency';
import type { Logger } from '../../log';
import type { SlackAdapter } from './slackAdapter';
import type { SlackTurn } from './activities';

/** Longer than Slack's retry window (three retries within about half an hour for events), so a retry never runs twice. */
export const SLACK_DEDUPE_TTL_MS = 60 * 60 * 1000;

export interface SlackBridgeDeps {
  adapter: SlackAdapter;
  logic: (context: TurnContext) => Promise<void>;
  idempotency: IdempotencyStore;
  log: Logger;
}

/**
 * Runs Slack turns after the HTTP ack (Slack wants an answer within 3 s; a turn may take longer). Each turn first
 * claims its dedupe key in the idempotency store, so a Slack retry or a replayed click runs nothing. Turns of one
 * person in one conversation run one after another, so a quick double click sees the first click's answer.
 */
export class SlackBridge {
  private readonly pending = new Set<Promise<void>>();
  private readonly lanes = new Map<string, Promise<void>>();

  constructor(private readonly deps: SlackBridgeDeps) {}

  /** Starts a turn without waiting for it; errors are logged, never thrown. */
  dispatch(turn: SlackTurn): void {
    const lane = `${turn.activity.conversation?.tenantId ?? ''}:${turn.activity.conversation?.id ?? ''}:${turn.activity.from?.id ?? ''}`;
    const previous = this.lanes.get(lane) ?? Promise.resolve();
    const run: Promise<void> = previous.then(() => this.run(turn));
    this.lanes.set(lane, run);
    this.pending.add(run);
    void run.finally(() => {
      this.pending.delete(run);
      if (this.lanes.get(lane) === run) this.lanes.delete(lane);
    });
  }

  /** Resolves once every dispatched turn has finished (tests, graceful shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private async run(turn: SlackTurn): Promise<void> {
    try {
      if (!(await this.deps.idempotency.claim(turn.dedupeKey, SLACK_DEDUPE_TTL_MS))) {
        this.deps.log.info({ dedupeKey: turn.dedupeKey }, 'slack: repeated request ignored');
        return;
      }
      await this.deps.adapter.processActivity(turn.activity, this.deps.logic, turn.facts);
    } catch (err) {
      this.deps.log.error({ err: err instanceof Error ? err.message : String(err), dedupeKey: turn.dedupeKey }, 'slack turn could not run');
    }
  }
}
