// `npm run build:app`: bundles the Node side for the desktop app into dist-electron/. The main
// process is ESM (it needs import.meta.url to find the worker); the sandboxed preload must be CJS.
// The shipped dataset tables, Plotly and the licences of everything that ships are copied next to
// the bundle, where the main process points the lab. Run after build:renderer, whose packages.json
// names the packages bundled into the UI.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';
import { licenceNotice, packageLines, packagesIn } from '../build/shipped-packages.ts';
import { PACKAGE_FILE as PLOTLY_PACKAGE_FILE } from './service/report/plotly-source.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const out = fileURLToPath(new URL('../dist-electron/', import.meta.url));
const source = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** The app reads only its version from package.json; the rest (devDependencies, scripts) stays out. */
const versionOnly: Plugin = {
  name: 'package-json-version-only',
  setup(bundler) {
    bundler.onLoad({ filter: /[\\/]package\.json$/ }, ({ path }) => {
      if (path !== `${root}package.json`) return undefined;
      const { version } = JSON.parse(readFileSync(path, 'utf8')) as { version: string };
      return { contents: JSON.stringify({ version }), loader: 'json' };
    });
  },
};

/** Loaded at run time from node_modules rather than bundled. */
const RUNTIME_DEPENDENCIES = ['better-sqlite3'];

rmSync(out, { recursive: true, force: true });
const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
  plugins: [versionOnly],
  // The desktop app prints PDFs with Electron, so the CLI's Playwright path stays out of the bundle.
  external: ['electron', ...RUNTIME_DEPENDENCIES, '@playwright/test'],
};
const bundles = await Promise.all([
  build({ ...common, entryPoints: { main: source('./electron/main.ts') }, format: 'esm', outdir: out, outExtension: { '.js': '.mjs' } }),
  build({ ...common, entryPoints: { preload: source('./electron/preload.ts') }, format: 'cjs', outdir: out, outExtension: { '.js': '.cjs' } }),
  build({ ...common, entryPoints: { 'trainer-thread': source('./service/trainer-thread.ts') }, format: 'esm', outdir: out, outExtension: { '.js': '.mjs' } }),
]);
cpSync(source('./service/datasets/data'), `${out}data`, { recursive: true });
// Reports embed Plotly; the packaged app has no devDependencies, so it ships a copy of the one they use.
const plotly = createRequire(import.meta.url).resolve(PLOTLY_PACKAGE_FILE);
cpSync(plotly, `${out}plotly.js`);

const bundled = bundles.flatMap((result) => Object.keys((result.metafile as Metafile).inputs));
const renderer = JSON.parse(readFileSync(`${root}dist-renderer/packages.json`, 'utf8')) as string[];
const shipped = [...packagesIn([...bundled, plotly]), ...renderer, ...RUNTIME_DEPENDENCIES];
// The dataset tables' attribution travels with them (CC BY 4.0 asks for it).
writeFileSync(`${out}LICENSES.txt`, licenceNotice(root, shipped, [readFileSync(`${out}data/README.md`, 'utf8')]));
// The About box lists them without parsing the notice.
writeFileSync(`${out}shipped.json`, JSON.stringify(packageLines(root, shipped)));
