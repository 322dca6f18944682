import { isValidSlackRequest } from '@slack/bolt';

/** Slack's replay window: a request signed longer ago than this (or this far ahead) is refused. */
export const SLACK_TIMESTAMP_WINDOW_SECONDS = 5 * 60;

export interface SignedRequest {
  rawBody: string;
  signature: string | undefined;
  timestamp: string | undefined;
}

/**
 * True when a request is Slack's: a non-empty body, a timestamp within five minutes of now, and a v0 signature
 * over `v0:<timestamp>:<raw body>` made with the signing secret. The signature check itself is Bolt's
 * (`isValidSlackRequest`); Bolt only refuses old timestamps, so timestamps from the future are refused here too.
 */
export function isSignedBySlack(request: SignedRequest, signingSecret: string, nowMs: number = Date.now()): boolean {
  if (!signingSecret || request.rawBody.length === 0) return false;
  if (!request.signature || !request.timestamp || !/^\d{1,12}$/.test(request.timestamp)) return false;
  const timestamp = Number(request.timestamp);
  if (Math.abs(Math.floor(nowMs / 1000) - timestamp) > SLACK_TIMESTAMP_WINDOW_SECONDS) return false;
  return isValidSlackRequest({
    signingSecret,
    body: request.rawBody,
    headers: { 'x-slack-signature': request.signature, 'x-slack-request-timestamp': timestamp },
    nowMilliseconds: nowMs,
  });
}
