// The trainer's per-epoch write and its undo. Each touches three tables, so each is one
// transaction: after a crash the metrics, the checkpoints and runs.epochs_done always agree. Both
// are IMMEDIATE: they take the write lock before reading, so another process that wrote in between
// makes them wait (busy_timeout) instead of failing them at once as a deferred read-then-write would.
import type Database from 'better-sqlite3';
import type { EpochMetrics } from '../../engine/index.ts';
import type { WritableDB } from './db.ts';
import { createCheckpointsRepo } from './checkpoints.ts';
import { createMetricsRepo } from './metrics.ts';
import { createRunsRepo } from './runs.ts';

interface EpochWriters {
  record: Database.Transaction<(runId: number, metrics: EpochMetrics, wallMs: number, checkpoint: Uint8Array | null) => void>;
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
    writers = {
      record: db.transaction((runId: number, m: EpochMetrics, wallMs: number, checkpoint: Uint8Array | null) => {
        // A curve with a hole cannot be resumed into a whole one: an epoch must follow the last stored.
        const done = progress.get(runId)?.epochsDone;
        if (done !== undefined && m.epoch !== done + 1) throw new Error(`epoch ${m.epoch} of run ${runId} does not follow its last stored epoch ${done}`);
        metrics.insert(runId, m, wallMs);
        if (checkpoint) checkpoints.saveLatest(runId, m.epoch, checkpoint);
        runs.setEpochsDone(runId, m.epoch);
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
  checkpoint: Uint8Array | null,
): void {
  writersFor(db).record.immediate(runId, metrics, wallMs, checkpoint);
}

/** Before resuming from the checkpoint at `epoch`: forgets every later epoch, all or nothing. */
export function rewindToEpoch(db: WritableDB, runId: number, epoch: number): void {
  writersFor(db).rewind.immediate(runId, epoch);
}
