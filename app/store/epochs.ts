// The trainer's per-epoch write and its undo. Each touches three tables, so each is one
// transaction: after a crash the metrics, the checkpoints and runs.epochs_done always agree. Both
// are IMMEDIATE: they take the write lock before reading, so another process that wrote in between
// makes them wait (busy_timeout) instead of failing them at once as a deferred read-then-write would.
import type Database from 'better-sqlite3';
import type { EpochMetrics } from '../../engine/index.ts';
import type { WritableDB } from './db.ts';
import { createCheckpointsRepo } from './checkpoints.ts';
import type { EncodedState } from './state-codec.ts';
import { createMetricsRepo } from './metrics.ts';
import { createRunsRepo } from './runs.ts';

/** One epoch of one run, as the trainer reported it. */
export interface EpochRecord {
  runId: number;
  metrics: EpochMetrics;
  wallMs: number;
  checkpoint: Uint8Array | EncodedState | null;
  /** The metrics' per-layer statistics already encoded (layer-stats-codec.ts), by a training thread. */
  layerStats?: Uint8Array;
}

interface EpochWriters {
  record: Database.Transaction<(epoch: EpochRecord) => void>;
  recordAll: Database.Transaction<(epochs: readonly EpochRecord[]) => Map<number, unknown>>;
  rewind: Database.Transaction<(runId: number, epoch: number) => void>;
}

// Statements are prepared once per connection, not once per epoch.
const writersByDb = new WeakMap<WritableDB, EpochWriters>();

function writersFor(db: WritableDB): EpochWriters {
  let writers = writersByDb.get(db);
  if (!writers) {
    const metrics = createMetricsRepo(db);
    const checkpoints = createCheckpointsRepo(db);
    const runs = createRunsRepo(db);
    const progress = db.prepare<[number], { epochsDone: number }>('SELECT epochs_done AS epochsDone FROM runs WHERE id = ?');
    const record = db.transaction(({ runId, metrics: m, wallMs, checkpoint, layerStats }: EpochRecord) => {
      // A curve with a hole cannot be resumed into a whole one: an epoch must follow the last stored.
      const done = progress.get(runId)?.epochsDone;
      if (done !== undefined && m.epoch !== done + 1) throw new Error(`epoch ${m.epoch} of run ${runId} does not follow its last stored epoch ${done}`);
      metrics.insert(runId, m, wallMs, layerStats);
      if (checkpoint) checkpoints.saveLatest(runId, m.epoch, checkpoint);
      runs.setEpochsDone(runId, m.epoch);
    });
    writers = {
      record,
      recordAll: db.transaction((epochs: readonly EpochRecord[]) => {
        const refused = new Map<number, unknown>();
        for (const epoch of epochs) {
          // A run's later epochs would leave a hole after its refused one.
          if (refused.has(epoch.runId)) continue;
          try {
            // Nested in this transaction, each epoch is a savepoint: refused, it leaves nothing behind.
            record(epoch);
          } catch (error) {
            refused.set(epoch.runId, error);
          }
        }
        return refused;
      }),
      rewind: db.transaction((runId: number, epoch: number) => {
        metrics.deleteAfter(runId, epoch);
        checkpoints.deleteAfter(runId, epoch);
        runs.setEpochsDone(runId, epoch);
      }),
    };
    writersByDb.set(db, writers);
  }
  return writers;
}

/**
 * Stores epoch `metrics.epoch` of a run: its metrics row, its checkpoint when given, and the run's
 * progress. All or nothing: if any part fails (e.g. the epoch was already stored) none is kept.
 */
export function recordEpoch(
  db: WritableDB,
  runId: number,
  metrics: EpochMetrics,
  wallMs: number,
  checkpoint: EpochRecord['checkpoint'],
): void {
  writersFor(db).record.immediate({ runId, metrics, wallMs, checkpoint });
}

/**
 * Stores the epochs several runs finished at about the same time in one IMMEDIATE transaction, so
 * they share one commit (and its fsync) instead of queueing one behind the other. Each epoch is all
 * or nothing on its own: returns the runs whose epoch was refused, with why (their later epochs
 * here are not tried), while the others' epochs are stored. Throws if the transaction itself fails.
 */
export function recordEpochs(db: WritableDB, epochs: readonly EpochRecord[]): Map<number, unknown> {
  return writersFor(db).recordAll.immediate(epochs);
}

/** Before resuming from the checkpoint at `epoch`: forgets every later epoch, all or nothing. */
export function rewindToEpoch(db: WritableDB, runId: number, epoch: number): void {
  writersFor(db).rewind.immediate(runId, epoch);
}
