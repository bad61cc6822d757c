// Keeping a lab file small: a dated copy before anything is thinned, VACUUM to give freed pages
// back to the disk, and what each experiment takes, for the Library.
import { statSync } from 'node:fs';
import type { ReadableDB, WritableDB } from './db.ts';
import type { StorageUse } from '../contract/records.ts';

export type { StorageUse };

/** `lab.db.before-gc-2026-12-02T14-20-00Z.bak` next to the file: a consistent copy, WAL included. */
export function backUp(db: WritableDB, file: string, why: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, 'Z').replaceAll(':', '-');
  const target = `${file}.before-${why}-${stamp}.bak`;
  db.prepare('VACUUM INTO ?').run(target);
  return target;
}

/** Rewrites the file without its free pages; returns its size before and after, WAL included. */
export function vacuum(db: WritableDB, file: string): { before: number; after: number } {
  const before = fileBytes(file);
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
  return { before, after: fileBytes(file) };
}

export function storageUse(db: ReadableDB, file: string): StorageUse {
  const experiments = db.prepare<[], { id: number; name: string; bytes: number }>(`
    SELECT e.id, e.name,
           coalesce((SELECT sum(length(c.state)) FROM checkpoints c JOIN runs r ON r.id = c.run_id WHERE r.experiment_id = e.id), 0)
         + coalesce((SELECT sum(length(m.layers_json) + coalesce(length(m.layer_stats), 0)) FROM epoch_metrics m JOIN runs r ON r.id = m.run_id WHERE r.experiment_id = e.id), 0)
             AS bytes
      FROM experiments e ORDER BY bytes DESC, e.id`).all();
  return { file, fileBytes: fileBytes(file), experiments };
}

function fileBytes(file: string): number {
  const size = (f: string) => {
    try {
      return statSync(f).size;
    } catch {
      return 0;
    }
  };
  return size(file) + size(`${file}-wal`);
}
