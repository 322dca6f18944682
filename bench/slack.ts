import http from 'node:http';
import { createHmac, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { percentile } from './driver';

export const BENCH_SIGNING_SECRET = 'bench-slack-signing-secret-0123456789';
const TEAM = 'T07NBEAM01';
const AVA = 'U07AVALIND';

/** The Slack Web API as the bench needs it: chat.postMessage / chat.update answer ok, and a post wakes its channel's waiter. */
export class BenchSlackApi {
  posts = 0;
  private server?: http.Server;
  private sequence = 0;
  private readonly waiters = new Map<string, () => void>();

  async start(): Promise<string> {
    this.server = http.createServer({ keepAlive: true }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        const channel = params.get('channel') ?? '';
        this.sequence += 1;
        const ts = `1781517600.${String(this.sequence).padStart(6, '0')}`;
        if (req.url?.endsWith('chat.postMessage')) {
          this.posts += 1;
          const waiter = this.waiters.get(channel);
          this.waiters.delete(channel);
          waiter?.();
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, channel, ts }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/`;
  }

  /** Resolves at the next post into `channel`, or after `timeoutMs` (resolving false). */
  nextPost(channel: string, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(channel);
        resolve(false);
      }, timeoutMs);
      this.waiters.set(channel, () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function postSigned(agent: http.Agent, url: string, body: string): Promise<number> {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', BENCH_SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          'x-slack-signature': signature,
          'x-slack-request-timestamp': String(timestamp),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export interface AckResult {
  commands: number;
  errors: number;
  ackP50Ms: number;
  ackP99Ms: number;
  /**
   * The ack p99 without each person's first command: the run starts with all of them typing at the same instant on
   * new connections, a burst that is a few per cent of the desk's commands but a fraction of a per mille of a bare
   * Bolt app's, so it sets the desk's p99 alone. Printed beside the target figure, never instead of it.
   */
  ackP99AfterFirstMs: number;
  /** The first round itself (every person's first command, all typed at once): its median and slowest ack. */
  firstRoundP50Ms: number;
  firstRoundMaxMs: number;
  /** Command posted → the bot's first chat.postMessage in that channel (desk only). */
  replyP50Ms?: number;
  replyP99Ms?: number;
  repliesMissing?: number;
}

/**
 * `concurrency` people each type /refund in their own channel, again and again for `seconds`: a person waits for
 * the bot's reply (when `api` is given) before typing again. Records the ack (HTTP answer) and the reply latency.
 */
export async function runSlackCommands(options: { url: string; api?: BenchSlackApi; concurrency: number; seconds: number }): Promise<AckResult> {
  const acks: number[] = [];
  const acksAfterFirst: number[] = [];
  const firstRound: number[] = [];
  const replies: number[] = [];
  let errors = 0;
  let missing = 0;
  // A fresh keep-alive pool per run: a socket left idle since an earlier run may be closed by the server just as it
  // is reused (ECONNRESET), which would count as an error and a missing reply that the bot never saw.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const deadline = performance.now() + options.seconds * 1000;
  const loop = async (n: number) => {
    const channel = `CBENCH${String(n).padStart(4, '0')}`;
    for (let typed = 0; performance.now() < deadline; typed++) {
      const body = new URLSearchParams({
        command: '/refund',
        text: '',
        team_id: TEAM,
        user_id: AVA,
        channel_id: channel,
        trigger_id: randomUUID(),
        response_url: 'http://127.0.0.1:9/unused',
      }).toString();
      const reply = options.api?.nextPost(channel, 10_000);
      const t0 = performance.now();
      const status = await postSigned(agent, `${options.url}/api/slack/commands`, body).catch(() => 0);
      acks.push(performance.now() - t0);
      (typed > 0 ? acksAfterFirst : firstRound).push(acks.at(-1)!);
      if (status !== 200) errors += 1;
      if (reply) {
        if (await reply) replies.push(performance.now() - t0);
        else missing += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, n) => loop(n)));
  agent.destroy();
  acks.sort((a, b) => a - b);
  acksAfterFirst.sort((a, b) => a - b);
  firstRound.sort((a, b) => a - b);
  replies.sort((a, b) => a - b);
  return {
    commands: acks.length,
    errors,
    ackP50Ms: percentile(acks, 50),
    ackP99Ms: percentile(acks, 99),
    ackP99AfterFirstMs: percentile(acksAfterFirst, 99),
    firstRoundP50Ms: percentile(firstRound, 50),
    firstRoundMaxMs: firstRound.at(-1) ?? NaN,
    ...(options.api ? { replyP50Ms: percentile(replies, 50), replyP99Ms: percentile(replies, 99), repliesMissing: missing } : {}),
  };
}
