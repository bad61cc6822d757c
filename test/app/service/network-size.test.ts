// A network too large for the machine is refused while its spec is resolved, before any memory is
// allocated for it, with what it would need; the engine's estimate is checked against what it allocates.
import { totalmem } from 'node:os';
import { describe, expect, test } from 'vitest';
import { Network, trainingFootprint, validateModelSpec, type ModelSpec } from '../../../engine/index.ts';
import { resolveExperiment, type DatasetShape } from '../../../app/service/run-spec.ts';

const DIGITS: DatasetShape = { inputSize: 64, outputUnits: 10, task: 'classification' };

function resolve(layers: number[], batchSize = 64) {
  const run = { name: 'big', dataset: { kind: 'digits' }, network: { layers: layers.map((units) => ({ units, batchNorm: true })) }, training: { batchSize } };
  return () => resolveExperiment({ name: 'e', runs: [run] }, () => DIGITS);
}

describe('networks too large to train', () => {
  test('should refuse 20 layers of 8192 units, saying how much they would need and the limit', () => {
    expect(resolve(Array(20).fill(8192))).toThrow(
      new RegExp(`^runs\\[0\\]\\.network\\.layers are too large to train: 1,276,002,314 parameters, about \\d+\\.\\d GB to train with batches of 64, more than the ${(totalmem() / 4 / 1024 ** 3).toFixed(1)} GB a run may use on this machine \\(a quarter of its memory\\); use fewer or narrower layers`),
    );
  });

  test('should refuse 3 layers of 65536 units, whose matrices no array can hold', () => {
    expect(resolve([65536, 65536, 65536])).toThrow(/one of its matrices has 4,294,967,296 entries, more than an array can hold/);
  });

  test('should accept the sizes practitioners use (784-1024-1024-10 with batches of 256)', () => {
    expect(resolve([1024, 1024], 256)).not.toThrow();
  });
});

describe('trainingFootprint', () => {
  test('should count exactly the parameters the engine allocates', () => {
    const spec: ModelSpec = validateModelSpec({
      network: { inputSize: 5, layers: [{ units: 7, activation: 'relu', batchNorm: true }, { units: 3, activation: 'tanh', batchNorm: false }], output: { units: 2, loss: 'softmax_ce' } },
      bn: { eps: 1e-5, momentum: 0.1 },
      optimizer: { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
      dtype: 'float32',
    });
    const net = new Network(spec);

    expect(trainingFootprint(spec, 32).parameters).toBe(net.params.data.length);
  });
});
