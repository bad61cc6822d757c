// better-sqlite3 for the Electron that `npm start` runs. The copy in node_modules is built for Node
// (the CLI, browser mode and the tests use it), and Electron refuses a module built for another ABI.
// So a second copy is compiled against Electron's headers in a cache folder, once per Electron
// version, and handed to the main process through SQLITE_BINDING_ENV; node_modules is never touched.
// Installers do not need this: electron-builder rebuilds the module for the packaged app.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

export type SqliteBuild = { binding: string } | { problem: string };

/** The installed Electron's version, read from its package (loading it would try a download). */
export function electronVersion(projectRoot: string): string | null {
  const file = path.join(projectRoot, 'node_modules', 'electron', 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : null;
}

export function sqliteBindingPath(projectRoot: string, version: string): string {
  const folder = `better-sqlite3-electron-${version}-${process.platform}-${process.arch}`;
  return path.join(projectRoot, 'node_modules', '.cache', 'bn-lab', folder, 'build', 'Release', 'better_sqlite3.node');
}

/** The cached build, or a new one (about a minute; needs Electron's headers from electronjs.org and a C++ compiler). */
export function sqliteForElectron(projectRoot: string, version: string, log: (line: string) => void): SqliteBuild {
  const binding = sqliteBindingPath(projectRoot, version);
  if (existsSync(binding)) return { binding };
  const source = path.join(projectRoot, 'node_modules', 'better-sqlite3');
  const nodeGyp = path.join(projectRoot, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  if (!existsSync(source) || !existsSync(nodeGyp)) return { problem: 'better-sqlite3 or node-gyp is not installed (run npm install)' };

  const folder = path.resolve(binding, '..', '..', '..');
  rmSync(folder, { recursive: true, force: true });
  // dereference: a linked module must be copied, not linked, or the build would replace Node's copy.
  cpSync(source, folder, { recursive: true, dereference: true, filter: (from) => path.relative(source, from) !== 'build' });
  log(`building better-sqlite3 for Electron ${version} (once)…`);
  // npm passes its config to scripts as npm_config_*; a nodedir there would compile against Node's
  // headers, and the result would load in Node but not in Electron.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_nodedir$/i.test(key)));
  const built = spawnSync(
    process.execPath,
    [nodeGyp, 'rebuild', '--release', `--target=${version}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'],
    { cwd: folder, env, encoding: 'utf8', timeout: 15 * 60_000 },
  );
  if (built.status !== 0 || !existsSync(binding)) {
    rmSync(folder, { recursive: true, force: true });
    return { problem: `better-sqlite3 could not be compiled for Electron ${version}: ${gypError(built.stderr ?? '') || built.error?.message || `exit code ${built.status}`}` };
  }
  return { binding };
}

/** node-gyp's own explanation ("gyp ERR! stack Error: …" and its continuation lines), without the call stack. */
function gypError(stderr: string): string {
  const lines = stderr.split('\n').map((line) => /^gyp ERR! stack (.*)$/.exec(line)?.[1]?.trim() ?? '');
  const start = lines.findIndex((line) => line.startsWith('Error'));
  if (start < 0) return '';
  const end = lines.findIndex((line, i) => i > start && (line === '' || line.startsWith('at ')));
  return lines.slice(start, end < 0 ? undefined : end).join(' ').replace(/^Error: /, '');
}
