import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeskError } from '../../src/errors';
import type { SupportDesk, Ticket, TicketRequest } from '../../src/ports/supportDesk';

/**
 * A support desk outside every bot process, so a ticket outlives the process that filed it (as Microsoft's does):
 * tickets by request key, the key being the ticket's idempotent name. It can be told to refuse, to hang before
 * creating a ticket, or to create it and then never answer (the answer lost).
 */
export type DeskBehaviour = 'answer' | 'refuse' | 'hang-before-creating' | 'create-then-hang';

export class DeskStandIn {
  readonly tickets = new Map<string, { ticketId: string; tenant: string }>();
  behaviour: DeskBehaviour = 'answer';
  /** Called when a ticket has been created, before the desk answers (a case freezes Redis there). */
  onTicketCreated?: () => void;
  private server?: http.Server;
  private readonly hanging = new Set<http.ServerResponse>();

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, res, chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, string>) : {}));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse, body: Record<string, string>): void {
    const url = new URL(req.url ?? '/', 'http://desk');
    const reply = (status: number, payload?: unknown) => {
      res.statusCode = status;
      res.setHeader('content-type', 'application/json');
      res.end(payload === undefined ? '' : JSON.stringify(payload));
    };
    const key = decodeURIComponent(url.pathname.replace(/^\/tickets\//, ''));
    if (req.method === 'GET') {
      const ticket = this.tickets.get(key);
      return ticket && ticket.tenant === url.searchParams.get('tenant') ? reply(200, { ticketId: ticket.ticketId }) : reply(404);
    }
    if (this.behaviour === 'refuse') return reply(400, { error: 'The support request was refused.' });
    if (this.behaviour === 'hang-before-creating') return void this.hanging.add(res);
    const ticket = this.tickets.get(key) ?? { ticketId: String(1_000_000_000_000 + this.tickets.size + 1), tenant: body.tenant };
    this.tickets.set(key, ticket);
    this.onTicketCreated?.();
    if (this.behaviour === 'create-then-hang') return void this.hanging.add(res);
    reply(200, { ticketId: ticket.ticketId });
  }
}

/**
 * The bot's side of that desk, failing as the azure provider does: an answer that does not come within the
 * timeout is an uncertain write (Microsoft may have the ticket), a refusal is a plain failure.
 */
export function deskClient(baseUrl: string, options: { timeoutMs?: number; afterTicket?: () => void } = {}): SupportDesk {
  const timeoutMs = options.timeoutMs ?? 1000;
  const lookUp = async (tenant: string, key: string): Promise<Ticket | undefined> => {
    const res = await fetch(`${baseUrl}/tickets/${encodeURIComponent(key)}?tenant=${encodeURIComponent(tenant)}`, { signal: AbortSignal.timeout(timeoutMs) });
    if (res.status === 404) return undefined;
    const { ticketId } = (await res.json()) as { ticketId: string };
    return { ticketId, status: 'open', createdAt: new Date() };
  };
  return {
    problemClassificationId: async () => 'reservation-management',
    async fileTicket(request: TicketRequest): Promise<Ticket> {
      let res: Response;
      try {
        res = await fetch(`${baseUrl}/tickets/${encodeURIComponent(request.requestKey)}`, {
          method: 'PUT',
          body: JSON.stringify({ tenant: request.customerTenantId }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch {
        throw new DeskError('azure-support-unavailable', 'Azure Support did not answer, so it is not certain the request reached Microsoft.', {
          intent: 'write',
        });
      }
      if (!res.ok) throw new DeskError('azure-support-refused', 'Azure Support refused the request.', { status: res.status });
      const { ticketId } = (await res.json()) as { ticketId: string };
      options.afterTicket?.();
      return { ticketId, status: 'open', createdAt: new Date() };
    },
    getTicket: async () => undefined,
    findTicket: lookUp,
  };
}
