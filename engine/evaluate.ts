// Eval-mode loss and accuracy of a network over a whole split: what the trainer reports for the
// validation split after every epoch, and what the lab reports for a test split from a checkpoint.
import { countCorrect } from './layers/losses.ts';
import type { Network } from './network.ts';
import type { PreparedSplit } from './data-split.ts';
import { evaluateBatch } from './train-step.ts';

export interface SplitMetrics {
  loss: number;
  /** Null for mse, which has no accuracy. */
  accuracy: number | null;
}

/** Rows per chunk for a network that has no caches yet (one fresh from a checkpoint). */
const FRESH_CHUNK = 1024;

/**
 * Running statistics normalize (BN in eval mode), in chunks of the network's cache capacity; nothing
 * the network trains with changes. `afterFirstChunk` runs while the caches hold the first chunk.
 */
export function evaluateSplit(net: Network, split: PreparedSplit, afterFirstChunk?: () => void): SplitMetrics {
  const { inputSize: d, output } = net.spec.network;
  if (net.capacity === 0) net.ensureCapacity(Math.min(split.n, FRESH_CHUNK));
  const chunk = net.capacity;
  let lossSum = 0;
  let correct: number | null = 0;
  for (let start = 0; start < split.n; start += chunk) {
    const rows = Math.min(chunk, split.n - start);
    const perRow = split.y instanceof Int32Array ? 1 : output.units;
    const y = split.y.subarray(start * perRow, (start + rows) * perRow);
    lossSum += evaluateBatch(net, split.X.subarray(start * d, (start + rows) * d), y, rows) * rows;
    const c = countCorrect(output.loss, net.output.logits, y, rows, output.units);
    correct = c === null || correct === null ? null : correct + c;
    if (start === 0) afterFirstChunk?.();
  }
  const total = output.loss === 'sigmoid_bce' ? split.n * output.units : split.n;
  return { loss: lossSum / split.n, accuracy: correct === null ? null : correct / total };
}
