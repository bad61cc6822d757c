// Why a lab file cannot be opened or written, in words that name the file and what to do, instead
// of SQLite's "disk I/O error" or a raw "EEXIST … mkdir". Nothing here changes the file.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    readonly file: string,
    message: string,
    /** Damage found in the file itself, as opposed to a place it cannot be made or written. */
    readonly damaged = false,
  ) {
    super(message);
  }
}

const DAMAGE = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB']);

/** Damage found in `file` (SQLite's words in `cause`), and what a person can do about it. */
export function damagedFile(file: string, cause: string): StorageError {
  return new StorageError(file, `${file} is damaged (${cause}); BN Lab did not change it. Open another file, restore this one from a backup, or copy what is still readable with bnlab recover`, true);
}

/** The failure of opening (or first writing) `file`, explained; `error` is what Node or SQLite threw. */
export function explainStorageFailure(file: string, error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  const cause = error instanceof Error ? error.message : String(error);
  const dir = path.dirname(file);
  if (isDirectory(file)) return new StorageError(file, `${file} is a folder, not a lab file; name a file in it, such as ${path.join(file, 'lab.db')}`);
  const blocker = fileInPlaceOfFolder(dir);
  if (blocker) return new StorageError(file, `cannot use ${file}: ${blocker} is a file, not a folder`);
  if (DAMAGE.has(code) || code.startsWith('SQLITE_CORRUPT')) {
    return damagedFile(file, cause);
  }
  if (code === 'ENOSPC' || code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR') && /space|full/i.test(cause)) {
    return new StorageError(file, `the disk holding ${file} is full; free some space, then try again (nothing already saved was lost)`);
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN') {
    return new StorageError(file, `cannot write ${file}: ${existsSync(file) ? 'the file or its folder' : `the folder ${dir}`} is read-only or belongs to another user (${cause})`);
  }
  return new StorageError(file, `cannot open ${file}: ${cause}`);
}

/**
 * A write to `file` that failed: a full disk, a read-only place or damage explained as at open
 * (naming the file); anything else (a bug, a refused value) as it was thrown.
 */
export function explainWriteFailure(file: string, error: unknown): unknown {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  return /^(SQLITE_(FULL|IOERR|READONLY|CORRUPT|NOTADB)|ENOSPC|EROFS|EACCES|EPERM)/.test(code) ? explainStorageFailure(file, error) : error;
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** The nearest ancestor of `dir` that exists, when it is a file rather than a folder. */
function fileInPlaceOfFolder(dir: string): string | null {
  for (let at = dir; ; at = path.dirname(at)) {
    try {
      return statSync(at).isDirectory() ? null : at;
    } catch {
      if (path.dirname(at) === at) return null;
    }
  }
}
