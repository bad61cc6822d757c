// `npm run dist`: the installers for this OS. electron-builder rebuilds better-sqlite3 for Electron
// inside node_modules (npmRebuild), which leaves the CLI, browser mode and the tests unable to load
// it; so the Node build is restored afterwards, whether packaging worked or not.
import { spawnSync } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const run = (command: string, args: string[]) => spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1;

const built = run(npm, ['run', 'build']);
if (built !== 0) process.exit(built);
const packaged = run(npx, ['electron-builder', ...process.argv.slice(2)]);
process.stdout.write('restoring better-sqlite3 for Node (electron-builder rebuilt it for Electron)…\n');
const restored = run(npm, ['rebuild', 'better-sqlite3']);
process.exit(packaged !== 0 ? packaged : restored);
