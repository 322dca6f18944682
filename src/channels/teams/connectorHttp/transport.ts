import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
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

// One keep-alive agent per protocol for every connector client, as the connector's own Node client keeps one.
const httpAgent = new http.Agent({ keepAlive: true });
const httpsAgent = new https.Agent({ keepAlive: true });

/**
 * Sends over node:http/https and reads the whole answer as UTF-8 text, decoding gzip or deflate when the request
 * asked for them. Node adds Host and Connection after the request's own headers, as it does for the connector.
 */
export function nodeTransport(request: ConnectorRequest): Promise<ConnectorAnswer> {
  const { target, signal } = request;
  const options: http.RequestOptions = {
    agent: target.secure ? httpsAgent : httpAgent,
    hostname: target.hostname,
    port: target.port,
    path: request.path,
    method: request.method,
    headers: request.headers,
    signal,
  };
  return new Promise((resolve, reject) => {
    const req = (target.secure ? https : http).request(options, (res) => {
      const headers: Record<string, string> = {};
      for (const name in res.headers) {
        const value = res.headers[name];
        const first = Array.isArray(value) ? value[0] : value;
        if (first) headers[name] = first;
      }
      const encoding = headers['content-encoding'];
      const decode = request.headers['Accept-Encoding'] === undefined ? undefined : encoding;
      const stream = decode === 'gzip' ? res.pipe(zlib.createGunzip()) : decode === 'deflate' ? res.pipe(zlib.createInflate()) : res;
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.once('end', () => resolve({ status: res.statusCode ?? 0, headers, bodyAsText: Buffer.concat(chunks).toString('utf8') }));
      stream.once('error', (error: Error & { code?: string }) =>
        reject(new ConnectorSendError(`Error reading response as text: ${error.message}`, 'PARSE_ERROR')),
      );
    });
    req.once('error', (error: Error & { code?: string }) =>
      reject(signal?.aborted ? error : new ConnectorSendError(error.message, error.code ?? 'REQUEST_SEND_ERROR')),
    );
    req.end(request.body);
  });
}
