// Schema versions on PRAGMA user_version (Signal's discipline): numbered steps, all pending ones in
// one transaction, and a file from a newer BN Lab is refused rather than "upgraded" into damage.
import type { WritableDB } from './db.ts';
import migrate0001 from './migrations/0001-initial.ts';
import migrate0002 from './migrations/0002-run-owners.ts';
import migrate0003 from './migrations/0003-experiment-designs.ts';
import migrate0004 from './migrations/0004-checkpoint-encoding.ts';
import migrate0005 from './migrations/0005-layer-stats-blob.ts';

export interface Migration {
  version: number;
  name: string;
  up: (db: WritableDB) => void;
}

/** Append only: a shipped step is never edited, because users' files already went through it. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: '0001-initial', up: migrate0001 },
  { version: 2, name: '0002-run-owners', up: migrate0002 },
  { version: 3, name: '0003-experiment-designs', up: migrate0003 },
  { version: 4, name: '0004-checkpoint-encoding', up: migrate0004 },
  { version: 5, name: '0005-layer-stats-blob', up: migrate0005 },
];

export class DbFromFutureError extends Error {
  readonly code = 'db_from_future';

  constructor(
    readonly file: string,
    readonly version: number,
    readonly latestKnown: number,
  ) {
    super(
      `${file} was written by a newer BN Lab: its schema version is ${version}, and this BN Lab knows ` +
        `versions up to ${latestKnown}. Update BN Lab to open it; the file was left unchanged.`,
    );
    this.name = 'DbFromFutureError';
  }
}

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.at(-1)?.version ?? 0;
}

/** Brings `db` to the newest version in `migrations`; returns the versions before and after. */
export function migrate(db: WritableDB, migrations: readonly Migration[] = MIGRATIONS): { from: number; to: number } {
  checkOrder(migrations);
  const latest = latestVersion(migrations);
  const run = db.transaction(() => {
    const from = db.pragma('user_version', { simple: true }) as number;
    if (from > latest) throw new DbFromFutureError(db.name, from, latest);
    const pending = migrations.filter((m) => m.version > from);
    for (const m of pending) m.up(db);
    // Inside the transaction, so a failed step leaves the old version as well as the old schema.
    if (pending.length > 0) db.pragma(`user_version = ${latest}`);
    return { from, to: Math.max(from, latest) };
  });
  // IMMEDIATE takes the write lock before reading the version, so two processes cannot both migrate.
  return run.immediate();
}

function checkOrder(migrations: readonly Migration[]): void {
  let previous = 0;
  for (const m of migrations) {
    if (!Number.isInteger(m.version) || m.version <= previous) {
      throw new Error(`Migration versions must be increasing integers >= 1: ${m.name} has ${m.version} after ${previous}`);
    }
    previous = m.version;
  }
}
