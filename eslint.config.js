// Lint is part of the test command (see scripts/test.sh).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'web/dist/**', 'test-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // The web apps run in the browser: no Node modules (they share src/core, which has none).
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', navigator: 'readonly', location: 'readonly', history: 'readonly', localStorage: 'readonly' } },
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*', 'fs', 'net', 'http', 'kysely', 'pg', 'better-sqlite3', 'fastify', '**/src/services/**', '**/src/store/**', '**/src/http/**'] }],
    },
  },
  {
    // The pure domain core never reads the clock, the environment or the disk.
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', 'process', 'setTimeout', 'setInterval', 'fetch'],
      'no-restricted-imports': ['error', { patterns: ['node:*', 'fs', 'net', 'dgram', 'http', 'kysely', 'pg', 'better-sqlite3', 'fastify'] }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'The core takes time as an argument (ARCHITECTURE.md).' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'The core takes time as an argument (ARCHITECTURE.md).' },
        { selector: "CallExpression[callee.property.name='now'][callee.object.property.name='Now']", message: 'The core takes time as an argument (ARCHITECTURE.md).' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'The core is deterministic; pass randomness in.' },
      ],
    },
  },
);
