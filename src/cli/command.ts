/**
 * What every `reservation-desk` subcommand is. src/cli.ts keeps the table of subcommands; adding one is a
 * new module exporting a CliCommand and one line in that table.
 */

/** The streams a command may use; injected so tests run commands in-process. */
export interface CliIo {
  stdin: AsyncIterable<Buffer | string>;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export const EXIT_OK = 0;
/** Something went wrong that is not the caller's fault (a bug, an unreachable dependency). */
export const EXIT_FAILURE = 1;
/** The caller's fault: unknown subcommand, bad arguments, malformed input. Nothing was done. */
export const EXIT_USAGE = 2;

export interface CliCommand {
  name: string;
  /** Arguments after the name, e.g. `--input FILE|-`. */
  synopsis: string;
  summary: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** Writes one line to stderr; newlines inside the message are flattened so callers can rely on one line. */
export function writeErrorLine(io: CliIo, command: string, message: string): void {
  io.stderr.write(`reservation-desk ${command}: ${message.replace(/\s*[\r\n]+\s*/g, ' ')}\n`);
}

export function commandUsage(command: Pick<CliCommand, 'name' | 'synopsis' | 'summary'>): string {
  return `Usage: reservation-desk ${command.name} ${command.synopsis}\n  ${command.summary}\n`;
}
