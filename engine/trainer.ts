// The training loop: epochs of seeded, shuffled mini-batches over an in-memory dataset, with the
// per-epoch metrics of metrics.ts and a state that resumes bit-identically.
import type { FloatArray } from './dtype.ts';
import { EngineError } from './errors.ts';
import { activationPercentiles, GradNormAccumulator, layerStats } from './epoch-stats.ts';
import { deriveSeed, initializeParams } from './init.ts';
import { countCorrect, type Targets } from './layers/losses.ts';
import { DIVERGENCE_FACTOR, PERCENTILE_ROWS, type EpochMetrics, type ProbeMeasurement } from './metrics.ts';
import { Network } from './network.ts';
import { Optimizer } from './optimizers.ts';
import { Rng } from './random.ts';
import { TRAINING_FIELDS } from './fields.ts';
import type { InitKind, ModelSpec } from './spec.ts';
import { trainStep } from './train-step.ts';
import { evaluateSplit } from './evaluate.ts';
import { probeAlongGradient } from './probes.ts';
import { readStateHeader, serializeModelState, restoreModelState } from './checkpoint.ts';
import { prepareSplit, splitFloats, type DataSplit, type PreparedSplit } from './data-split.ts';
import { FieldChecker } from './validate.ts';

export interface TrainingConfig {
  epochs: number;
  batchSize: number;
  seed: number;
  init: InitKind;
}

export type EpochOutcome =
  | { kind: 'epoch'; metrics: EpochMetrics }
  /**
   * A loss that is not finite (at `step`, mid-epoch), or that passed DIVERGENCE_FACTOR times the
   * initial network's (`initialLoss`, at the end of `epoch`); `which` says which loss.
   */
  | { kind: 'diverged'; epoch: number; step: number; loss: number; which: 'training' | 'validation'; initialLoss: number | null }
  | { kind: 'stopped' };

/** Stream id that keeps the batch order independent of the network (matched pairs share it). */
const SHUFFLE_STREAM = 0x5f1e;

export class Trainer {
  readonly net: Network;
  readonly optimizer: Optimizer;
  /** Epochs completed. */
  epoch = 0;
  private readonly shuffleRng: Rng;
  private readonly train: PreparedSplit;
  private readonly validation: PreparedSplit | null;
  private readonly order: Uint32Array;
  private readonly batchX: FloatArray;
  private readonly batchY: Targets;
  private readonly gradNorms: GradNormAccumulator;
  private readonly percentileScratch: Float64Array;
  /** Eval-mode losses of the seeded initial network, which is the same network whatever epoch a run resumes at. */
  private readonly initialLoss: { training: number; validation: number | null };

  constructor(
    readonly spec: ModelSpec,
    readonly config: TrainingConfig,
    data: { train: DataSplit; validation: DataSplit | null },
  ) {
    const check = (ok: boolean, message: string) => {
      if (!ok) throw new EngineError('invalid_training', message);
    };
    const fields = new FieldChecker('invalid_training');
    fields.field(config.epochs, 'training.epochs', TRAINING_FIELDS.epochs);
    fields.field(config.batchSize, 'training.batchSize', TRAINING_FIELDS.batchSize);
    fields.field(config.seed, 'training.seed', TRAINING_FIELDS.seed);
    // An unknown init kind would leave every W at zero without a word.
    fields.field(config.init, 'training.init', TRAINING_FIELDS.init);
    const validationRows = data.validation && data.validation.n > 0 ? data.validation.n : 0;
    // A merged final batch holds up to batchSize + 1 rows (see batchEnd).
    const batchRows = Math.max(1, Math.min(config.batchSize + 1, data.train.n));
    const evalRows = Math.min(PERCENTILE_ROWS, validationRows || data.train.n);
    // The splits, the batch and the shuffled order live in the network's memory beside it.
    const extra = { floats: splitFloats(spec, data.train.n) + splitFloats(spec, validationRows) + splitFloats(spec, batchRows) + data.train.n, allocations: 7 };
    this.net = new Network(spec, { rows: Math.max(batchRows, evalRows), extra });
    this.optimizer = new Optimizer(spec.optimizer, this.net.params);
    const alloc = (length: number) => this.net.kernels.allocFloat(length);
    this.train = prepareSplit(spec, data.train, 'train', alloc);
    this.validation = data.validation && validationRows > 0 ? prepareSplit(spec, data.validation, 'validation', alloc) : null;
    check(!(this.net.hasBatchNorm && this.train.n < 2), `batch norm needs at least 2 training rows, the training split has ${this.train.n}`);
    check(!(this.net.hasBatchNorm && config.batchSize < 2), 'training.batchSize must be >= 2 when a layer has batch norm (a 1-row batch has no variance), got 1');
    initializeParams(this.net.params, config.init, config.seed);
    this.shuffleRng = new Rng(deriveSeed(config.seed, SHUFFLE_STREAM));
    this.order = this.net.kernels.allocIndices(this.train.n);
    const { inputSize, output } = spec.network;
    this.batchX = alloc(batchRows * inputSize);
    this.batchY = this.train.y instanceof Int32Array ? new Int32Array(batchRows) : alloc(batchRows * output.units);
    this.gradNorms = new GradNormAccumulator(this.net, this.optimizer);
    const widest = Math.max(0, ...spec.network.layers.map((l) => l.units));
    this.percentileScratch = new Float64Array(2 * evalRows * widest + 1);
    // Measured now, before any state is loaded: evaluation changes neither parameters nor running statistics.
    this.initialLoss = { training: evaluateSplit(this.net, this.train).loss, validation: this.validation && evaluateSplit(this.net, this.validation).loss };
  }

  /**
   * Trains one epoch. `keepGoing` is asked before every step (a worker blocks in it while paused);
   * when it says no, the epoch is abandoned and the caller should restore the last saved state.
   */
  runEpoch(keepGoing: () => boolean = () => true): EpochOutcome {
    const { n } = this.train;
    const { units: k, loss: lossKind } = this.spec.network.output;
    for (let i = 0; i < n; i++) this.order[i] = i;
    this.shuffleRng.shuffle(this.order);
    let lossSum = 0;
    let correct: number | null = 0;
    for (let start = 0; start < n; ) {
      const end = this.batchEnd(start);
      if (!keepGoing()) return { kind: 'stopped' };
      const rows = end - start;
      this.gather(start, end);
      const loss = trainStep(this.net, this.optimizer, this.batchX, this.batchY, rows);
      if (!Number.isFinite(loss)) return { kind: 'diverged', epoch: this.epoch + 1, step: this.optimizer.step, loss, which: 'training', initialLoss: null };
      this.gradNorms.add();
      lossSum += loss * rows;
      const c = countCorrect(lossKind, this.net.output.logits, this.batchY, rows, k);
      correct = c === null || correct === null ? null : correct + c;
      start = end;
    }
    this.epoch++;
    const gradNorms = this.gradNorms.take();
    // The percentile bands read the evaluation set's first rows in eval mode: the validation pass
    // computes them anyway (its first chunk holds them), the training set needs a forward of its own.
    const statsRows = Math.min(PERCENTILE_ROWS, (this.validation ?? this.train).n);
    let bands: ReturnType<typeof activationPercentiles> | null = null;
    const takeBands = () => {
      bands = activationPercentiles(this.net, statsRows, this.percentileScratch);
    };
    const validation = this.validation ? evaluateSplit(this.net, this.validation, takeBands) : null;
    if (!this.validation) {
      this.net.forward(this.train.X, statsRows, 'eval');
      takeBands();
    }
    const metrics: EpochMetrics = {
      epoch: this.epoch,
      steps: this.optimizer.step,
      trainLoss: lossSum / n,
      trainAccuracy: correct === null ? null : correct / (lossKind === 'sigmoid_bce' ? n * k : n),
      validationLoss: validation?.loss ?? null,
      validationAccuracy: validation?.accuracy ?? null,
      layers: layerStats(this.net, gradNorms, bands),
    };
    for (const which of ['training', 'validation'] as const) {
      const loss = which === 'training' ? metrics.trainLoss : metrics.validationLoss;
      const initial = this.initialLoss[which];
      // Written so that NaN fails the comparison too.
      if (loss !== null && initial !== null && initial > 0 && !(loss <= DIVERGENCE_FACTOR * initial)) {
        return { kind: 'diverged', epoch: this.epoch, step: this.optimizer.step, loss, which, initialLoss: initial };
      }
    }
    return { kind: 'epoch', metrics };
  }

  /**
   * Santurkar's probes (probes.ts) on the first batch the next epoch will train on, drawn with a
   * copy of the batch-order generator: the run's own generator, parameters, running statistics and
   * optimizer state are left exactly as they were.
   */
  probeNextBatch(stepSizes: readonly number[]): ProbeMeasurement {
    const order = new Rng(0);
    order.state.set(this.shuffleRng.state);
    for (let i = 0; i < this.train.n; i++) this.order[i] = i;
    order.shuffle(this.order);
    const end = this.batchEnd(0);
    this.gather(0, end);
    return probeAlongGradient(this.net, this.batchX, this.batchY, end, stepSizes);
  }

  /** Parameters, running statistics, optimizer state, epoch and shuffle RNG as bytes. */
  saveState(): Uint8Array {
    return serializeModelState(this.net, this.optimizer, { epoch: this.epoch, shuffleRng: Array.from(this.shuffleRng.state) });
  }

  /** `newOptimizer`: see restoreModelState (a branch that switches optimizer kind). */
  loadState(bytes: Uint8Array, options: { newOptimizer?: boolean } = {}): void {
    const extra = restoreModelState(this.net, this.optimizer, bytes, options);
    if (!hasTrainingState(extra)) throw new EngineError('invalid_state', 'checkpoint is not usable: it has no epoch or shuffle state');
    this.epoch = extra.epoch;
    this.shuffleRng.state.set(extra.shuffleRng);
    // The state is that of an epoch boundary: norms summed by an abandoned epoch must not count.
    this.gradNorms.reset();
  }

  /**
   * Where the batch starting at `start` ends. Under BN a final batch of 1 row cannot train
   * (FORMAT.md §9), so it is merged into the batch before it.
   */
  private batchEnd(start: number): number {
    const n = this.train.n;
    const end = Math.min(start + this.config.batchSize, n);
    return this.net.hasBatchNorm && n - end === 1 ? n : end;
  }

  /** Copies the rows order[start, end) into the batch buffers; allocates nothing. */
  private gather(start: number, end: number): void {
    const { X, y } = this.train;
    const { kernels } = this.net;
    const rows = end - start;
    kernels.gatherRows(this.batchX, X, this.order, start, rows, this.spec.network.inputSize);
    if (y instanceof Int32Array) {
      for (let r = 0; r < rows; r++) this.batchY[r] = y[this.order[start + r]!]!;
    } else {
      kernels.gatherRows(this.batchY as FloatArray, y, this.order, start, rows, this.spec.network.output.units);
    }
  }
}

/**
 * Whether state bytes can go on training: besides the parameters they hold the epoch and the
 * batch-order generator that saveState writes (a JSON export's final parameters do not).
 */
export function canContinueTraining(bytes: Uint8Array): boolean {
  return hasTrainingState(readStateHeader(bytes).extra);
}

function hasTrainingState(extra: Record<string, unknown>): extra is { epoch: number; shuffleRng: number[] } {
  return typeof extra.epoch === 'number' && Array.isArray(extra.shuffleRng) && extra.shuffleRng.length === 4;
}
