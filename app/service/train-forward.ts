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
 * A run's epochs trained again one at a time from `from` (a state with training state; `newOptimizer`
 * as in Trainer.loadState, for a branch's first epochs). Each epoch must end with the training loss
 * stored for it; if one does not, the arithmetic differs from the run's and the result is refused.
 */
export class Retrainer {
  private readonly trainer: Trainer;

  constructor(
    spec: RunSpec,
    data: { train: Split; validation: Split | null },
    private readonly from: { epoch: number; state: Uint8Array; newOptimizer: boolean },
  ) {
    this.trainer = createTrainer(spec, data);
    this.trainer.loadState(from.state, { newOptimizer: from.newOptimizer });
  }

  get epoch(): number {
    return this.trainer.epoch;
  }

  /** Trains the next epoch; `stored` is that epoch's stored row, if there is one. */
  next(stored: Pick<EpochRow, 'epoch' | 'trainLoss'> | undefined): void {
    const outcome = this.trainer.runEpoch();
    const loss = outcome.kind === 'epoch' ? outcome.metrics.trainLoss : NaN;
    // SQLite stores a NaN loss as NULL.
    if (!stored || stored.epoch !== this.trainer.epoch || (stored.trainLoss ?? NaN).toString() !== loss.toString()) {
      throw new Error(
        `epoch ${this.trainer.epoch} trained again from the state at epoch ${this.from.epoch} does not match the stored run ` +
          `(training loss ${loss}, stored ${stored ? stored.trainLoss : 'nothing'}); this BN Lab computes differently from the one that trained it`,
      );
    }
  }

  state(): Uint8Array {
    return this.trainer.saveState();
  }
}

/** The state after epoch `to`, trained forward from `from` (see Retrainer); `stored` holds epochs from.epoch+1 to `to`. */
export function trainForward(
  spec: RunSpec,
  data: { train: Split; validation: Split | null },
  from: { epoch: number; state: Uint8Array; newOptimizer: boolean },
  to: number,
  stored: readonly Pick<EpochRow, 'epoch' | 'trainLoss'>[],
  /** Hears of each epoch trained again, for a progress indication. */
  onEpoch?: (epoch: number) => void,
): Uint8Array {
  const retrainer = new Retrainer(spec, data, from);
  while (retrainer.epoch < to) {
    retrainer.next(stored.find((row) => row.epoch === retrainer.epoch + 1));
    onEpoch?.(retrainer.epoch);
  }
  return retrainer.state();
}
