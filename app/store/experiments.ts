// Experiments: named groups of runs. Deleting one deletes its runs, metrics and checkpoints (cascade).
import type { WritableDB } from './db.ts';
import type { ExperimentRow } from '../contract/records.ts';
import type { ExperimentDesign } from '../contract/experiment-design.ts';

export type { ExperimentRow };

const COLUMNS = 'id, name, created_at AS createdAt, design_json AS designJson';
type Row = Omit<ExperimentRow, 'design'> & { designJson: string | null };

function toExperiment({ designJson, ...row }: Row): ExperimentRow {
  return { ...row, design: designJson === null ? null : (JSON.parse(designJson) as ExperimentDesign) };
}

export function createExperimentsRepo(db: WritableDB) {
  const insert = db.prepare<[string, string | null], Row>(`INSERT INTO experiments (name, design_json) VALUES (?, ?) RETURNING ${COLUMNS}`);
  const byId = db.prepare<[number], Row>(`SELECT ${COLUMNS} FROM experiments WHERE id = ?`);
  const all = db.prepare<[], Row>(`SELECT ${COLUMNS} FROM experiments ORDER BY id`);
  const setName = db.prepare<[string, number]>('UPDATE experiments SET name = ? WHERE id = ?');
  const remove = db.prepare<[number]>('DELETE FROM experiments WHERE id = ?');

  return {
    /** `design`: what the experiment's runs were expanded from, kept to open it again. */
    create(name: string, design: ExperimentDesign | null = null): ExperimentRow {
      return toExperiment(insert.get(name, design === null ? null : JSON.stringify(design))!);
    },
    get(id: number): ExperimentRow | undefined {
      const row = byId.get(id);
      return row && toExperiment(row);
    },
    list(): ExperimentRow[] {
      return all.all().map(toExperiment);
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
