import pino, { type Logger } from 'pino';

/**
 * Structured JSON logs. Redaction is a second line of defence: code logs ids, never contact details or
 * secrets, but if a whole object slips through, these paths are masked.
 */
export const REDACTED_PATHS = [
  '*.password',
  '*.secret',
  '*.token',
  '*.authorization',
  '*.email',
  '*.phone',
  '*.firstName',
  '*.lastName',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers["x-slack-signature"]',
  'contact',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { service: 'reservation-desk' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, destination);
}

export type { Logger };
