import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/**
 * `npm start` as an operator runs it, on whichever Node.js runs the suite (.ci/run repeats the suite on other
 * LTS lines). --throw-deprecation turns any deprecated API a dependency calls into a crash, so nothing is hidden.
 */
function startProcess(): { child: ChildProcess; output: () => { stdout: string; stderr: string } } {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  const child = spawn(process.execPath, ['--throw-deprecation', '-r', 'ts-node/register/transpile-only', 'src/index.ts'], { cwd: ROOT, env });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, output: () => ({ stdout, stderr }) };
}

async function waitForUrl(output: () => { stdout: string; stderr: string }, child: ChildProcess): Promise<string> {
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    const match = /running at (http:\/\/\S+)/.exec(output().stdout);
    if (match) return match[1];
    if (child.exitCode !== null) throw new Error(`the bot exited with ${child.exitCode}: ${output().stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the bot did not say where it runs: ${JSON.stringify(output())}`);
}

describe(`start-up on Node.js ${process.version}`, () => {
  it('starts on its embedded default, answers /healthz and warns of nothing deprecated', async function () {
    // ts-node compiles the whole app in the child: on a busy machine that alone can take many seconds.
    this.timeout(60_000);
    const { child, output } = startProcess();
    try {
      const url = await waitForUrl(output, child);
      const health = await fetch(`${url}/healthz`);
      assert.equal(health.status, 200);
      assert.equal(((await health.json()) as { ok: boolean }).ok, true);
      const playground = await fetch(`${url}/`);
      assert.equal(playground.status, 200, 'the playground is served on the default');
      assert.doesNotMatch(output().stderr, /Warning|deprecat/i, 'no warning on stderr');
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    assert.doesNotMatch(output().stderr, /Warning|deprecat/i);
  });
});
