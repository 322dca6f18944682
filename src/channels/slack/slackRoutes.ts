import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Request, Response, Server } from 'restify';
import { DeskError, InvalidInputError } from '../../errors';
import type { Logger } from '../../log';
import type { RouteModule } from '../../server';
import { blockActionTurn, commandTurn, eventTurn, type SlackTurn } from './activities';
import { SLACK_BUSY_TEXT, type SlackBridge } from './bridge';
import { hasPlainBody, servePostsBeforeRestify } from '../../http/postsBeforeRestify';
import { MAX_SLACK_BODY_BYTES, parseForm, readRawBody } from './rawBody';
import { isSignedBySlack } from './verify';

/** The paths the Slack app manifest points at (manifest/slack; a test keeps the two in step). */
export const SLACK_ROUTES = {
  commands: '/api/slack/commands',
  interactivity: '/api/slack/interactivity',
  events: '/api/slack/events',
} as const;

type Reply = { status: number; body?: unknown };
type Handler = (rawBody: string) => { reply: Reply; turn?: SlackTurn };

const ACK: Reply = { status: 200 };

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseJson(text: string): Record<string, unknown> {
  const value = JSON.parse(text) as unknown;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new SyntaxError('not a JSON object');
  return value as Record<string, unknown>;
}

const onCommand: Handler = (rawBody) => {
  const form = parseForm(rawBody);
  // Slack checks a slash command's SSL certificate with ssl_check=1 (no command to run); it only needs a 200.
  if (form.ssl_check === '1') return { reply: ACK };
  return { reply: ACK, turn: commandTurn(form) };
};

const onInteraction: Handler = (rawBody) => {
  const payload = parseForm(rawBody).payload;
  if (payload === undefined) return { reply: { status: 400, body: { error: 'An interaction carries a payload field.' } } };
  return { reply: ACK, turn: blockActionTurn(parseJson(payload)) };
};

const onEvent: Handler = (rawBody) => {
  const envelope = parseJson(rawBody);
  if (envelope.type === 'url_verification') {
    if (typeof envelope.challenge !== 'string' || envelope.challenge.length > 200) throw new InvalidInputError('url_verification carries a challenge string.');
    return { reply: { status: 200, body: { challenge: envelope.challenge } } };
  }
  return { reply: ACK, turn: eventTurn(envelope) };
};

const HANDLERS: ReadonlyMap<string, Handler> = new Map([
  [SLACK_ROUTES.commands, onCommand],
  [SLACK_ROUTES.interactivity, onInteraction],
  [SLACK_ROUTES.events, onEvent],
]);

/**
 * What a Slack request is answered, from its raw body and headers: `sslCheck` for Slack's unsigned certificate
 * check (an empty 200), else the reply and what to do once it has gone. A verified request's turn is queued here
 * (or refused) but starts only after the reply is written. Throws only what a handler throws unexpectedly.
 */
type Decision = { sslCheck: true } | { sslCheck?: false; reply: Reply; afterReply?: () => void };

function decide(
  path: string,
  handler: Handler,
  rawBody: string,
  headers: IncomingHttpHeaders,
  signingSecret: string,
  bridge: SlackBridge,
  log: Logger,
): Decision {
  if (path === SLACK_ROUTES.commands && /(^|&)ssl_check=1(&|$)/.test(rawBody) && !/(^|&)command=/.test(rawBody)) {
    // Slack's certificate check is not signed (Bolt answers it before verifying too); it runs nothing.
    return { sslCheck: true };
  }
  if (!isSignedBySlack({ rawBody, signature: header(headers, 'x-slack-signature'), timestamp: header(headers, 'x-slack-request-timestamp') }, signingSecret)) {
    log.warn({ route: path }, 'slack: request refused (signature, timestamp or body)');
    return { reply: { status: 401, body: { error: 'The request is not signed by Slack, or it is too old.' } } };
  }
  let outcome: ReturnType<Handler>;
  try {
    outcome = handler(rawBody);
  } catch (err) {
    // Anything a payload's content can make the parsing code throw is the payload's fault: 400, nothing changes.
    if (err instanceof DeskError || err instanceof SyntaxError || err instanceof TypeError) {
      log.warn({ route: path, err: err.message }, 'slack: payload refused');
      // Slack shows a command's 200 answer to the person who typed it; anything else is a plain 400.
      if (path === SLACK_ROUTES.commands && err instanceof DeskError)
        return { reply: { status: 200, body: { response_type: 'ephemeral', text: err.message } } };
      return { reply: { status: 400, body: { error: err.message } } };
    }
    throw err;
  }
  const retry = header(headers, 'x-slack-retry-num');
  if (retry) log.info({ route: path, retry, reason: header(headers, 'x-slack-retry-reason') }, 'slack: retried request');
  const turn = outcome.turn;
  // Queued (or refused) before the ack, but started only after it: no turn work delays the answer.
  const refused = turn !== undefined && !bridge.dispatch(turn);
  if (!refused) return { reply: outcome.reply };
  // A command's ack is shown to the person who typed it, so it carries the busy note itself.
  if (path === SLACK_ROUTES.commands) return { reply: { status: 200, body: { response_type: 'ephemeral', text: SLACK_BUSY_TEXT } } };
  return { reply: outcome.reply, afterReply: () => bridge.tellBusy(turn) };
}

/** The reply as restify's `res.send` (a body: JSON) or `res.status` + `res.end` (none) writes it, byte for byte. */
function writeReply(res: ServerResponse, serverName: string, reply: Reply): void {
  if (reply.body === undefined) {
    // Headers set, not written: end() then sends Content-Length: 0 (writeHead would commit to a chunked empty body).
    res.statusCode = reply.status;
    if (serverName) res.setHeader('Server', serverName);
    res.end();
    return;
  }
  const headers: Record<string, string | number> = serverName ? { Server: serverName } : {};
  const data = JSON.stringify(reply.body);
  headers['Content-Type'] = 'application/json';
  headers['Content-Length'] = Buffer.byteLength(data);
  res.writeHead(reply.status, headers);
  res.end(data);
}

/**
 * Slack's HTTP endpoints on the bot's server. Every request is checked before anything else: Slack's signature
 * over the raw body, within five minutes; anything else is 401 and changes nothing. A verified request is
 * acknowledged at once, and its turn runs after the answer has gone (SlackBridge's bounded queue; when it is full,
 * the person is told to try again).
 *
 * The usual request (a POST with a plain Content-Length) is read and answered before restify, from the HTTP
 * server's request event: restify's request set-up, pre chain, router and formatter were a third of an ack's CPU,
 * and a burst of acks (64 people at once) waits for each one before it (docs/benchmarks.md, "Session 5:
 * perf-slack"). The answer's bytes are restify's. Anything else, and a body a handler throws on unexpectedly (its
 * raw body handed over, so restify answers as it always has), goes to the restify route.
 */
export function slackRoutes(signingSecret: string, bridge: SlackBridge, log: Logger): RouteModule {
  /** Bodies read before restify, for requests handed over to it. */
  const readBodies = new WeakMap<IncomingMessage, string>();
  const mount = (server: Server, path: string, handler: Handler): void => {
    server.post(path, async (req: Request, res: Response) => {
      let rawBody = readBodies.get(req);
      if (rawBody === undefined) {
        try {
          rawBody = await readRawBody(req);
        } catch (err) {
          res.send(413, { error: err instanceof Error ? err.message : 'body too large' });
          return;
        }
      }
      const decision = decide(path, handler, rawBody, req.headers, signingSecret, bridge, log);
      if (decision.sslCheck) {
        res.send(200);
        return;
      }
      if (decision.reply.body === undefined) {
        res.status(decision.reply.status);
        res.end();
      } else {
        res.send(decision.reply.status, decision.reply.body);
      }
      decision.afterReply?.();
    });
  };
  const serveBeforeRestify = (server: Server): void =>
    servePostsBeforeRestify(server, {
      wants: (req) => req.url !== undefined && HANDLERS.has(req.url) && hasPlainBody(req, MAX_SLACK_BODY_BYTES),
      take(rawBody, req, res) {
        const path = req.url as string;
        // A throw here comes before anything was queued: the restify route decides again and answers as it does.
        const decision = decide(path, HANDLERS.get(path)!, rawBody, req.headers, signingSecret, bridge, log);
        if (decision.sslCheck) return false;
        try {
          writeReply(res, server.name, decision.reply);
        } catch (err) {
          // Only writing to a connection already gone can fail here.
          log.warn({ route: path, err: err instanceof Error ? err.message : String(err) }, 'slack: could not answer');
          res.destroy();
        }
        decision.afterReply?.();
        return true;
      },
      handOver: (req, rawBody) => void readBodies.set(req, rawBody),
    });
  return {
    register(server: Server) {
      serveBeforeRestify(server);
      for (const [path, handler] of HANDLERS) mount(server, path, handler);
    },
  };
}
