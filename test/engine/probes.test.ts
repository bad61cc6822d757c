// Santurkar's probes: on a tiny network each number against a direct computation (central finite
// differences of the training-mode loss), and a probe that leaves a run exactly as it was.
import { describe, expect, test } from 'vitest';
import { Network, Rng, Trainer, deriveSeed, probeAlongGradient, type TrainingConfig } from '../../engine/index.ts';
import { expectSameBytes } from '../helpers/close.ts';
import { twoBlobs } from '../helpers/data.ts';
import { modelSpec, randomBatch, randomizeParams, trainModeLoss, type Batch } from '../helpers/networks.ts';

const H = 1e-5;

/** ∇L by central differences of the training-mode loss, at the network's current parameters. */
function numericGradient(net: Network, batch: Batch): Float64Array {
  const { data } = net.params;
  return Float64Array.from(data, (value, i) => {
    data[i] = value + H;
    const up = trainModeLoss(net, batch);
    data[i] = value - H;
    const down = trainModeLoss(net, batch);
    data[i] = value;
    return (up - down) / (2 * H);
  });
}

const distance = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.sqrt(Array.from(a).reduce((s, v, i) => s + (v - b[i]!) ** 2, 0));
const relative = (actual: number, expected: number) => Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-12);

describe('probeAlongGradient', () => {
  test('should match a direct computation of L(θ − ηg), ‖∇L(θ) − ∇L(θ − ηg)‖ and β-smoothness on a tiny BN network', () => {
    // Arrange: 3 → 4 tanh+BN → 3 tanh → 2 softmax, generic parameters, one batch of 6 rows.
    const rng = new Rng(5);
    const net = new Network(modelSpec({
      inputSize: 3,
      layers: [{ units: 4, activation: 'tanh', batchNorm: true }, { units: 3, activation: 'tanh', batchNorm: false }],
      output: { units: 2, loss: 'softmax_ce' },
    }));
    randomizeParams(net, rng);
    const batch = randomBatch(net, 6, rng);
    const stepSizes = [0.05, 0.2, 0.8];
    const theta = net.params.data.slice();

    // Act
    const probe = probeAlongGradient(net, batch.X, batch.y, batch.n, stepSizes);

    // Assert: each quantity computed directly, from the loss alone.
    const g = numericGradient(net, batch);
    expect(relative(probe.loss, trainModeLoss(net, batch)), 'L(θ)').toBeLessThan(1e-14);
    expect(relative(probe.gradientNorm, Math.hypot(...g)), '‖g‖').toBeLessThan(1e-6);
    let beta = 0;
    stepSizes.forEach((eta, k) => {
      net.params.data.set(theta.map((v, i) => v - eta * g[i]!));
      const lossThere = trainModeLoss(net, batch);
      const change = distance(g, numericGradient(net, batch));
      net.params.data.set(theta);
      expect(relative(probe.lossAlong[k]!, lossThere), `L(θ − ${eta} g)`).toBeLessThan(1e-8);
      expect(relative(probe.gradientChange[k]!, change), `‖∇L(θ) − ∇L(θ − ${eta} g)‖`).toBeLessThan(1e-5);
      beta = Math.max(beta, change / (eta * Math.hypot(...g)));
    });
    expect(relative(probe.betaSmoothness, beta), 'β-smoothness').toBeLessThan(1e-5);
    // The step sizes span a real change: the probe measures something.
    expect(Math.max(...probe.lossAlong) - Math.min(...probe.lossAlong)).toBeGreaterThan(1e-3);
    expectSameBytes(net.params.data, theta, 'parameters after the probe');
  });
});

describe('Trainer.probeNextBatch', () => {
  const SPEC = modelSpec(
    { inputSize: 2, layers: [{ units: 8, activation: 'relu', batchNorm: true }], output: { units: 2, loss: 'softmax_ce' } },
    { optimizer: { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-4 } },
  );
  const CONFIG: TrainingConfig = { epochs: 3, batchSize: 16, seed: 3, init: 'he' };
  const DATA = { train: twoBlobs(100, 1), validation: twoBlobs(40, 2) };

  test('should change nothing: running statistics, RNG, optimizer state and every later metric are those of an unprobed run', () => {
    // Arrange
    const probed = new Trainer(SPEC, CONFIG, DATA);
    const plain = new Trainer(SPEC, CONFIG, DATA);
    probed.runEpoch();
    plain.runEpoch();
    const before = probed.saveState();

    // Act
    const probe = probed.probeNextBatch([0.01, 0.1, 1]);

    // Assert: the saved state holds parameters, running statistics, Adam's m and v and step, and the batch-order words.
    expectSameBytes(probed.saveState(), before, 'state right after the probe');
    const next = [probed.runEpoch(), probed.runEpoch()];
    const unprobed = [plain.runEpoch(), plain.runEpoch()];
    expect(next).toStrictEqual(unprobed);
    expectSameBytes(probed.saveState(), plain.saveState(), 'state two epochs later');
    expect(probe.lossAlong).toHaveLength(3);
    expect(probe.betaSmoothness).toBeGreaterThan(0);
  });

  test('should probe the batch the next epoch trains on first', () => {
    // The batch drawn as docs/reproducing.md says: the identity shuffled by stream 0x5f1e of the seed.
    const trainer = new Trainer(SPEC, CONFIG, DATA);
    const order = Array.from({ length: 100 }, (_, i) => i);
    new Rng(deriveSeed(CONFIG.seed, 0x5f1e)).shuffle(order);
    const rows = order.slice(0, CONFIG.batchSize);
    const batch = {
      X: Float64Array.from(rows.flatMap((r) => [DATA.train.X[2 * r]!, DATA.train.X[2 * r + 1]!])),
      y: Int32Array.from(rows.map((r) => DATA.train.y[r]!)),
      n: rows.length,
    };

    const probe = trainer.probeNextBatch([0.1]);

    expect(probe.loss).toBe(trainModeLoss(trainer.net, batch));
  });
});
