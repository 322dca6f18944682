import type { TurnContext } from 'botbuilder';
import type { IdempotencyStore } from '../../ports/idempotency';
import type { Logger } from '../../log';
import type { SlackAdapter } from './slackAdapter';
import type { SlackTurn } from './activities';
import { LaneQueue, type LaneQueueLimits } from './laneQueue';

/** Longer than Slack's retry window (three retries within about half an hour for events), so a retry never runs twice. */
export const SLACK_DEDUPE_TTL_MS = 60 * 60 * 1000;

/**
 * Turns run at once (the rest wait their turn), and turns that may wait. Four running turns keep a 2-core instance
 * busy (a turn mostly waits on Redis and Slack) while leaving the event loop free to ack new requests at once: in
 * `npm run bench` 4 gave a lower ack p99 and a lower reply p99 than 8, and far lower than no limit. 200 waiting
 * turns drain in well under Slack's patience at the bench's turn rates; past that the instance is overloaded and
 * says so (SLACK_BUSY_TEXT) at once rather than answering minutes late. A free place is filled only after 3 ms
 * without a new request (at most 50 ms late): when many people type at the same moment, every one of them is
 * acked before any turn work runs. Without the hold, the bench's 64-person burst was read over 44-66 ms in the runs
 * that missed the ack target, turns running between its requests. A 1 ms pause was too short: mid-burst, the
 * desk can go over a millisecond between two requests read (new connections still being set up), and turns then
 * started inside the burst (docs/benchmarks.md, "Session 6: the Slack first round"). docs/slack.md, "Load".
 */
export const DEFAULT_SLACK_TURN_LIMITS: LaneQueueLimits = { maxRunning: 4, maxWaiting: 200, maxWaitingPerLane: 10, startAfterQuietMs: 3, maxStartHoldMs: 50 };

export const SLACK_BUSY_TEXT = 'Reservation Desk is busy right now and did not run this; nothing changed. Please try again in a minute.';

export interface SlackBridgeDeps {
  adapter: SlackAdapter;
  logic: (context: TurnContext) => Promise<void>;
  idempotency: IdempotencyStore;
  log: Logger;
  limits?: LaneQueueLimits;
}

/**
 * Runs Slack turns after the HTTP ack (Slack wants an answer within 3 s; a turn may take longer), through a bounded
 * queue. Each turn first claims its dedupe key in the idempotency store, so a Slack retry or a replayed click runs
 * nothing. Turns of one person in one conversation run one after another, so a quick double click sees the first
 * click's answer.
 */
export class SlackBridge {
  private readonly queue: LaneQueue;

  constructor(private readonly deps: SlackBridgeDeps) {
    this.queue = new LaneQueue(deps.limits ?? DEFAULT_SLACK_TURN_LIMITS);
  }

  /**
   * Queues a turn without running any of it (it starts after the caller's ack has gone); errors are logged, never
   * thrown. False when the queue is full: nothing was claimed or queued, and the caller tells the person
   * (SLACK_BUSY_TEXT in a command's ack, or tellBusy).
   */
  dispatch(turn: SlackTurn): boolean {
    const lane = `${turn.activity.conversation?.tenantId ?? ''}:${turn.activity.conversation?.id ?? ''}:${turn.activity.from?.id ?? ''}`;
    const queued = this.queue.offer(lane, () => this.run(turn));
    if (!queued)
      this.deps.log.warn(
        { dedupeKey: turn.dedupeKey, running: this.queue.running, waiting: this.queue.waiting, laneWaiting: this.queue.waitingIn(lane) },
        'slack: turn queue full; the person was told to try again',
      );
    return queued;
  }

  /** For a turn dispatch refused whose ack could not say so: the busy note, to the person only. */
  tellBusy(turn: SlackTurn): void {
    this.deps.adapter.tellOnly(turn.activity, SLACK_BUSY_TEXT).catch((err: unknown) => {
      this.deps.log.warn(
        { err: err instanceof Error ? err.message : String(err), dedupeKey: turn.dedupeKey },
        'slack: could not tell the person the bot is busy',
      );
    });
  }

  /** Resolves once every dispatched turn has finished (tests, graceful shutdown). */
  idle(): Promise<void> {
    return this.queue.idle();
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
