// Small seeded networks and batches for the hand-made (non-fixture) engine tests.
import {
  Network,
  lossForwardBackward,
  validateModelSpec,
  type BnConfig,
  type Dtype,
  type FloatArray,
  type NetworkSpec,
  type OptimizerSpec,
  type Rng,
  type Targets,
} from '../../engine/index.ts';

export interface Batch {
  X: FloatArray; // (n, d)
  y: Targets; // (n) class indices or (n, k)
  n: number;
}

/** A validated ModelSpec; the defaults are PyTorch's BN settings and plain GD. */
export function modelSpec(
  network: NetworkSpec,
  options: { bn?: BnConfig; optimizer?: OptimizerSpec; dtype?: Dtype } = {},
) {
  return validateModelSpec({
    network,
    bn: options.bn ?? { eps: 1e-5, momentum: 0.1 },
    optimizer: options.optimizer ?? { kind: 'gd', lr: 0.1, weightDecay: 0 },
    dtype: options.dtype ?? 'float64',
  });
}

/**
 * Fills every parameter with generic random values (b, β ≠ 0 and γ ≠ 1 unlike a fresh init), so
 * that no gradient vanishes by symmetry and a wrong term cannot hide behind a zero.
 */
export function randomizeParams(net: Network, rng: Rng): void {
  const { data, segments, running, runningSegments } = net.params;
  for (const seg of segments) {
    const fanIn = seg.shape[1] ?? 1;
    for (let i = seg.offset; i < seg.offset + seg.length; i++) {
      if (seg.name === 'W') data[i] = rng.normal() / Math.sqrt(fanIn);
      else if (seg.name === 'gamma') data[i] = 0.5 + rng.uniform();
      else data[i] = 0.5 * rng.normal();
    }
  }
  for (const seg of runningSegments) {
    for (let i = seg.offset; i < seg.offset + seg.length; i++) running[i] = seg.name === 'runningVar' ? 0.5 + rng.uniform() : rng.normal();
  }
}

/** n rows of standard-normal inputs and targets of the loss's kind (FORMAT.md §3). */
export function randomBatch(net: Network, n: number, rng: Rng): Batch {
  const { inputSize: d, output } = net.spec.network;
  const alloc = (length: number) => (net.spec.dtype === 'float64' ? new Float64Array(length) : new Float32Array(length));
  const X = alloc(n * d).map(() => rng.normal());
  let y: Targets;
  if (output.loss === 'softmax_ce') y = Int32Array.from({ length: n }, () => rng.below(output.units));
  else if (output.loss === 'sigmoid_bce') y = alloc(n * output.units).map(() => rng.below(2));
  else y = alloc(n * output.units).map(() => rng.normal());
  return { X, y, n };
}

/** Training-mode loss of a batch, changing no parameter, running statistic or gradient. */
export function trainModeLoss(net: Network, { X, y, n }: Batch): number {
  net.ensureCapacity(n);
  const logits = net.forward(X, n, 'train');
  const { loss, units } = net.spec.network.output;
  return lossForwardBackward(loss, logits, y, null, n, units);
}

/** Forward and backward in training mode: fills params.grad and net.dX; returns the loss. */
export function backprop(net: Network, { X, y, n }: Batch): number {
  net.ensureCapacity(n);
  const logits = net.forward(X, n, 'train');
  const { loss, units } = net.spec.network.output;
  const value = lossForwardBackward(loss, logits, y, net.output.dLogits, n, units);
  net.backward(X, n, true);
  return value;
}
