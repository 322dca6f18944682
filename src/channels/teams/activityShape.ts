import { z } from 'zod';
import { cardValueSchema } from '../cardValue';
import { plainlyWellFormed } from './activityFastCheck';
import { MAX_CONTENT_TYPE, MAX_ENTITY_TYPE, MAX_ID, MAX_LIST, MAX_SHORT, MAX_TAG, MAX_TEXT, MAX_URL, REFUSED_CHANNELS } from './activityLimits';

/**
 * What /api/messages accepts before botbuilder sees it: a Bot Framework activity whose fields the bot reads have
 * the Bot Framework's shapes (Activity, ChannelAccount, ConversationAccount, Entity/Mention, Attachment), from a
 * channel this route serves. A malformed field is a 400 here, never a TypeError inside a turn. Unknown fields are
 * kept (channels add their own). Slack and the playground have their own signed or local endpoints, so their
 * channel ids are refused here (an unauthenticated caller could otherwise claim a Slack or playground identity).
 */

const id = z.string().min(1).max(MAX_ID);
const optionalText = (max: number) => z.string().max(max).optional();
const instant = z
  .string()
  .max(MAX_SHORT)
  .refine((text) => !Number.isNaN(Date.parse(text)), 'must be a date-time');

const channelAccount = z.looseObject({ id, name: optionalText(MAX_ID), aadObjectId: optionalText(MAX_ID), role: optionalText(MAX_SHORT) });
const conversationAccount = z.looseObject({
  id,
  name: optionalText(MAX_ID),
  tenantId: optionalText(MAX_ID),
  conversationType: optionalText(MAX_SHORT),
  isGroup: z.boolean().optional(),
});
// A mention names who is mentioned and the text to strip: botbuilder's removeMentionText reads both.
const entity = z.looseObject({ type: z.string().min(1).max(MAX_ENTITY_TYPE) }).superRefine((value, ctx) => {
  if (value.type.toLowerCase() !== 'mention') return;
  if (!channelAccount.safeParse(value.mentioned).success)
    ctx.addIssue({ code: 'custom', path: ['mentioned'], message: 'a mention names who is mentioned (an account with an id)' });
  if (typeof value.text !== 'string' || value.text.length > MAX_ID) ctx.addIssue({ code: 'custom', path: ['text'], message: 'a mention carries its text' });
});
const attachment = z.looseObject({ contentType: z.string().min(1).max(MAX_CONTENT_TYPE), contentUrl: optionalText(MAX_URL), name: optionalText(MAX_ID) });

/** Every activity: what routing and authentication read. */
const envelope = z.looseObject({
  type: z.string().min(1).max(MAX_SHORT),
  channelId: id.refine((channel) => !REFUSED_CHANNELS.has(channel), 'is not served on this endpoint'),
  id: optionalText(MAX_ID),
});

/** Messages and conversation updates run the turn: everything the turn handler and the dialogs read. */
const turnActivity = envelope.extend({
  serviceUrl: z
    .string()
    .max(MAX_URL)
    .regex(/^https?:\/\//, 'must be an http(s) URL'),
  from: channelAccount,
  recipient: channelAccount,
  conversation: conversationAccount,
  text: optionalText(MAX_TEXT),
  textFormat: optionalText(MAX_TAG),
  locale: optionalText(MAX_TAG),
  replyToId: optionalText(MAX_ID),
  timestamp: instant.optional(),
  localTimestamp: instant.optional(),
  value: cardValueSchema.nullable().optional(),
  entities: z.array(entity).max(MAX_LIST).optional(),
  attachments: z.array(attachment).max(MAX_LIST).optional(),
  membersAdded: z.array(channelAccount).max(MAX_LIST).optional(),
  membersRemoved: z.array(channelAccount).max(MAX_LIST).optional(),
  channelData: z.looseObject({ tenant: z.looseObject({ id: optionalText(MAX_ID) }).optional() }).optional(),
});

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'body';
  return `${where}: ${issue?.message ?? 'invalid'}`;
}

/** The problem with an incoming activity, in words, or undefined when it may be processed. */
export function activityProblem(body: unknown): string | undefined {
  // The usual activity is plainly well-formed; the schema judges (and words) everything else.
  if (plainlyWellFormed(body)) return undefined;
  return schemaProblem(body);
}

/** The schema's verdict alone (tests hold the quick check to it). */
export function schemaProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'The body must be a Bot Framework activity (a JSON object with a type).';
  const outer = envelope.safeParse(body);
  if (!outer.success) return `Not a Bot Framework activity this endpoint serves: ${describe(outer.error)}.`;
  if (outer.data.type !== 'message' && outer.data.type !== 'conversationUpdate') return undefined; // acknowledged, not acted on
  const turn = turnActivity.safeParse(body);
  if (!turn.success) return `The activity does not have the Bot Framework's shape: ${describe(turn.error)}.`;
  // botbuilder strips a mention of the bot from the text, so such a mention needs text to strip it from.
  const mentionsBot = (turn.data.entities ?? []).some(
    (e) => e.type.toLowerCase() === 'mention' && (e.mentioned as { id?: string } | undefined)?.id === turn.data.recipient.id,
  );
  if (mentionsBot && turn.data.text === undefined)
    return "The activity does not have the Bot Framework's shape: text: a message mentioning the bot carries text.";
  return undefined;
}
