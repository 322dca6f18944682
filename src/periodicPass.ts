/** Where a failing pass is reported (a pino logger is one). */
export interface PassErrorLog {
  error(fields: { err: string }, message: string): void;
}

/**
 * A background pass run now and then every `intervalMs`, never two at once: a tick (or `nudge()`) while a pass
 * runs is dropped. The timer never keeps the process alive; `stop()` waits for the pass in flight. A failing pass is
 * logged under `failure` and the next tick tries again.
 */
export class PeriodicPass {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    /** One pass; `going()` turns false once stop() was called, for a pass that loops. */
    private readonly pass: (going: () => boolean) => Promise<unknown>,
    private readonly log: PassErrorLog,
    private readonly failure: string,
  ) {}

  start(intervalMs: number): void {
    if (this.timer) return;
    this.stopped = false;
    this.timer = setInterval(() => this.nudge(), intervalMs);
    this.timer.unref();
    this.nudge();
  }

  /** Runs a pass now unless one is running or the pass was stopped. */
  nudge(): void {
    if (this.stopped || this.running) return;
    this.running = this.pass(() => !this.stopped)
      .then(
        () => undefined,
        (err: unknown) => this.log.error({ err: err instanceof Error ? err.message : String(err) }, this.failure),
      )
      .finally(() => {
        this.running = undefined;
      });
  }

  /** Resolves once the pass running now (if any) has ended. */
  async idle(): Promise<void> {
    await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
