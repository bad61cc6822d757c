// A run's Trainer, built one way for the training thread and for training a run's stored epochs
// again: a state the checkpoint policy did not keep is reached by training forward from the nearest
// kept one, with the run's own spec and data, so the arithmetic and the bytes are those it had.
import { Trainer } from '../../engine/index.ts';
import type { Split } from './datasets/index.ts';
import type { RunSpec } from './run-spec.ts';
import type { EpochRow } from '../contract/lab-api.ts';

export function createTrainer(spec: RunSpec, data: { train: Split; validation: Split | null }): Trainer {
  const { epochs, batchSize, seed, init } = spec.training;
  return new Trainer(spec, { epochs, batchSize, seed, init }, data);
}

/**
 * The state after epoch `to`, trained from `from` (a state with training state, before `to`;
 * `newOptimizer` as in Trainer.loadState, for a branch's first epochs). Each
 * epoch trained again must end with the training loss stored for it (`stored`, epochs from.epoch+1
 * to `to`); if one does not, the arithmetic differs from the run's and the result is refused.
 * `onEpoch` hears of each epoch trained again, for a progress indication.
 */
export function trainForward(
  spec: RunSpec,
  data: { train: Split; validation: Split | null },
  from: { epoch: number; state: Uint8Array; newOptimizer: boolean },
  to: number,
  stored: readonly Pick<EpochRow, 'epoch' | 'trainLoss'>[],
  onEpoch?: (epoch: number) => void,
): Uint8Array {
  const trainer = createTrainer(spec, data);
  trainer.loadState(from.state, { newOptimizer: from.newOptimizer });
  while (trainer.epoch < to) {
    const outcome = trainer.runEpoch();
    const expected = stored.find((row) => row.epoch === trainer.epoch);
    const loss = outcome.kind === 'epoch' ? outcome.metrics.trainLoss : NaN;
    // SQLite stores a NaN loss as NULL.
    if (!expected || (expected.trainLoss ?? NaN).toString() !== loss.toString()) {
      throw new Error(
        `epoch ${trainer.epoch} trained again from the state at epoch ${from.epoch} does not match the stored run ` +
          `(training loss ${loss}, stored ${expected ? expected.trainLoss : 'nothing'}); this BN Lab computes differently from the one that trained it`,
      );
    }
    onEpoch?.(trainer.epoch);
  }
  return trainer.saveState();
}
