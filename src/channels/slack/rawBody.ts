import type { IncomingMessage } from 'node:http';
import { InvalidInputError } from '../../errors';

/** Slack payloads are small; anything larger is refused before it is read whole. */
export const MAX_SLACK_BODY_BYTES = 256 * 1024;

/**
 * The request body exactly as sent: Slack signs the raw bytes, so nothing may parse them before the check.
 * Routes that call this have no body parser in front of them.
 */
export async function readRawBody(req: IncomingMessage, maxBytes: number = MAX_SLACK_BODY_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > maxBytes) throw new InvalidInputError(`A Slack request body is larger than ${maxBytes} bytes.`, { reason: 'body-too-large' });
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** application/x-www-form-urlencoded → fields (the first value of a repeated field wins). */
export function parseForm(body: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(body)) if (!(name in fields)) fields[name] = value;
  return fields;
}
