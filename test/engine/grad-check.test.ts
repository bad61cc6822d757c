// Central finite differences (float64) against the engine's analytic gradients on random small
// networks: every entry of every W, b, γ, β and the input X. This checks FORMAT.md §6 from first
// principles, independently of the PyTorch fixtures.
import { describe, expect, test } from 'vitest';
import { Network, Rng, type NetworkSpec } from '../../engine/index.ts';
import { backprop, modelSpec, randomBatch, randomizeParams, trainModeLoss } from '../helpers/networks.ts';

/** Step of the central difference: its truncation error ~h²·f''' and rounding ~1e-16·|f|/h balance near 1e-5. */
const H = 1e-5;
/** |analytic − numeric| / max(|analytic|, |numeric|, FLOOR): relative, except for gradients near 0. */
const MAX_RELATIVE_ERROR = 1e-6;
/**
 * Gradients smaller than this are compared absolutely. A central difference carries an absolute
 * error of ~1e-11 here (rounding of a loss of order 1 divided by 2h), so relative error means
 * nothing below ~1e-5; a gradient that is truly zero (db under BN) would otherwise fail on noise.
 */
const FLOOR = 1e-4;
/**
 * ReLU and leaky ReLU have a kink at 0 where finite differences are meaningless. A ±h step moves
 * a pre-activation by far less than this, so pre-activations at least this far from 0 are safe.
 */
const KINK_MARGIN = 1e-3;

const NETWORKS: { name: string; seed: number; network: NetworkSpec }[] = [
  {
    name: 'tanh+BN, leaky_relu, softmax_ce',
    seed: 11,
    network: {
      inputSize: 3,
      layers: [
        { units: 5, activation: 'tanh', batchNorm: true },
        { units: 4, activation: 'leaky_relu', batchNorm: false },
      ],
      output: { units: 3, loss: 'softmax_ce' },
    },
  },
  {
    name: 'sigmoid, relu+BN, linear+BN, sigmoid_bce',
    seed: 12,
    network: {
      inputSize: 4,
      layers: [
        { units: 4, activation: 'sigmoid', batchNorm: false },
        { units: 5, activation: 'relu', batchNorm: true },
        { units: 3, activation: 'linear', batchNorm: true },
      ],
      output: { units: 2, loss: 'sigmoid_bce' },
    },
  },
  {
    name: 'leaky_relu+BN, tanh+BN, linear, mse',
    seed: 13,
    network: {
      inputSize: 2,
      layers: [
        { units: 6, activation: 'leaky_relu', batchNorm: true },
        { units: 4, activation: 'tanh', batchNorm: true },
        { units: 3, activation: 'linear', batchNorm: false },
      ],
      output: { units: 2, loss: 'mse' },
    },
  },
  {
    name: 'sigmoid+BN with a kept bias, mse',
    seed: 14,
    network: {
      inputSize: 3,
      layers: [{ units: 4, activation: 'sigmoid', batchNorm: true, bias: true }],
      output: { units: 2, loss: 'mse' },
    },
  },
];

describe.each(NETWORKS)('finite differences: $name', ({ seed, network }) => {
  test('should match every parameter gradient and dX to 1e-6 relative', () => {
    // Arrange
    const net = new Network(modelSpec(network));
    const rng = new Rng(seed);
    randomizeParams(net, rng);
    const batch = randomBatch(net, 7, rng);
    backprop(net, batch);
    expect(nearestKink(net, batch.n)).toBeGreaterThan(KINK_MARGIN);
    const grad = Float64Array.from(net.params.grad);
    const dX = Float64Array.from(net.dX.subarray(0, batch.X.length));

    // Act
    const numeric = numericGradient(net.params.data, () => trainModeLoss(net, batch));
    const numericDX = numericGradient(batch.X, () => trainModeLoss(net, batch));

    // Assert
    for (const seg of net.params.segments) {
      const range = (a: Float64Array) => a.subarray(seg.offset, seg.offset + seg.length);
      expect(worstRelativeError(range(grad), range(numeric)), `layer ${seg.layer} ${seg.name}`).toBeLessThan(MAX_RELATIVE_ERROR);
    }
    expect(worstRelativeError(dX, numericDX), 'dX').toBeLessThan(MAX_RELATIVE_ERROR);
  });
});

/** ∂loss/∂values[i] by central differences, restoring every entry afterwards. */
function numericGradient(values: Float64Array | Float32Array, loss: () => number): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const saved = values[i]!;
    values[i] = saved + H;
    const up = loss();
    values[i] = saved - H;
    const down = loss();
    values[i] = saved;
    out[i] = (up - down) / (2 * H);
  }
  return out;
}

function worstRelativeError(analytic: Float64Array, numeric: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < analytic.length; i++) {
    const a = analytic[i]!;
    const n = numeric[i]!;
    worst = Math.max(worst, Math.abs(a - n) / Math.max(Math.abs(a), Math.abs(n), FLOOR));
  }
  return worst;
}

/** The smallest |pre-activation| of any relu or leaky_relu unit in the last forward pass. */
function nearestKink(net: Network, n: number): number {
  let nearest = Infinity;
  for (const layer of net.hidden) {
    if (layer.activation !== 'relu' && layer.activation !== 'leaky_relu') continue;
    const pre = layer.bn ? layer.bn.cache.zTilde : layer.z;
    for (let i = 0; i < n * layer.shape.units; i++) nearest = Math.min(nearest, Math.abs(pre[i]!));
  }
  return nearest;
}
