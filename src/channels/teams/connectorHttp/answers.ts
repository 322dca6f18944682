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

type PipelineAnswer = PipelineResponse & { parsedBody?: unknown };

/** The operation's result, or the RestError the connector would throw. */
export function resultOf(request: ConnectorRequest, answer: ConnectorAnswer): Json {
  const parsed = parseBody(request, answer);
  if (!SUCCESS.has(answer.status)) throw errorOf(responseOf(request, answer, parsed));
  let body: unknown;
  try {
    // The Bot Connector's usual answer, {"id": "..."}, is what the ResourceResponse mapper makes of it.
    body = isIdOnly(parsed) ? { id: parsed.id } : serializer.deserialize(Mappers.ResourceResponse as Mapper, parsed, 'operationRes.parsedBody');
  } catch (error) {
    const response = responseOf(request, answer, parsed);
    throw withDetails(
      new RestError(`Error ${String(error)} occurred in deserializing the responseBody - ${answer.bodyAsText}`, {
        statusCode: answer.status,
        request: response.request,
        response,
      }),
    );
  }
  const result = { ...(body as Json) };
  // The raw response, as the connector client attaches it; built only if someone reads it.
  let response: PipelineAnswer | undefined;
  Object.defineProperty(result, '_response', {
    get: () => (response ??= { ...responseOf(request, answer, body) }),
  });
  return result;
}

function isIdOnly(parsed: unknown): parsed is { id: string } {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return false;
  let keys = 0;
  for (const key in parsed) if (key !== 'id' || ++keys > 1) return false;
  return keys === 1 && typeof (parsed as { id: unknown }).id === 'string';
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

function responseOf(request: ConnectorRequest, answer: ConnectorAnswer, parsedBody: unknown): PipelineAnswer {
  const response: PipelineAnswer = {
    status: answer.status,
    headers: createHttpHeaders(answer.headers),
    request: pipelineRequestOf(request),
    bodyAsText: answer.bodyAsText,
  };
  if (parsedBody !== undefined) response.parsedBody = parsedBody;
  return response;
}

/** JSON when the content type says so or says nothing; XML is refused as the connector refuses it; else no body. */
function parseBody(request: ConnectorRequest, answer: ConnectorAnswer): unknown {
  const text = answer.bodyAsText;
  if (!text) return undefined;
  const contentType = answer.headers['content-type'] || '';
  const parts = contentType ? contentType.split(';').map((part) => part.toLowerCase()) : [];
  try {
    if (parts.length === 0 || parts.some((part) => JSON_TYPES.includes(part))) return JSON.parse(text);
    if (parts.some((part) => XML_TYPES.includes(part))) throw new Error('Parsing XML not supported.');
    return undefined;
  } catch (error) {
    const response = responseOf(request, answer, undefined);
    throw withDetails(
      new RestError(`Error "${String(error)}" occurred while parsing the response body - ${text}.`, {
        code: (error as { code?: string }).code || RestError.PARSE_ERROR,
        statusCode: answer.status,
        request: response.request,
        response,
      }),
    );
  }
}

/** A status the operation does not expect: the Bot Connector's ErrorResponse, its code and message on the error. */
function errorOf(response: PipelineAnswer): RestError {
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
