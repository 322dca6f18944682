import assert from 'node:assert/strict';
import type { Command } from 'ioredis';
import { CommandDeadlines } from '../../src/store/redis/connect';

/** A command as CommandDeadlines sees it: settled or not, and its reject. */
function fakeCommand(name: string) {
  let settle = () => {};
  const settled = new Promise<void>((resolve) => (settle = resolve));
  const command = {
    name,
    isSettled: false,
    rejectedWith: undefined as Error | undefined,
    settled,
    reject(error: Error) {
      command.isSettled = true;
      command.rejectedWith = error;
      settle();
    },
    answer() {
      command.isSettled = true;
      settle();
    },
  };
  return command;
}

const asCommand = (fake: ReturnType<typeof fakeCommand>) => fake as unknown as Command;

describe('command deadlines (one queue and one timer per client)', () => {
  it('rejects each command left unanswered past its deadline as ioredis did, and never one that was answered', async () => {
    const deadlines = new CommandDeadlines(50);
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(fakeCommand);
    for (const command of [a, b, c]) deadlines.watch(asCommand(command));
    // Answered out of order: the first stays unanswered while the two behind it are answered.
    b.answer();
    c.answer();
    await a.settled;
    assert.equal(a.rejectedWith?.message, 'Command timed out');
    assert.equal(b.rejectedWith, undefined);
    assert.equal(c.rejectedWith, undefined);
    // Watched later, with a deadline of its own: rejected in turn.
    deadlines.watch(asCommand(d));
    await d.settled;
    assert.equal(d.rejectedWith?.message, 'Command timed out');
    assert.equal(deadlines.size, 0);
  });

  it('keeps no answered command: the queue holds about what is in flight', () => {
    const deadlines = new CommandDeadlines(60_000);
    for (let i = 0; i < 5000; i++) {
      const command = fakeCommand(`c${i}`);
      deadlines.watch(asCommand(command));
      command.answer();
    }
    const last = fakeCommand('last');
    deadlines.watch(asCommand(last));
    assert.equal(deadlines.size, 1);
    last.answer();
  });

  it('holds the commands behind one left unanswered (a slow cluster node) until its deadline, then none', async () => {
    const deadlines = new CommandDeadlines(200);
    const slow = fakeCommand('slow');
    deadlines.watch(asCommand(slow));
    for (let i = 0; i < 5000; i++) {
      const command = fakeCommand(`c${i}`);
      deadlines.watch(asCommand(command));
      command.answer();
    }
    assert.equal(deadlines.size, 5001);
    await slow.settled;
    assert.equal(slow.rejectedWith?.message, 'Command timed out');
    const next = fakeCommand('next');
    deadlines.watch(asCommand(next));
    assert.equal(deadlines.size, 1);
    next.answer();
  });
});
