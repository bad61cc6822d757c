// Opening the lab's SQLite file: where it lives, the connection settings, and the schema check.
// ReadableDB/WritableDB are brands (Signal's idea), so code that only reads says so in its signature.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DbFromFutureError, latestVersion, migrate, MIGRATIONS, type Migration } from './migrate.ts';
import { packagedSqliteBinary } from './packaged-sqlite.ts';
import { damagedFile, explainStorageFailure, StorageError } from './storage-error.ts';

declare const readable: unique symbol;
declare const writable: unique symbol;
export type ReadableDB = Database.Database & { readonly [readable]: true };
export type WritableDB = ReadableDB & { readonly [writable]: true };

const DB_FILE = 'lab.db';
const APP_FOLDER = 'bn-lab';

export interface OpenDbOptions {
  /** Only tests pass another list, e.g. one whose last step throws. */
  migrations?: readonly Migration[];
}

/**
 * Opens (creating if needed) the database at `file` and brings its schema up to date.
 * A file written by a newer BN Lab is refused before anything is written to it.
 */
export function openDb(file: string, options: OpenDbOptions = {}): WritableDB {
  const migrations = options.migrations ?? MIGRATIONS;
  let db: WritableDB;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    if (existsSync(file)) refuseIfFromFuture(file, latestVersion(migrations));
    db = new Database(file, { nativeBinding: packagedSqliteBinary() }) as WritableDB;
  } catch (error) {
    throw error instanceof DbFromFutureError ? error : explainStorageFailure(file, error);
  }
  try {
    // The wait comes first so that switching journal mode waits for another writer too.
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    // The bundled build defaults WAL to synchronous = NORMAL, which may lose the last commits on
    // power loss; "nothing ever lost" is worth the fsync per transaction.
    db.pragma('synchronous = FULL');
    // The bundled default happens to be ON, but that is a compile option, not a contract.
    db.pragma('foreign_keys = ON');
    refuseIfDamaged(db, file);
    backUpBeforeUpgrade(db, file, latestVersion(migrations));
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error instanceof DbFromFutureError || isMigrationBug(error) ? error : explainStorageFailure(file, error);
  }
}

/**
 * Opens `file` to read only: nothing is written to it, not even the journal mode, so a damaged file
 * or one in a read-only place can still be listed, shown and exported. `damage` is what quick_check
 * found (null: none). A file of an older schema is refused: reading it needs the upgrade, a write.
 * The connection is typed writable for the repositories; any write through it fails (SQLITE_READONLY).
 */
export function openDbReadOnly(file: string): { db: WritableDB; damage: string | null } {
  let db: WritableDB;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: 5000, nativeBinding: packagedSqliteBinary() }) as WritableDB;
  } catch (error) {
    throw explainStorageFailure(file, error);
  }
  try {
    const latest = latestVersion(MIGRATIONS);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > latest) throw new DbFromFutureError(file, version, latest);
    if (version < latest) throw new StorageError(file, `${file} was made by an older BN Lab and must be upgraded before it is read, which writes to it; copy it to a folder you can write to and open the copy`);
    const result = db.pragma('quick_check(1)', { simple: true }) as string;
    return { db, damage: result === 'ok' ? null : result.replace(/\s*\n\s*/g, ' ') };
  } catch (error) {
    db.close();
    throw error instanceof DbFromFutureError || error instanceof StorageError ? error : explainStorageFailure(file, error);
  }
}

/**
 * A file made by an older BN Lab is copied aside before its schema changes (lab.db.v1.bak next to
 * lab.db), so an upgrade can always be undone by hand: the copy opens in the version that made it.
 * VACUUM INTO writes a consistent copy, WAL included, without changing the file.
 */
function backUpBeforeUpgrade(db: WritableDB, file: string, latest: number): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === 0 || version >= latest) return;
  const backup = `${file}.v${version}.bak`;
  if (!existsSync(backup)) db.prepare('VACUUM INTO ?').run(backup);
}

/** Files up to this size are checked whole at every open (about 0.5 s for 200 MB here). */
const CHECKED_AT_OPEN_BYTES = 256 * 1024 * 1024;

/**
 * SQLite finds damage only where it reads, so a damaged file could take new runs for a while and
 * lose them later. quick_check reads every page once, and nothing is written to a file that fails
 * it. A larger file skips it, so that opening stays quick.
 */
function refuseIfDamaged(db: WritableDB, file: string): void {
  if (!existsSync(file) || statSync(file).size > CHECKED_AT_OPEN_BYTES) return;
  const result = db.pragma('quick_check(1)', { simple: true }) as string;
  if (result !== 'ok') throw damagedFile(file, result.replace(/\s*\n\s*/g, ' '));
}

/** A migration step that throws a plain Error is a bug in BN Lab, not a problem of the file. */
function isMigrationBug(error: unknown): boolean {
  return error instanceof Error && !('code' in error) && !(error instanceof StorageError);
}

/**
 * A read-only connection never writes the main file (even journal_mode would), so an older app
 * cannot damage a newer file. The WAL is read too, so a version committed there is seen.
 */
/** A connection SQLite itself refuses to write through: the one kind of ReadableDB that is not also writable. */
export function openReadOnly(file: string): ReadableDB {
  return new Database(file, { readonly: true, fileMustExist: true, timeout: 5000, nativeBinding: packagedSqliteBinary() }) as ReadableDB;
}

function refuseIfFromFuture(file: string, latest: number): void {
  const probe = openReadOnly(file);
  try {
    const version = probe.pragma('user_version', { simple: true }) as number;
    if (version > latest) throw new DbFromFutureError(file, version, latest);
  } finally {
    probe.close();
  }
}

/**
 * Runs a write again when another connection held the write lock past the busy timeout; the last
 * of `attempts` refusals stands. Any other error is thrown at once.
 */
export function retryWhenBusy<T>(write: () => T, attempts = 3): T {
  for (let attempt = 1; ; attempt++) {
    try {
      return write();
    } catch (error) {
      if (attempt >= attempts || (error as { code?: unknown }).code !== 'SQLITE_BUSY') throw error;
    }
  }
}

export interface PlatformInfo {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
}

/** Electron's app.getPath('userData') for an app named "bn-lab", plus the file name. */
export function defaultDbPath({ env = process.env, platform = process.platform, home = homedir() }: PlatformInfo = {}): string {
  if (platform === 'win32') {
    const appData = nonEmpty(env.APPDATA) ?? path.win32.join(home, 'AppData', 'Roaming');
    return path.win32.join(appData, APP_FOLDER, DB_FILE);
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', APP_FOLDER, DB_FILE);
  const config = nonEmpty(env.XDG_CONFIG_HOME) ?? path.posix.join(home, '.config');
  return path.posix.join(config, APP_FOLDER, DB_FILE);
}

/** `--db FILE` wins, then BNLAB_DB, then BNLAB_DATA_DIR/lab.db (what e2e tests set), then the OS default. */
export function resolveDbPath({ flag, env = process.env, platform, home }: PlatformInfo & { flag?: string } = {}): string {
  const explicit = nonEmpty(flag) ?? nonEmpty(env.BNLAB_DB);
  if (explicit !== undefined) return path.resolve(explicit);
  const dataDir = nonEmpty(env.BNLAB_DATA_DIR);
  if (dataDir !== undefined) return path.resolve(dataDir, DB_FILE);
  return defaultDbPath({ env, platform, home });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
