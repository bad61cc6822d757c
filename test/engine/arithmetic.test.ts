// Each arithmetic keeps its bits. The hashes below are of the state bytes the engine saved before
// true float32 arithmetic existed (commit 2b424f9), for the same 3-epoch run: float64 and the old
// float32 ('float32-with-float64-sums', which runs stored then keep) must still produce them.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadWasmKernels, Rng, Trainer, validateModelSpec, type Arithmetic, type Dtype } from '../../engine/index.ts';
import { catchError } from '../helpers/errors.ts';

beforeAll(loadWasmKernels);

function stateHash(dtype: Dtype, arithmetic?: Arithmetic): string {
  const spec = validateModelSpec({
    network: {
      inputSize: 3,
      layers: [
        { units: 10, activation: 'relu', batchNorm: true },
        { units: 7, activation: 'tanh', batchNorm: false },
      ],
      output: { units: 3, loss: 'softmax_ce' },
    },
    bn: { eps: 1e-5, momentum: 0.1 },
    optimizer: { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-4 },
    dtype,
  });
  const rng = new Rng(11);
  const n = 90;
  const X = Float64Array.from({ length: n * 3 }, () => rng.normal());
  const y = Int32Array.from({ length: n }, (_, i) => (X[3 * i]! > 0 ? 1 : 0) + (X[3 * i + 1]! > 0.5 ? 1 : 0));
  const trainer = new Trainer({ ...spec, ...(arithmetic ? { arithmetic } : {}) }, { epochs: 3, batchSize: 16, seed: 5, init: 'he' }, { train: { X, y, n }, validation: null });
  for (let e = 0; e < 3; e++) trainer.runEpoch();
  return createHash('sha256').update(trainer.saveState()).digest('hex');
}

describe('arithmetic versions', () => {
  test('float64 gives the state bytes it gave before float32 became true float32', () => {
    expect(stateHash('float64')).toBe('4c76239d3b2ccc2399e7c61469c73584df5ad21f7bfb7efdde873abf6e49615f');
  });

  test('float32-with-float64-sums gives the float32 state bytes of before', () => {
    expect(stateHash('float32', 'float32-with-float64-sums')).toBe('31711025f1f7b5bf4edff4ccce7c0e2a2056d2a8541d9828f618a1da124904d3');
  });

  test('float32 is the new arithmetic (so the test above is not vacuous)', () => {
    expect(stateHash('float32')).not.toBe('31711025f1f7b5bf4edff4ccce7c0e2a2056d2a8541d9828f618a1da124904d3');
    expect(stateHash('float32', 'float32')).toBe(stateHash('float32'));
  });

  test('an arithmetic of another dtype is refused with its name', () => {
    const error = catchError(() => stateHash('float64', 'float32'));
    expect(error).toMatchObject({ code: 'invalid_training', field: 'arithmetic' });
    expect((error as Error).message).toBe('arithmetic must be one of "float64" for dtype float64, got "float32"');
  });
});
