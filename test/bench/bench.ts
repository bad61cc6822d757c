// `npm run bench [-- --configs A,B] [--rounds 3]`: training throughput of the engine against PyTorch
// in the same run. Both train the same networks (ReLU, with and without BN) on synthetic data of the
// same size with the same batch size and Adam, on one thread each. Each round times one epoch of
// every network on each side, so that the load of this shared machine falls on both alike; the
// engine's epoch is the lab's (runEpoch, per-epoch statistics included), PyTorch's a plain loop
// (torch_bench.py). Prints one JSON line per network and the ratios (PyTorch time / engine time,
// above 1 is faster than PyTorch) as medians over the rounds. Without Python and torch it prints
// the engine's figures alone.
import { execFileSync, spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadWasmKernels, Rng, Trainer, validateModelSpec, type DataSplit } from '../../engine/index.ts';
import { wasmFloat32Kernels } from '../../engine/kernels/wasm.ts';

interface BenchConfig {
  name: string;
  layers: number[]; // input, hidden..., output
  samples: number;
  batchSize: number;
  /**
   * Epochs per timed round: a tiny network's epoch (about 1 ms) is shorter than the clocks' noise,
   * and its first epochs run on the caches C's run left cold (with 50 epochs, A with BN measured
   * 1.4 ms an epoch in the full bench and 0.96 ms alone; with 200, 0.86 ms in the full bench).
   */
  epochs: number;
}

interface Timing {
  cpuSeconds: number;
  wallSeconds: number;
}

const CONFIGS: BenchConfig[] = [
  { name: 'A', layers: [2, 16, 16, 2], samples: 1000, batchSize: 32, epochs: 200 },
  { name: 'B', layers: [784, 256, 128, 10], samples: 10000, batchSize: 64, epochs: 1 },
  { name: 'C', layers: [784, 1024, 1024, 10], samples: 10000, batchSize: 256, epochs: 1 },
];

function syntheticData(inputs: number, classes: number, samples: number, seed: number): DataSplit {
  const rng = new Rng(seed);
  const X = new Float64Array(samples * inputs);
  for (let i = 0; i < X.length; i++) X[i] = rng.normal();
  // Labels from a fixed random linear map, so the task is learnable and the loss moves.
  const map = Float64Array.from({ length: classes * inputs }, () => rng.normal());
  const y = new Int32Array(samples);
  for (let i = 0; i < samples; i++) {
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < classes; c++) {
      let score = 0;
      for (let j = 0; j < inputs; j++) score += map[c * inputs + j]! * X[i * inputs + j]!;
      if (score > bestScore) [best, bestScore] = [c, score];
    }
    y[i] = best;
  }
  return { X, y, n: samples };
}

/** A trainer for the network, after one warm-up round (JIT and caches). */
function engineTrainer(config: BenchConfig, batchNorm: boolean): Trainer {
  const sizes = config.layers;
  const spec = validateModelSpec({
    network: {
      inputSize: sizes[0],
      layers: sizes.slice(1, -1).map((units) => ({ units, activation: 'relu', batchNorm })),
      output: { units: sizes[sizes.length - 1], loss: 'softmax_ce' },
    },
    bn: { eps: 1e-5, momentum: 0.1 },
    optimizer: { kind: 'adam', lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 },
    dtype: 'float32',
  });
  const train = syntheticData(sizes[0]!, sizes[sizes.length - 1]!, config.samples, 42);
  const trainer = new Trainer(spec, { epochs: 100000, batchSize: config.batchSize, seed: 7, init: 'he' }, { train, validation: null });
  engineEpochs(trainer, config.epochs);
  return trainer;
}

/** Seconds per epoch over `epochs` epochs; CPU time of the whole process, as on PyTorch's side. */
function engineEpochs(trainer: Trainer, epochs: number): Timing {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  for (let e = 0; e < epochs; e++) {
    const outcome = trainer.runEpoch();
    if (outcome.kind !== 'epoch') throw new Error(`bench epoch ended with ${outcome.kind}`);
  }
  const used = process.cpuUsage(cpu);
  return { cpuSeconds: (used.user + used.system) / 1e6 / epochs, wallSeconds: (performance.now() - wall) / 1000 / epochs };
}

/** The first of `python3` and Debian's `/usr/bin/python3` that imports torch, or null. */
function pythonWithTorch(): string | null {
  for (const python of ['python3', '/usr/bin/python3']) {
    try {
      execFileSync(python, ['-c', 'import torch'], { stdio: 'ignore' });
      return python;
    } catch {
      // not this one
    }
  }
  return null;
}

/** torch_bench.py as a long-lived process: one request line out, one timing line back. */
function torchBench(python: string) {
  // torch.set_num_threads(1) does not reach Debian's OpenBLAS, which starts a thread per core: its
  // matrix products then ran on 2 threads while CPU time counted one. One thread each, for real.
  const oneThread = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const child = spawn(python, [new URL('torch_bench.py', import.meta.url).pathname], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, ...oneThread } });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    async epoch(config: BenchConfig, batchNorm: boolean): Promise<Timing & { torch: string }> {
      child.stdin.write(`${JSON.stringify({ config: config.name, layers: config.layers, samples: config.samples, batchSize: config.batchSize, epochs: config.epochs, batchNorm })}\n`);
      const line = await lines.next();
      if (line.done) throw new Error('torch_bench.py ended early');
      return JSON.parse(line.value) as Timing & { torch: string };
    },
    close: () => child.stdin.end(),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, digits = 3) => Number(x.toPrecision(digits));

/** The configs named by `--configs A,B` (default all) and `--rounds N`, or the reason the command line is wrong. */
function chosen(): { names: string[]; rounds: number } {
  const { values } = parseArgs({ options: { configs: { type: 'string' }, rounds: { type: 'string', default: '3' } } });
  const names = values.configs?.split(',') ?? CONFIGS.map((c) => c.name);
  const unknown = names.filter((n) => !CONFIGS.some((c) => c.name === n));
  if (unknown.length > 0) throw new Error(`unknown bench config ${unknown.join(', ')}; known: ${CONFIGS.map((c) => c.name).join(', ')}`);
  const rounds = Number(values.rounds);
  if (!(Number.isInteger(rounds) && rounds >= 1)) throw new Error(`--rounds must be an integer ≥ 1, got ${values.rounds}`);
  return { names, rounds };
}

let names: string[];
let rounds: number;
try {
  ({ names, rounds } = chosen());
} catch (error) {
  console.error(`bench: ${(error as Error).message}`);
  process.exit(2);
}

await loadWasmKernels();
const python = pythonWithTorch();
if (python === null) console.log('# no Python with torch found (tried python3, /usr/bin/python3): engine figures only');
const torch = python === null ? null : torchBench(python);
const cases = CONFIGS.filter((c) => names.includes(c.name)).flatMap((config) => [true, false].map((batchNorm) => ({ config, batchNorm, trainer: engineTrainer(config, batchNorm), engine: [] as Timing[], torch: [] as Timing[] })));
let torchVersion = '';
for (let r = 0; r < rounds; r++) {
  for (const c of cases) {
    c.engine.push(engineEpochs(c.trainer, c.config.epochs));
    if (torch) {
      const t = await torch.epoch(c.config, c.batchNorm);
      torchVersion = t.torch;
      c.torch.push(t);
    }
  }
}
torch?.close();

const rows = cases.map((c) => {
  const engine = { cpu: median(c.engine.map((t) => t.cpuSeconds)), wall: median(c.engine.map((t) => t.wallSeconds)) };
  const pytorch = c.torch.length > 0 ? { cpu: median(c.torch.map((t) => t.cpuSeconds)), wall: median(c.torch.map((t) => t.wallSeconds)) } : null;
  const ratio = pytorch && { cpu: round(pytorch.cpu / engine.cpu), wall: round(pytorch.wall / engine.wall) };
  console.log(
    JSON.stringify({
      config: c.config.name,
      batchNorm: c.batchNorm,
      network: c.config.layers.join('-'),
      batchSize: c.config.batchSize,
      samplesPerSecond: round(c.config.samples / engine.wall, 4),
      engineEpochCpuSeconds: c.engine.map((t) => round(t.cpuSeconds)),
      torchEpochCpuSeconds: c.torch.map((t) => round(t.cpuSeconds)),
      ratio,
    }),
  );
  return { name: `${c.config.name} ${c.config.layers.join('-')} ${c.batchNorm ? 'BN' : 'no BN'}, batch ${c.config.batchSize}`, engine, pytorch, ratio };
});
console.log(`\nengine / PyTorch ${torchVersion} (PyTorch epoch time ÷ engine epoch time, median of ${rounds} interleaved rounds, 1 thread each)`);
console.log(`${'config'.padEnd(36)} ${'engine cpu s'.padStart(12)} ${'torch cpu s'.padStart(12)} ${'ratio cpu'.padStart(10)} ${'ratio wall'.padStart(10)}`);
for (const row of rows) {
  const cell = (x: number | undefined, width: number) => (x === undefined ? '-' : String(round(x))).padStart(width);
  console.log(`${row.name.padEnd(36)} ${cell(row.engine.cpu, 12)} ${cell(row.pytorch?.cpu, 12)} ${cell(row.ratio?.cpu, 9)}× ${cell(row.ratio?.wall, 9)}×`);
}

/** GFLOP/s (CPU time) of the WebAssembly matrix products at the layer shapes of B and C. */
function kernelRates(): void {
  console.log('\nWebAssembly matrix products, GFLOP/s of CPU time (z = a Wᵀ, dW = dZᵀ a, dA = dZ W)');
  for (const [n, k, m] of [[64, 784, 256], [64, 256, 128], [256, 784, 1024], [256, 1024, 1024]] as const) {
    const K = wasmFloat32Kernels({ floats: 3 * n * k + 2 * m * k + n * m, allocations: 6, panelRows: Math.max(n, k, m), transposeFloats: n * m });
    const [a, w, z, dW, dA] = [n * k, m * k, n * m, m * k, n * k].map((length) => {
      const x = K.allocFloat(length);
      for (let i = 0; i < length; i++) x[i] = Math.sin(i);
      return x;
    });
    const layouts = { ABt: () => K.matmulABt(z!, a!, w!, null, n, k, m), AtB: () => K.matmulAtB(dW!, z!, a!, n, m, k), AB: () => K.matmulAB(dA!, z!, w!, n, m, k) };
    const rates = Object.entries(layouts).map(([name, run]) => {
      for (let r = 0; r < 3; r++) run();
      // About 0.4 s of products each: the CPU clock ticks in milliseconds, and 12 ms (as before) gave
      // rates a quarter apart between runs.
      const repeats = Math.max(3, Math.round(1e10 / (n * k * m)));
      const cpu = process.threadCpuUsage();
      for (let r = 0; r < repeats; r++) run();
      const used = process.threadCpuUsage(cpu);
      return `${name} ${round((2 * n * k * m * repeats) / ((used.user + used.system) * 1e3))}`;
    });
    console.log(`  n=${n} k=${k} m=${m}: ${rates.join(', ')}`);
  }
}
kernelRates();
