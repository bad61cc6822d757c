// Checkpoints: the engine's serialized model state, one per (run, epoch), stored compressed
// (state-codec.ts). Which states a run keeps for good is the checkpoint policy below; the state of
// any other epoch is trained again from the nearest kept one (LabRecords.stateAt).
import type { WritableDB } from './db.ts';
import { asBuffer } from './blob.ts';
import type { CheckpointInfo } from '../contract/records.ts';
import { decodeState, encodeState, type EncodedState, type StateEncoding } from './state-codec.ts';

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
  encoding: StateEncoding;
  createdAt: string;
}

const COLUMNS = 'run_id AS runId, epoch, state, encoding, created_at AS createdAt';

/**
 * The checkpoint policy, as SQL over a checkpoints row: a state is history for good at epoch 0,
 * at every `every`-th epoch and at the run's branch point. Every other state is the run's latest
 * only until the next epoch is stored (so resume loses nothing) and is then dropped.
 */
function keptForGood(every: string): string {
  return `(epoch = 0 OR epoch % ${every} = 0 OR epoch IS (SELECT branch_epoch FROM runs WHERE runs.id = checkpoints.run_id))`;
}

export function createCheckpointsRepo(db: WritableDB) {
  const insert = db.prepare<[number, number, Buffer, StateEncoding]>('INSERT INTO checkpoints (run_id, epoch, state, encoding) VALUES (?, ?, ?, ?)');
  const atEpoch = db.prepare<[number, number], DbCheckpointRow>(`SELECT ${COLUMNS} FROM checkpoints WHERE run_id = ? AND epoch = ?`);
  const latestAtOrBefore = db.prepare<[number, number], DbCheckpointRow>(
    `SELECT ${COLUMNS} FROM checkpoints WHERE run_id = ? AND epoch <= ? ORDER BY epoch DESC LIMIT 1`,
  );
  const infos = db.prepare<[number], CheckpointInfo>(
    'SELECT epoch, length(state) AS byteLength, created_at AS createdAt FROM checkpoints WHERE run_id = ? ORDER BY epoch',
  );
  const removeAfter = db.prepare<[number, number]>('DELETE FROM checkpoints WHERE run_id = ? AND epoch > ?');
  const copyUpTo = db.prepare<[number, number, number]>(
    'INSERT INTO checkpoints (run_id, epoch, state, encoding, created_at) SELECT ?, epoch, state, encoding, created_at FROM checkpoints WHERE run_id = ? AND epoch <= ?',
  );
  // States an older BN Lab stored ('raw') are left alone: an upgrade never thins a file.
  const dropSuperseded = db.prepare<{ runId: number; epoch: number }>(
    `DELETE FROM checkpoints WHERE run_id = @runId AND epoch < @epoch AND encoding <> 'raw'
       AND NOT ${keptForGood('(SELECT checkpoint_every FROM runs WHERE runs.id = @runId)')}`,
  );
  const thin = db.prepare<{ runId: number; every: number }>(
    `DELETE FROM checkpoints WHERE run_id = @runId AND NOT ${keptForGood('@every')}
       AND epoch < (SELECT max(epoch) FROM checkpoints WHERE run_id = @runId)`,
  );
  const rawRows = db.prepare<[number], { epoch: number; state: Buffer }>("SELECT epoch, state FROM checkpoints WHERE run_id = ? AND encoding = 'raw'");
  const rewrite = db.prepare<[Buffer, StateEncoding, number, number]>('UPDATE checkpoints SET state = ?, encoding = ? WHERE run_id = ? AND epoch = ?');

  /** Throws SQLITE_CONSTRAINT_PRIMARYKEY if the run already has a checkpoint at this epoch. A state given encoded is stored as it is. */
  function save(runId: number, epoch: number, state: Uint8Array | EncodedState): void {
    // Compressed, even nothing takes bytes: the table's CHECK would not see it.
    if (state instanceof Uint8Array && state.byteLength === 0) throw new RangeError('a checkpoint state must not be empty');
    const { encoding, bytes } = state instanceof Uint8Array ? encodeState(state) : state;
    insert.run(runId, epoch, asBuffer(bytes), encoding);
  }

  return {
    save,
    /**
     * Stores the run's newest state and drops the ones it supersedes that the policy does not keep
     * (the previous latest). Call inside the epoch's transaction: dropped first, so the new state
     * reuses its pages instead of leaving them free in the file.
     */
    saveLatest(runId: number, epoch: number, state: Uint8Array | EncodedState): void {
      dropSuperseded.run({ runId, epoch });
      save(runId, epoch, state);
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
    /** The epochs that have a checkpoint, with their stored (compressed) size, without loading the bytes. */
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
    /**
     * `bnlab gc`: keeps epoch 0, every `every`-th epoch, the branch point and the latest state, and
     * compresses what an older BN Lab stored raw. Returns the states dropped and compressed.
     */
    collect(runId: number, every: number): { dropped: number; compressed: number } {
      const dropped = thin.run({ runId, every }).changes;
      const raw = rawRows.all(runId);
      for (const row of raw) {
        const { encoding, bytes } = encodeState(new Uint8Array(row.state));
        rewrite.run(asBuffer(bytes), encoding, runId, row.epoch);
      }
      return { dropped, compressed: raw.length };
    },
  };
}

export type CheckpointsRepo = ReturnType<typeof createCheckpointsRepo>;

// A copy, not a view: the Buffer may sit at an offset inside Node's shared pool that is not
// 8-byte aligned, and a Float64Array view over it would throw. Decoding makes a fresh array too.
function toCheckpoint({ state, encoding, ...rest }: DbCheckpointRow): Checkpoint {
  return { ...rest, state: encoding === 'raw' ? new Uint8Array(state) : decodeState(encoding, state) };
}
