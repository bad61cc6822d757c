// Dataset descriptions that runs point at: enough to regenerate or reload the data, plus the
// training split's standardization, so a checkpoint is always evaluated on identically scaled inputs.
import type { WritableDB } from './db.ts';

/** Per-feature statistics of the training split; inputs are fed to the network as (x − mean) / std. */
export interface Standardization {
  mean: number[];
  std: number[];
}

export interface NewDataset {
  name: string;
  /** JSON-serializable; its shape belongs to the service (built-in generator settings or an imported CSV). */
  description: unknown;
  standardization: Standardization;
}

export interface DatasetRow {
  id: number;
  name: string;
  /** Parsed JSON as written; the service validates it. */
  description: unknown;
  standardization: Standardization;
  createdAt: string;
}

interface DbDatasetRow {
  id: number;
  name: string;
  descriptionJson: string;
  standardizationJson: string;
  createdAt: string;
}

const COLUMNS =
  'id, name, description_json AS descriptionJson, standardization_json AS standardizationJson, created_at AS createdAt';

export function createDatasetsRepo(db: WritableDB) {
  const insert = db.prepare<[string, string, string], DbDatasetRow>(
    `INSERT INTO datasets (name, description_json, standardization_json) VALUES (?, ?, ?) RETURNING ${COLUMNS}`,
  );
  const byId = db.prepare<[number], DbDatasetRow>(`SELECT ${COLUMNS} FROM datasets WHERE id = ?`);
  const all = db.prepare<[], DbDatasetRow>(`SELECT ${COLUMNS} FROM datasets ORDER BY id`);

  return {
    create(dataset: NewDataset): DatasetRow {
      const row = insert.get(dataset.name, JSON.stringify(dataset.description), JSON.stringify(dataset.standardization));
      return toDataset(row!);
    },
    get(id: number): DatasetRow | undefined {
      const row = byId.get(id);
      return row && toDataset(row);
    },
    list(): DatasetRow[] {
      return all.all().map(toDataset);
    },
  };
}

export type DatasetsRepo = ReturnType<typeof createDatasetsRepo>;

function toDataset({ descriptionJson, standardizationJson, ...rest }: DbDatasetRow): DatasetRow {
  return {
    ...rest,
    description: JSON.parse(descriptionJson) as unknown,
    standardization: JSON.parse(standardizationJson) as Standardization,
  };
}
