// Lint rules that keep the layers apart (STYLE.md §1, issue 12 §4): the engine is plain ECMAScript and
// imports nothing of the project, the contract nothing above the engine's spec, the renderer nothing
// that runs in Node. Each layer's imports are one row of LAYER_TABLE.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

const nodeAndUi = ['node:*', 'electron', 'better-sqlite3', 'svelte', 'svelte/*', 'plotly.js-dist', 'plotly.js-dist-min', 'plotly.js-cartesian-dist-min'];

/** The engine's modules that hold only the spec, its field table, its refusals and the shapes of what it reports. */
const ENGINE_SPEC = ['engine/spec.ts', 'engine/fields.ts', 'engine/metrics.ts', 'engine/dtype.ts', 'engine/errors.ts'];
/** The shells that start the lab: they wire the api, service and store together. */
const SHELL_MAY = ['app/api', 'app/service', 'app/contract', 'app/store'];

/**
 * Who may import whom. A row names a folder, the project folders (or single files) its code may
 * import besides its own, and the packages it may not. Every folder in LAYERS that a row does not
 * list is an error there, in `import type` too. app's top-level files (version.ts, renderer-files.ts,
 * launch.ts, build-app.ts) belong to no layer: app's folders may import them, nothing outside app may.
 */
const LAYER_TABLE = [
  { folder: 'engine', may: [], packages: nodeAndUi },
  // The renderer imports the contract as it is, so it stays free of Node and UI packages too.
  { folder: 'app/contract', may: ENGINE_SPEC, packages: nodeAndUi },
  { folder: 'app/store', may: ['app/contract', 'engine'] },
  { folder: 'app/service', may: ['app/store', 'app/contract', 'engine'] },
  { folder: 'app/api', may: ['app/service', 'app/contract'] },
  { folder: 'app/web', may: SHELL_MAY },
  { folder: 'app/electron', may: SHELL_MAY },
  { folder: 'app/cli', may: SHELL_MAY },
  {
    folder: 'renderer', may: ['app/contract', ...ENGINE_SPEC], packages: ['node:*', 'electron', 'better-sqlite3'],
    // Its unit tests run in Node against a real lab (renderer/tsconfig.test.json); they are never bundled.
    ignores: ['renderer/**/*.test.ts'],
  },
];
const LAYERS = [...LAYER_TABLE.map((row) => row.folder), 'app/*', 'test'];

const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A regex for the relative specifiers that reach `target` from `folder`, allowing `files` in it. Inside
 * app/ a sibling folder is written `../service/…` (or `../../app/service/…`); from outside, `../app/service/…`.
 */
function reaching(folder, target, files) {
  if (target === 'app/*') return '^(?:\\.\\./)+app/[^/]+$';
  const bothInApp = folder.startsWith('app/') && target.startsWith('app/');
  const path = bothInApp ? `(?:app/)?${escapeRegex(target.slice('app/'.length))}` : escapeRegex(target);
  const except = files.length === 0 ? '' : `(?!(?:${files.map((f) => escapeRegex(f.slice(target.length + 1))).join('|')})$)`;
  return `^(?:\\.\\./)+${path}(?:$|/${except})`;
}

function layerConfig({ folder, may, packages = [], ignores = [] }) {
  const allowed = may.length === 0 ? 'nothing else of the project' : `only ${may.join(', ')}`;
  const inApp = folder.startsWith('app/');
  const forbidden = LAYERS.filter((target) => target !== folder && !may.includes(target) && !(inApp && target === 'app/*'));
  const patterns = forbidden.map((target) => {
    const files = may.filter((m) => m.startsWith(`${target}/`));
    const which = files.length === 0 ? target : `${target} except ${files.join(', ')}`;
    return { regex: reaching(folder, target, files), caseSensitive: true, message: `Layers: ${folder} may not import ${which}; it may import ${allowed}.` };
  });
  if (packages.length > 0) patterns.push({ group: packages, message: `Layers: ${folder} may not import ${packages.join(', ')}.` });
  return { files: [`${folder}/**/*.ts`, `${folder}/**/*.svelte`], ignores, rules: { 'no-restricted-imports': ['error', { patterns }] } };
}

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist-electron/', 'dist-renderer/', 'release/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    // Components' scripts are TypeScript. svelte-check type-checks them, so no-undef would only
    // misread the browser's globals (typescript-eslint turns it off for .ts files for the same reason).
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'], svelteConfig } },
    rules: { 'no-undef': 'off' },
  },
  {
    rules: {
      // Leading underscore: deliberately unused (a destructured field left out of a copy).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // Type-aware rules: a promise nobody awaits loses its rejection (an unhandled error in the main
    // process, a silent failure in the UI). Type information is costly, so only where promises flow.
    files: ['app/**/*.ts', 'renderer/**/*.ts', 'renderer/**/*.svelte'],
    // renderer/tsconfig.json leaves the renderer's unit tests out (tsconfig.test.json checks them).
    ignores: ['renderer/**/*.test.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname, extraFileExtensions: ['.svelte'] } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // Plain JS entries (worker boot, bin) run in Node.
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  ...LAYER_TABLE.map(layerConfig),
);
