import type { Request, Response, Next } from 'restify';

/**
 * Request bodies are taken as they are sent, never compressed. restify's body reader pipes a gzip or deflate body
 * through zlib without listening for its errors, so one request whose body is not what its Content-Encoding says
 * threw an uncaught exception and stopped the bot. No caller of the desk compresses what it sends (the Bot Framework
 * connector, Slack, the playground, a credits webhook), so any encoding but `identity` is refused here, before a
 * route or a body reader sees the request: 415, and nothing read or changed.
 */
export function refuseEncodedBodies(req: Request, res: Response, next: Next): void {
  const encoding = req.headers['content-encoding']?.trim().toLowerCase();
  if (!encoding || encoding === 'identity') {
    next();
    return;
  }
  res.send(415, { error: 'Content-Encoding is not accepted here: send the body uncompressed.' });
  next(false);
}
