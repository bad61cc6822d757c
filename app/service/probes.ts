// Santurkar et al.'s "why BN works" probes of a stored run: at each checkpoint, the loss and the
// gradient along the gradient direction on the batch the next epoch trains on first. Measured
// from the checkpoints, so probing can never change a run or what it stored.
import { canContinueTraining, readStateHeader, Trainer } from '../../engine/index.ts';
import type { ProbePoint } from '../contract/records.ts';
import { LabError } from './lab-error.ts';
import type { LabRecords } from './lab-records.ts';

/** Step sizes as multiples of the run's learning rate, a range around it as in the paper. */
export const PROBE_STEP_FACTORS = [0.25, 0.5, 1, 2, 4] as const;
/** More checkpoints than this are thinned evenly, the first and the last kept. */
export const MAX_PROBE_EPOCHS = 25;

export interface ProbeOptions {
  /** Checkpoint epochs to probe; default every checkpoint (thinned to MAX_PROBE_EPOCHS). */
  epochs?: readonly number[];
  /** The η of θ − ηg; default PROBE_STEP_FACTORS × the run's learning rate. */
  stepSizes?: readonly number[];
}

export async function probeRun(lab: LabRecords, runId: number, options: ProbeOptions = {}): Promise<ProbePoint[]> {
  const { spec } = lab.getRun(runId);
  const stepSizes = options.stepSizes ?? PROBE_STEP_FACTORS.map((f) => f * spec.optimizer.lr);
  for (const eta of stepSizes) {
    if (!(Number.isFinite(eta) && eta > 0)) throw new LabError('invalid_argument', `step sizes must be numbers > 0, got ${eta}`);
  }
  const epochs = options.epochs ?? thin(lab.listCheckpoints(runId).map((c) => c.epoch));
  const data = lab.loadRunDataset(runId);
  const { epochs: total, batchSize, seed, init } = spec.training;
  const trainer = new Trainer(spec, { epochs: total, batchSize, seed, init }, { train: data.train, validation: data.validation });
  const points: ProbePoint[] = [];
  for (const epoch of epochs) {
    const state = await lab.stateAt(runId, epoch);
    if (!canContinueTraining(state)) throw new LabError('invalid_state', `run ${runId} cannot be probed at epoch ${epoch}: its checkpoint holds the parameters only (a run imported from a JSON export)`);
    // A branch's inherited checkpoints may hold another optimizer's state, which a probe never reads.
    trainer.loadState(state, { newOptimizer: readStateHeader(state).optimizer !== spec.optimizer.kind });
    points.push({ epoch, ...trainer.probeNextBatch(stepSizes) });
  }
  return points;
}

function thin(epochs: number[]): number[] {
  if (epochs.length <= MAX_PROBE_EPOCHS) return epochs;
  const picked = Array.from({ length: MAX_PROBE_EPOCHS }, (_, i) => epochs[Math.round((i * (epochs.length - 1)) / (MAX_PROBE_EPOCHS - 1))]!);
  return [...new Set(picked)];
}
