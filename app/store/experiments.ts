// Experiments: named groups of runs. Deleting one deletes its runs, metrics and checkpoints (cascade).
import type { WritableDB } from './db.ts';
import type { ExperimentRow } from '../contract/records.ts';

export type { ExperimentRow };

const COLUMNS = 'id, name, created_at AS createdAt';

export function createExperimentsRepo(db: WritableDB) {
  const insert = db.prepare<[string], ExperimentRow>(`INSERT INTO experiments (name) VALUES (?) RETURNING ${COLUMNS}`);
  const byId = db.prepare<[number], ExperimentRow>(`SELECT ${COLUMNS} FROM experiments WHERE id = ?`);
  const all = db.prepare<[], ExperimentRow>(`SELECT ${COLUMNS} FROM experiments ORDER BY id`);
  const setName = db.prepare<[string, number]>('UPDATE experiments SET name = ? WHERE id = ?');
  const remove = db.prepare<[number]>('DELETE FROM experiments WHERE id = ?');

  return {
    create(name: string): ExperimentRow {
      return insert.get(name)!;
    },
    get(id: number): ExperimentRow | undefined {
      return byId.get(id);
    },
    list(): ExperimentRow[] {
      return all.all();
    },
    /** False when no experiment has this id. */
    rename(id: number, name: string): boolean {
      return setName.run(name, id).changes > 0;
    },
    /** Also deletes the experiment's runs with their metrics and checkpoints. */
    delete(id: number): boolean {
      return remove.run(id).changes > 0;
    },
  };
}

export type ExperimentsRepo = ReturnType<typeof createExperimentsRepo>;
