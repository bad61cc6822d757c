// Property tests (fast-check) of the lecture's claims about batch norm, on random small float64
// networks: a bias before BN is useless, BN undoes the scale of W, and zNorm is standardized.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ACTIVATIONS, LOSSES, Network, Rng, type Activation, type LossKind } from '../../engine/index.ts';
import { expectClose } from '../helpers/close.ts';
import { backprop, modelSpec, randomBatch, randomizeParams, type Batch } from '../helpers/networks.ts';

/** Fixed seed: a failure reproduces run for run; fast-check prints the counterexample and seed. */
const RUNS = { seed: 20261128, numRuns: 100 };
/** Units of the first (BN) layer, the one each property varies. */
const UNITS = 4;

const arbitraryNet = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  rows: fc.integer({ min: 4, max: 12 }),
  activation: fc.constantFrom(...ACTIVATIONS),
  loss: fc.constantFrom(...LOSSES),
});

describe('batch norm properties', () => {
  test('should ignore a bias before BN: same output and dW, and db = 0', () => {
    const bias = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: UNITS, maxLength: UNITS });
    fc.assert(
      fc.property(arbitraryNet, bias, ({ seed, rows, activation, loss }, c) => {
        // Arrange: the same network twice, b = 0 in one and b = c in the other.
        const { net, batch } = bnNetwork(seed, rows, activation, loss, { bias: true });
        const b = net.params.view(0, 'b')!;
        b.fill(0);
        const { logits, grads } = logitsAndGradients(net, batch);
        b.set(c);

        // Act
        const shifted = logitsAndGradients(net, batch);

        // Assert: z + c − mean(z + c) = z − mean(z), up to the rounding of |c| ≤ 1e3.
        expectClose(shifted.logits, logits, 1e-9, 'logits');
        for (const seg of net.params.segments) {
          const range = (g: Float64Array) => g.subarray(seg.offset, seg.offset + seg.length);
          if (seg.layer === 0 && seg.name === 'b') expectClose(range(shifted.grads), new Float64Array(UNITS), 1e-12, 'db');
          else expectClose(range(shifted.grads), range(grads), 1e-9, `layer ${seg.layer} ${seg.name} gradient`);
        }
      }),
      RUNS,
    );
  });

  test('should make the output invariant to W scaled by a > 0 and scale dW by 1/a', () => {
    fc.assert(
      fc.property(arbitraryNet, fc.double({ min: 0.1, max: 10, noNaN: true }), ({ seed, rows, activation, loss }, a) => {
        // Arrange: eps so small that (a² var + eps) / (var + eps) = a² to ~1e-12, i.e. no eps effect.
        const { net, batch } = bnNetwork(seed, rows, activation, loss, { eps: 1e-14 });
        const W = net.params.view(0, 'W')!;
        const { logits, grads } = logitsAndGradients(net, batch);
        fc.pre(Math.min(...net.hidden[0]!.bn!.cache.var) > 1e-3);
        W.forEach((w, i) => (W[i] = a * w));

        // Act
        const scaled = logitsAndGradients(net, batch);

        // Assert
        expectClose(scaled.logits, logits, 1e-9, 'logits');
        for (const seg of net.params.segments) {
          const range = (g: Float64Array) => g.subarray(seg.offset, seg.offset + seg.length);
          const factor = seg.layer === 0 && seg.name === 'W' ? a : 1;
          expectClose(range(scaled.grads).map((g) => g * factor), range(grads), 1e-9, `layer ${seg.layer} ${seg.name} gradient (× ${factor})`);
        }
      }),
      RUNS,
    );
  });

  test('should give each unit of zNorm batch mean 0 and biased variance var / (var + eps)', () => {
    const eps = fc.constantFrom(1e-5, 1e-3, 0.1);
    const offset = fc.double({ min: -1e3, max: 1e3, noNaN: true });
    fc.assert(
      fc.property(arbitraryNet, eps, offset, ({ seed, rows, activation, loss }, bnEps, shift) => {
        // Arrange: inputs moved far from 0, so the mean must really be subtracted.
        const { net, batch } = bnNetwork(seed, rows, activation, loss, { eps: bnEps });
        batch.X.forEach((x, i) => (batch.X[i] = x + shift));

        // Act
        net.ensureCapacity(rows);
        net.forward(batch.X, rows, 'train');

        // Assert: against statistics of z computed here, in two passes, for both BN layers.
        for (const { index, z, bn, shape } of net.hidden) {
          for (let j = 0; j < shape.units; j++) {
            const zNorm = column(bn!.cache.zNorm, rows, shape.units, j);
            const v = biasedVariance(column(z, rows, shape.units, j));
            expect(Math.abs(mean(zNorm)), `layer ${index} unit ${j} mean`).toBeLessThan(1e-10);
            expect(biasedVariance(zNorm), `layer ${index} unit ${j} variance`).toBeCloseTo(v / (v + bnEps), 10);
          }
        }
      }),
      RUNS,
    );
  });
});

/** inputSize 3 → BN layer of UNITS → BN layer of 3 → 2 outputs, random parameters and batch. */
function bnNetwork(seed: number, rows: number, activation: Activation, loss: LossKind, options: { bias?: boolean; eps?: number } = {}) {
  const spec = modelSpec(
    {
      inputSize: 3,
      layers: [
        { units: UNITS, activation, batchNorm: true, bias: options.bias ?? false },
        { units: 3, activation: 'tanh', batchNorm: true },
      ],
      output: { units: 2, loss },
    },
    { bn: { eps: options.eps ?? 1e-5, momentum: 0.1 } },
  );
  const net = new Network(spec);
  const rng = new Rng(seed);
  randomizeParams(net, rng);
  return { net, batch: randomBatch(net, rows, rng) };
}

function logitsAndGradients(net: Network, batch: Batch): { logits: Float64Array; grads: Float64Array } {
  backprop(net, batch);
  const k = net.spec.network.output.units;
  return { logits: Float64Array.from(net.output.logits.subarray(0, batch.n * k)), grads: Float64Array.from(net.params.grad) };
}

/** Column j of a row-major (rows, units) buffer. */
function column(values: ArrayLike<number>, rows: number, units: number, j: number): number[] {
  return Array.from({ length: rows }, (_, i) => values[i * units + j]!);
}

function mean(values: number[]): number {
  return values.reduce((s, x) => s + x, 0) / values.length;
}

function biasedVariance(values: number[]): number {
  const mu = mean(values);
  return values.reduce((s, x) => s + (x - mu) ** 2, 0) / values.length;
}
