// `npm run bench [-- --configs A,B]`: training throughput of the engine on synthetic data
// (fixed seed, float32, Adam, one warm-up epoch, median of 3 timed epochs), one JSON line each.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Rng, Trainer, validateModelSpec, type DataSplit } from '../../engine/index.ts';

interface BenchConfig {
  name: string;
  layers: number[]; // input, hidden..., output
  samples: number;
  batchSize: number;
}

const CONFIGS: BenchConfig[] = [
  { name: 'A', layers: [2, 16, 16, 2], samples: 1000, batchSize: 32 },
  { name: 'B', layers: [784, 256, 128, 10], samples: 10000, batchSize: 64 },
  { name: 'C', layers: [784, 1024, 1024, 10], samples: 10000, batchSize: 256 },
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

function bench(config: BenchConfig, batchNorm: boolean): { samplesPerSecond: number; epochSeconds: number[] } {
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
  const trainer = new Trainer(spec, { epochs: 4, batchSize: config.batchSize, seed: 7, init: 'he' }, { train, validation: null });
  trainer.runEpoch(); // warm-up: JIT and caches
  const seconds: number[] = [];
  for (let e = 0; e < 3; e++) {
    const t0 = performance.now();
    const outcome = trainer.runEpoch();
    seconds.push((performance.now() - t0) / 1000);
    if (outcome.kind !== 'epoch') throw new Error(`bench ${config.name} ended with ${outcome.kind}`);
  }
  const median = [...seconds].sort((a, b) => a - b)[1]!;
  return { samplesPerSecond: config.samples / median, epochSeconds: seconds };
}

/** The configs named by `--configs A,B` (default all), or the reason the command line is wrong. */
function chosenConfigs(): string[] {
  const { values } = parseArgs({ options: { configs: { type: 'string' } } });
  const names = values.configs?.split(',') ?? CONFIGS.map((c) => c.name);
  const unknown = names.filter((n) => !CONFIGS.some((c) => c.name === n));
  if (unknown.length > 0) throw new Error(`unknown bench config ${unknown.join(', ')}; known: ${CONFIGS.map((c) => c.name).join(', ')}`);
  return names;
}

let names: string[];
try {
  names = chosenConfigs();
} catch (error) {
  console.error(`bench: ${(error as Error).message}`);
  process.exit(2);
}
for (const config of CONFIGS.filter((c) => names.includes(c.name))) {
  for (const batchNorm of [true, false]) {
    const { samplesPerSecond, epochSeconds } = bench(config, batchNorm);
    const round = (x: number) => Math.round(x * 10) / 10;
    console.log(JSON.stringify({ config: config.name, batchNorm, samplesPerSecond: round(samplesPerSecond), network: config.layers.join('-'), batchSize: config.batchSize, epochSeconds: epochSeconds.map((s) => Math.round(s * 1000) / 1000) }));
  }
}
