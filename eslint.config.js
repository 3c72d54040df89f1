// Lint rules: ESLint's and typescript-eslint's recommended sets, with the few exceptions the
// codebase relies on (tests use `any` for response bodies), and the project's own rule that keeps
// domains apart: no import of another domain's repository, schema or internals
// (scripts/eslint/module-boundaries.js; test/lint-rules.test.ts proves it fires); and no import of
// a source file for its side effects alone.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import tenure from './scripts/eslint/module-boundaries.js';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'web/dist/', 'src/db/migrations/', '.ci/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { tenure },
    rules: {
      'tenure/module-boundaries': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // The import command's bundle leaves out a source file none of whose exports it uses
    // (scripts/build-cli.mjs): a file imported only to run it would silently not run there.
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportDeclaration[specifiers.length=0][importKind!="type"]',
          message: 'No import for side effects alone in src/: import what the module exports, and call it.',
        },
      ],
    },
  },
);
