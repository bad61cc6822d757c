// Lint rules that keep the layers apart: the engine is plain ECMAScript and imports nothing from the
// Node side, the app never reaches into the renderer, and so on (STYLE.md §1).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeAndUi = ['node:*', 'electron', 'better-sqlite3', 'svelte', 'svelte/*', 'plotly.js-dist', 'plotly.js-dist-min'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist-electron/', 'dist-renderer/', 'release/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Leading underscore: deliberately unused (a destructured field left out of a copy).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // Plain JS entries (worker boot, bin) run in Node.
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    files: ['engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeAndUi, message: 'engine/ is plain ECMAScript: no Node, Electron, SQLite or UI imports.' },
          { group: ['../app/*', '../renderer/*', '../../app/*', '../../renderer/*'], message: 'engine/ depends on nothing else in the project.' },
        ],
      }],
    },
  },
);
