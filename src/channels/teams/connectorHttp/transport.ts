import { AnswerReadError, sendOverNode } from '../../../http/nodeRequest';
import type { ConnectorAnswer, ConnectorRequest } from './pipeline';

/** A failure to reach the service: `code` is Node's (ECONNRESET, ECONNREFUSED, ...), read by the retry policy. */
export class ConnectorSendError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'ConnectorSendError';
  }
}

/**
 * Sends over node:http/https (src/http/nodeRequest.ts, keep-alive) and reads the whole answer as UTF-8 text,
 * decoding gzip or deflate when the request asked for them, as the connector's own Node client does.
 */
export async function nodeTransport(request: ConnectorRequest): Promise<ConnectorAnswer> {
  const { target, signal } = request;
  try {
    const answer = await sendOverNode({
      secure: target.secure,
      hostname: target.hostname,
      port: target.port,
      path: request.path,
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal,
      decode: request.headers['Accept-Encoding'] !== undefined,
    });
    const headers: Record<string, string> = {};
    for (const name in answer.headers) {
      const value = answer.headers[name];
      const first = Array.isArray(value) ? value[0] : value;
      if (first) headers[name] = first;
    }
    return { status: answer.status, headers, bodyAsText: answer.body.toString('utf8') };
  } catch (error) {
    if (error instanceof AnswerReadError) throw new ConnectorSendError(`Error reading response as text: ${error.cause.message}`, 'PARSE_ERROR');
    const failure = error as Error & { code?: string };
    throw signal?.aborted ? failure : new ConnectorSendError(failure.message, failure.code ?? 'REQUEST_SEND_ERROR');
  }
}
