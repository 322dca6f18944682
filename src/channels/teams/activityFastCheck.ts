/**
 * A quick yes for the activities /api/messages sees all day: true only when every field the Bot Framework schema in
 * activityShape.ts checks is plainly well-formed. Anything else — a malformed field, or merely something this check
 * does not know how to judge — answers false and goes to the schema, which decides and words the 400. So the check
 * may be narrower than the schema, never wider (test/channels/teams/activityFastCheck.test.ts proves it over tables
 * and generated activities): the route accepts and refuses exactly what the schema does, at a fraction of its cost.
 */
import { CARD_VALUE_LIMITS } from '../cardValue';
import { MAX_CONTENT_TYPE, MAX_ENTITY_TYPE, MAX_ID, MAX_LIST, MAX_SHORT, MAX_TAG, MAX_TEXT, MAX_URL, REFUSED_CHANNELS } from './activityLimits';

type Fields = Record<string, unknown>;

const { fields: MAX_CARD_FIELDS, text: MAX_CARD_TEXT, name: MAX_CARD_NAME } = CARD_VALUE_LIMITS;

const isFields = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown, min: number, max: number): value is string => typeof value === 'string' && value.length >= min && value.length <= max;
const optionalText = (value: unknown, max: number) => value === undefined || isText(value, 0, max);
const isId = (value: unknown) => isText(value, 1, MAX_ID);
const optionalInstant = (value: unknown) => value === undefined || (isText(value, 0, MAX_SHORT) && !Number.isNaN(Date.parse(value)));

function isAccount(value: unknown): boolean {
  return (
    isFields(value) && isId(value.id) && optionalText(value.name, MAX_ID) && optionalText(value.aadObjectId, MAX_ID) && optionalText(value.role, MAX_SHORT)
  );
}

function isConversation(value: unknown): boolean {
  return (
    isFields(value) &&
    isId(value.id) &&
    optionalText(value.name, MAX_ID) &&
    optionalText(value.tenantId, MAX_ID) &&
    optionalText(value.conversationType, MAX_SHORT) &&
    (value.isGroup === undefined || typeof value.isGroup === 'boolean')
  );
}

function isListOf(value: unknown, item: (entry: unknown) => boolean): boolean {
  if (value === undefined) return true;
  if (!Array.isArray(value) || value.length > MAX_LIST) return false;
  for (const entry of value) if (!item(entry)) return false;
  return true;
}

function isEntity(value: unknown): boolean {
  if (!isFields(value) || !isText(value.type, 1, MAX_ENTITY_TYPE)) return false;
  if (value.type.toLowerCase() !== 'mention') return true;
  return isAccount(value.mentioned) && isText(value.text, 0, MAX_ID);
}

function isAttachment(value: unknown): boolean {
  return isFields(value) && isText(value.contentType, 1, MAX_CONTENT_TYPE) && optionalText(value.contentUrl, MAX_URL) && optionalText(value.name, MAX_ID);
}

/** A card click's value: flat JSON scalars, at most CARD_VALUE_LIMITS.fields fields, rd/action/label as text (src/channels/cardValue.ts). */
function isCardValue(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (!isFields(value) || Object.getPrototypeOf(value) !== Object.prototype) return false;
  let fields = 0;
  for (const key in value) {
    if (!Object.hasOwn(value, key) || key.length > MAX_CARD_NAME || key === '__proto__' || ++fields > MAX_CARD_FIELDS) return false;
    const field = value[key];
    if (typeof field === 'string') {
      if (field.length > MAX_CARD_TEXT) return false;
    } else if (key === 'rd' || key === 'action' || key === 'label') return false;
    else if (!(field === null || typeof field === 'boolean' || (typeof field === 'number' && Number.isFinite(field)))) return false;
  }
  return true;
}

function isChannelData(value: unknown): boolean {
  if (value === undefined) return true;
  if (!isFields(value)) return false;
  return value.tenant === undefined || (isFields(value.tenant) && optionalText(value.tenant.id, MAX_ID));
}

/** Whether the activity plainly passes the schema; false means "ask the schema", not "malformed". */
export function plainlyWellFormed(body: unknown): boolean {
  if (!isFields(body)) return false;
  const { type, channelId } = body;
  if (!isText(type, 1, MAX_SHORT) || !isId(channelId) || REFUSED_CHANNELS.has(channelId as string) || !optionalText(body.id, MAX_ID)) return false;
  if (type !== 'message' && type !== 'conversationUpdate') return true;
  const wellFormed =
    isText(body.serviceUrl, 0, MAX_URL) &&
    /^https?:\/\//.test(body.serviceUrl) &&
    isAccount(body.from) &&
    isAccount(body.recipient) &&
    isConversation(body.conversation) &&
    optionalText(body.text, MAX_TEXT) &&
    optionalText(body.textFormat, MAX_TAG) &&
    optionalText(body.locale, MAX_TAG) &&
    optionalText(body.replyToId, MAX_ID) &&
    optionalInstant(body.timestamp) &&
    optionalInstant(body.localTimestamp) &&
    isCardValue(body.value) &&
    isListOf(body.entities, isEntity) &&
    isListOf(body.attachments, isAttachment) &&
    isListOf(body.membersAdded, isAccount) &&
    isListOf(body.membersRemoved, isAccount) &&
    isChannelData(body.channelData);
  // A message mentioning anyone without text goes to the schema's own check (a mention of the bot needs text).
  return (
    wellFormed &&
    (body.text !== undefined || body.entities === undefined || !(body.entities as Array<{ type: string }>).some((e) => e.type.toLowerCase() === 'mention'))
  );
}
