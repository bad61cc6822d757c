// `npm start`: builds what is out of date, then opens the desktop app, or browser mode where no
// Electron binary is installed, so the README's one command works on every machine.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron/find-electron.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Newest modification time under a folder (0 when it does not exist). */
function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) latest = Math.max(latest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

function buildIfStale(script: string, output: string, sources: string[]): void {
  const built = existsSync(output) ? statSync(output).mtimeMs : 0;
  if (built > Math.max(...sources.map((s) => newest(path.join(root, s))))) return;
  process.stdout.write(`building (${script})…\n`);
  const result = spawnSync(npm, ['run', '-s', script], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

buildIfStale('build:renderer', path.join(root, 'dist-renderer', 'index.html'), ['renderer', 'app/contract']);

/**
 * Electron fetches its binary lazily; npm start never loads the electron package, so it asks for
 * the download itself (a quick failure where GitHub is unreachable), unless told not to.
 */
function fetchElectron(): string | null {
  const found = findElectronBinary(root);
  const installer = path.join(root, 'node_modules', 'electron', 'install.js');
  if (found || process.env.ELECTRON_SKIP_BINARY_DOWNLOAD || !existsSync(installer)) return found;
  process.stdout.write('fetching the Electron binary…\n');
  spawnSync(process.execPath, [installer], { cwd: root, stdio: 'ignore', timeout: 300_000 });
  return findElectronBinary(root);
}

const electron = fetchElectron();
if (electron) {
  buildIfStale('build:app', path.join(root, 'dist-electron', 'main.mjs'), ['app', 'engine']);
  const child = spawn(electron, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stdout.write('No Electron binary is installed and it could not be downloaded here, so BN Lab opens in browser mode.\n');
  await import('./web/serve.ts');
}
