import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ServerSpec, ServerStats } from './botServer';

export interface RunningServer {
  url: string;
  stats(options?: { gc?: boolean }): Promise<ServerStats>;
  stop(): Promise<void>;
  /** Notifier only: start polling and delivering. */
  go(): void;
}

/** Starts bench/botServer.ts in a child process and waits for its port. */
export async function spawnServer(spec: ServerSpec): Promise<RunningServer> {
  const child: ChildProcess = fork(path.join(__dirname, 'botServer.ts'), [], {
    // BENCH_CPU_PROF_DIR: each bot writes a V8 CPU profile there when it stops (open it in Chrome DevTools).
    execArgv: [
      '-r',
      'ts-node/register/transpile-only',
      '--expose-gc',
      ...(process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : []),
    ],
    env: { ...process.env, BENCH_SERVER: JSON.stringify(spec), TS_NODE_TRANSPILE_ONLY: '1' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bench server ${spec.kind} did not start within 60 s`)), 60_000);
    child.once('exit', (code) => reject(new Error(`bench server ${spec.kind} exited with ${code}`)));
    child.on('message', (message: { port?: number }) => {
      if (message.port !== undefined) {
        clearTimeout(timer);
        resolve(message.port);
      }
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stats: (options = {}) =>
      new Promise<ServerStats>((resolve) => {
        const onMessage = (message: { stats?: ServerStats }) => {
          if (!message.stats) return;
          child.off('message', onMessage);
          resolve(message.stats);
        };
        child.on('message', onMessage);
        child.send({ cmd: 'stats', gc: options.gc ?? false });
      }),
    go: () => child.send({ cmd: 'go' }),
    stop: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.send({ cmd: 'stop' });
      }),
  };
}
