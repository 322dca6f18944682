/**
 * What /api/messages accepts before botbuilder sees it: a Bot Framework activity with the fields the turn
 * handler relies on, from a channel this route serves. Slack and the playground have their own signed or
 * local endpoints, so their channel ids are refused here (an unauthenticated caller could otherwise claim a
 * Slack or playground identity).
 */
const REFUSED_CHANNELS = new Set(['slack', 'playground']);
const MAX_ID = 512;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isId = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= MAX_ID;

/** The problem with an incoming activity, in words, or undefined when it may be processed. */
export function activityProblem(body: unknown): string | undefined {
  if (!isObject(body) || typeof body.type !== 'string') return 'The body must be a Bot Framework activity (a JSON object with a type).';
  if (!isId(body.channelId)) return 'channelId is required.';
  if (REFUSED_CHANNELS.has(body.channelId)) return `channelId ${body.channelId} is not served on this endpoint.`;
  if (body.type !== 'message' && body.type !== 'conversationUpdate') return undefined; // acknowledged, not acted on
  if (!isObject(body.from) || !isId(body.from.id)) return 'from.id is required.';
  if (!isObject(body.recipient) || !isId(body.recipient.id)) return 'recipient.id is required.';
  if (!isObject(body.conversation) || !isId(body.conversation.id)) return 'conversation.id is required.';
  if (typeof body.serviceUrl !== 'string' || !/^https?:\/\//.test(body.serviceUrl)) return 'serviceUrl must be an http(s) URL.';
  if (body.text !== undefined && typeof body.text !== 'string') return 'text must be a string.';
  if (body.value !== undefined && body.value !== null && !isObject(body.value)) return 'value must be an object.';
  return undefined;
}
