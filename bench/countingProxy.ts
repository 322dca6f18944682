import net from 'node:net';

/**
 * A TCP proxy in front of Redis that counts what the bot sends: commands (RESP arrays) and round trips. A round
 * trip starts when the client sends after having received a reply since its last send (or sends first); commands
 * written together, pipelined or in flight at once, share one. Replies are held back `replyDelayMs` (a network's
 * latency), so commands a client issues at once are seen together however the kernel splits its writes.
 */
export class CountingProxy {
  commands = 0;
  roundTrips = 0;
  readonly commandNames = new Map<string, number>();
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(
    private readonly target: { host: string; port: number },
    private readonly replyDelayMs = 2,
  ) {}

  async start(): Promise<number> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      this.sockets.add(client).add(upstream);
      let repliedSinceSend = true;
      let pending: Buffer = Buffer.alloc(0);
      client.on('data', (chunk: Buffer) => {
        if (repliedSinceSend) this.roundTrips += 1;
        repliedSinceSend = false;
        pending = this.countCommands(Buffer.concat([pending, chunk]));
        upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => {
        const forward = () => {
          repliedSinceSend = true;
          if (!client.destroyed) client.write(chunk);
        };
        if (this.replyDelayMs > 0) setTimeout(forward, this.replyDelayMs);
        else forward();
      });
      const close = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('close', close).on('error', close);
      // Replies still held back (QUIT's OK, which Redis follows by closing) reach the client before it is closed.
      const closeAfterReplies = () => setTimeout(close, this.replyDelayMs);
      upstream.on('close', closeAfterReplies).on('error', closeAfterReplies);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as net.AddressInfo).port;
  }

  snapshot(): { commands: number; roundTrips: number } {
    return { commands: this.commands, roundTrips: this.roundTrips };
  }

  /** Counts the complete RESP commands at the front of `data`; returns the incomplete rest. */
  private countCommands(data: Buffer): Buffer {
    let at = 0;
    for (;;) {
      const parsed = parseCommand(data, at);
      if (!parsed) return data.subarray(at);
      this.commands += 1;
      const name = parsed.name.toUpperCase();
      this.commandNames.set(name, (this.commandNames.get(name) ?? 0) + 1);
      at = parsed.end;
    }
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** One `*N\r\n$len\r\n…` command starting at `at`, or undefined when it is not complete yet. */
function parseCommand(data: Buffer, at: number): { name: string; end: number } | undefined {
  const line = (from: number): { text: string; next: number } | undefined => {
    const cr = data.indexOf('\r\n', from);
    return cr < 0 ? undefined : { text: data.toString('latin1', from, cr), next: cr + 2 };
  };
  const head = line(at);
  if (!head) return undefined;
  if (!head.text.startsWith('*')) return { name: head.text.split(' ')[0] ?? '', end: head.next }; // inline command
  const count = Number(head.text.slice(1));
  let next = head.next;
  let name = '';
  for (let i = 0; i < count; i++) {
    const size = line(next);
    if (!size) return undefined;
    const length = Number(size.text.slice(1));
    const end = size.next + length + 2;
    if (end > data.length) return undefined;
    if (i === 0) name = data.toString('latin1', size.next, size.next + length);
    next = end;
  }
  return { name, end: next };
}
