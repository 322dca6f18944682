import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';

/**
 * The process's own outgoing HTTP calls on its hot paths (the Teams connector's sends, the Slack Web API): one request
 * over node:http(s) with one keep-alive agent per protocol, the whole answer read into memory. Each caller shapes
 * the answer and its failures as its client expects (src/channels/teams/connectorHttp, src/channels/slack/webApiFetch.ts).
 */
const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

export interface NodeRequest {
  secure: boolean;
  hostname: string;
  /** '' for the protocol's default port. */
  port: string;
  /** Path and query. */
  path: string;
  method: string;
  /** Sent in this order and case; Node adds Host and Connection after them. */
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** Inflate a gzip or deflate answer (the caller asked for one with Accept-Encoding). */
  decode?: boolean;
}

export interface NodeAnswer {
  status: number;
  statusText: string;
  /** As Node reads them: lower-case names, repeated values joined (set-cookie a list). */
  headers: http.IncomingHttpHeaders;
  /** Names and values as they came, in order. */
  rawHeaders: string[];
  body: Buffer;
}

/** The answer began but could not be read to its end (a cut connection, a body that does not inflate). */
export class AnswerReadError extends Error {
  constructor(override readonly cause: Error) {
    super(cause.message);
    this.name = 'AnswerReadError';
  }
}

/** Sends the request; rejects with Node's own error when it gets no answer, an AnswerReadError when reading fails. */
export function sendOverNode(request: NodeRequest): Promise<NodeAnswer> {
  const options: http.RequestOptions = {
    agent: request.secure ? agents.https : agents.http,
    hostname: request.hostname,
    port: request.port,
    path: request.path,
    method: request.method,
    headers: request.headers,
    signal: request.signal,
  };
  return new Promise((resolve, reject) => {
    const req = (request.secure ? https : http).request(options, (res) => {
      const encoding = request.decode ? res.headers['content-encoding'] : undefined;
      const stream = encoding === 'gzip' ? res.pipe(zlib.createGunzip()) : encoding === 'deflate' ? res.pipe(zlib.createInflate()) : res;
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.once('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          headers: res.headers,
          rawHeaders: res.rawHeaders,
          body: Buffer.concat(chunks),
        }),
      );
      stream.once('error', (error: Error) => reject(new AnswerReadError(error)));
    });
    req.once('error', reject);
    req.end(request.body);
  });
}
