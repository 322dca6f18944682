import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server on 127.0.0.1 (port 0) that records every request and answers through a handler, with
 * scripted faults in front: each scripted answer is used once, in order, by the first request it matches.
 * It knows nothing about Azure; `azureWorld.ts` supplies the handler.
 */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: unknown;
  rawBody: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as is (for malformed answers). */
  body?: unknown;
}

export type Handler = (request: RecordedRequest, baseUrl: string) => Reply;

/**
 * A scripted answer: a Reply instead of the handler's; `hang` never answers (a timeout); `drop` closes the
 * connection without an answer (a network error); `applyThen` runs the
 * handler (state changes happen) but answers with the given reply instead (the answer got lost).
 */
export type Fault = Reply | { hang: true } | { drop: true } | { applyThen: Reply };

interface Script {
  method?: string;
  path: string | RegExp;
  faults: Fault[];
}

export class StandInServer {
  readonly requests: RecordedRequest[] = [];
  /** Every answer sent, with its request (hangs and drops send none), for tests that check answer shapes. */
  readonly replies: Array<{ request: RecordedRequest; reply: Reply }> = [];
  private readonly scripts: Script[] = [];
  private readonly hanging: ServerResponse[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly handler: Handler,
  ) {}

  static async start(handler: Handler): Promise<StandInServer> {
    const holder: { standIn?: StandInServer } = {};
    const server = createServer((req, res) => {
      void holder.standIn?.handle(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.standIn = new StandInServer(server, `http://127.0.0.1:${port}`, handler);
    return holder.standIn;
  }

  /** Answers the next requests matching `method` and `path` (exact path or regex) with `faults`, one each. */
  script(match: { method?: string; path: string | RegExp }, ...faults: Fault[]): void {
    this.scripts.push({ ...match, faults: [...faults] });
  }

  /** Requests whose path matches, in arrival order. */
  requestsTo(path: string | RegExp, method?: string): RecordedRequest[] {
    return this.requests.filter((r) => matches(r, { path, method }));
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : (value ?? '');
    let body: unknown = undefined;
    if (rawBody) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = rawBody;
      }
    }
    const recorded: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), headers, body, rawBody };
    this.requests.push(recorded);

    const script = this.scripts.find((s) => s.faults.length > 0 && matches(recorded, s));
    const fault = script?.faults.shift();
    if (fault && 'hang' in fault) {
      this.hanging.push(res);
      return;
    }
    if (fault && 'drop' in fault) {
      res.socket?.destroy();
      return;
    }
    let reply: Reply;
    if (fault && 'applyThen' in fault) {
      this.safeHandle(recorded);
      reply = fault.applyThen;
    } else {
      reply = fault ?? this.safeHandle(recorded);
    }
    this.replies.push({ request: recorded, reply });
    const text = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8', ...reply.headers });
    res.end(text);
  }

  private safeHandle(request: RecordedRequest): Reply {
    try {
      return this.handler(request, this.url);
    } catch (error) {
      return { status: 500, body: { error: { code: 'StandInBug', message: error instanceof Error ? error.message : String(error) } } };
    }
  }
}

function matches(request: RecordedRequest, match: { method?: string; path: string | RegExp }): boolean {
  if (match.method && match.method !== request.method) return false;
  return typeof match.path === 'string' ? request.path === match.path : match.path.test(request.path);
}
