import { InvalidInputError } from '../errors';
import type { RequestStore } from '../ports/requestStore';
import { EXPORT_FORMATS, exportRange, renderExport, type ExportFormat, type ExportRange } from '../services/financeExport';
import { assertId } from '../store/validation';
import { commandUsage, EXIT_OK, EXIT_USAGE, writeErrorLine, type CliCommand, type CliIo } from './command';

/**
 * `reservation-desk export --since DATE [--until DATE] [--customer ID] [--format csv|json]`: the finance export of
 * the requests created in the range, oldest first. Bad arguments: one line on stderr, exit 2, nothing on stdout
 * and nothing read.
 */

const USAGE = {
  name: 'export',
  synopsis: '--since DATE [--until DATE] [--customer ID] [--format csv|json]',
  summary:
    'Prints one line per request created in the range (CSV with a header row, or JSON Lines) with every figure as the quote contract writes it; DATE is YYYY-MM-DD (UTC, --until inclusive) or an ISO 8601 time with a zone.',
};

const FLAGS = ['--since', '--until', '--customer', '--format'] as const;
type Flag = (typeof FLAGS)[number];

export interface ExportQuery {
  range: ExportRange;
  customerId?: string;
  format: ExportFormat;
}

type Parsed = { query: ExportQuery } | { help: true } | { usageError: string };

export function parseExportArgs(args: readonly string[]): Parsed {
  const values: Partial<Record<Flag, string>> = {};
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '-h' || arg === '--help') return { help: true };
    const eq = arg.indexOf('=');
    const flag = (eq === -1 ? arg : arg.slice(0, eq)) as Flag;
    if (!FLAGS.includes(flag)) return { usageError: `unexpected argument ${JSON.stringify(arg.slice(0, 60))}` };
    const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '') return { usageError: `${flag} needs a value` };
    if (values[flag] !== undefined) return { usageError: `${flag} given twice` };
    values[flag] = value;
  }
  if (values['--since'] === undefined) return { usageError: 'missing --since DATE' };
  const format = values['--format'] ?? 'csv';
  if (!(EXPORT_FORMATS as readonly string[]).includes(format))
    return { usageError: `--format must be csv or json, not ${JSON.stringify(format.slice(0, 20))}` };
  try {
    const range = exportRange(values['--since'], values['--until']);
    const customerId = values['--customer'];
    if (customerId !== undefined) assertId(customerId, '--customer');
    return { query: { range, format: format as ExportFormat, ...(customerId !== undefined ? { customerId } : {}) } };
  } catch (error) {
    if (error instanceof InvalidInputError) return { usageError: error.message };
    throw error;
  }
}

/** The subcommand; `open` reaches the deployment's request store, only once the arguments are known good. */
export function createExportCommand(open: () => Promise<{ requests: RequestStore; close?(): Promise<void> }>): CliCommand {
  return {
    ...USAGE,
    async run(args: readonly string[], io: CliIo): Promise<number> {
      const parsed = parseExportArgs(args);
      if ('help' in parsed) {
        io.stdout.write(commandUsage(USAGE));
        return EXIT_OK;
      }
      if ('usageError' in parsed) {
        writeErrorLine(io, USAGE.name, parsed.usageError);
        io.stderr.write(commandUsage(USAGE));
        return EXIT_USAGE;
      }
      const { range, customerId, format } = parsed.query;
      const deps = await open();
      let output: string;
      try {
        output = renderExport(await deps.requests.listCreatedBetween(range.from, range.to, customerId), format);
      } finally {
        await deps.close?.();
      }
      // Written in one piece once complete: a failure never leaves half a file.
      io.stdout.write(output);
      return EXIT_OK;
    },
  };
}
