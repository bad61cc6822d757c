// Every epoch's state of a run, in order, for a reader that needs them all (the export's per-epoch
// γ, β and running averages): each epoch the checkpoint policy did not keep is trained once, going
// forward from the kept state before it, instead of once from that state for every epoch asked for.
import { canContinueTraining } from '../../engine/index.ts';
import { LabError } from './lab-error.ts';
import { startsNewOptimizer, type LabRecords } from './lab-records.ts';
import { Retrainer } from './train-forward.ts';

/** Why an epoch's state cannot be had: none stored or reachable (an imported run, a deleted parent), or its data is gone. */
const UNAVAILABLE: ReadonlySet<string> = new Set(['not_found', 'invalid_state', 'invalid_dataset']);

/**
 * The state after each epoch 0..`last` (default: all the run has), null where it cannot be had. A
 * branch's epochs before its branch point are its parent's, trained with the parent's settings.
 */
export async function* statesThrough(records: LabRecords, runId: number, last?: number): AsyncGenerator<{ epoch: number; state: Uint8Array | null }> {
  const run = records.getRun(runId);
  const to = last ?? run.epochsDone;
  let first = 0;
  if (run.branchEpoch !== null && run.parentRunId !== null) {
    yield* statesThrough(records, run.parentRunId, Math.min(to, run.branchEpoch - 1));
    first = run.branchEpoch;
  }
  const kept = new Set(records.listCheckpoints(runId).map((c) => c.epoch));
  const stored = new Map(records.epochs(runId, { from: first + 1, to }).map((row) => [row.epoch, row]));
  let retrainer: Retrainer | null = null;
  for (let epoch = first; epoch <= to; epoch++) {
    if (retrainer && !kept.has(epoch)) {
      retrainer.next(stored.get(epoch));
      yield { epoch, state: retrainer.state() };
      continue;
    }
    const state = await availableState(records, runId, epoch);
    retrainer = null;
    if (state && epoch < to && !kept.has(epoch + 1) && canContinueTraining(state)) {
      const data = availableData(records, runId);
      if (data) retrainer = new Retrainer(run.spec, data, { epoch, state, newOptimizer: startsNewOptimizer(run, run.spec, epoch, state) });
    }
    yield { epoch, state };
  }
}

async function availableState(records: LabRecords, runId: number, epoch: number): Promise<Uint8Array | null> {
  try {
    return await records.stateAt(runId, epoch);
  } catch (error) {
    return unavailableAsNull(error);
  }
}

function availableData(records: LabRecords, runId: number) {
  return unlessUnavailable(() => records.loadRunDataset(runId));
}

function unlessUnavailable<T>(read: () => T): T | null {
  try {
    return read();
  } catch (error) {
    return unavailableAsNull(error);
  }
}

function unavailableAsNull(error: unknown): null {
  if (error instanceof LabError && UNAVAILABLE.has(error.code)) return null;
  throw error;
}
