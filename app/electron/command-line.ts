// The database a launch of the desktop app names: `--db FILE`, `--db=FILE`, or a lone `.db` file
// (what a file manager passes when a lab file is opened with BN Lab). Electron's and Chromium's own
// switches, and the app folder that a development launch passes first, are not files to open.
import path from 'node:path';

export function dbFileFromArgv(argv: readonly string[], cwd: string): string | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--db' && argv[i + 1]) return path.resolve(cwd, argv[i + 1]!);
    if (arg.startsWith('--db=') && arg.length > 5) return path.resolve(cwd, arg.slice(5));
  }
  const file = argv.slice(1).find((arg) => !arg.startsWith('-') && /\.(db|sqlite)$/i.test(arg));
  return file ? path.resolve(cwd, file) : null;
}
