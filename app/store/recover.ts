// A damaged lab file is never written to (db.ts); these read it without opening it for writing:
// a full check on demand (`bnlab check`), and a copy of everything still readable into a new file
// (`bnlab recover`), row by row, so one bad page costs the rows on it and not the whole table.
import { existsSync } from 'node:fs';
import { openDb, openReadOnly, type ReadableDB, type WritableDB } from './db.ts';
import { StorageError } from './storage-error.ts';

/** Parents before children, as the foreign keys require. run_owners is left out: no process owns a recovered run. */
const TABLES = ['experiments', 'datasets', 'runs', 'epoch_metrics', 'checkpoints'] as const;

export interface TableRecovery {
  table: (typeof TABLES)[number];
  copied: number;
  /** Rows SQLite could not read back. */
  unreadable: number;
  /** Rows read that the new file refused: damaged values, or a parent that was lost (a run whose experiment is unreadable). */
  refused: number;
}

function openForReading(file: string): ReadableDB {
  if (!existsSync(file)) throw new StorageError(file, `${file} does not exist`);
  return openReadOnly(file);
}

/** SQLite's full integrity check: an empty list when the file is sound. */
export function checkDbFile(file: string): string[] {
  const db = openForReading(file);
  try {
    const rows = db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[];
    const found = rows.map((r) => r.integrity_check);
    return found.length === 1 && found[0] === 'ok' ? [] : found;
  } catch (error) {
    return [(error as Error).message];
  } finally {
    db.close();
  }
}

/** Copies every readable experiment, dataset, run, metric and checkpoint of `file` into a new lab file `out`. */
export function recoverDbFile(file: string, out: string): TableRecovery[] {
  if (existsSync(out)) throw new StorageError(out, `${out} exists already; name a new file for the recovered lab`);
  const source = openForReading(file);
  const target = openDb(out);
  try {
    const report = TABLES.map((table) => copyTable(source, target, table));
    // Nothing trains in the recovered file: what was training is interrupted, and can be resumed.
    target.prepare("UPDATE runs SET status = 'interrupted' WHERE status IN ('queued', 'running', 'paused')").run();
    return report;
  } finally {
    source.close();
    target.close();
  }
}

function copyTable(source: ReadableDB, target: WritableDB, table: (typeof TABLES)[number]): TableRecovery {
  const columns = (target.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
  const insert = target.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
  const result: TableRecovery = { table, copied: 0, unreadable: 0, refused: 0 };
  const keep = (row: Record<string, unknown>) => {
    try {
      insert.run(Object.fromEntries(columns.map((c) => [c, row[c] ?? null])));
      result.copied++;
    } catch {
      result.refused++;
    }
  };
  target.transaction(() => {
    // The quick way first; where a damaged page stops it, every row after the last one read is asked for alone.
    let last = 0;
    try {
      for (const row of source.prepare(`SELECT rowid AS rowid_, * FROM ${table} ORDER BY rowid`).iterate() as Iterable<Record<string, unknown>>) {
        last = row.rowid_ as number;
        keep(row);
      }
      return;
    } catch {
      // Fall through to row-by-row reading.
    }
    const one = source.prepare(`SELECT * FROM ${table} WHERE rowid = ?`);
    let highest: number;
    try {
      highest = (source.prepare(`SELECT max(rowid) AS m FROM ${table}`).get() as { m: number | null }).m ?? last;
    } catch {
      highest = last + 100_000;
    }
    for (let rowid = last + 1; rowid <= highest; rowid++) {
      try {
        const row = one.get(rowid) as Record<string, unknown> | undefined;
        if (row) keep(row);
      } catch {
        result.unreadable++;
      }
    }
  })();
  return result;
}
