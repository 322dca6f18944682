import type { ConnectorClient } from 'botframework-connector';
import { createSerializer } from 'botbuilder-stdlib/lib/azureCoreHttpCompat';
import * as Mappers from 'botframework-connector/lib/connectorApi/models/mappers';
import { ConversationIdHttpHeaderName } from 'botframework-connector/lib/conversationConstants';
import { wireActivity } from '../../../src/channels/teams/lightConnector';

/**
 * The reference for the sender of our own: send, reply and update as the desk made them before it, on the connector
 * client's own pipeline (sendOperationRequest, its policies, signing and Node client) with the activity's known
 * fields as they are (an Object body instead of the Activity mapper, which orders the fields its own way).
 */
type Json = Record<string, unknown>;
type OperationSpec = Parameters<ConnectorClient['sendOperationRequest']>[1];

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
const spec = (httpMethod: string, path: string, extra: Json = {}) =>
  ({ httpMethod, path, urlParameters: [conversationId, activityId], requestBody: activityAsIs, responses, serializer, ...extra }) as unknown as OperationSpec;
const SEND = spec('POST', 'v3/conversations/{conversationId}/activities', { urlParameters: [conversationId] });
const REPLY = spec('POST', 'v3/conversations/{conversationId}/activities/{activityId}', {
  headerParameters: [{ parameterPath: 'conversationId', mapper: { serializedName: ConversationIdHttpHeaderName, type: { name: 'String' } } }],
});
const UPDATE = spec('PUT', 'v3/conversations/{conversationId}/activities/{activityId}');

export function pipelineSends(client: ConnectorClient): ConnectorClient {
  const conversations = client.conversations as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  conversations.sendToConversation = (id, activity) => client.sendOperationRequest({ conversationId: id, activity: wireActivity(activity as Json) }, SEND);
  conversations.replyToActivity = (id, replyTo, activity) =>
    client.sendOperationRequest({ conversationId: id, activityId: replyTo, activity: wireActivity(activity as Json) }, REPLY);
  conversations.updateActivity = (id, updated, activity) =>
    client.sendOperationRequest({ conversationId: id, activityId: updated, activity: wireActivity(activity as Json) }, UPDATE);
  return client;
}
