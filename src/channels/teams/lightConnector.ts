import type { ConnectorClient } from 'botframework-connector';
// The connector's own mappers and serializer (botbuilder's dependency, pinned with it at 4.23.x).
import { createSerializer } from 'botbuilder-stdlib/lib/azureCoreHttpCompat';
import * as Mappers from 'botframework-connector/lib/connectorApi/models/mappers';
import { ConversationIdHttpHeaderName } from 'botframework-connector/lib/conversationConstants';

type Json = Record<string, unknown>;
type OperationSpec = Parameters<ConnectorClient['sendOperationRequest']>[1];

/** The Activity fields the Bot Connector API knows: what its serializer would send, and nothing else. */
const ACTIVITY_FIELDS: ReadonlySet<string> = new Set(Object.keys((Mappers.Activity.type as { modelProperties: Json }).modelProperties));

// The activity goes out as an Object (JSON as it is, top-level fields filtered to the API's) instead of through the
// Activity mapper, whose serializer walks every field of every activity (13% of CPU in a profile) to produce the
// same JSON for the activities a bot sends. Everything else — URL, headers, the signing policy, the pipeline, how the
// answer and errors are read — is the operation as botframework-connector defines it.
const serializer = createSerializer(Mappers as unknown as Parameters<typeof createSerializer>[0]);
const activityAsIs = { parameterPath: 'activity', mapper: { serializedName: 'activity', required: true, type: { name: 'Object' } } };
const conversationId = { parameterPath: 'conversationId', mapper: { required: true, serializedName: 'conversationId', type: { name: 'String' } } };
const activityId = { parameterPath: 'activityId', mapper: { required: true, serializedName: 'activityId', type: { name: 'String' } } };
const responses = {
  200: { bodyMapper: Mappers.ResourceResponse },
  201: { bodyMapper: Mappers.ResourceResponse },
  202: { bodyMapper: Mappers.ResourceResponse },
  default: { bodyMapper: Mappers.ErrorResponse },
};
const SEND = {
  httpMethod: 'POST',
  path: 'v3/conversations/{conversationId}/activities',
  urlParameters: [conversationId],
  requestBody: activityAsIs,
  responses,
  serializer,
} as unknown as OperationSpec;
const REPLY = {
  httpMethod: 'POST',
  path: 'v3/conversations/{conversationId}/activities/{activityId}',
  urlParameters: [conversationId, activityId],
  headerParameters: [{ parameterPath: 'conversationId', mapper: { serializedName: ConversationIdHttpHeaderName, type: { name: 'String' } } }],
  requestBody: activityAsIs,
  responses,
  serializer,
} as unknown as OperationSpec;
const UPDATE = {
  httpMethod: 'PUT',
  path: 'v3/conversations/{conversationId}/activities/{activityId}',
  urlParameters: [conversationId, activityId],
  requestBody: activityAsIs,
  responses,
  serializer,
} as unknown as OperationSpec;

/** The activity as the API takes it: its known top-level fields that are set. */
export function wireActivity(activity: Json): Json {
  const wire: Json = {};
  for (const key in activity) if (ACTIVITY_FIELDS.has(key) && activity[key] !== undefined) wire[key] = activity[key];
  return wire;
}

/**
 * Gives a connector client lighter sends for what a bot does on every turn: send, reply, update. The client's
 * other operations are untouched.
 */
export function lightenConnector(client: ConnectorClient): ConnectorClient {
  const conversations = client.conversations as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  conversations.sendToConversation = (id, activity) => client.sendOperationRequest({ conversationId: id, activity: wireActivity(activity as Json) }, SEND);
  conversations.replyToActivity = (id, replyTo, activity) =>
    client.sendOperationRequest({ conversationId: id, activityId: replyTo, activity: wireActivity(activity as Json) }, REPLY);
  conversations.updateActivity = (id, updated, activity) =>
    client.sendOperationRequest({ conversationId: id, activityId: updated, activity: wireActivity(activity as Json) }, UPDATE);
  return client;
}
