import { computeQuote } from '../domain/quote';
import { parseQuoteInput } from '../domain/quoteInput';
import { quoteJson } from '../domain/quoteJson';
import { InvalidInputError } from '../errors';
import { commandUsage, EXIT_OK, EXIT_USAGE, writeErrorLine, type CliCommand, type CliIo } from './command';
import { readInputText } from './input';

type QuoteArgs = { input: string } | { help: true } | { usageError: string };

function parseQuoteArgs(args: readonly string[]): QuoteArgs {
  let input: string | undefined;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    if (arg === '-h' || arg === '--help') return { help: true };
    let value: string | undefined;
    if (arg === '--input') {
      value = args[i + 1];
      i += 1;
      if (value === undefined) return { usageError: '--input needs a file path or - for standard input' };
    } else if (arg.startsWith('--input=')) {
      value = arg.slice('--input='.length);
    } else {
      return { usageError: `unexpected argument ${JSON.stringify(arg)}` };
    }
    if (value === '') return { usageError: '--input needs a file path or - for standard input' };
    if (input !== undefined) return { usageError: '--input given twice' };
    input = value;
  }
  return input === undefined ? { usageError: 'missing --input FILE|-' } : { input };
}

/** `reservation-desk quote`: the machine-readable quote contract (SPEC section 3). */
export const quoteCommand: CliCommand = {
  name: 'quote',
  synopsis: '--input FILE|-',
  summary: 'Reads one quote request (JSON, from FILE or - for stdin) and prints the refund or exchange quote as JSON.',

  async run(args: readonly string[], io: CliIo): Promise<number> {
    const parsed = parseQuoteArgs(args);
    if ('help' in parsed) {
      io.stdout.write(commandUsage(this));
      return EXIT_OK;
    }
    if ('usageError' in parsed) {
      writeErrorLine(io, this.name, parsed.usageError);
      io.stderr.write(commandUsage(this));
      return EXIT_USAGE;
    }
    let output: string;
    try {
      const request = parseQuoteInput(await readInputText(parsed.input, io.stdin));
      output = `${JSON.stringify(quoteJson(computeQuote(request)))}\n`;
    } catch (error) {
      // Malformed input is the caller's to fix; anything else is a bug and is left to main().
      if (!(error instanceof InvalidInputError)) throw error;
      writeErrorLine(io, this.name, error.message);
      return EXIT_USAGE;
    }
    // Written only once complete, so a failure can never leave half a quote on stdout.
    io.stdout.write(output);
    return EXIT_OK;
  },
};
