// Per-epoch metrics: the scalars in readable columns, the per-layer statistics as one JSON value.
import type { EpochMetrics, LayerEpochStats } from '../../engine/index.ts';
import type { EpochRange, EpochRow } from '../contract/records.ts';
import type { WritableDB } from './db.ts';

export type { EpochRange, EpochRow };

interface DbEpochRow {
  runId: number;
  epoch: number;
  steps: number;
  trainLoss: number | null;
  trainAccuracy: number | null;
  validationLoss: number | null;
  validationAccuracy: number | null;
  layersJson: string;
  wallMs: number;
  recordedAt: string;
}

const COLUMNS = `run_id AS runId, epoch, steps, train_loss AS trainLoss, train_accuracy AS trainAccuracy,
  validation_loss AS validationLoss, validation_accuracy AS validationAccuracy, layers_json AS layersJson,
  wall_ms AS wallMs, recorded_at AS recordedAt`;

export function createMetricsRepo(db: WritableDB) {
  const insert = db.prepare<[number, number, number, number, number | null, number | null, number | null, string, number]>(`
    INSERT INTO epoch_metrics (run_id, epoch, steps, train_loss, train_accuracy, validation_loss,
      validation_accuracy, layers_json, wall_ms)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const select = db.prepare<{ runId: number; from: number | null; to: number | null }, DbEpochRow>(`
    SELECT ${COLUMNS} FROM epoch_metrics
    WHERE run_id = @runId AND (@from IS NULL OR epoch >= @from) AND (@to IS NULL OR epoch <= @to)
    ORDER BY epoch`);
  const removeAfter = db.prepare<[number, number]>('DELETE FROM epoch_metrics WHERE run_id = ? AND epoch > ?');

  return {
    /**
     * SQLite binds NaN as NULL: a NaN training loss reads back as NaN, a NaN validation loss as null.
     * `layersJson` is encodeLayers(m.layers) when the caller has it already (a training thread encodes it).
     */
    insert(runId: number, m: EpochMetrics, wallMs: number, layersJson = encodeLayers(m.layers)): void {
      insert.run(runId, m.epoch, m.steps, m.trainLoss, m.trainAccuracy, m.validationLoss, m.validationAccuracy,
        layersJson, wallMs);
    },
    forRun(runId: number, range: EpochRange = {}): EpochRow[] {
      return select.all({ runId, from: range.from ?? null, to: range.to ?? null }).map(toEpoch);
    },
    /** Used when a run resumes from an older checkpoint; returns how many epochs were removed. */
    deleteAfter(runId: number, epoch: number): number {
      return removeAfter.run(runId, epoch).changes;
    },
  };
}

export type MetricsRepo = ReturnType<typeof createMetricsRepo>;

function toEpoch({ layersJson, trainLoss, ...rest }: DbEpochRow): EpochRow {
  return { ...rest, trainLoss: trainLoss ?? NaN, layers: decodeLayers(layersJson) };
}

// JSON has no NaN or ±Infinity, and a diverging run produces exactly those (gradient norms, BN
// variances), so they travel as the strings "NaN", "Infinity" and "-Infinity". The layer
// statistics hold no other strings, so the mapping cannot be ambiguous.
export function encodeLayers(layers: LayerEpochStats[]): string {
  return JSON.stringify(layers, (_key, value: unknown) =>
    typeof value === 'number' && !Number.isFinite(value) ? String(value) : value,
  );
}

function decodeLayers(json: string): LayerEpochStats[] {
  return JSON.parse(json, (_key, value: unknown) =>
    value === 'NaN' || value === 'Infinity' || value === '-Infinity' ? Number(value) : value,
  ) as LayerEpochStats[];
}
