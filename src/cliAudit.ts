import { commandUsage, EXIT_OK, EXIT_USAGE, writeErrorLine, type CliCommand, type CliIo } from './cli/command';
import { InvalidInputError } from './errors';
import { DEFAULT_AUDIT_LIMIT, type AuditEvent, type AuditQuery, type AuditTrail } from './ports/audit';
import { normalizeAuditQuery } from './store/auditEvents';

/**
 * `reservation-desk audit [--since ISO] [--customer ID] [--type T] [--limit N]`: prints the matching audit events,
 * newest first, one JSON object per line (so `jq` and `grep` work on it). Exit 0 with the events (none is fine),
 * 2 with a one-line error on stderr for bad arguments, before anything is read.
 */

const NAME = 'audit';
const SYNOPSIS = '[--since ISO] [--customer ID] [--type T] [--limit N]';
const SUMMARY = `Prints audit events (quotes shown, filings, refusals, cancellations, credits), newest first, one JSON line each; --limit defaults to ${DEFAULT_AUDIT_LIMIT}.`;
const USAGE = { name: NAME, synopsis: SYNOPSIS, summary: SUMMARY };

const OPTIONS: Record<string, keyof AuditQuery> = { '--since': 'since', '--customer': 'customerId', '--type': 'type', '--limit': 'limit' };

export interface AuditCommandDeps {
  audit: AuditTrail;
}

type ParsedArgs = { query: AuditQuery } | { help: true } | { usageError: string };

export function parseAuditArgs(args: readonly string[]): ParsedArgs {
  const values: Partial<Record<keyof AuditQuery, string>> = {};
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '-h' || arg === '--help') return { help: true };
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const field = Object.prototype.hasOwnProperty.call(OPTIONS, flag) ? OPTIONS[flag] : undefined;
    if (!field) return { usageError: `unexpected argument ${JSON.stringify(arg)}` };
    const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '') return { usageError: `${flag} needs a value` };
    if (values[field] !== undefined) return { usageError: `${flag} given twice` };
    values[field] = value;
  }
  const query: AuditQuery = {};
  if (values.since !== undefined) query.since = values.since;
  if (values.customerId !== undefined) query.customerId = values.customerId;
  if (values.type !== undefined) query.type = values.type;
  if (values.limit !== undefined) {
    if (!/^\d{1,9}$/.test(values.limit)) return { usageError: '--limit must be a whole number' };
    query.limit = Number(values.limit);
  }
  try {
    normalizeAuditQuery(query);
  } catch (error) {
    if (error instanceof InvalidInputError) return { usageError: error.message.replace(/^Audit: /, '') };
    throw error;
  }
  return { query };
}

/** One event as one line of JSON, fields always in the same order. */
export function formatAuditLine(event: AuditEvent): string {
  const ordered: Record<string, unknown> = {
    at: event.at,
    type: event.type,
    actor: { partnerUserId: event.actor.partnerUserId, chatUserId: event.actor.chatUserId },
    customerId: event.customerId,
    reservationId: event.reservationId,
    requestId: event.requestId,
    currency: event.currency,
    amounts: event.amounts,
    detail: event.detail,
    redacted: event.redacted,
  };
  // JSON.stringify leaves undefined fields out; it also escapes newlines, so each event stays on one line.
  return JSON.stringify(ordered);
}

export async function runAuditCommand(args: readonly string[], io: CliIo, deps: AuditCommandDeps): Promise<number> {
  return execute(parseAuditArgs(args), io, (query) => deps.audit.list(query));
}

/**
 * The subcommand for src/cli.ts's table. `open` connects to the deployment's audit trail (Redis when REDIS_URL is
 * set); it is called only once the arguments are known to be good (never for --help), and closed afterwards.
 */
export function createAuditCommand(open: () => Promise<AuditCommandDeps & { close?(): Promise<void> }>): CliCommand {
  return {
    ...USAGE,
    run: (args, io) =>
      execute(parseAuditArgs(args), io, async (query) => {
        const deps = await open();
        try {
          return await deps.audit.list(query);
        } finally {
          await deps.close?.();
        }
      }),
  };
}

async function execute(parsed: ParsedArgs, io: CliIo, list: (query: AuditQuery) => Promise<AuditEvent[]>): Promise<number> {
  if ('help' in parsed) {
    io.stdout.write(commandUsage(USAGE));
    return EXIT_OK;
  }
  if ('usageError' in parsed) {
    writeErrorLine(io, NAME, parsed.usageError);
    io.stderr.write(commandUsage(USAGE));
    return EXIT_USAGE;
  }
  const events = await list(parsed.query);
  // Written in one piece once complete, so a failure never leaves half a listing on stdout.
  io.stdout.write(events.map((event) => `${formatAuditLine(event)}\n`).join(''));
  return EXIT_OK;
}
