import { expect, test } from 'vitest';
import type { RunSpec } from '../../../../app/contract/records.ts';
import { designOf } from './factors.ts';
import { factorsFromDesign, runModelFromSpec } from './from-spec.ts';
import { toRunDraft } from './run-draft.ts';

const spec: RunSpec = {
  dataset: { kind: 'moons', samples: 400, noise: 0.2, seed: 1, validation: 0.2 } as RunSpec['dataset'],
  network: { inputSize: 2, layers: [{ units: 8, activation: 'tanh', batchNorm: true }], output: { units: 2, loss: 'softmax_ce' } },
  bn: { eps: 1e-5, momentum: 0.1 },
  optimizer: { kind: 'momentum', lr: 0.05, beta: 0.8, weightDecay: 0 },
  dtype: 'float64',
  training: { epochs: 12, batchSize: 16, seed: 3, init: 'xavier', checkpointEvery: 1 },
};

test('should give the designer a stored run that drafts back into the same settings', () => {
  const model = runModelFromSpec('Momentum, BN', spec);
  expect(toRunDraft(model)).toEqual({
    name: 'Momentum, BN',
    dataset: spec.dataset,
    network: { layers: [{ units: 8, activation: 'tanh', batchNorm: true }], output: { loss: 'softmax_ce' } },
    bn: spec.bn,
    optimizer: { kind: 'momentum', lr: 0.05, beta: 0.8, weightDecay: 0 },
    training: { epochs: 12, batchSize: 16, seed: 3, dtype: 'float64', init: 'xavier' },
  });
});

test("should show a design's factors and exceptions in the form and name the factors it cannot", () => {
  const design = { name: 'd', base: {}, vary: { 'optimizer.kind': ['gd', 'adam'], 'network.batchNorm': [true, false], 'optimizer.lr': [0.1, 1], 'bn.eps': [1e-5, 1e-3] }, repeats: 3, exceptions: { 'x': { training: { epochs: 2 } } } };
  const { factors, exceptions, leftOut } = factorsFromDesign(design);
  expect(factors).toEqual({ batchNorm: true, optimizers: ['gd', 'adam'], learningRates: '0.1, 1', seeds: 3 });
  expect(exceptions).toEqual({ x: { training: { epochs: 2 } } });
  expect(leftOut).toEqual(['bn.eps']);
  // Back to a design, the form's factors vary what the stored one did, with its exceptions.
  const again = designOf('d', {}, factors, 'gd', exceptions)!;
  expect(again.vary).toEqual({ 'optimizer.kind': ['gd', 'adam'], 'optimizer.lr': [0.1, 1], 'network.batchNorm': [true, false] });
  expect(again.exceptions).toEqual(exceptions);
});
