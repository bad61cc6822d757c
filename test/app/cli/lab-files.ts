// The files a bnlab test hands the command and reads back: an experiment file in, SQLite rows out.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export function writeExperiment(dir: string, file: object): string {
  const target = path.join(dir, 'experiment.json');
  writeFileSync(target, JSON.stringify(file));
  return target;
}

/** The stored epochs, checkpoints and run states, read straight from the file the command wrote. */
export function readLabFile(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    const epochs = db.prepare('SELECT * FROM epoch_metrics ORDER BY run_id, epoch').all() as { wall_ms: number; recorded_at: string; run_id: number }[];
    const checkpoints = db.prepare('SELECT run_id, epoch, state FROM checkpoints ORDER BY run_id, epoch').all() as { run_id: number; epoch: number; state: Buffer }[];
    const runs = db.prepare('SELECT id, status, epochs_done FROM runs ORDER BY id').all() as { id: number; status: string; epochs_done: number }[];
    return { epochs, checkpoints, runs };
  } finally {
    db.close();
  }
}
