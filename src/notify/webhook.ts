import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Request, Response, Server } from 'restify';
import { parseIsoInstant } from '../domain/dates';
import { parseDecimalString } from '../domain/money';
import { InvalidInputError } from '../errors';
import type { Logger } from '../log';
import type { Clock } from '../ports/clock';
import type { CreditEvent } from '../ports/credits';
import type { RouteModule } from '../server';
import type { CreditSync } from './creditSync';

export const CREDITS_WEBHOOK_PATH = '/api/credits';
export const MAX_WEBHOOK_BODY_BYTES = 64 * 1024;
/** A signed request older or newer than this (by its timestamp) is refused: a captured request cannot be replayed later. */
export const REPLAY_WINDOW_MS = 5 * 60 * 1000;
export const TIMESTAMP_HEADER = 'x-desk-timestamp';
export const SIGNATURE_HEADER = 'x-desk-signature';

/** HMAC-SHA256 (hex) of `${timestamp}.${rawBody}` with the shared secret: what a sender puts in X-Desk-Signature. */
export function signCreditsWebhook(secret: string, timestamp: string, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
}

/** True only for a signature made with the secret over this timestamp and body, within the replay window. */
export function verifyCreditsWebhook(secret: string, timestamp: string | undefined, signature: string | undefined, rawBody: string, nowMs: number): boolean {
  if (!timestamp || !signature || !/^\d{1,13}$/.test(timestamp) || !/^[0-9a-f]{64}$/i.test(signature)) return false;
  if (Math.abs(nowMs - Number(timestamp) * 1000) > REPLAY_WINDOW_MS) return false;
  const expected = Buffer.from(signCreditsWebhook(secret, timestamp, rawBody), 'hex');
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}

class BodyTooLargeError extends InvalidInputError {}

async function readRawBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw new BodyTooLargeError(`The body is larger than ${maxBytes} bytes.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > maxBytes) throw new BodyTooLargeError(`The body is larger than ${maxBytes} bytes.`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The body: { ticketId, amount, currency, creditedAt }; anything else is refused with the field named. */
export function parseCreditBody(raw: string): Omit<CreditEvent, 'creditId' | 'reservationId'> {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new InvalidInputError('The body is not JSON.');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new InvalidInputError('The body must be a JSON object.');
  const b = body as Record<string, unknown>;
  if (typeof b.ticketId !== 'string' || !/^[A-Za-z0-9._:-]{1,100}$/.test(b.ticketId))
    throw new InvalidInputError('ticketId must be a support ticket id.', { field: 'ticketId' });
  if (typeof b.currency !== 'string' || !/^[A-Z]{3}$/.test(b.currency))
    throw new InvalidInputError('currency must be an ISO 4217 code such as EUR.', { field: 'currency' });
  const amount = parseDecimalString(b.amount, 4);
  if (typeof b.amount !== 'string' || !amount || !amount.isPositive() || amount.isZero())
    throw new InvalidInputError('amount must be a positive decimal string such as "708.82".', { field: 'amount' });
  const creditedAt = typeof b.creditedAt === 'string' ? parseIsoInstant(b.creditedAt) : undefined;
  if (!creditedAt) throw new InvalidInputError('creditedAt must be an ISO 8601 time with a zone.', { field: 'creditedAt' });
  return { ticketId: b.ticketId, amount: b.amount, currency: b.currency, creditedAt };
}

/**
 * POST /api/credits: a signed credit from the partner's own back office (see docs/notifications.md). The raw body
 * is read here (the signature covers its bytes); nothing changes unless the signature is good.
 */
export function creditsWebhookRoutes(options: { secret: string; sync: CreditSync; log: Logger; wallClock: Clock }): RouteModule {
  const { secret, sync, log, wallClock } = options;
  return {
    register(server: Server) {
      server.post(CREDITS_WEBHOOK_PATH, async (req: Request, res: Response) => {
        let raw: string;
        try {
          raw = await readRawBody(req, MAX_WEBHOOK_BODY_BYTES);
        } catch (err) {
          res.send(err instanceof BodyTooLargeError ? 413 : 400, { error: err instanceof Error ? err.message : 'unreadable body' });
          return;
        }
        const timestamp = req.headers[TIMESTAMP_HEADER];
        const signature = req.headers[SIGNATURE_HEADER];
        if (
          !verifyCreditsWebhook(
            secret,
            typeof timestamp === 'string' ? timestamp : undefined,
            typeof signature === 'string' ? signature : undefined,
            raw,
            wallClock.now().getTime(),
          )
        ) {
          log.warn({ route: CREDITS_WEBHOOK_PATH }, 'credits webhook: bad or stale signature');
          res.send(401, { error: 'bad signature' });
          return;
        }
        let body: ReturnType<typeof parseCreditBody>;
        try {
          body = parseCreditBody(raw);
        } catch (err) {
          res.send(400, { error: err instanceof Error ? err.message : 'bad body' });
          return;
        }
        try {
          const outcome = await sync.applyCredit({ ...body, creditId: `webhook:${body.ticketId}`, reservationId: '' });
          if (outcome.kind === 'unknown-ticket') {
            res.send(404, { error: 'no request has this ticket' });
            return;
          }
          if (outcome.kind === 'implausible') {
            res.send(422, { error: `the credit does not fit its request: ${outcome.reason}; nothing changed`, requestId: outcome.record.id });
            return;
          }
          if (outcome.kind === 'not-creditable') {
            res.send(409, { error: `the request is ${outcome.record.state}`, requestId: outcome.record.id, state: outcome.record.state });
            return;
          }
          res.send(200, { requestId: outcome.record.id, state: outcome.record.state, alreadyCredited: outcome.kind === 'already-credited' });
        } catch (err) {
          log.error({ err: err instanceof Error ? err.message : String(err) }, 'credits webhook failed');
          res.send(500, { error: 'internal error' });
        }
      });
    },
  };
}
