/**
 * The Teams channel's own HTTP path to the Bot Connector: a request passes through small policies, one concern each
 * (as @azure/core-rest-pipeline arranges them), down to a transport. Plain objects and functions: nothing is built
 * per request but the request itself.
 */

/** A request on its way out. Header names keep their case and insertion order: that is their order on the wire. */
export interface ConnectorRequest {
  method: string;
  /** The target split once per client: protocol, host, port and path. */
  target: ConnectorTarget;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Set by the timeout policy: aborting it abandons the attempt. */
  signal?: AbortSignal;
}

export interface ConnectorTarget {
  secure: boolean;
  hostname: string;
  /** '' for the protocol's default port, as Node leaves it out of the Host header then. */
  port: string;
  /** The origin and path prefix the client was made for, ending in '/'. */
  base: string;
}

/** What came back: status, headers (lower-case names, first value of a repeated header) and the body as text. */
export interface ConnectorAnswer {
  status: number;
  headers: Record<string, string>;
  bodyAsText: string;
}

export type SendRequest = (request: ConnectorRequest) => Promise<ConnectorAnswer>;

/** One concern: it may change the request, send it on (any number of times), and read or change the answer. */
export type Policy = (request: ConnectorRequest, next: SendRequest) => Promise<ConnectorAnswer>;

/** The policies in order, outermost first, over the transport. */
export function pipelineOf(policies: readonly Policy[], transport: SendRequest): SendRequest {
  return policies.reduceRight<SendRequest>((next, policy) => (request) => policy(request, next), transport);
}
