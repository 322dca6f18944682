import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_VARIABLES } from '../src/config';
import { AZURE_CONFIG_VARIABLES } from '../src/providers/azure/config';

/**
 * .env.example, written from the configuration module's own tables (src/config.ts and the azure provider's), so it
 * lists every variable the bot reads with its default and meaning. `npm run env:example` rewrites it; a test
 * (test/config.test.ts) fails while the file and the tables differ.
 */
export const ENV_EXAMPLE_FILE = path.resolve(__dirname, '../.env.example');

type Variable = { name: string; meaning: string; default: string };

const HEADER = [
  '# Reservation Desk configuration. Copy to .env, fill in what you need, and start with',
  '#   node --env-file=.env dist/src/index.js     (or: docker run --env-file .env ...)',
  '# An empty value means the default. Written by `npm run env:example` from src/config.ts and',
  '# src/providers/azure/config.ts; a test fails while this file and those tables differ.',
];

function section(title: string, variables: readonly Variable[]): string[] {
  const lines = ['', `# ---- ${title} ----`];
  for (const v of variables) lines.push('', `# ${v.meaning.replace(/`/g, '')}. Default: ${v.default.replace(/`/g, '')}`, `${v.name}=`);
  return lines;
}

export function renderEnvExample(): string {
  return [...HEADER, ...section('The bot', CONFIG_VARIABLES), ...section('PROVIDER=azure only', AZURE_CONFIG_VARIABLES), ''].join('\n');
}

if (require.main === module) {
  writeFileSync(ENV_EXAMPLE_FILE, renderEnvExample());
  process.stdout.write(`wrote ${ENV_EXAMPLE_FILE}\n`);
}
