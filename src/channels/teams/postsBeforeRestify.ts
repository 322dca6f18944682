import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from 'restify';

/**
 * A route's usual requests, served without restify. Per request restify builds its request state, runs its
 * handler chain, router, timers, body parser and formatters: ~3% of the desk's CPU per Teams turn in a profile
 * (issue 11; docs/benchmarks.md, perf-inbound). A JSON POST with a plain Content-Length at most the route's limit is read and parsed
 * here, as restify's body reader and JSON parser would (UTF-8 text, JSON.parse), and `take` may answer it. Anything
 * else (other content types or encodings, chunked or oversized bodies, bad JSON, a body `take` declines) goes to the
 * restify route unchanged, so every error keeps restify's status, headers and body.
 */
export interface PostsBeforeRestify {
  /** The exact request URL taken (a query string or trailing slash goes to restify). */
  url: string;
  maxBytes: number;
  /**
   * Answers the parsed body and returns true, or returns false (or throws) having written nothing: restify serves it.
   * What it starts must not fail unhandled: there is no restify chain to catch it.
   */
  take(body: unknown, req: IncomingMessage, res: ServerResponse): boolean;
}

/** restify's `first` hook (missing from @types/restify): runs before restify touches a request; false = taken. */
type WithFirst = Server & { first(handler: (req: IncomingMessage, res: ServerResponse) => boolean): Server };

/** What restify's body parser looks at: a request marked read is not read again, and its JSON parser parses `body`. */
interface ReadBodyMarks {
  _readBody?: boolean;
  body?: unknown;
}

export function servePostsBeforeRestify(server: Server, route: PostsBeforeRestify): void {
  const handedOver = new WeakSet<IncomingMessage>();
  // restify listens to the HTTP server's 'request' event; emitting it again gives restify the request as if new,
  // with the body already read (as its body reader leaves it: UTF-8 text for JSON).
  const handOver = (req: IncomingMessage, res: ServerResponse, text: string): void => {
    handedOver.add(req);
    Object.assign(req as ReadBodyMarks, { _readBody: true, body: text });
    server.server.emit('request', req, res);
  };
  (server as WithFirst).first((req, res) => {
    if (req.method !== 'POST' || req.url !== route.url || handedOver.has(req) || !plainJsonPost(req, route.maxBytes)) return true;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A request cut short ends nothing and has nobody left to answer.
    req.once('error', () => undefined);
    req.once('end', () => {
      const text = (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        handOver(req, res, text);
        return;
      }
      let taken = false;
      try {
        taken = route.take(body, req, res);
      } catch {
        // Whatever the route would make of it (restify answers a handler's failure), it makes there.
      }
      if (!taken) handOver(req, res, text);
    });
    return false;
  });
}

/**
 * A request restify's body parser would read to the end and hand to its JSON parser without an error of its own:
 * Content-Type application/json (its parameters aside, any case), a Content-Length from 1 to the limit, no transfer
 * or content encoding, no Content-MD5 to check, not an upgrade.
 */
function plainJsonPost(req: IncomingMessage, maxBytes: number): boolean {
  const { headers } = req;
  const type = headers['content-type'];
  if (type === undefined) return false;
  const semicolon = type.indexOf(';');
  if ((semicolon === -1 ? type : type.slice(0, semicolon)).toLowerCase() !== 'application/json') return false;
  const length = Number(headers['content-length']);
  if (!(Number.isInteger(length) && length > 0 && length <= maxBytes)) return false;
  return (
    headers['transfer-encoding'] === undefined &&
    headers['content-encoding'] === undefined &&
    headers['content-md5'] === undefined &&
    headers.upgrade === undefined
  );
}
