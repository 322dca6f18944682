import type { Request, Response, Server } from 'restify';
import { DeskError, InvalidInputError } from '../../errors';
import type { Logger } from '../../log';
import type { RouteModule } from '../../server';
import { blockActionTurn, commandTurn, eventTurn, type SlackTurn } from './activities';
import { SLACK_BUSY_TEXT, type SlackBridge } from './bridge';
import { parseForm, readRawBody } from './rawBody';
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

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
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

/**
 * Slack's HTTP endpoints on the bot's server. Every request is checked before anything else: Slack's signature
 * over the raw body, within five minutes; anything else is 401 and changes nothing. A verified request is
 * acknowledged at once, and its turn runs after the answer has gone (SlackBridge's bounded queue; when it is full,
 * the person is told to try again).
 */
export function slackRoutes(signingSecret: string, bridge: SlackBridge, log: Logger): RouteModule {
  const mount = (server: Server, path: string, handler: Handler): void => {
    server.post(path, async (req: Request, res: Response) => {
      let rawBody: string;
      try {
        rawBody = await readRawBody(req);
      } catch (err) {
        res.send(413, { error: err instanceof Error ? err.message : 'body too large' });
        return;
      }
      if (path === SLACK_ROUTES.commands && /(^|&)ssl_check=1(&|$)/.test(rawBody) && !/(^|&)command=/.test(rawBody)) {
        // Slack's certificate check is not signed (Bolt answers it before verifying too); it runs nothing.
        res.send(200);
        return;
      }
      if (!isSignedBySlack({ rawBody, signature: header(req, 'x-slack-signature'), timestamp: header(req, 'x-slack-request-timestamp') }, signingSecret)) {
        log.warn({ route: path }, 'slack: request refused (signature, timestamp or body)');
        res.send(401, { error: 'The request is not signed by Slack, or it is too old.' });
        return;
      }
      let outcome: ReturnType<Handler>;
      try {
        outcome = handler(rawBody);
      } catch (err) {
        // Anything a payload's content can make the parsing code throw is the payload's fault: 400, nothing changes.
        if (err instanceof DeskError || err instanceof SyntaxError || err instanceof TypeError) {
          log.warn({ route: path, err: err.message }, 'slack: payload refused');
          // Slack shows a command's 200 answer to the person who typed it; anything else is a plain 400.
          if (path === SLACK_ROUTES.commands && err instanceof DeskError) res.send(200, { response_type: 'ephemeral', text: err.message });
          else res.send(400, { error: err.message });
          return;
        }
        throw err;
      }
      const retry = header(req, 'x-slack-retry-num');
      if (retry) log.info({ route: path, retry, reason: header(req, 'x-slack-retry-reason') }, 'slack: retried request');
      // Queued (or refused) before the ack, but started only after it: no turn work delays the answer.
      const refused = outcome.turn !== undefined && !bridge.dispatch(outcome.turn);
      // A command's ack is shown to the person who typed it, so it carries the busy note itself.
      const reply = refused && path === SLACK_ROUTES.commands ? { status: 200, body: { response_type: 'ephemeral', text: SLACK_BUSY_TEXT } } : outcome.reply;
      if (reply.body === undefined) {
        res.status(reply.status);
        res.end();
      } else {
        res.send(reply.status, reply.body);
      }
      if (refused && reply === outcome.reply && outcome.turn) bridge.tellBusy(outcome.turn);
    });
  };
  return {
    register(server: Server) {
      mount(server, SLACK_ROUTES.commands, onCommand);
      mount(server, SLACK_ROUTES.interactivity, onInteraction);
      mount(server, SLACK_ROUTES.events, onEvent);
    },
  };
}
