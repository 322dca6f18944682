import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from 'restify';

/**
 * A route's usual POSTs read and answered from restify's `first` hook, before restify builds its request state and
 * runs its chain, router and formatters (a measurable share of a turn's CPU: docs/benchmarks.md, perf-inbound and
 * perf-slack). A request the route does not want, or whose body it declines, goes to the restify route unchanged
 * (the HTTP server's 'request' event emitted again, the body left where that route finds it), so every answer other
 * than the usual keeps restify's status, headers and body. Used by the Teams messages route and the Slack routes.
 */
export interface PostsBeforeRestify {
  /** Whether to read this request here: method, URL and headers checked (hasPlainBody); its body is not read yet. */
  wants(req: IncomingMessage): boolean;
  /**
   * Answers the body (UTF-8 text) and returns true, or returns false (or throws) having written nothing: restify
   * serves it. What it starts must not fail unhandled: there is no restify chain to catch it.
   */
  take(text: string, req: IncomingMessage, res: ServerResponse): boolean;
  /** Leaves a declined request's body where the restify route will read it (the body can be read only once). */
  handOver(req: IncomingMessage, text: string): void;
}

/** restify's `first` hook (missing from @types/restify): runs before restify touches a request; false = taken. */
type WithFirst = Server & { first(handler: (req: IncomingMessage, res: ServerResponse) => boolean): Server };

export function servePostsBeforeRestify(server: Server, route: PostsBeforeRestify): void {
  const handedOver = new WeakSet<IncomingMessage>();
  (server as WithFirst).first((req, res) => {
    if (handedOver.has(req) || !route.wants(req)) return true;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A request cut short ends nothing and has nobody left to answer.
    req.once('error', () => undefined);
    req.once('end', () => {
      const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8');
      let taken = false;
      try {
        taken = route.take(text, req, res);
      } catch {
        // Whatever the route would make of it (restify answers a handler's failure), it makes there.
      }
      if (taken) return;
      handedOver.add(req);
      route.handOver(req, text);
      // restify listens to the HTTP server's 'request' event: emitted again, restify takes the request as if new.
      server.server.emit('request', req, res);
    });
    return false;
  });
}

/**
 * A POST whose body a route reads whole without an error of its own: a Content-Length from 1 to `maxBytes`, no
 * transfer or content encoding (an encoded body is refused by the server's `pre` check, refuseEncodedBodies).
 */
export function hasPlainBody(req: IncomingMessage, maxBytes: number): boolean {
  const { headers } = req;
  const length = Number(headers['content-length']);
  return (
    req.method === 'POST' &&
    Number.isInteger(length) &&
    length > 0 &&
    length <= maxBytes &&
    headers['transfer-encoding'] === undefined &&
    headers['content-encoding'] === undefined
  );
}
