// Lint: typescript-eslint's recommended rules plus a few that protect money code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/** One layer's import boundary: `files` may not import what `patterns` match (gitignore-style, `!` re-allows). */
function layer(files, why, patterns) {
  return { files, rules: { 'no-restricted-imports': ['error', { patterns: [{ group: patterns, message: `Layering: ${why}.` }] }] } };
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-output/**', 'src/channels/playground/public/vendor/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
      // parseFloat/Number on money would silently use binary floats; money goes through decimal.js.
      'no-restricted-globals': ['error', { name: 'parseFloat', message: 'Money is decimal: use Decimal from src/domain/money.ts.' }],
    },
  },
  // The layers (docs/architecture.md): channel → dialogs → services, domain and ports → providers and stores.
  layer(['src/domain/**/*.ts'], 'the domain is pure: no I/O, no clock, nothing outside src/domain but src/errors', [
    '../*',
    '!../errors',
    'node:*',
    'fs',
    'http',
    'https',
    'net',
    'ioredis',
    'restify',
    'botbuilder',
    'botbuilder-*',
    '@slack/*',
    '@azure/*',
    'pino',
  ]),
  layer(['src/ports/**/*.ts'], 'ports are interfaces over the domain', [
    '**/store/**',
    '**/providers/**',
    '**/channels/**',
    '**/notify/**',
    '**/services/**',
    '**/dialogs/**',
    '**/metrics/**',
    'ioredis',
    'restify',
    'botbuilder',
    '@slack/*',
    'prom-client',
  ]),
  layer(['dialogs/**/*.ts'], 'a dialog never reaches a channel, a provider or a store directly: it goes through ports', [
    '**/channels/**',
    '**/providers/**',
    '**/store/**',
    '**/notify/**',
    'ioredis',
    'restify',
    '@slack/*',
    '@azure/*',
  ]),
  layer(['src/services/**/*.ts'], 'services use ports, not their implementations', [
    '**/dialogs/**',
    '**/channels/**',
    '**/providers/**',
    '**/store/**',
    'ioredis',
    'restify',
    'botbuilder',
    '@slack/*',
  ]),
  layer(['src/providers/**/*.ts'], 'a provider never imports a dialog, a channel or a store', [
    '**/dialogs/**',
    '**/channels/**',
    '**/store/**',
    '**/services/**',
    '**/notify/**',
    'ioredis',
    'restify',
    'botbuilder',
    'botbuilder-*',
    '@slack/*',
  ]),
  layer(['src/store/**/*.ts'], 'stores implement ports; they know no flow, channel or provider', [
    '**/dialogs/**',
    '**/channels/**',
    '**/providers/**',
    '**/services/**',
    '**/notify/**',
    'restify',
    '@slack/*',
    'botbuilder-dialogs',
  ]),
  layer(['src/metrics/**/*.ts'], 'metrics observe through the ports and the clients they are given; they decide no flow and call no provider', [
    '**/dialogs/**',
    '**/channels/**',
    '**/providers/**',
    '**/services/**',
    '**/notify/**',
  ]),
  layer(['src/channels/**/*.ts'], 'channels translate platform payloads; flows live in dialogs, reached only through the app wiring', [
    '**/dialogs/**',
    '**/providers/**',
    '**/store/**',
    '**/services/**',
  ]),
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        window: 'readonly',
        document: 'readonly',
        fetch: 'readonly',
        AdaptiveCards: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // Formatting is Prettier's (.prettierrc.json, `npm run format`); lint rules that would disagree with it are off.
  prettier,
);
