import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { startOwnRedis } from '../e2e/ownRedis';

/** Issue 12 item 11: start-up says when the Redis keeps nothing on disk (each case on a redis-server of its own). */
describe('start-up: what the Redis keeps on disk', function () {
  this.timeout(30000);

  async function startUpLog(redisArgs: string[]): Promise<Array<{ level: number; msg: string; appendonly?: unknown }>> {
    const redis = await startOwnRedis(redisArgs);
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    try {
      const app = await createApp(
        loadConfig({ PORT: '0', HOST: '127.0.0.1', REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'persistence-test:', PLAYGROUND: 'off' }),
        { log: createLogger('info', sink) },
      );
      await app.close();
    } finally {
      await redis.stop();
    }
    return lines.map((line) => JSON.parse(line) as { level: number; msg: string });
  }

  const nothingOnDisk = (log: Array<{ level: number; msg: string }>) => log.filter((l) => /keeps nothing on disk/.test(l.msg));

  it('warns when neither AOF nor snapshots are on', async () => {
    const warnings = nothingOnDisk(await startUpLog(['--save', '', '--appendonly', 'no']));
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0].level, 40, 'a warning');
    assert.match(warnings[0].msg, /a restart of it loses every request, cap entry and audit event.*docs\/scaling\.md/);
  });

  it('does not warn with AOF on, nor with snapshots on', async () => {
    assert.deepEqual(nothingOnDisk(await startUpLog(['--save', '', '--appendonly', 'yes'])), []);
    assert.deepEqual(nothingOnDisk(await startUpLog(['--save', '900 1', '--appendonly', 'no'])), []);
  });

  it('asks the operator to check when the Redis will not say (CONFIG renamed, as managed Redis often does)', async () => {
    const log = await startUpLog(['--save', '', '--appendonly', 'no', '--rename-command', 'CONFIG', '']);
    assert.deepEqual(nothingOnDisk(log), []);
    assert.equal(log.filter((l) => /does not say what it keeps on disk/.test(l.msg)).length, 1);
  });
});
