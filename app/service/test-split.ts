// A run's test split, held out from training and validation alike: evaluated on request from the
// stored checkpoints (BN in eval mode), so asking for it can never change the run or its metrics.
import { evaluateSplit, prepareSplit } from '../../engine/index.ts';
import type { TestMetrics } from '../contract/records.ts';
import type { LabRecords } from './lab-records.ts';
import { networkFromState } from './model-state.ts';

/**
 * The test loss and accuracy at each of `epochs` (each must have a checkpoint), or at the last
 * checkpoint when none are named. A run without `dataset.test` has none: [].
 */
export async function testMetrics(lab: LabRecords, runId: number, epochs?: readonly number[]): Promise<TestMetrics[]> {
  const { spec } = lab.getRun(runId);
  if (!spec.dataset.test) return [];
  const last = lab.listCheckpoints(runId).at(-1)?.epoch;
  const wanted = epochs ?? (last === undefined ? [] : [last]);
  if (wanted.length === 0) return [];
  // A spec with a test fraction always loads with a test split.
  const split = prepareSplit(spec, lab.loadRunDataset(runId).test!, 'test');
  const measured: TestMetrics[] = [];
  for (const epoch of wanted) measured.push({ epoch, rows: split.n, ...evaluateSplit(networkFromState(spec, await lab.stateAt(runId, epoch)), split) });
  return measured;
}
