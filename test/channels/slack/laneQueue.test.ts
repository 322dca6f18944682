import assert from 'node:assert/strict';
import sinon from 'sinon';
import { LaneQueue } from '../../../src/channels/slack/laneQueue';

/** A job that records its start and end, and finishes when the test says so. */
function gate(log: string[], name: string): { job: () => Promise<void>; open: () => void; started: () => boolean } {
  let open!: () => void;
  const done = new Promise<void>((resolve) => (open = resolve));
  let started = false;
  return {
    job: async () => {
      started = true;
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
    },
    open: () => open(),
    started: () => started,
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('LaneQueue', () => {
  it('starts nothing while offering: jobs start on a later turn of the event loop', async () => {
    const queue = new LaneQueue({ maxRunning: 4, maxWaiting: 4 });
    const log: string[] = [];
    const a = gate(log, 'a');
    assert.equal(queue.offer('x', a.job), true);
    assert.equal(a.started(), false, 'the caller answers its request before any job work');
    await tick();
    assert.equal(a.started(), true);
    a.open();
    await queue.idle();
  });

  it('runs one lane in the order offered, one job at a time, while other lanes run beside it', async () => {
    const queue = new LaneQueue({ maxRunning: 4, maxWaiting: 10 });
    const log: string[] = [];
    const [x1, x2, y1] = [gate(log, 'x1'), gate(log, 'x2'), gate(log, 'y1')];
    queue.offer('x', x1.job);
    queue.offer('x', x2.job);
    queue.offer('y', y1.job);
    await tick();
    assert.deepEqual(log, ['start x1', 'start y1'], 'x2 waits for x1; y1 does not wait for x');
    x2.open(); // opening a job that has not started changes nothing
    await tick();
    assert.equal(x2.started(), false);
    x1.open();
    await tick();
    await tick();
    assert.deepEqual(log.slice(2), ['end x1', 'start x2', 'end x2']);
    y1.open();
    await queue.idle();
    assert.equal(queue.running + queue.waiting, 0);
  });

  it('runs at most maxRunning jobs at once; the others wait', async () => {
    const queue = new LaneQueue({ maxRunning: 2, maxWaiting: 10 });
    const log: string[] = [];
    const gates = ['a', 'b', 'c'].map((name) => gate(log, name));
    gates.forEach((g, i) => queue.offer(`lane-${i}`, g.job));
    await tick();
    assert.deepEqual([queue.running, queue.waiting], [2, 1]);
    assert.equal(gates[2].started(), false);
    gates[0].open();
    await tick();
    await tick();
    assert.equal(gates[2].started(), true, 'a finished job frees its place');
    gates[1].open();
    gates[2].open();
    await queue.idle();
  });

  it('refuses an offer once maxWaiting jobs wait, queueing nothing; running jobs do not count', async () => {
    const queue = new LaneQueue({ maxRunning: 1, maxWaiting: 2 });
    const log: string[] = [];
    const gates = ['run', 'wait1', 'wait2', 'refused'].map((name) => gate(log, name));
    assert.equal(queue.offer('a', gates[0].job), true);
    await tick();
    assert.equal(queue.offer('b', gates[1].job), true);
    assert.equal(queue.offer('c', gates[2].job), true);
    assert.equal(queue.offer('d', gates[3].job), false);
    assert.equal(queue.waiting, 2);
    for (const g of gates) g.open();
    await queue.idle();
    assert.equal(gates[3].started(), false, 'the refused job never ran');
    assert.deepEqual(
      log.filter((l) => l.startsWith('start')),
      ['start run', 'start wait1', 'start wait2'],
    );
    assert.equal(queue.offer('d', gates[3].job), true, 'room again once the queue drained');
    await queue.idle();
  });

  it('refuses a lane past maxWaitingPerLane while other lanes still get in', async () => {
    const queue = new LaneQueue({ maxRunning: 1, maxWaiting: 10, maxWaitingPerLane: 2 });
    const log: string[] = [];
    const gates = ['a1', 'a2', 'a3', 'a4', 'b1'].map((name) => gate(log, name));
    assert.equal(queue.offer('a', gates[0].job), true);
    await tick(); // a1 runs: it does not count as waiting
    assert.equal(queue.offer('a', gates[1].job), true);
    assert.equal(queue.offer('a', gates[2].job), true);
    assert.equal(queue.offer('a', gates[3].job), false, 'lane a already has two waiting');
    assert.equal(queue.offer('b', gates[4].job), true, 'another lane is not refused');
    assert.equal(queue.waitingIn('a'), 2);
    assert.equal(queue.waiting, 3);
    for (const g of gates) g.open();
    await queue.idle();
    assert.equal(gates[3].started(), false, 'the refused job never ran');
  });

  it('keeps going after a job throws', async () => {
    const queue = new LaneQueue({ maxRunning: 1, maxWaiting: 5 });
    let ran = false;
    queue.offer('x', async () => {
      throw new Error('boom');
    });
    queue.offer('x', async () => {
      ran = true;
    });
    await queue.idle();
    assert.equal(ran, true);
  });

  describe('with startAfterQuietMs (a burst is answered before its work starts)', () => {
    let clock: sinon.SinonFakeTimers;
    // setImmediate stays real: `tick` lets promise-started jobs run; only the queue's own clock is driven by hand.
    beforeEach(() => (clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })));
    afterEach(() => clock.restore());
    const advance = async (ms: number) => {
      await clock.tickAsync(ms);
      await tick();
    };

    it('starts nothing while offers keep coming, and every waiting job (up to maxRunning) once they pause', async () => {
      const queue = new LaneQueue({ maxRunning: 2, maxWaiting: 10, startAfterQuietMs: 2, maxStartHoldMs: 50 });
      const log: string[] = [];
      const gates = ['a', 'b', 'c'].map((name) => gate(log, name));
      for (const [i, g] of gates.entries()) {
        queue.offer(`lane-${i}`, g.job);
        await advance(1);
      }
      assert.equal(log.length, 0, 'one millisecond between offers is no pause');
      await advance(1);
      assert.deepEqual(log, ['start a', 'start b'], 'two quiet milliseconds: the places fill, in the order offered');
      for (const g of gates) g.open();
      await queue.idle();
      assert.deepEqual(
        log.filter((l) => l.startsWith('start')),
        ['start a', 'start b', 'start c'],
      );
    });

    it('holds a start back at most maxStartHoldMs when offers never pause', async () => {
      const queue = new LaneQueue({ maxRunning: 1, maxWaiting: 100, startAfterQuietMs: 2, maxStartHoldMs: 10 });
      const log: string[] = [];
      const first = gate(log, 'first');
      queue.offer('first', first.job);
      for (let ms = 1; ms < 10; ms++) {
        await advance(1);
        queue.offer(`more-${ms}`, async () => undefined);
      }
      assert.equal(log.length, 0);
      await advance(1);
      assert.deepEqual(log, ['start first'], 'started at the hold limit although offers kept coming');
      first.open();
      await clock.runAllAsync();
      await queue.idle();
    });

    it("hands a finished job's place to the next waiting job at once, without waiting for a pause", async () => {
      const queue = new LaneQueue({ maxRunning: 1, maxWaiting: 10, startAfterQuietMs: 5, maxStartHoldMs: 50 });
      const log: string[] = [];
      const [a, b] = [gate(log, 'a'), gate(log, 'b')];
      queue.offer('a', a.job);
      await advance(5);
      assert.deepEqual(log, ['start a']);
      queue.offer('b', b.job);
      a.open();
      await tick();
      await tick();
      assert.deepEqual(log, ['start a', 'end a', 'start b'], 'no clock moved: b took the place a left');
      b.open();
      await clock.runAllAsync();
      await queue.idle();
    });
  });

  it('refuses limits that are not whole numbers of at least 1', () => {
    for (const limits of [
      { maxRunning: 0, maxWaiting: 1 },
      { maxRunning: 1, maxWaiting: 0.5 },
      { maxRunning: Number.NaN, maxWaiting: 1 },
      { maxRunning: 1, maxWaiting: 1, startAfterQuietMs: 0 },
      { maxRunning: 1, maxWaiting: 1, startAfterQuietMs: 1, maxStartHoldMs: -5 },
    ]) {
      assert.throws(() => new LaneQueue(limits), RangeError);
    }
  });
});
