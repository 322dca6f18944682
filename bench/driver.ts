import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { BenchConnector } from './connector';

type Json = Record<string, unknown>;

/** One step of a flow: type a text, or click the newest card's first button whose title matches. */
export type Step = { say: string } | { click: RegExp; inputs?: Json };

export interface Identity {
  tenantId: string;
  aadObjectId: string;
  name: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

export function postJson(url: string, body: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A Teams conversation played over HTTP: posts activities to /api/messages, clicks buttons the connector saw. */
export class Conversation {
  readonly id = `a:bench-${randomUUID()}`;
  constructor(
    private readonly botUrl: string,
    private readonly connector: BenchConnector,
    private readonly connectorUrl: string,
    private readonly user: Identity,
  ) {}

  private activity(fields: Json): Json {
    return {
      type: 'message',
      id: randomUUID(),
      timestamp: new Date().toISOString(),
      channelId: 'msteams',
      serviceUrl: this.connectorUrl,
      from: { id: `29:${this.user.aadObjectId}`, aadObjectId: this.user.aadObjectId, name: this.user.name },
      recipient: { id: '28:bot', name: 'Bench Bot' },
      conversation: { id: this.id, tenantId: this.user.tenantId, conversationType: 'personal' },
      channelData: { tenant: { id: this.user.tenantId } },
      ...fields,
    };
  }

  /** Runs one step; throws when the bot did not answer 200 or the button to click is missing. */
  async step(step: Step): Promise<void> {
    let activity: Json;
    if ('say' in step) {
      activity = this.activity({ text: step.say });
    } else {
      const button = this.connector.buttonsOf(this.id).find((b) => step.click.test(b.title));
      if (!button)
        throw new Error(
          `no button ${step.click} in ${
            this.connector
              .buttonsOf(this.id)
              .map((b) => b.title)
              .join(' | ') || 'no card'
          }`,
        );
      activity = this.activity({ replyToId: button.activityId, value: { ...button.data, ...step.inputs } });
    }
    const status = await postJson(`${this.botUrl}/api/messages`, JSON.stringify(activity));
    if (status !== 200) throw new Error(`the bot answered ${status}`);
  }
}

export interface LoadResult {
  concurrency: number;
  turns: number;
  errors: number;
  seconds: number;
  turnsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  firstError?: string;
  /** Every turn's latency (ms), sorted. */
  latencies: number[];
}

/** Runs of one bot taken together: turns and time summed, latencies merged. */
export function combine(runs: LoadResult[]): LoadResult {
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const turns = runs.reduce((n, r) => n + r.turns, 0);
  const seconds = runs.reduce((n, r) => n + r.seconds, 0);
  return {
    concurrency: runs[0].concurrency,
    turns,
    errors: runs.reduce((n, r) => n + r.errors, 0),
    seconds,
    turnsPerSecond: turns / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    firstError: runs.find((r) => r.firstError)?.firstError,
    latencies,
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * `concurrency` conversations each run `flow` over and over until `seconds` have passed (a started flow step
 * finishes); every turn's latency is the HTTP round trip of its POST, which returns after the bot's cards were sent.
 */
export async function runLoad(options: {
  botUrl: string;
  connector: BenchConnector;
  connectorUrl: string;
  flow: Step[];
  user: (n: number) => Identity;
  concurrency: number;
  seconds: number;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const deadline = start + options.seconds * 1000;
  const loop = async (n: number) => {
    const conversation = new Conversation(options.botUrl, options.connector, options.connectorUrl, options.user(n));
    while (performance.now() < deadline) {
      for (const step of options.flow) {
        const t0 = performance.now();
        try {
          await conversation.step(step);
          latencies.push(performance.now() - t0);
        } catch (err) {
          errors += 1;
          firstError ??= err instanceof Error ? err.message : String(err);
          break;
        }
      }
    }
    options.connector.forget(conversation.id);
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, n) => loop(n)));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    concurrency: options.concurrency,
    turns: latencies.length,
    errors,
    seconds,
    turnsPerSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    firstError,
    latencies,
  };
}
