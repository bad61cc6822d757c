// One epoch of a stored run for the replay view: its state (stored, or trained again from the
// nearest stored one), that epoch's metrics, and on 2-D data the samples its decision boundary is drawn over.
import type { ReplayFrame, ReplayOptions } from '../contract/lab-api.ts';
import type { RunDatasets } from './dataset-points.ts';
import type { LabRecords } from './lab-records.ts';
import { networkFromState } from './model-state.ts';
import { replayFrame } from './replay.ts';

export async function replayRunFrame(records: LabRecords, datasets: RunDatasets, runId: number, epoch: number, options: ReplayOptions): Promise<ReplayFrame> {
  const run = records.getRun(runId);
  // An epoch past the run's end shows its last.
  const at = Math.min(epoch, run.epochsDone);
  const net = networkFromState(run.spec, await records.stateAt(runId, at));
  const epochRow = at > 0 ? records.epochs(runId, { from: at, to: at })[0] : undefined;
  // Only 2-D data has a boundary to draw; other datasets (MNIST) are not reloaded for nothing.
  const samples = run.spec.network.inputSize === 2 ? datasets.samples(runId) : null;
  return replayFrame(runId, run.spec, { epoch: at, net }, epochRow, samples, options);
}
