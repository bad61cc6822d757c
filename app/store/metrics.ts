// Per-epoch metrics: the scalars in readable columns, the per-layer statistics as compact bytes
// (layer-stats-codec.ts); rows an older BN Lab wrote keep theirs as JSON, read here all the same.
import type { EpochRange, EpochRow, StoredLayerStats } from '../contract/records.ts';
import type { WritableDB } from './db.ts';
import { asBuffer } from './blob.ts';
import { decodeLayerStats, encodeLayerStats } from './layer-stats-codec.ts';

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
  layerStats: Buffer | null;
  wallMs: number;
  recordedAt: string;
}

const COLUMNS = `run_id AS runId, epoch, steps, train_loss AS trainLoss, train_accuracy AS trainAccuracy,
  validation_loss AS validationLoss, validation_accuracy AS validationAccuracy, layers_json AS layersJson,
  layer_stats AS layerStats, wall_ms AS wallMs, recorded_at AS recordedAt`;

export function createMetricsRepo(db: WritableDB) {
  // layers_json must hold valid JSON; 'null' says the statistics are in layer_stats.
  const insert = db.prepare<[number, number, number, number, number | null, number | null, number | null, Buffer, number]>(`
    INSERT INTO epoch_metrics (run_id, epoch, steps, train_loss, train_accuracy, validation_loss,
      validation_accuracy, layers_json, layer_stats, wall_ms)
    VALUES (?, ?, ?, ?, ?, ?, ?, 'null', ?, ?)`);
  const select = db.prepare<{ runId: number; from: number | null; to: number | null }, DbEpochRow>(`
    SELECT ${COLUMNS} FROM epoch_metrics
    WHERE run_id = @runId AND (@from IS NULL OR epoch >= @from) AND (@to IS NULL OR epoch <= @to)
    ORDER BY epoch`);
  const removeAfter = db.prepare<[number, number]>('DELETE FROM epoch_metrics WHERE run_id = ? AND epoch > ?');
  const jsonRows = db.prepare<[number], { epoch: number; layersJson: string }>(
    'SELECT epoch, layers_json AS layersJson FROM epoch_metrics WHERE run_id = ? AND layer_stats IS NULL',
  );
  const rewrite = db.prepare<[Buffer, number, number]>("UPDATE epoch_metrics SET layers_json = 'null', layer_stats = ? WHERE run_id = ? AND epoch = ?");

  return {
    /**
     * SQLite binds NaN as NULL: a NaN training loss reads back as NaN, a NaN validation loss as null.
     * `layerStats` is encodeLayerStats(m.layers) when the caller has it already (a training thread encodes it).
     */
    insert(runId: number, m: Omit<EpochRow, 'runId' | 'wallMs' | 'recordedAt'>, wallMs: number, layerStats = encodeLayerStats(m.layers)): void {
      insert.run(runId, m.epoch, m.steps, m.trainLoss, m.trainAccuracy, m.validationLoss, m.validationAccuracy,
        asBuffer(layerStats), wallMs);
    },
    forRun(runId: number, range: EpochRange = {}): EpochRow[] {
      return select.all({ runId, from: range.from ?? null, to: range.to ?? null }).map(toEpoch);
    },
    /** Used when a run resumes from an older checkpoint; returns how many epochs were removed. */
    deleteAfter(runId: number, epoch: number): number {
      return removeAfter.run(runId, epoch).changes;
    },
    /**
     * `bnlab gc`: rewrites the run's rows an older BN Lab stored as JSON in today's bytes. `statesKept`:
     * the run's states give each epoch's BN state (it trained here), so the rows need not repeat it.
     * Returns how many rows it rewrote.
     */
    compact(runId: number, statesKept: boolean): number {
      const rows = jsonRows.all(runId);
      for (const row of rows) {
        const layers = decodeLayersJson(row.layersJson);
        rewrite.run(asBuffer(encodeLayerStats(statesKept ? layers.map(withoutBnState) : layers)), runId, row.epoch);
      }
      return rows.length;
    },
  };
}

export type MetricsRepo = ReturnType<typeof createMetricsRepo>;

function toEpoch({ layersJson, layerStats, trainLoss, ...rest }: DbEpochRow): EpochRow {
  return { ...rest, trainLoss: trainLoss ?? NaN, layers: layerStats ? decodeLayerStats(layerStats) : decodeLayersJson(layersJson) };
}

/**
 * Rows written before schema 5, which repeat each BN layer's state. JSON has no NaN or ±Infinity,
 * so a diverging run's stored them as the strings "NaN", "Infinity" and "-Infinity" (the
 * statistics hold no other strings, so the mapping cannot be ambiguous).
 */
function decodeLayersJson(json: string): StoredLayerStats[] {
  return JSON.parse(json, (_key, value: unknown) =>
    value === 'NaN' || value === 'Infinity' || value === '-Infinity' ? Number(value) : value,
  ) as StoredLayerStats[];
}

function withoutBnState({ bn, ...rest }: StoredLayerStats): StoredLayerStats {
  return { ...rest, bn: bn && { batchMean: bn.batchMean, batchVar: bn.batchVar } };
}
