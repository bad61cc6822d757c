// Trainer epochs: how a dataset is cut into mini-batches (a final 1-row batch cannot train under
// BN, FORMAT.md §9, so it is merged), and how a run that blows up is reported.
import { describe, expect, test } from 'vitest';
import { DIVERGENCE_FACTOR, EngineError, Trainer, type EpochOutcome, type InitKind, type TrainingConfig } from '../../engine/index.ts';
import { catchError } from '../helpers/errors.ts';
import { linearRegression, twoBlobs } from '../helpers/data.ts';
import { modelSpec } from '../helpers/networks.ts';

function classifier(batchNorm: boolean) {
  return modelSpec({
    inputSize: 2,
    layers: [{ units: 6, activation: 'relu', batchNorm }],
    output: { units: 2, loss: 'softmax_ce' },
  });
}

describe('Trainer mini-batches', () => {
  test.each([
    { rows: 65, batchSize: 32, batchNorm: true, steps: 2, why: '32 + 33: the last row joins the batch before it' },
    { rows: 65, batchSize: 32, batchNorm: false, steps: 3, why: '32 + 32 + 1: without BN a 1-row batch trains' },
    { rows: 66, batchSize: 32, batchNorm: true, steps: 3, why: '32 + 32 + 2: nothing to merge' },
    { rows: 64, batchSize: 32, batchNorm: true, steps: 2, why: 'exact fit' },
    { rows: 3, batchSize: 2, batchNorm: true, steps: 1, why: 'one merged batch of 3' },
  ])('should take $steps steps per epoch for $rows rows in batches of $batchSize, BN $batchNorm ($why)', ({ rows, batchSize, batchNorm, steps }) => {
    // Arrange
    const trainer = new Trainer(classifier(batchNorm), { epochs: 2, batchSize, seed: 5, init: 'he' }, { train: twoBlobs(rows, 9), validation: null });

    // Act
    const first = trainer.runEpoch();
    const second = trainer.runEpoch();

    // Assert: `steps` counts optimizer updates since the run began.
    expect(first).toMatchObject({ kind: 'epoch', metrics: { epoch: 1, steps } });
    expect(second).toMatchObject({ kind: 'epoch', metrics: { epoch: 2, steps: 2 * steps } });
    expect(Number.isFinite((first as Extract<EpochOutcome, { kind: 'epoch' }>).metrics.trainLoss)).toBe(true);
  });
});

describe('Trainer configuration', () => {
  const GOOD: TrainingConfig = { epochs: 1, batchSize: 4, seed: 0, init: 'he' };

  test.each([
    { why: 'BN with batches of 1', config: { batchSize: 1 }, rows: 10, message: 'training.batchSize must be >= 2 when a layer has batch norm (a 1-row batch has no variance), got 1' },
    { why: 'BN with a single training row', config: {}, rows: 1, message: 'batch norm needs at least 2 training rows, the training split has 1' },
    { why: 'zero epochs', config: { epochs: 0 }, rows: 10, message: 'training.epochs must be an integer from 1 to 100000, got 0' },
    { why: 'a negative seed', config: { seed: -1 }, rows: 10, message: 'training.seed must be an integer from 0 to 4294967295, got -1' },
    {
      why: 'an unknown init',
      config: { init: 'zeros' as InitKind },
      rows: 10,
      message: 'training.init must be one of "he", "he_uniform", "xavier", "xavier_uniform", got "zeros"',
    },
  ])('should refuse $why up front', ({ config, rows, message }) => {
    const refusal = catchError(() => new Trainer(classifier(true), { ...GOOD, ...config }, { train: twoBlobs(rows, 1), validation: null }));

    expect(refusal).toBeInstanceOf(EngineError);
    expect(refusal).toMatchObject({ code: 'invalid_training', message });
  });
});

describe('Trainer divergence', () => {
  /** Linear regression by plain GD: any lr far above 2 / (largest curvature) blows up. */
  function blowingUp(lr: number) {
    const spec = modelSpec(
      { inputSize: 2, layers: [{ units: 8, activation: 'linear', batchNorm: false }], output: { units: 1, loss: 'mse' } },
      { optimizer: { kind: 'gd', lr, weightDecay: 0 } },
    );
    return new Trainer(spec, { epochs: 10, batchSize: 16, seed: 1, init: 'he' }, { train: linearRegression(64, 3), validation: linearRegression(32, 4) });
  }

  test('should report the epoch and step where the loss stops being finite', () => {
    const trainer = blowingUp(1e100);

    // Act: 4 steps per epoch; the loss overflows float64 within the first.
    const first = trainer.runEpoch();

    expect(first).toMatchObject({ kind: 'diverged', epoch: 1, which: 'training', initialLoss: null });
    const { step, loss } = first as Extract<EpochOutcome, { kind: 'diverged' }>;
    expect(step).toBeGreaterThanOrEqual(1);
    expect(step).toBeLessThanOrEqual(4);
    expect(Number.isFinite(loss)).toBe(false);
    expect(trainer.epoch).toBe(0);
  });

  test('should end a run whose loss grows past 1000 times the initial network\'s, though still finite', () => {
    const trainer = blowingUp(1);

    const first = trainer.runEpoch();

    expect(first).toMatchObject({ kind: 'diverged', epoch: 1, which: 'training' });
    const { loss, initialLoss } = first as Extract<EpochOutcome, { kind: 'diverged' }>;
    expect(initialLoss).toBeGreaterThan(0);
    expect(Number.isFinite(loss)).toBe(true);
    expect(loss).toBeGreaterThan(DIVERGENCE_FACTOR * initialLoss!);
  });

  test('should train on while the loss stays within 1000 times the initial network\'s', () => {
    const trainer = blowingUp(0.01);

    expect([trainer.runEpoch(), trainer.runEpoch()].map((o) => o.kind)).toEqual(['epoch', 'epoch']);
  });
});
