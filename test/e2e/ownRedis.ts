import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';

/**
 * A redis-server of a test's own on a free port of 127.0.0.1 (never the shared one), in a temporary directory,
 * that the test may freeze (SIGSTOP: the socket stays open and nothing answers), thaw (SIGCONT), kill and start
 * again on the same port and data (an AOF server replays its log), and stop.
 */
export interface OwnRedis {
  url: string;
  port: number;
  freeze(): void;
  thaw(): void;
  /** SIGKILL, then a new server on the same port and directory. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function answers(port: number): Promise<boolean> {
  const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined); // not up yet: the caller tries again
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

interface Running {
  child: ChildProcess;
  exited: Promise<void>;
}

/** A redis-server on `port` once it answers, else undefined (the port was taken meanwhile, or it is slow). */
async function launch(port: number, dir: string, args: string[]): Promise<Running | undefined> {
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, ...args], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let wait = 0; wait < 50 && child.exitCode === null; wait += 1) {
    if (await answers(port)) return { child, exited };
    await sleep(100);
  }
  child.kill('SIGKILL');
  await exited;
  return undefined;
}

export async function startOwnRedis(extraArgs: string[] = ['--save', '', '--appendonly', 'no']): Promise<OwnRedis> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rd-own-redis-'));
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const port = await freePort();
    let running = await launch(port, dir, extraArgs);
    if (!running) continue; // try another port
    const kill = async (signal: NodeJS.Signals) => {
      running!.child.kill('SIGCONT');
      running!.child.kill(signal);
      await running!.exited;
    };
    return {
      url: `redis://127.0.0.1:${port}`,
      port,
      freeze: () => running!.child.kill('SIGSTOP'),
      thaw: () => running!.child.kill('SIGCONT'),
      restart: async () => {
        await kill('SIGKILL');
        running = await launch(port, dir, extraArgs);
        if (!running) throw new Error(`redis-server did not start again on port ${port}`);
      },
      stop: async () => {
        await kill('SIGTERM');
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error('could not start a redis-server of our own');
}
