import { RestError, createHttpHeaders, createPipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
// The connector's own mappers and serializer (botbuilder's dependency, pinned with it at 4.23.x).
import { createSerializer } from 'botbuilder-stdlib/lib/azureCoreHttpCompat';
import * as Mappers from 'botframework-connector/lib/connectorApi/models/mappers';
import type { ConnectorAnswer, ConnectorRequest } from './pipeline';
import { ConnectorSendError } from './transport';

/**
 * How the connector client reads the answer to send, reply and update (core-client's deserialization of these
 * operations): 200, 201 and 202 are a ResourceResponse; any other status is a RestError carrying statusCode, the
 * Bot Connector's error code and message, `details`, and the response with its headers (Retry-After for a 429).
 * Callers (botbuilder, src/notify/proactiveSenders.ts) read those fields; tests compare them with the connector's.
 */
const serializer = createSerializer(Mappers as unknown as Parameters<typeof createSerializer>[0]);
const SUCCESS = new Set([200, 201, 202]);
const JSON_TYPES = ['application/json', 'text/json'];
const XML_TYPES = ['application/xml', 'application/atom+xml'];

type Json = Record<string, unknown>;
type Mapper = Parameters<typeof serializer.deserialize>[0];

interface ReadAnswer {
  response: PipelineResponse & { parsedBody?: unknown };
  request: ConnectorRequest;
}

/** The operation's result, or the RestError the connector would throw. */
export function resultOf(request: ConnectorRequest, answer: ConnectorAnswer): Json {
  const read: ReadAnswer = { request, response: responseOf(request, answer) };
  parseBody(read);
  const { response } = read;
  if (!SUCCESS.has(answer.status)) throw errorOf(read);
  let body: unknown;
  try {
    body = serializer.deserialize(Mappers.ResourceResponse as Mapper, response.parsedBody, 'operationRes.parsedBody');
  } catch (error) {
    throw withDetails(
      new RestError(`Error ${String(error)} occurred in deserializing the responseBody - ${answer.bodyAsText}`, {
        statusCode: answer.status,
        request: response.request,
        response,
      }),
    );
  }
  response.parsedBody = body;
  const result = { ...(body as Json) };
  Object.defineProperty(result, '_response', { value: response });
  return result;
}

/** A request that never got an answer: the RestError the connector's Node client throws. */
export function sendFailureOf(request: ConnectorRequest, error: unknown): unknown {
  if (!(error instanceof ConnectorSendError)) return error;
  return new RestError(error.message, { code: error.code, request: pipelineRequestOf(request) });
}

function pipelineRequestOf(request: ConnectorRequest) {
  return createPipelineRequest({
    url: new URL(request.path, request.target.base).toString(),
    method: request.method as 'POST',
    headers: createHttpHeaders(request.headers),
    body: request.body,
  });
}

function responseOf(request: ConnectorRequest, answer: ConnectorAnswer): ReadAnswer['response'] {
  return { status: answer.status, headers: createHttpHeaders(answer.headers), request: pipelineRequestOf(request), bodyAsText: answer.bodyAsText };
}

/** JSON when the content type says so or says nothing; XML is refused as the connector refuses it; else no body. */
function parseBody({ response }: ReadAnswer): void {
  const text = response.bodyAsText;
  if (!text) return;
  const contentType = response.headers.get('Content-Type') || '';
  const parts = contentType ? contentType.split(';').map((part) => part.toLowerCase()) : [];
  try {
    if (parts.length === 0 || parts.some((part) => JSON_TYPES.includes(part))) response.parsedBody = JSON.parse(text);
    else if (parts.some((part) => XML_TYPES.includes(part))) throw new Error('Parsing XML not supported.');
  } catch (error) {
    throw withDetails(
      new RestError(`Error "${String(error)}" occurred while parsing the response body - ${text}.`, {
        code: (error as { code?: string }).code || RestError.PARSE_ERROR,
        statusCode: response.status,
        request: response.request,
        response,
      }),
    );
  }
}

/** A status the operation does not expect: the Bot Connector's ErrorResponse, its code and message on the error. */
function errorOf({ response }: ReadAnswer): RestError {
  const error = new RestError(response.bodyAsText as string, { statusCode: response.status, request: response.request, response });
  const parsed = response.parsedBody as Json | undefined;
  try {
    if (parsed) {
      const deserialized = serializer.deserialize(Mappers.ErrorResponse as Mapper, parsed, 'error.response.parsedBody') as Json | undefined;
      const inner = (parsed.error || deserialized || parsed) as { code?: string; message?: string };
      error.code = inner.code;
      if (inner.message) error.message = inner.message;
      response.parsedBody = deserialized;
    }
  } catch (failure) {
    error.message = `Error "${(failure as Error).message}" occurred in deserializing the responseBody - "${response.bodyAsText}" for the default response.`;
  }
  return withDetails(error);
}

/** `details`: the response body as the operation's result would have been (core-client's ServiceClient sets it). */
function withDetails(error: RestError): RestError {
  const body = (error.response as { parsedBody?: unknown } | undefined)?.parsedBody;
  error.details = { ...(body as Json) };
  return error;
}
