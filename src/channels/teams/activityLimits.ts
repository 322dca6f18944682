/**
 * The limits /api/messages holds an activity to, shared by the schema (activityShape.ts) and its quick check
 * (activityFastCheck.ts) so each lives in one place. Slack and the playground have their own signed or local
 * endpoints: their channel ids are refused here (an unauthenticated caller could otherwise claim their identities).
 */
export const ACTIVITY_LIMITS = {
  /** ids and names */
  id: 512,
  /** entities, attachments, members */
  list: 100,
  /** an activity's type, a role, a conversation type, a timestamp */
  short: 64,
  entityType: 100,
  contentType: 256,
  url: 2048,
  text: 28_000,
  /** textFormat, locale */
  tag: 32,
} as const;
export const REFUSED_CHANNELS: ReadonlySet<string> = new Set(['slack', 'playground']);
