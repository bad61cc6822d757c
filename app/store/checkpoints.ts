// Checkpoints: the engine's serialized model state as an opaque BLOB, one per (run, epoch).
import type { WritableDB } from './db.ts';
import type { CheckpointInfo } from '../contract/records.ts';

export interface Checkpoint {
  runId: number;
  /** The state after this many epochs; 0 is the initial state. */
  epoch: number;
  state: Uint8Array;
  createdAt: string;
}

export type { CheckpointInfo };

interface DbCheckpointRow {
  runId: number;
  epoch: number;
  state: Buffer;
  createdAt: string;
}

const COLUMNS = 'run_id AS runId, epoch, state, created_at AS createdAt';

export function createCheckpointsRepo(db: WritableDB) {
  const insert = db.prepare<[number, number, Buffer]>('INSERT INTO checkpoints (run_id, epoch, state) VALUES (?, ?, ?)');
  const atEpoch = db.prepare<[number, number], DbCheckpointRow>(`SELECT ${COLUMNS} FROM checkpoints WHERE run_id = ? AND epoch = ?`);
  const latestAtOrBefore = db.prepare<[number, number], DbCheckpointRow>(
    `SELECT ${COLUMNS} FROM checkpoints WHERE run_id = ? AND epoch <= ? ORDER BY epoch DESC LIMIT 1`,
  );
  const infos = db.prepare<[number], CheckpointInfo>(
    'SELECT epoch, length(state) AS byteLength, created_at AS createdAt FROM checkpoints WHERE run_id = ? ORDER BY epoch',
  );
  const removeAfter = db.prepare<[number, number]>('DELETE FROM checkpoints WHERE run_id = ? AND epoch > ?');
  const copyUpTo = db.prepare<[number, number, number]>(
    'INSERT INTO checkpoints (run_id, epoch, state, created_at) SELECT ?, epoch, state, created_at FROM checkpoints WHERE run_id = ? AND epoch <= ?',
  );

  return {
    /** Throws SQLITE_CONSTRAINT_PRIMARYKEY if the run already has a checkpoint at this epoch. */
    save(runId: number, epoch: number, state: Uint8Array): void {
      // better-sqlite3 binds BLOBs from Buffers only; this view shares the bytes without copying.
      insert.run(runId, epoch, Buffer.from(state.buffer, state.byteOffset, state.byteLength));
    },
    atEpoch(runId: number, epoch: number): Checkpoint | undefined {
      const row = atEpoch.get(runId, epoch);
      return row && toCheckpoint(row);
    },
    /** Where to resume or branch from when epoch k itself has no checkpoint. */
    latestAtOrBefore(runId: number, epoch: number): Checkpoint | undefined {
      const row = latestAtOrBefore.get(runId, epoch);
      return row && toCheckpoint(row);
    },
    /** The epochs that have a checkpoint, without loading the bytes. */
    list(runId: number): CheckpointInfo[] {
      return infos.all(runId);
    },
    /** Gives `toRunId` the checkpoints of `fromRunId` up to `epoch` (a branch shares its parent's history). */
    copyUpTo(fromRunId: number, toRunId: number, epoch: number): number {
      return copyUpTo.run(toRunId, fromRunId, epoch).changes;
    },
    deleteAfter(runId: number, epoch: number): number {
      return removeAfter.run(runId, epoch).changes;
    },
  };
}

export type CheckpointsRepo = ReturnType<typeof createCheckpointsRepo>;

// A copy, not a view: the Buffer may sit at an offset inside Node's shared pool that is not
// 8-byte aligned, and a Float64Array view over it would throw.
function toCheckpoint({ state, ...rest }: DbCheckpointRow): Checkpoint {
  return { ...rest, state: new Uint8Array(state) };
}
