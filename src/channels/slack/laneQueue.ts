/**
 * A bounded work queue with lanes: jobs of one lane run one after another in the order they were offered; jobs of
 * different lanes run side by side, at most `maxRunning` at once; at most `maxWaiting` jobs wait (running ones not
 * counted), and at most `maxWaitingPerLane` of them in one lane, so one lane cannot fill the queue for the others.
 * `offer` decides at once (true: queued; false: full, nothing was queued) and never starts a job itself:
 * jobs start on a later turn of the event loop (setImmediate), so the caller answers its request first, or, with
 * `startAfterQuietMs`, once offers pause, so a whole burst of callers answers first.
 */
export interface LaneQueueLimits {
  maxRunning: number;
  maxWaiting: number;
  /** Jobs one lane may have waiting; default maxWaiting (no cap of its own). */
  maxWaitingPerLane?: number;
  /**
   * When set, a free place is filled from the queue only once no offer has come for this many milliseconds: while
   * offers keep coming (people typing at the same moment), the event loop answers each of them before any job's
   * work takes it. A job that finishes still hands its place to the next waiting job at once.
   */
  startAfterQuietMs?: number;
  /** With startAfterQuietMs: offers that never pause hold the start back at most this long; default 50 ms. */
  maxStartHoldMs?: number;
}

const DEFAULT_MAX_START_HOLD_MS = 50;

export class LaneQueue {
  private readonly lanes = new Map<string, Array<() => Promise<void>>>();
  /** Lanes with a waiting job and none running, oldest first. */
  private readonly ready: string[] = [];
  private readonly runningLanes = new Set<string>();
  private waitingCount = 0;
  private pumpScheduled = false;
  /** performance.now() of the latest offer (kept only with startAfterQuietMs). */
  private lastOfferAt = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly limits: LaneQueueLimits) {
    for (const [name, value] of Object.entries(limits).filter(([, v]) => v !== undefined)) {
      if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`LaneQueue: ${name} must be a whole number ≥ 1.`);
    }
  }

  get running(): number {
    return this.runningLanes.size;
  }

  get waiting(): number {
    return this.waitingCount;
  }

  /**
   * Queues `job` behind the lane's earlier jobs; false (and nothing queued) when `maxWaiting` jobs already wait, or
   * `maxWaitingPerLane` in this lane.
   */
  offer(lane: string, job: () => Promise<void>): boolean {
    if (this.waitingCount >= this.limits.maxWaiting) return false;
    const jobs = this.lanes.get(lane);
    if (jobs && jobs.length >= (this.limits.maxWaitingPerLane ?? this.limits.maxWaiting)) return false;
    if (jobs) {
      jobs.push(job);
    } else {
      this.lanes.set(lane, [job]);
      if (!this.runningLanes.has(lane)) this.ready.push(lane);
    }
    this.waitingCount += 1;
    this.schedulePump();
    return true;
  }

  /** Jobs waiting in one lane. */
  waitingIn(lane: string): number {
    return this.lanes.get(lane)?.length ?? 0;
  }

  /** Resolves once nothing runs or waits. */
  idle(): Promise<void> {
    if (this.running === 0 && this.waitingCount === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedulePump(): void {
    const quietMs = this.limits.startAfterQuietMs;
    if (quietMs !== undefined) this.lastOfferAt = performance.now();
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    const pumpNow = () => {
      this.pumpScheduled = false;
      this.pump();
    };
    if (quietMs === undefined) {
      setImmediate(pumpNow);
      return;
    }
    const holdUntil = this.lastOfferAt + (this.limits.maxStartHoldMs ?? DEFAULT_MAX_START_HOLD_MS);
    const pumpOnceQuiet = () => {
      const now = performance.now();
      const quietAt = this.lastOfferAt + quietMs;
      if (now < quietAt && now < holdUntil) setTimeout(pumpOnceQuiet, Math.min(quietAt, holdUntil) - now);
      else pumpNow();
    };
    setTimeout(pumpOnceQuiet, quietMs);
  }

  private pump(): void {
    while (this.runningLanes.size < this.limits.maxRunning && this.ready.length > 0) {
      const lane = this.ready.shift() as string;
      const jobs = this.lanes.get(lane) as Array<() => Promise<void>>;
      const job = jobs.shift() as () => Promise<void>;
      if (jobs.length === 0) this.lanes.delete(lane);
      this.waitingCount -= 1;
      this.runningLanes.add(lane);
      void Promise.resolve()
        .then(job)
        .catch(() => undefined) // jobs handle their own errors; a throw must not stop the queue
        .finally(() => this.finished(lane));
    }
    if (this.running === 0 && this.waitingCount === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  private finished(lane: string): void {
    this.runningLanes.delete(lane);
    // The lane's next job goes to the back of the line, so one busy lane cannot starve the others.
    if (this.lanes.has(lane)) this.ready.push(lane);
    this.pump();
  }
}
