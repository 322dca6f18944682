import http from 'node:http';
import type { AddressInfo } from 'node:net';

type Json = Record<string, unknown>;

/** A card button as a person would click it: the title, the Action.Submit data, and the activity holding it. */
export interface CardButton {
  title: string;
  data: Json;
  activityId: string;
}

function collectButtons(node: unknown, activityId: string, found: CardButton[]): void {
  if (Array.isArray(node)) {
    for (const item of node) collectButtons(item, activityId, found);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const element = node as Json;
  if (element.type === 'Action.Submit' && typeof element.title === 'string')
    found.push({ title: element.title, data: (element.data ?? {}) as Json, activityId });
  for (const value of Object.values(element)) collectButtons(value, activityId, found);
}

/**
 * The bench's stand-in for the Bot Framework connector (the serviceUrl of every activity the driver posts): it
 * answers POST …/activities and PUT …/activities/{id} as the Connector REST API does, counts the calls, and keeps
 * only the buttons of each conversation's newest card (what the driver clicks next), so it stays small and O(1)
 * per call whatever the number of conversations. test/e2e/standInConnector.ts keeps every call, for assertions.
 */
export class BenchConnector {
  posts = 0;
  puts = 0;
  bytes = 0;
  /** Activities carrying an Adaptive Card, per conversation id (credit notices count here). */
  readonly cardsByConversation = new Map<string, number>();
  private readonly buttons = new Map<string, CardButton[]>();
  private server?: http.Server;
  private nextId = 1;

  async start(): Promise<string> {
    this.server = http.createServer({ keepAlive: true }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(req.url ?? '');
        if (!match) {
          res.statusCode = 404;
          res.end();
          return;
        }
        const raw = Buffer.concat(chunks);
        this.bytes += raw.length;
        const conversationId = decodeURIComponent(match[1]);
        const body = raw.length ? (JSON.parse(raw.toString('utf8')) as Json) : {};
        const attachments = (body.attachments ?? []) as Array<{ contentType?: string; content?: unknown }>;
        const cards = attachments.filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
        let activityId: string;
        if (req.method === 'PUT') {
          this.puts += 1;
          activityId = decodeURIComponent(match[2] ?? '');
        } else {
          this.posts += 1;
          activityId = `act-${this.nextId++}`;
          if (cards.length > 0) {
            this.cardsByConversation.set(conversationId, (this.cardsByConversation.get(conversationId) ?? 0) + 1);
            const found: CardButton[] = [];
            collectButtons(
              cards.map((c) => c.content),
              activityId,
              found,
            );
            this.buttons.set(conversationId, found);
          }
        }
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ id: activityId }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The buttons of the newest card posted in a conversation. */
  buttonsOf(conversationId: string): CardButton[] {
    return this.buttons.get(conversationId) ?? [];
  }

  forget(conversationId: string): void {
    this.buttons.delete(conversationId);
  }

  reset(): void {
    this.posts = 0;
    this.puts = 0;
    this.bytes = 0;
    this.buttons.clear();
    this.cardsByConversation.clear();
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
