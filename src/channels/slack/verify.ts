import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack's replay window: a request signed longer ago than this (or this far ahead) is refused. */
export const SLACK_TIMESTAMP_WINDOW_SECONDS = 5 * 60;

export interface SignedRequest {
  rawBody: string;
  signature: string | undefined;
  timestamp: string | undefined;
}

/**
 * True when a request is Slack's: a non-empty body, a timestamp within five minutes of now (either way), and a v0
 * signature over `v0:<timestamp>:<raw body>` made with the signing secret, as Slack documents it. One HMAC and a
 * constant-time compare: Bolt's `isValidSlackRequest` (used before) compares through tsscmp, which draws 32 random
 * bytes and computes two more HMACs per request, 15–20% of an ack's CPU (docs/benchmarks.md, "Session 5: perf-slack").
 * The signed text takes the timestamp as Bolt did (the header's number, so leading zeros are not part of it).
 */
export function isSignedBySlack(request: SignedRequest, signingSecret: string, nowMs: number = Date.now()): boolean {
  if (!signingSecret || request.rawBody.length === 0) return false;
  if (!request.signature || !request.timestamp || !/^\d{1,12}$/.test(request.timestamp)) return false;
  const timestamp = Number(request.timestamp);
  if (Math.abs(Math.floor(nowMs / 1000) - timestamp) > SLACK_TIMESTAMP_WINDOW_SECONDS) return false;
  const expected = Buffer.from(`v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${request.rawBody}`).digest('hex')}`);
  const given = Buffer.from(request.signature);
  // The length of a valid signature is public; only its content is compared in constant time.
  return given.length === expected.length && timingSafeEqual(given, expected);
}
