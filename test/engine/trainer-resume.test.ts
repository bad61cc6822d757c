// A Trainer is a pure function of (spec, config, data): same inputs, same bytes. And a run that
// is saved, dropped and restored continues exactly as if it had never stopped. Float32 runs in
// WebAssembly here, as in the lab's workers.
import { beforeAll, describe, expect, test } from 'vitest';
import { loadWasmKernels, Trainer, type Dtype, type EpochMetrics, type EpochOutcome, type TrainingConfig } from '../../engine/index.ts';
import { expectSameBytes } from '../helpers/close.ts';
import { twoBlobs } from '../helpers/data.ts';
import { modelSpec } from '../helpers/networks.ts';

function specFor(dtype: Dtype) {
  return modelSpec(
    {
      inputSize: 2,
      layers: [
        { units: 8, activation: 'relu', batchNorm: true },
        { units: 6, activation: 'tanh', batchNorm: false },
      ],
      output: { units: 2, loss: 'softmax_ce' },
    },
    { optimizer: { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-4 }, dtype },
  );
}
beforeAll(loadWasmKernels);

const CONFIG: TrainingConfig = { epochs: 4, batchSize: 16, seed: 42, init: 'he' };
const DATA = { train: twoBlobs(100, 1), validation: twoBlobs(40, 2) };

describe.each(['float64', 'float32'] as const)('Trainer determinism and resume (%s)', (dtype) => {
  const SPEC = specFor(dtype);

  test('should give bit-identical metrics and state for the same seed, spec and data', () => {
    const first = train(new Trainer(SPEC, CONFIG, DATA), CONFIG.epochs);
    const second = train(new Trainer(SPEC, CONFIG, DATA), CONFIG.epochs);

    expect(second.metrics).toStrictEqual(first.metrics);
    expectSameBytes(second.state, first.state, 'state after the last epoch');
  });

  test('should differ for another seed (so the test above is not vacuous)', () => {
    const first = train(new Trainer(SPEC, CONFIG, DATA), 1);
    const other = train(new Trainer(SPEC, { ...CONFIG, seed: 43 }, DATA), 1);

    expect(other.metrics[0]!.trainLoss).not.toBe(first.metrics[0]!.trainLoss);
  });

  test('should continue bit-identically in a new Trainer that loads the state of epoch 2', () => {
    // Arrange
    const uninterrupted = train(new Trainer(SPEC, CONFIG, DATA), CONFIG.epochs);
    const saved = train(new Trainer(SPEC, CONFIG, DATA), 2).state;

    // Act
    const resumed = new Trainer(SPEC, CONFIG, DATA);
    resumed.loadState(saved);
    const rest = train(resumed, CONFIG.epochs - 2);

    // Assert
    expect(resumed.epoch).toBe(CONFIG.epochs);
    expect(rest.metrics).toStrictEqual(uninterrupted.metrics.slice(2));
    expectSameBytes(rest.state, uninterrupted.state, 'final state');
  });

  test('should continue bit-identically after a stopped epoch and a reload into the same Trainer', () => {
    // Arrange: runEpoch's contract: after 'stopped', restore the last saved state.
    const uninterrupted = train(new Trainer(SPEC, CONFIG, DATA), CONFIG.epochs);
    const trainer = new Trainer(SPEC, CONFIG, DATA);
    const saved = train(trainer, 2).state;
    let stepsAllowed = 3;
    expect(trainer.runEpoch(() => stepsAllowed-- > 0).kind).toBe('stopped');

    // Act
    trainer.loadState(saved);
    const rest = train(trainer, CONFIG.epochs - 2);

    // Assert
    expect(rest.metrics).toStrictEqual(uninterrupted.metrics.slice(2));
    expectSameBytes(rest.state, uninterrupted.state, 'final state');
  });
});

function train(trainer: Trainer, epochs: number): { metrics: EpochMetrics[]; state: Uint8Array } {
  const metrics: EpochMetrics[] = [];
  for (let e = 0; e < epochs; e++) metrics.push(expectEpoch(trainer.runEpoch()));
  return { metrics, state: trainer.saveState() };
}

function expectEpoch(outcome: EpochOutcome): EpochMetrics {
  if (outcome.kind !== 'epoch') throw new Error(`expected a finished epoch, got ${JSON.stringify(outcome)}`);
  return outcome.metrics;
}
