// `npm run build:app`: bundles the Node side for the desktop app into dist-electron/. The main
// process is ESM (it needs import.meta.url to find the worker); the sandboxed preload must be CJS.
// The shipped dataset tables and Plotly are copied next to the bundle, where the main process points the lab.
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';

const out = fileURLToPath(new URL('../dist-electron/', import.meta.url));
const source = (file: string) => fileURLToPath(new URL(file, import.meta.url));

rmSync(out, { recursive: true, force: true });
const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // The desktop app prints PDFs with Electron, so the CLI's Playwright path stays out of the bundle.
  external: ['electron', 'better-sqlite3', '@playwright/test'],
};
await Promise.all([
  build({ ...common, entryPoints: { main: source('./electron/main.ts') }, format: 'esm', outdir: out, outExtension: { '.js': '.mjs' } }),
  build({ ...common, entryPoints: { preload: source('./electron/preload.ts') }, format: 'cjs', outdir: out, outExtension: { '.js': '.cjs' } }),
  build({ ...common, entryPoints: { 'trainer-thread': source('./service/trainer-thread.ts') }, format: 'esm', outdir: out, outExtension: { '.js': '.mjs' } }),
]);
cpSync(source('./service/datasets/data'), `${out}data`, { recursive: true });
// Reports embed Plotly; the packaged app has no devDependencies, so it ships a minified copy.
await build({ entryPoints: [createRequire(import.meta.url).resolve('plotly.js-dist/plotly.js')], outfile: `${out}plotly.js`, minify: true, logLevel: 'warning' });
