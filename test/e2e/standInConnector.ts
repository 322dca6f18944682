import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One activity the bot sent to the channel (POST) or replaced (PUT). */
export interface ConnectorCall {
  method: 'POST' | 'PUT' | 'DELETE';
  conversationId: string;
  activityId: string;
  activity: Record<string, unknown>;
}

/**
 * A local stand-in for the Bot Framework connector (the Teams service URL): it accepts the bot's replies
 * (POST /v3/conversations/{id}/activities[/{replyToId}]) and updates (PUT …/activities/{id}) exactly as the
 * Connector REST API does, records them, and answers with resource ids.
 */
export class StandInConnector {
  readonly calls: ConnectorCall[] = [];
  /** Optional: requests' Authorization headers, to prove outgoing auth when credentials are set. */
  readonly authorizations: Array<string | undefined> = [];
  private server?: http.Server;
  private nextId = 1;
  /** Answers this many coming posts of a card with 400, as a channel that refuses a message would. */
  refuseCards = 0;
  /** Ids given to posted activities: `act-1`, `act-2`… unless a test asks for ids as long as Teams' own. */
  activityIdOf = (n: number): string => `act-${n}`;

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.authorizations.push(req.headers.authorization);
        const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(req.url ?? '');
        if (!match) {
          // restify patches http.ServerResponse and its writeHead does not return the response: no chaining.
          res.statusCode = 404;
          res.end();
          return;
        }
        const conversationId = decodeURIComponent(match[1]);
        const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
        const method = req.method as ConnectorCall['method'];
        if (method === 'POST' && this.refuseCards > 0 && Array.isArray(body.attachments) && body.attachments.length > 0) {
          this.refuseCards -= 1;
          res.statusCode = 400;
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ error: { code: 'BadArgument', message: 'refused by the stand-in' } }));
          return;
        }
        const activityId = method === 'POST' ? this.activityIdOf(this.nextId++) : decodeURIComponent(match[2] ?? '');
        this.calls.push({ method, conversationId, activityId, activity: body });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ id: activityId }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The current content of every activity the bot posted (updates applied), in posting order. */
  activities(conversationId?: string): Array<{ id: string; activity: Record<string, unknown> }> {
    const current = new Map<string, Record<string, unknown>>();
    for (const call of this.calls) {
      if (conversationId && call.conversationId !== conversationId) continue;
      if (call.method === 'POST') current.set(call.activityId, call.activity);
      if (call.method === 'PUT' && current.has(call.activityId)) current.set(call.activityId, call.activity);
    }
    return [...current.entries()].map(([id, activity]) => ({ id, activity }));
  }

  texts(conversationId?: string): string[] {
    return this.activities(conversationId)
      .map((a) => a.activity.text)
      .filter((t): t is string => typeof t === 'string');
  }
}
