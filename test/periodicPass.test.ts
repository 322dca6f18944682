import { strict as assert } from 'node:assert';
import { PeriodicPass } from '../src/periodicPass';

/** A pass the test lets finish when it chooses. */
function gatedPass() {
  const runs: Array<() => void> = [];
  const pass = () => new Promise<void>((resolve) => runs.push(resolve));
  return { runs, pass };
}

describe('PeriodicPass: one background pass at a time', () => {
  const errors: string[] = [];
  const log = { error: (_fields: unknown, message: string) => void errors.push(message) };
  beforeEach(() => errors.splice(0));

  it('runs a pass at start, drops nudges while one runs, and runs again once it ended', async () => {
    const { runs, pass } = gatedPass();
    const periodic = new PeriodicPass(pass, log, 'failed');
    periodic.start(60_000);
    periodic.nudge();
    periodic.nudge();
    assert.equal(runs.length, 1, 'no second pass while the first runs');
    runs[0]!();
    await periodic.idle();
    periodic.nudge();
    assert.equal(runs.length, 2);
    runs[1]!();
    await periodic.stop();
  });

  it('logs a failing pass under its name and tries again on the next nudge', async () => {
    let calls = 0;
    const periodic = new PeriodicPass(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('redis down');
      },
      log,
      'credit-sync: poll failed',
    );
    periodic.nudge();
    await periodic.idle();
    assert.deepEqual(errors, ['credit-sync: poll failed']);
    periodic.nudge();
    await periodic.idle();
    assert.equal(calls, 2);
    assert.equal(errors.length, 1);
  });

  it('stop() waits for the pass in flight, tells a looping pass to end, and starts nothing afterwards', async () => {
    let rounds = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const periodic = new PeriodicPass(
      async (going) => {
        while (going()) {
          rounds += 1;
          await gate;
        }
      },
      log,
      'failed',
    );
    periodic.start(60_000);
    let stopped = false;
    const stopping = periodic.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(stopped, false, 'still waiting for the pass');
    release();
    await stopping;
    assert.equal(rounds, 1, 'the loop saw the stop and ended');
    periodic.nudge();
    await periodic.idle();
    assert.equal(rounds, 1, 'a stopped pass does not run');
  });
});
