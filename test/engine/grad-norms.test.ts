// The epoch's gradient norms come from the Σ grad² each optimizer update sums as it reads the
// gradient. They must be the very numbers the separate pass over params.grad after every step gave
// (test/helpers/squares.ts), for every optimizer and arithmetic, WebAssembly and its twin alike.
import { beforeAll, describe, expect, test } from 'vitest';
import { loadWasmKernels, Network, Optimizer, Rng, Trainer, trainStep, type Arithmetic, type Dtype, type OptimizerSpec } from '../../engine/index.ts';
import { GradNormAccumulator } from '../../engine/epoch-stats.ts';
import { twoBlobs } from '../helpers/data.ts';
import { modelSpec, randomBatch, randomizeParams } from '../helpers/networks.ts';
import { separatePassSquares } from '../helpers/squares.ts';

beforeAll(loadWasmKernels);

/** With weight decay, so that a sum of the decayed gradient would differ from the raw one's. */
const OPTIMIZERS: OptimizerSpec[] = [
  { kind: 'gd', lr: 0.1, weightDecay: 0.01 },
  { kind: 'momentum', lr: 0.05, beta: 0.9, weightDecay: 0.01 },
  { kind: 'rmsprop', lr: 0.01, beta2: 0.99, eps: 1e-8, weightDecay: 1e-3 },
  { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-4 },
];

/** Segments of 26, 13, 13, 91, 7, 28 and 4 numbers: every residue mod 4, so the lanes' tail counts. */
function spec(optimizer: OptimizerSpec, dtype: Dtype, arithmetic?: Arithmetic) {
  const s = modelSpec(
    {
      inputSize: 2,
      layers: [
        { units: 13, activation: 'relu', batchNorm: true },
        { units: 7, activation: 'tanh', batchNorm: false },
      ],
      output: { units: 4, loss: 'softmax_ce' },
    },
    { optimizer, dtype },
  );
  return arithmetic === undefined ? s : { ...s, arithmetic };
}

const KERNELS = [
  { arithmetic: 'float64', dtype: 'float64', sized: true },
  { arithmetic: 'float32', dtype: 'float32', sized: true }, // WebAssembly
  { arithmetic: 'float32', dtype: 'float32', sized: false }, // the TypeScript twin
  { arithmetic: 'float32-with-float64-sums', dtype: 'float32', sized: true },
] as const;

describe.each(OPTIMIZERS)('gradient norms under $kind', (optimizer) => {
  test.each(KERNELS)('should equal the separate pass, summed over 5 steps ($arithmetic, sized $sized)', ({ arithmetic, dtype, sized }) => {
    // Arrange
    const rows = 23;
    const net = new Network(spec(optimizer, dtype, arithmetic), sized ? { rows } : {});
    expect(net.kernels.arithmetic).toBe(arithmetic);
    expect(net.kernels.owns(new Float32Array(1)), 'the sized float32 network runs in WebAssembly').toBe(!(sized && arithmetic === 'float32'));
    randomizeParams(net, new Rng(3));
    const opt = new Optimizer(optimizer, net.params);
    const norms = new GradNormAccumulator(net, opt);
    const { grad, segments } = net.params;
    const expected = new Float64Array(segments.length);
    const rng = new Rng(4);

    // Act
    for (let step = 0; step < 5; step++) {
      const { X, y, n } = randomBatch(net, rows, rng);
      trainStep(net, opt, X, y, n);
      norms.add();
      segments.forEach((seg, s) => {
        expected[s] = expected[s]! + Math.sqrt(separatePassSquares(arithmetic, grad, seg.offset, seg.offset + seg.length));
      });
    }

    // Assert
    const taken = norms.take();
    expect(segments.map((seg) => taken[seg.layer]![seg.name])).toEqual(Array.from(expected, (sum) => sum / 5));
  });
});

describe.each(OPTIMIZERS)('stored gradient norms under $kind', (optimizer) => {
  test.each(['float64', 'float32'] as const)('should be the separate pass of each full-batch epoch, in the run precision (%s)', (dtype) => {
    // Arrange: one step per epoch, so params.grad after the epoch is the gradient it measured.
    const trainer = new Trainer(spec(optimizer, dtype), { epochs: 3, batchSize: 30, seed: 3, init: 'he' }, { train: twoBlobs(30, 1), validation: null });
    const round = dtype === 'float32' ? Math.fround : (v: number) => v;
    const { grad, segments } = trainer.net.params;

    for (let epoch = 0; epoch < 3; epoch++) {
      // Act
      const outcome = trainer.runEpoch();

      // Assert
      if (outcome.kind !== 'epoch') throw new Error(`epoch ${epoch + 1} ended ${outcome.kind}`);
      const stored = segments.map((seg) => outcome.metrics.layers[seg.layer]!.gradNorm[seg.name]);
      const separate = segments.map((seg) => round(Math.sqrt(separatePassSquares(dtype, grad, seg.offset, seg.offset + seg.length))));
      expect(stored, `epoch ${epoch + 1}`).toEqual(separate);
    }
  });
});

