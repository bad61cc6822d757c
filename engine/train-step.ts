// FORMAT.md §6 "One training step t": forward (train) → loss → backward → running stats → update.
import { EngineError } from './errors.ts';
import type { FloatArray } from './dtype.ts';
import type { Targets } from './layers/losses.ts';
import type { Network } from './network.ts';
import type { Optimizer } from './optimizers.ts';

/**
 * One step on the batch X(n, d), y. Returns the loss before the update. A 1-row batch under BN is
 * refused before anything is touched (FORMAT.md §9), so parameters, running statistics and the
 * optimizer state stay exactly as they were.
 */
export function trainStep(net: Network, optimizer: Optimizer, X: FloatArray, y: Targets, n: number, options: { inputGradient?: boolean } = {}): number {
  if (n < 2 && net.hasBatchNorm) {
    throw new EngineError(
      'batchnorm_training_batch_size_1',
      'batch norm cannot train on a 1-row mini-batch: its variance is 0 and the running-variance factor n/(n-1) divides by zero; use batches of at least 2 rows',
    );
  }
  if (n < 1) throw new EngineError('invalid_data', `a training batch needs at least 1 row, got ${n}`);
  const loss = lossAndGradient(net, X, y, n, options.inputGradient ?? false);
  for (const layer of net.hidden) {
    if (layer.bn) net.kernels.updateRunningStats({ mean: layer.bn.runningMean, var: layer.bn.runningVar }, layer.bn.cache, net.bn.momentum, n, layer.shape.units);
  }
  optimizer.update();
  return loss;
}

/**
 * Training-mode loss of the batch, with its gradient in params.grad (and dX with `inputGradient`).
 * Changes no parameter, running statistic or optimizer state.
 */
export function lossAndGradient(net: Network, X: FloatArray, y: Targets, n: number, inputGradient = false): number {
  net.ensureCapacity(n);
  const { output } = net.spec.network;
  const logits = net.forward(X, n, 'train');
  const loss = net.kernels.lossForwardBackward(output.loss, logits, y, net.output.dLogits, n, output.units);
  net.backward(X, n, inputGradient);
  return loss;
}

/** Eval-mode loss of X(n, d), y, with running statistics; leaves the logits in net.output.logits. */
export function evaluateBatch(net: Network, X: FloatArray, y: Targets, n: number): number {
  net.ensureCapacity(n);
  const { output } = net.spec.network;
  const logits = net.forward(X, n, 'eval');
  return net.kernels.lossForwardBackward(output.loss, logits, y, null, n, output.units);
}
