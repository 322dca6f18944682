import { strict as assert } from 'node:assert';
import { Readable } from 'node:stream';
import { main } from '../../src/cli';

async function audit(args: string[], env: Record<string, string | undefined>): Promise<{ code: number; stdout: string; stderr: string }> {
  const saved = { REDIS_URL: process.env.REDIS_URL, REDIS_KEY_PREFIX: process.env.REDIS_KEY_PREFIX };
  Object.assign(process.env, env);
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete process.env[key];
  let stdout = '';
  let stderr = '';
  try {
    const code = await main(['audit', ...args], {
      stdin: Readable.from([]),
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
    });
    return { code, stdout, stderr };
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

describe('reservation-desk audit (the command)', () => {
  it('names REDIS_URL when it is not set (exit 2), and refuses an impossible --since date', async () => {
    const unset = await audit([], { REDIS_URL: undefined });
    assert.equal(unset.code, 2);
    assert.match(unset.stderr, /REDIS_URL is not set/);
    const badDate = await audit(['--since', '2026-02-30T00:00:00Z'], { REDIS_URL: 'redis://127.0.0.1:6379' });
    assert.equal(badDate.code, 2);
    assert.match(badDate.stderr, /since must be an ISO 8601 instant/);
  });

  it('reads the trail of the deployment the environment names', async () => {
    const empty = await audit(['--limit', '5'], { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: `rd-cli-audit-${process.pid}:` });
    assert.equal(empty.code, 0, empty.stderr);
    assert.equal(empty.stdout, '');
  });
});
