// Model state ⇄ bytes: a restore is bit-exact, and state that belongs to another model is refused
// with a reason before anything is overwritten.
import { describe, expect, test } from 'vitest';
import {
  EngineError,
  Network,
  Optimizer,
  Rng,
  restoreModelState,
  serializeModelState,
  trainStep,
  type Dtype,
  type NetworkSpec,
  type OptimizerSpec,
} from '../../engine/index.ts';
import { expectSameBytes } from '../helpers/close.ts';
import { catchError } from '../helpers/errors.ts';
import { modelSpec, randomBatch, randomizeParams } from '../helpers/networks.ts';

const NETWORK: NetworkSpec = {
  inputSize: 3,
  layers: [
    { units: 5, activation: 'relu', batchNorm: true },
    { units: 4, activation: 'tanh', batchNorm: false },
  ],
  output: { units: 3, loss: 'softmax_ce' },
};
const ADAM: OptimizerSpec = { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-3 };

describe.each([
  { dtype: 'float64' as Dtype, optimizer: ADAM },
  { dtype: 'float32' as Dtype, optimizer: { kind: 'momentum', lr: 0.1, beta: 0.9, weightDecay: 0 } as OptimizerSpec },
  { dtype: 'float64' as Dtype, optimizer: { kind: 'rmsprop', lr: 0.01, beta2: 0.9, eps: 1e-8, weightDecay: 0 } as OptimizerSpec },
])('checkpoint round trip ($dtype, $optimizer.kind)', ({ dtype, optimizer }) => {
  test('should restore parameters, running statistics and optimizer state bit for bit', () => {
    // Arrange: a model some steps into training, so every buffer holds non-trivial numbers.
    const source = trainedModel(NETWORK, optimizer, dtype);
    const bytes = serializeModelState(source.net, source.optimizer, { epoch: 3, note: 'kept' });
    const target = freshModel(NETWORK, optimizer, dtype);

    // Act
    const extra = restoreModelState(target.net, target.optimizer, bytes);

    // Assert
    expectSameBytes(target.net.params.data, source.net.params.data, 'parameters');
    expectSameBytes(target.net.params.running, source.net.params.running, 'running statistics');
    expectSameBytes(target.optimizer.m, source.optimizer.m, 'optimizer m');
    expectSameBytes(target.optimizer.v, source.optimizer.v, 'optimizer v');
    expect(target.optimizer.step).toBe(source.optimizer.step);
    expect(extra).toEqual({ epoch: 3, note: 'kept' });
    expectSameBytes(serializeModelState(target.net, target.optimizer, extra), bytes, 'state written again');
  });
});

describe('checkpoint refusals', () => {
  const saved = trainedModel(NETWORK, ADAM, 'float64');
  const bytes = serializeModelState(saved.net, saved.optimizer);

  test.each([
    {
      why: 'another width',
      network: { ...NETWORK, layers: [{ ...NETWORK.layers[0]!, units: 6 }, NETWORK.layers[1]!] },
      message: /^checkpoint does not fit this network: its layers are 0\.W\[5x3\] .* the network's are 0\.W\[6x3\] /,
    },
    {
      why: 'BN moved to another layer',
      network: { ...NETWORK, layers: [{ ...NETWORK.layers[0]!, batchNorm: false }, { ...NETWORK.layers[1]!, batchNorm: true }] },
      message: /^checkpoint does not fit this network: its layers are .*0\.gamma.* the network's are .*1\.gamma/,
    },
    { why: 'another dtype', dtype: 'float32' as Dtype, message: /^checkpoint does not fit this network: it holds float64, the network is float32$/ },
    {
      why: 'another optimizer',
      optimizer: { kind: 'gd', lr: 0.1, weightDecay: 0 } as OptimizerSpec,
      message: /^checkpoint does not fit this network: it holds adam state, the optimizer is gd$/,
    },
  ])('should refuse a model with $why and leave it untouched', ({ network = NETWORK, dtype = 'float64', optimizer = ADAM, message }) => {
    // Arrange
    const target = freshModel(network, optimizer, dtype);
    const before = serializeModelState(target.net, target.optimizer);

    // Act
    const refusal = catchError(() => restoreModelState(target.net, target.optimizer, bytes));

    // Assert
    expect(refusal).toBeInstanceOf(EngineError);
    expect(refusal).toMatchObject({ code: 'invalid_state', message: expect.stringMatching(message) });
    expectSameBytes(serializeModelState(target.net, target.optimizer), before, 'state after the refusal');
  });

  test.each([
    { why: 'truncated', corrupt: (b: Uint8Array) => b.subarray(0, b.length - 8), message: /^checkpoint does not fit this network: it has \d+ bytes, expected \d+$/ },
    { why: 'not a checkpoint', corrupt: (b: Uint8Array) => b.map((x) => x ^ 0xff), message: /^checkpoint is not usable: it does not start with the BN Lab state marker$/ },
    { why: 'empty', corrupt: () => new Uint8Array(0), message: /^checkpoint is not usable: only 0 bytes$/ },
  ])('should refuse bytes that are $why', ({ corrupt, message }) => {
    const target = freshModel(NETWORK, ADAM, 'float64');
    expect(() => restoreModelState(target.net, target.optimizer, corrupt(bytes))).toThrow(message);
  });
});

function freshModel(network: NetworkSpec, optimizer: OptimizerSpec, dtype: Dtype) {
  const net = new Network(modelSpec(network, { optimizer, dtype }));
  return { net, optimizer: new Optimizer(optimizer, net.params) };
}

/** Random parameters and running statistics, then three training steps. */
function trainedModel(network: NetworkSpec, optimizerSpec: OptimizerSpec, dtype: Dtype) {
  const model = freshModel(network, optimizerSpec, dtype);
  const rng = new Rng(7);
  randomizeParams(model.net, rng);
  for (let step = 0; step < 3; step++) {
    const { X, y, n } = randomBatch(model.net, 8, rng);
    trainStep(model.net, model.optimizer, X, y, n);
  }
  return model;
}

