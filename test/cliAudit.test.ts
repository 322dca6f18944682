import assert from 'node:assert/strict';
import type { CliIo } from '../src/cli/command';
import { createAuditCommand, formatAuditLine, runAuditCommand } from '../src/cliAudit';
import type { AuditEvent, AuditQuery, AuditTrail } from '../src/ports/audit';
import { MemoryAuditTrail } from '../src/store/memory/auditTrail';

function captureIo(): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdin: (async function* () {})(),
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    out: () => out,
    err: () => err,
  };
}

function event(n: number, overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    at: new Date(Date.parse('2026-03-10T12:00:00Z') + n * 60_000).toISOString(),
    type: n % 2 === 0 ? 'quote-shown' : 'filed',
    actor: { partnerUserId: 'agent-1', chatUserId: 'teams:tenant-1:aad-1' },
    customerId: n % 3 === 0 ? 'cust-a' : 'cust-b',
    reservationId: `res-${n}`,
    currency: 'EUR',
    amounts: { refund: `${100 + n}.00` },
    ...overrides,
  };
}

async function filledTrail(count: number): Promise<MemoryAuditTrail> {
  const trail = new MemoryAuditTrail();
  for (let n = 0; n < count; n++) await trail.record(event(n));
  return trail;
}

function lines(text: string): AuditEvent[] {
  assert.ok(text === '' || text.endsWith('\n'), 'output ends with a newline');
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as AuditEvent);
}

describe('reservation-desk audit', () => {
  it('prints every event as one JSON line, newest first', async () => {
    const trail = await filledTrail(4);
    const io = captureIo();
    assert.equal(await runAuditCommand([], io, { audit: trail }), 0);
    assert.equal(io.err(), '');
    const printed = lines(io.out());
    assert.deepEqual(printed, await trail.list());
    assert.deepEqual(
      printed.map((e) => e.reservationId),
      ['res-3', 'res-2', 'res-1', 'res-0'],
    );
  });

  it('prints nothing, successfully, when nothing matches', async () => {
    const io = captureIo();
    assert.equal(await runAuditCommand(['--customer', 'nobody'], io, { audit: await filledTrail(3) }), 0);
    assert.equal(io.out(), '');
  });

  it('applies --customer, --type, --since and --limit, in either option form', async () => {
    const trail = await filledTrail(12);
    const run = async (args: string[]) => {
      const io = captureIo();
      assert.equal(await runAuditCommand(args, io, { audit: trail }), 0, io.err());
      return lines(io.out()).map((e) => e.reservationId);
    };
    assert.deepEqual(await run(['--customer', 'cust-a']), ['res-9', 'res-6', 'res-3', 'res-0']);
    assert.deepEqual(await run(['--customer=cust-a', '--type=filed']), ['res-9', 'res-3']);
    assert.deepEqual(await run(['--since', '2026-03-10T12:09:00Z']), ['res-11', 'res-10', 'res-9']);
    assert.deepEqual(await run(['--limit', '2', '--type', 'quote-shown']), ['res-10', 'res-8']);
  });

  it('passes the parsed query to the trail', async () => {
    const seen: AuditQuery[] = [];
    const spy: AuditTrail = { record: async () => undefined, list: async (q) => (seen.push(q ?? {}), []) };
    await runAuditCommand(['--since', '2026-03-01T00:00:00Z', '--customer', 'c-1', '--type', 'refused', '--limit', '7'], captureIo(), { audit: spy });
    assert.deepEqual(seen, [{ since: '2026-03-01T00:00:00Z', customerId: 'c-1', type: 'refused', limit: 7 }]);
  });

  it('refuses bad arguments with exit 2, a one-line reason and nothing on stdout', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--customer'], /--customer needs a value/],
      [['--customer='], /--customer needs a value/],
      [['--limit', 'ten'], /--limit must be a whole number/],
      [['--limit', '-1'], /--limit must be a whole number/],
      [['--limit', '0'], /limit must be a whole number from 1/],
      [['--since', 'last week'], /since must be an ISO 8601 instant/],
      [['--type', 'Filed'], /type must be lowercase/],
      [['--type', 'filed', '--type', 'refused'], /--type given twice/],
      [['--format', 'csv'], /unexpected argument "--format"/],
      [['extra'], /unexpected argument "extra"/],
    ];
    for (const [args, reason] of cases) {
      const io = captureIo();
      const trail: AuditTrail = { record: async () => undefined, list: async () => assert.fail('must not read the trail') };
      assert.equal(await runAuditCommand(args, io, { audit: trail }), 2, args.join(' '));
      assert.equal(io.out(), '', args.join(' '));
      const [first] = io.err().split('\n');
      assert.match(first, /^reservation-desk audit: /);
      assert.match(first, reason);
      assert.match(io.err(), /Usage: reservation-desk audit/);
    }
  });

  it('prints its usage for --help', async () => {
    const io = captureIo();
    assert.equal(await runAuditCommand(['--help'], io, { audit: await filledTrail(1) }), 0);
    assert.match(io.out(), /^Usage: reservation-desk audit \[--since ISO\] \[--customer ID\] \[--type T\] \[--limit N\]/);
  });

  it('formats fields in a fixed order and keeps each event on one line', () => {
    const line = formatAuditLine({
      detail: { reason: 'first line\nsecond line' },
      type: 'filing-failed',
      at: '2026-03-10T12:00:00.000Z',
      actor: { chatUserId: 'teams:t:u', partnerUserId: 'agent-1' },
      requestId: 'req-1',
    });
    assert.ok(!line.includes('\n'));
    assert.deepEqual(Object.keys(JSON.parse(line)), ['at', 'type', 'actor', 'requestId', 'detail']);
    assert.deepEqual(Object.keys(JSON.parse(line).actor), ['partnerUserId', 'chatUserId']);
  });

  describe('as a registered subcommand', () => {
    it('opens the trail only for a good query, and closes it afterwards', async () => {
      const trail = await filledTrail(2);
      let opened = 0;
      let closed = 0;
      const command = createAuditCommand(async () => {
        opened++;
        return { audit: trail, close: async () => void closed++ };
      });
      assert.equal(command.name, 'audit');

      assert.equal(await command.run(['--help'], captureIo()), 0);
      assert.equal(await command.run(['--limit', 'x'], captureIo()), 2);
      assert.equal(opened, 0);

      const io = captureIo();
      assert.equal(await command.run(['--limit', '1'], io), 0);
      assert.deepEqual(
        lines(io.out()).map((e) => e.reservationId),
        ['res-1'],
      );
      assert.deepEqual([opened, closed], [1, 1]);
    });

    it('closes the trail when reading it fails', async () => {
      let closed = 0;
      const failing: AuditTrail = { record: async () => undefined, list: async () => Promise.reject(new Error('connection lost')) };
      const command = createAuditCommand(async () => ({ audit: failing, close: async () => void closed++ }));
      const io = captureIo();
      await assert.rejects(command.run([], io), /connection lost/);
      assert.equal(closed, 1);
      assert.equal(io.out(), '');
    });
  });
});
