import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from 'restify';
import { hasPlainBody, servePostsBeforeRestify } from '../../http/postsBeforeRestify';

/**
 * A JSON route's usual requests served before restify (src/http/postsBeforeRestify.ts): a JSON POST with a plain
 * Content-Length at most the route's limit is parsed here as restify's body reader and JSON parser would (UTF-8 text,
 * JSON.parse), and `take` may answer it. Other content types or encodings, chunked or oversized bodies, bad JSON and
 * a body `take` declines go to the restify route with the body marked read, as restify's reader leaves it.
 */
export interface JsonPostsBeforeRestify {
  /** The exact request URL taken (a query string or trailing slash goes to restify). */
  url: string;
  maxBytes: number;
  /**
   * Answers the parsed body and returns true, or returns false (or throws) having written nothing: restify serves it.
   * What it starts must not fail unhandled: there is no restify chain to catch it.
   */
  take(body: unknown, req: IncomingMessage, res: ServerResponse): boolean;
}

/** What restify's body parser looks at: a request marked read is not read again, and its JSON parser parses `body`. */
interface ReadBodyMarks {
  _readBody?: boolean;
  body?: unknown;
}

export function serveJsonPostsBeforeRestify(server: Server, route: JsonPostsBeforeRestify): void {
  servePostsBeforeRestify(server, {
    wants: (req) => req.url === route.url && plainJsonPost(req, route.maxBytes),
    take(text, req, res) {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return false;
      }
      return route.take(body, req, res);
    },
    handOver: (req, text) => void Object.assign(req as ReadBodyMarks, { _readBody: true, body: text }),
  });
}

/**
 * A request restify's body parser would read to the end and hand to its JSON parser without an error of its own:
 * a plain body (hasPlainBody), Content-Type application/json (its parameters aside, any case), no Content-MD5 to
 * check, not an upgrade.
 */
function plainJsonPost(req: IncomingMessage, maxBytes: number): boolean {
  const { headers } = req;
  const type = headers['content-type'];
  if (type === undefined || !hasPlainBody(req, maxBytes)) return false;
  const semicolon = type.indexOf(';');
  if ((semicolon === -1 ? type : type.slice(0, semicolon)).toLowerCase() !== 'application/json') return false;
  return headers['content-md5'] === undefined && headers.upgrade === undefined;
}
