// The database a launch of the desktop app names: `--db FILE`, `--db=FILE`, or a lone `.db` file,
// as a path or a file: URL (what a Linux file manager passes when a lab file is opened with BN Lab).
// Electron's and Chromium's own switches, and the app folder that a development launch passes
// first, are not files to open.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function dbFileFromArgv(argv: readonly string[], cwd: string): string | null {
  const resolve = (file: string) => (file.startsWith('file:') ? fileURLToPath(file) : path.resolve(cwd, file));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    if (arg === '--db' && next && !next.startsWith('-')) return resolve(next);
    if (arg.startsWith('--db=') && arg.length > 5) return resolve(arg.slice(5));
  }
  const file = argv.slice(1).find((arg) => !arg.startsWith('-') && /\.(db|sqlite)$/i.test(arg));
  return file ? resolve(file) : null;
}
