/**
 * The limits /api/messages holds an activity to, shared by the schema (activityShape.ts) and its quick check
 * (activityFastCheck.ts) so each lives in one place. Slack and the playground have their own signed or local
 * endpoints: their channel ids are refused here (an unauthenticated caller could otherwise claim their identities).
 */
/** ids and names */
export const MAX_ID = 512;
/** entities, attachments, members */
export const MAX_LIST = 100;
/** an activity's type, a role, a conversation type, a timestamp */
export const MAX_SHORT = 64;
export const MAX_ENTITY_TYPE = 100;
export const MAX_CONTENT_TYPE = 256;
export const MAX_URL = 2048;
export const MAX_TEXT = 28_000;
/** textFormat, locale */
export const MAX_TAG = 32;
export const REFUSED_CHANNELS: ReadonlySet<string> = new Set(['slack', 'playground']);
