// The 'float32' contract: the WebAssembly SIMD kernels and their TypeScript twin give the same bits,
// kernel by kernel on random shapes (tiny ones and widths that are no multiple of 4 or of the
// 64-column panel included) and over whole training steps.
import { beforeAll, describe, expect, test } from 'vitest';
import { loadWasmKernels, Network, Optimizer, Rng, serializeModelState, trainStep, type FloatArray, type Kernels, type OptimizerSpec } from '../../engine/index.ts';
import { float32Kernels, type BatchNormCache } from '../../engine/kernels.ts';
import { wasmFloat32Kernels } from '../../engine/kernels/wasm.ts';
import { expectSameBytes } from '../helpers/close.ts';
import { modelSpec, randomBatch, randomizeParams } from '../helpers/networks.ts';
import { separatePassSquares } from '../helpers/squares.ts';

beforeAll(loadWasmKernels);

/** One set of inputs copied into both implementations' memories; `run` then compares every output. */
function twins(lengths: Record<string, number>, seed: number, positive: string[] = []) {
  const rng = new Rng(seed);
  const floats = Object.values(lengths).reduce((a, b) => a + b, 0);
  const wasm = wasmFloat32Kernels({ floats, allocations: Object.keys(lengths).length, panelRows: 300, transposeFloats: 300 * 300 });
  const ts = float32Kernels();
  const make = (k: Kernels) => Object.fromEntries(Object.entries(lengths).map(([name, length]) => [name, k.allocFloat(length)])) as Record<string, FloatArray>;
  const a = make(wasm);
  const b = make(ts);
  for (const name of Object.keys(lengths)) {
    for (let i = 0; i < a[name]!.length; i++) {
      // Some exact zeros, so that ReLU's x > 0 and the -0 cases are exercised.
      const value = rng.uniform() < 0.1 ? 0 : rng.normal();
      a[name]![i] = positive.includes(name) ? Math.abs(value) : value;
    }
    b[name]!.set(a[name]!);
  }
  return {
    wasm,
    a,
    run(label: string, call: (k: Kernels, x: Record<string, FloatArray>) => void) {
      call(wasm, a);
      call(ts, b);
      for (const name of Object.keys(lengths)) expectSameBytes(a[name]!, b[name]!, `${label}: ${name}`);
    },
  };
}

const SHAPES: [number, number, number][] = [
  [1, 1, 1], [2, 3, 5], [3, 7, 2], [5, 4, 9], [9, 13, 17], [32, 2, 16], [17, 65, 70], [64, 130, 10], [33, 100, 129], [70, 9, 6], [129, 20, 67],
];

describe.each(SHAPES)('float32 kernels: WebAssembly === TypeScript, n=%i k=%i m=%i', (n, k, m) => {
  const seed = n * 10007 + k * 101 + m;

  test('the three matrix products, with and without bias', () => {
    const t = twins({ x: n * k, w: m * k, bias: m, z: n * m, dW: m * k, dX: n * k }, seed);
    t.run('matmulABt', (K, x) => K.matmulABt(x.z!, x.x!, x.w!, x.bias!, n, k, m));
    t.run('matmulABt without bias', (K, x) => K.matmulABt(x.z!, x.x!, x.w!, null, n, k, m));
    t.run('matmulAtB', (K, x) => K.matmulAtB(x.dW!, x.z!, x.x!, n, m, k));
    t.run('matmulAB', (K, x) => K.matmulAB(x.dX!, x.z!, x.w!, n, m, k));
  });

  test('batch norm forward, eval and backward, running statistics and column sums', () => {
    const u = m;
    const t = twins({ z: n * u, gamma: u, beta: u, mu: u, var: u, invStd: u, zNorm: n * u, zTilde: n * u, sums: u, sums2: u, dZTilde: n * u, dgamma: u, dbeta: u, dZ: n * u, rMean: u, rVar: u }, seed, ['rVar']);
    const cache = (x: Record<string, FloatArray>): BatchNormCache => ({ mu: x.mu!, var: x.var!, invStd: x.invStd!, zNorm: x.zNorm!, zTilde: x.zTilde!, sums: x.sums!, sums2: x.sums2! });
    t.run('columnSums', (K, x) => K.columnSums(x.sums!, x.z!, n, u));
    t.run('batchNormEval', (K, x) => K.batchNormEval(x.z!, { gamma: x.gamma!, beta: x.beta! }, { mean: x.rMean!, var: x.rVar! }, 1e-5, cache(x), n, u));
    if (n < 2) return;
    t.run('batchNormForward', (K, x) => K.batchNormForward(x.z!, { gamma: x.gamma!, beta: x.beta! }, 1e-5, cache(x), n, u));
    t.run('batchNormBackward', (K, x) => K.batchNormBackward(x.dZTilde!, { gamma: x.gamma!, beta: x.beta! }, cache(x), { dgamma: x.dgamma!, dbeta: x.dbeta! }, x.dZ!, n, u));
    t.run('updateRunningStats', (K, x) => K.updateRunningStats({ mean: x.rMean!, var: x.rVar! }, cache(x), 0.1, n, u));
  });

  test('activations and the gather', () => {
    const length = n * m;
    const t = twins({ x: length, a: length, dA: length, dX: length, out: n * k, src: m * k }, seed);
    for (const kind of ['relu', 'leaky_relu', 'tanh', 'sigmoid', 'linear'] as const) {
      t.run(`${kind} forward`, (K, x) => K.activationForward(kind, x.x!, x.a!, length));
      t.run(`${kind} backward`, (K, x) => K.activationBackward(kind, x.x!, x.a!, x.dA!, x.dX!, length));
    }
    const order = t.wasm.allocIndices(n);
    for (let r = 0; r < n; r++) order[r] = (r * 7 + 3) % m;
    t.run('gatherRows', (K, x) => K.gatherRows(x.out!, x.src!, K === t.wasm ? order : order.slice(), 0, n, k));
  });

  test('the four optimizers, with and without weight decay, and the Σ grad² they return', () => {
    // Lengths of every residue mod 4 among the shapes, so the SIMD lanes' tail is exercised.
    const length = n * k + m;
    const t = twins({ w: length, g: length, m: length, v: length }, seed, ['v']);
    const expected = separatePassSquares('float32', t.a.g!, 0, length);
    const specs: OptimizerSpec[] = [
      { kind: 'gd', lr: 0.1, weightDecay: 0.01 },
      { kind: 'momentum', lr: 0.05, beta: 0.9, weightDecay: 0.01 },
      { kind: 'rmsprop', lr: 0.01, beta2: 0.99, eps: 1e-8, weightDecay: 0 },
      { kind: 'adam', lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-4 },
      { kind: 'gd', lr: 0.1, weightDecay: 0 },
      { kind: 'adam', lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 },
    ];
    for (const spec of specs) {
      // From step 165, Adam's 1 − β₁ᵗ rounds to 1 in float32, which the WebAssembly loop special-cases.
      for (const step of [1, 2, 7, 500]) {
        const sums: number[] = [];
        t.run(`${spec.kind} t=${step}`, (K, x) => sums.push(K.updateSegment(spec, { data: x.w!, grad: x.g!, m: x.m!, v: x.v!, decay: spec.weightDecay, t: step }, length)));
        expect(sums, `${spec.kind} t=${step}: Σ grad² of WebAssembly and TypeScript`).toEqual([expected, expected]);
      }
    }
  });
});

describe('float32 training steps: WebAssembly === TypeScript', () => {
  const optimizer: OptimizerSpec = { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-3 };
  const spec = modelSpec(
    {
      inputSize: 13,
      layers: [
        { units: 70, activation: 'relu', batchNorm: true },
        { units: 9, activation: 'tanh', batchNorm: false },
        { units: 6, activation: 'leaky_relu', batchNorm: true, bias: true },
      ],
      output: { units: 5, loss: 'softmax_ce' },
    },
    { optimizer, dtype: 'float32' },
  );

  test('should give the same state bytes after five steps on batches of 23 rows', () => {
    const rows = 23;
    const sized = new Network(spec, { rows });
    const growable = new Network(spec);
    expect(sized.kernels.owns(new Float32Array(1)), 'the sized network runs in WebAssembly').toBe(false);
    const states = [sized, growable].map((net) => {
      randomizeParams(net, new Rng(3));
      const opt = new Optimizer(optimizer, net.params);
      const rng = new Rng(4);
      for (let s = 0; s < 5; s++) {
        const { X, y, n } = randomBatch(net, rows, rng);
        trainStep(net, opt, X, y, n);
      }
      return serializeModelState(net, opt);
    });
    expectSameBytes(states[0]!, states[1]!, 'state after 5 steps');
  });
});
