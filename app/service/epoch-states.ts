// Every epoch's state of a run, in order, for a reader that needs them all (the export's per-epoch
// γ, β and running averages): each epoch the checkpoint policy did not keep is trained once, going
// forward from the state before it, instead of once from the kept state for every epoch asked for.
import { LabError } from './lab-error.ts';
import type { LabRecords } from './lab-records.ts';

/** Why an epoch's state cannot be had: none stored or reachable (an imported run, a deleted parent), or its data is gone. */
const UNAVAILABLE: ReadonlySet<string> = new Set(['not_found', 'invalid_state', 'invalid_dataset']);

/**
 * The state after each epoch 0..`last` (default: all the run has), null where it cannot be had. Asked
 * for in order, each state the policy did not keep is trained from the one before it, which
 * LabRecords keeps in memory, on the state thread: one epoch per state, never on the lab's thread.
 */
export async function* statesThrough(records: LabRecords, runId: number, last?: number): AsyncGenerator<{ epoch: number; state: Uint8Array | null }> {
  const to = last ?? records.getRun(runId).epochsDone;
  for (let epoch = 0; epoch <= to; epoch++) yield { epoch, state: await availableState(records, runId, epoch) };
}

async function availableState(records: LabRecords, runId: number, epoch: number): Promise<Uint8Array | null> {
  try {
    return await records.stateAt(runId, epoch);
  } catch (error) {
    if (error instanceof LabError && UNAVAILABLE.has(error.code)) return null;
    throw error;
  }
}
