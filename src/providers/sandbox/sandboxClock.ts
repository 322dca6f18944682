import { parseIsoInstant } from '../../domain/dates';
import { ConfigError, InvalidInputError } from '../../errors';
import type { Clock } from '../../ports/clock';

/**
 * `frozen`: time stands still until `set` or `advance` moves it (tests, screenshots, a fixed demo date).
 * `running`: time moves with the wall clock from wherever it was set (watching credits arrive on a chosen date).
 */
export type SandboxClockMode = 'frozen' | 'running';

export interface SandboxClockOptions {
  /** Where the clock starts: an instant, or an ISO 8601 time with a zone. Unset = real time. */
  now?: Date | string;
  /** Default: `frozen` when `now` is given, `running` (real time) otherwise. */
  mode?: SandboxClockMode;
}

function toInstant(value: Date | string): Date | undefined {
  const instant = typeof value === 'string' ? parseIsoInstant(value) : value;
  return instant instanceof Date && !Number.isNaN(instant.getTime()) ? new Date(instant.getTime()) : undefined;
}

/** The sandbox's settable clock: every date in the fictional tenant and its back office is read from it. */
export class SandboxClock implements Clock {
  readonly mode: SandboxClockMode;
  /** frozen: the instant shown; running: the shift from the wall clock. */
  private frozenAtMs = 0;
  private offsetMs = 0;

  constructor(
    options: SandboxClockOptions = {},
    private readonly wallClockMs: () => number = Date.now,
  ) {
    if (options.mode !== undefined && options.mode !== 'frozen' && options.mode !== 'running') {
      throw new ConfigError('SANDBOX_CLOCK', `The sandbox clock mode ${JSON.stringify(options.mode)} is unknown: use frozen or running.`);
    }
    let start = wallClockMs();
    if (options.now !== undefined) {
      const instant = toInstant(options.now);
      if (!instant) {
        throw new ConfigError(
          'SANDBOX_CLOCK',
          `The sandbox clock ${JSON.stringify(String(options.now))} is not a time: use ISO 8601 with a zone, e.g. 2026-03-10T12:00:00Z.`,
        );
      }
      start = instant.getTime();
    }
    this.mode = options.mode ?? (options.now === undefined ? 'running' : 'frozen');
    this.place(start);
  }

  now(): Date {
    return new Date(this.mode === 'frozen' ? this.frozenAtMs : this.wallClockMs() + this.offsetMs);
  }

  /** Moves the clock to `at` (forwards or backwards). */
  set(at: Date | string): void {
    const instant = toInstant(at);
    if (!instant) throw new InvalidInputError(`The sandbox clock cannot be set to ${JSON.stringify(String(at))}: use an ISO 8601 time with a zone.`);
    this.place(instant.getTime());
  }

  /** Moves the clock forwards by `ms` milliseconds. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new InvalidInputError(`The sandbox clock only advances by a positive number of milliseconds, not ${ms}.`);
    this.place(this.now().getTime() + ms);
  }

  private place(atMs: number): void {
    if (this.mode === 'frozen') this.frozenAtMs = atMs;
    else this.offsetMs = atMs - this.wallClockMs();
  }
}
