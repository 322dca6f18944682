// Lint: typescript-eslint's recommended rules plus a few that protect money code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly', window: 'readonly', document: 'readonly', fetch: 'readonly', AdaptiveCards: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
