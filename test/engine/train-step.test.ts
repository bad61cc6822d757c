// FORMAT.md §9: a BN network refuses a training step on a 1-row batch and changes nothing, while
// eval mode and networks without BN handle a single row.
import { describe, expect, test } from 'vitest';
import { EngineError, Network, Optimizer, Rng, evaluateBatch, serializeModelState, trainStep, type NetworkSpec } from '../../engine/index.ts';
import { expectSameBytes } from '../helpers/close.ts';
import { catchError } from '../helpers/errors.ts';
import { modelSpec, randomBatch, randomizeParams } from '../helpers/networks.ts';

function model(batchNorm: boolean) {
  const network: NetworkSpec = {
    inputSize: 3,
    layers: [
      { units: 4, activation: 'relu', batchNorm: false },
      { units: 4, activation: 'tanh', batchNorm },
    ],
    output: { units: 3, loss: 'softmax_ce' },
  };
  const spec = modelSpec(network, { optimizer: { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 } });
  const net = new Network(spec);
  const optimizer = new Optimizer(spec.optimizer, net.params);
  const rng = new Rng(3);
  randomizeParams(net, rng);
  // Two ordinary steps first, so the optimizer state a refusal must preserve is not all zeros.
  for (let i = 0; i < 2; i++) {
    const { X, y, n } = randomBatch(net, 5, rng);
    trainStep(net, optimizer, X, y, n);
  }
  return { net, optimizer, rng };
}

describe('trainStep on a 1-row batch', () => {
  test('should refuse under BN and leave parameters, running statistics, optimizer and gradients unchanged', () => {
    // Arrange
    const { net, optimizer, rng } = model(true);
    const { X, y } = randomBatch(net, 1, rng);
    const state = serializeModelState(net, optimizer);
    const grad = net.params.grad.slice();

    // Act
    const refusal = catchError(() => trainStep(net, optimizer, X, y, 1));

    // Assert
    expect(refusal).toBeInstanceOf(EngineError);
    expect(refusal).toMatchObject({ code: 'batchnorm_training_batch_size_1' });
    expectSameBytes(serializeModelState(net, optimizer), state, 'model state');
    expectSameBytes(net.params.grad, grad, 'gradients');
  });

  test('should still evaluate a single row in eval mode under BN', () => {
    const { net, rng } = model(true);
    const { X, y } = randomBatch(net, 1, rng);

    expect(Number.isFinite(evaluateBatch(net, X, y, 1))).toBe(true);
  });

  test('should train without BN and change the parameters', () => {
    const { net, optimizer, rng } = model(false);
    const { X, y } = randomBatch(net, 1, rng);
    const before = net.params.data.slice();

    const loss = trainStep(net, optimizer, X, y, 1);

    expect(Number.isFinite(loss)).toBe(true);
    expect(net.params.data).not.toEqual(before);
    expect(optimizer.step).toBe(3);
  });

  test('should refuse an empty batch', () => {
    const { net, optimizer, rng } = model(false);
    const { X, y } = randomBatch(net, 1, rng);

    expect(catchError(() => trainStep(net, optimizer, X, y, 0))).toMatchObject({ code: 'invalid_data', message: 'a training batch needs at least 1 row, got 0' });
  });
});
