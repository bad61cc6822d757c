// FORMAT.md §5: the three losses (all means), numerically stable, and their gradient w.r.t. the logits.
import type { FloatArray } from '../dtype.ts';
import type { LossKind } from '../spec.ts';
import { sigmoid } from './activations.ts';

/**
 * Targets of a batch: class indices (n) for softmax_ce; (n, k) row-major 0/1 labels for
 * sigmoid_bce and real values for mse.
 */
export type Targets = Int32Array | FloatArray;

/** Mean data loss of logits(n, k); writes dLogits(n, k) = ∂loss/∂logits when given. */
export function lossForwardBackward(kind: LossKind, logits: FloatArray, y: Targets, dLogits: FloatArray | null, n: number, k: number): number {
  switch (kind) {
    case 'softmax_ce':
      return softmaxCrossEntropy(logits, y, dLogits, n, k);
    case 'sigmoid_bce':
      return sigmoidBinaryCrossEntropy(logits, y, dLogits, n, k);
    case 'mse':
      return meanSquaredError(logits, y, dLogits, n, k);
  }
}

function softmaxCrossEntropy(x: FloatArray, y: Targets, d: FloatArray | null, n: number, k: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    const row = i * k;
    let max = -Infinity;
    for (let j = 0; j < k; j++) if (x[row + j] > max) max = x[row + j];
    let sum = 0;
    for (let j = 0; j < k; j++) sum += Math.exp(x[row + j] - max);
    const logSumExp = max + Math.log(sum);
    const label = y[i];
    total += logSumExp - x[row + label];
    if (d !== null) {
      for (let j = 0; j < k; j++) d[row + j] = (Math.exp(x[row + j] - logSumExp) - (j === label ? 1 : 0)) / n;
    }
  }
  return total / n;
}

function sigmoidBinaryCrossEntropy(x: FloatArray, y: Targets, d: FloatArray | null, n: number, k: number): number {
  const count = n * k;
  let total = 0;
  for (let i = 0; i < count; i++) {
    const v = x[i];
    total += Math.max(v, 0) - v * y[i] + Math.log1p(Math.exp(-Math.abs(v)));
    if (d !== null) d[i] = (sigmoid(v) - y[i]) / count;
  }
  return total / count;
}

function meanSquaredError(x: FloatArray, y: Targets, d: FloatArray | null, n: number, k: number): number {
  const count = n * k;
  let total = 0;
  for (let i = 0; i < count; i++) {
    const diff = x[i] - y[i];
    total += diff * diff;
    if (d !== null) d[i] = (2 * diff) / count;
  }
  return total / count;
}

/**
 * Correct predictions in a batch: argmax vs label for softmax_ce, each of the k outputs thresholded
 * at logit 0 for sigmoid_bce (so the count is out of n·k). MSE has no accuracy: null.
 */
export function countCorrect(kind: LossKind, x: FloatArray, y: Targets, n: number, k: number): number | null {
  let correct = 0;
  if (kind === 'softmax_ce') {
    for (let i = 0; i < n; i++) {
      const row = i * k;
      let best = 0;
      for (let j = 1; j < k; j++) if (x[row + j] > x[row + best]) best = j;
      if (best === y[i]) correct++;
    }
    return correct;
  }
  if (kind === 'sigmoid_bce') {
    for (let i = 0; i < n * k; i++) if ((x[i] > 0 ? 1 : 0) === y[i]) correct++;
    return correct;
  }
  return null;
}
