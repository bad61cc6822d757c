// better-sqlite3 for the Electron that `npm start` runs. The copy in node_modules is built for Node
// (the CLI, browser mode and the tests use it), and Electron refuses a module built for another ABI.
// So a second copy is compiled against Electron's headers in a cache folder, once per Electron and
// better-sqlite3 version, and handed to the main process through SQLITE_BINDING_ENV; node_modules
// is never touched. Installers do not need this: electron-builder rebuilds the module for the packaged app.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type SqliteBuild = { binding: string } | { problem: string };

/** The Electron version of a binary, asked of the binary itself (ELECTRON_BINARY may name any). */
export function electronVersionOf(binary: string): string | null {
  const asked = spawnSync(binary, ['-p', 'process.versions.electron'], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, encoding: 'utf8', timeout: 60_000 });
  const version = asked.status === 0 ? asked.stdout.trim() : '';
  return /^\d+\.\d+\.\d+/.test(version) ? version : null;
}

export function sqliteBindingPath(projectRoot: string, electronVersion: string): string {
  return path.join(buildFolder(projectRoot, electronVersion), 'build', 'Release', 'better_sqlite3.node');
}

/** The cached build, or a new one (about a minute; needs Electron's headers from electronjs.org and a C++ compiler). */
export function sqliteForElectron(projectRoot: string, electronVersion: string, log: (line: string) => void): SqliteBuild {
  const binding = sqliteBindingPath(projectRoot, electronVersion);
  if (existsSync(binding)) return { binding };
  const source = path.join(projectRoot, 'node_modules', 'better-sqlite3');
  const nodeGyp = path.join(projectRoot, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  if (!existsSync(source) || !existsSync(nodeGyp)) return { problem: 'better-sqlite3 or node-gyp is not installed (run npm install)' };

  // Built aside and moved into place when whole, so a second `npm start` never sees half a build.
  const folder = buildFolder(projectRoot, electronVersion);
  const scratch = `${folder}.building-${process.pid}`;
  const logFile = `${folder}.log`;
  rmSync(scratch, { recursive: true, force: true });
  // dereference: a linked module must be copied, not linked, or the build would replace Node's copy.
  cpSync(source, scratch, { recursive: true, dereference: true, filter: (from) => path.relative(source, from) !== 'build' });
  log(`building better-sqlite3 for Electron ${electronVersion} (once)…`);
  // npm passes its config to scripts as npm_config_*; a nodedir there would compile against Node's
  // headers, and the result would load in Node but not in Electron.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_nodedir$/i.test(key)));
  const built = spawnSync(
    process.execPath,
    [nodeGyp, 'rebuild', '--release', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers'],
    { cwd: scratch, env, encoding: 'utf8', timeout: 15 * 60_000, maxBuffer: 256 * 1024 * 1024 },
  );
  writeFileSync(logFile, `${built.stdout ?? ''}\n${built.stderr ?? ''}`);
  const scratchBinding = path.join(scratch, 'build', 'Release', 'better_sqlite3.node');
  if (built.status !== 0 || !existsSync(scratchBinding)) {
    rmSync(scratch, { recursive: true, force: true });
    const why = gypError(built.stderr ?? '') || built.error?.message || `exit code ${built.status}`;
    return { problem: `better-sqlite3 could not be compiled for Electron ${electronVersion}: ${why} (full output in ${logFile})` };
  }
  try {
    renameSync(scratch, folder);
  } catch {
    // Another `npm start` finished first; its build is as good as this one.
    rmSync(scratch, { recursive: true, force: true });
  }
  return existsSync(binding) ? { binding } : { problem: `the build of better-sqlite3 for Electron ${electronVersion} vanished from ${folder}` };
}

function buildFolder(projectRoot: string, electronVersion: string): string {
  const source = path.join(projectRoot, 'node_modules', 'better-sqlite3', 'package.json');
  const sqliteVersion = existsSync(source) ? (JSON.parse(readFileSync(source, 'utf8')) as { version: string }).version : 'missing';
  const name = `better-sqlite3-${sqliteVersion}-electron-${electronVersion}-${process.platform}-${process.arch}`;
  return path.join(projectRoot, 'node_modules', '.cache', 'bn-lab', name);
}

/** node-gyp's own explanation ("gyp ERR! stack Error: …" and its continuation lines), without the call stack. */
function gypError(stderr: string): string {
  const lines = stderr.split('\n').map((line) => /^gyp ERR! stack (.*)$/.exec(line)?.[1]?.trim() ?? '');
  const start = lines.findIndex((line) => line.startsWith('Error'));
  if (start < 0) return '';
  const end = lines.findIndex((line, i) => i > start && (line === '' || line.startsWith('at ')));
  return lines.slice(start, end < 0 ? undefined : end).join(' ').replace(/^Error: /, '');
}
