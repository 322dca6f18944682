import { createReadStream } from 'node:fs';
import { InvalidInputError } from '../errors';

/** Anything larger is refused before it is parsed: the contract's input is one small JSON object. */
export const MAX_INPUT_BYTES = 1024 * 1024;

async function readLimited(source: AsyncIterable<Buffer | string>, name: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    size += bytes.length;
    // Leaving the loop stops reading (and destroys a stream), so an endless pipe cannot exhaust memory.
    if (size > MAX_INPUT_BYTES) throw new InvalidInputError(`${name} is larger than 1 MiB`);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

function decodeUtf8(bytes: Buffer, name: string): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InvalidInputError(`${name} is not UTF-8 text`);
  }
  // Tolerate the byte-order mark some Windows tools write; JSON.parse would reject it.
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** Reads `-` (stdin) or a file path as UTF-8 text of at most MAX_INPUT_BYTES; failures are InvalidInputError. */
export async function readInputText(source: string, stdin: AsyncIterable<Buffer | string>): Promise<string> {
  if (source === '-') return decodeUtf8(await readLimited(stdin, 'standard input'), 'standard input');
  const name = `input file ${JSON.stringify(source)}`;
  let bytes: Buffer;
  try {
    bytes = await readLimited(createReadStream(source), name);
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code ?? String(error)})`;
    throw new InvalidInputError(`${name} ${reason}`);
  }
  return decodeUtf8(bytes, name);
}
