import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { deleteKeysUnder } from '../../src/store/redis/keyspace';
import { flatScript, sendFlat } from '../../src/store/redis/luaScript';

/**
 * Scripts and commands sent with arguments ioredis does not flatten: on the wire and in their answers as ioredis'
 * own methods (the same EVAL on a connection's first call, EVALSHA after, EVAL again after the server lost the script).
 */
describe('commands with already-flat arguments (127.0.0.1:6379)', () => {
  const prefix = `test:flat:${randomUUID()}:`;
  const redis = new Redis('redis://127.0.0.1:6379');
  const sent: Array<{ name: string; args: string[] }> = [];
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = ((command: { name: string; args: unknown[]; promise: Promise<unknown> }) => {
    const result = send(command as never);
    // What went on the wire: the name and arguments as they were when the command was written.
    sent.push({ name: command.name, args: command.args.map(String) });
    return result;
  }) as typeof redis.sendCommand;
  const LUA = "return {KEYS[1], ARGV[1], redis.call('INCRBY', KEYS[1], ARGV[1])}";

  after(async () => {
    await deleteKeysUnder(redis, prefix);
    await redis.quit();
  });

  it('calls a script as ioredis does: EVAL first on the connection, EVALSHA after, EVAL again after SCRIPT FLUSH', async () => {
    const fresh = new Redis('redis://127.0.0.1:6379');
    try {
      // The name each script command last went out under (EVALSHA becomes EVAL as it is written), once per command.
      const wire: string[] = [];
      const seen = new WeakSet<object>();
      const own = fresh.sendCommand.bind(fresh);
      fresh.sendCommand = ((command: { name: string; promise: Promise<unknown> }) => {
        const result = own(command as never);
        if (!seen.has(command)) {
          seen.add(command);
          void command.promise.finally(() => (command.name === 'eval' || command.name === 'evalsha') && wire.push(command.name)).catch(() => undefined);
        }
        return result;
      }) as typeof fresh.sendCommand;
      fresh.defineCommand('deskFlatTestScript', { numberOfKeys: 1, lua: LUA });
      const call = flatScript(fresh, 'deskFlatTestScript');
      const key = `${prefix}counter`;
      assert.deepEqual(await call([key, '2']), [key, '2', 2]);
      assert.deepEqual(await call([key, '3']), [key, '3', 5]);
      assert.deepEqual(wire, ['eval', 'evalsha']);
      await fresh.script('FLUSH');
      wire.length = 0;
      assert.deepEqual(await call([key, '4']), [key, '4', 9]);
      // EVALSHA answered NOSCRIPT, then the same command once more, sent as EVAL (recorded as each settles).
      assert.deepEqual([...wire].sort(), ['eval', 'evalsha']);
    } finally {
      await fresh.quit();
    }
  });

  it('gives the same answers and errors as the script command ioredis defined', async () => {
    redis.defineCommand('deskFlatTestScript2', { lua: LUA });
    const call = flatScript(redis, 'deskFlatTestScript2');
    const defined = (redis as unknown as Record<string, (...args: string[]) => Promise<unknown>>).deskFlatTestScript2.bind(redis);
    const key = `${prefix}other`;
    assert.deepEqual(await call(['1', key, '7']), [key, '7', 7]);
    assert.deepEqual(await defined('1', key, '-7'), [key, '-7', 0]);
    await assert.rejects(call(['1', key, 'not a number']), /ERR/);
    await assert.rejects(defined('1', key, 'not a number'), /ERR/);
  });

  it('sends a command as its ioredis method does', async () => {
    sent.length = 0;
    const stream = `${prefix}stream`;
    const id = (await sendFlat(redis, 'xadd', [stream, 'MAXLEN', '~', '100', '*', 'event', '{"a":"é"}'])) as string;
    const viaMethod = await redis.xadd(stream, 'MAXLEN', '~', '100', '*', 'event', '{"a":"é"}');
    assert.match(id, /^\d+-\d+$/);
    const entries = await redis.xrange(stream, '-', '+');
    assert.deepEqual(
      entries.map(([entryId, fields]) => [entryId, fields]),
      [
        [id, ['event', '{"a":"é"}']],
        [viaMethod, ['event', '{"a":"é"}']],
      ],
    );
    assert.deepEqual(sent[0], sent[1]);
    assert.equal(sent[0].name, 'xadd');
  });
});
