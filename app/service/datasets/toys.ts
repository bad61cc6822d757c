// Seeded 2-D toy datasets and 1-D/2-D regression toys. The shapes are drawn first and the noise
// added after, always with the same number of draws, so for one seed a change of `noise` moves the
// points without changing which points they are.
import { deriveSeed, Rng } from '../../../engine/index.ts';
import type { ToySpec } from '../../contract/datasets.ts';
import type { RawDataset } from './types.ts';

/** Stream id of the generator; the split draws from its own stream of the same seed (split.ts). */
const GENERATOR_STREAM = 1;

type Shape = (cls: number, rng: Rng) => [number, number];

export function generateToy(spec: ToySpec): RawDataset {
  const rng = new Rng(deriveSeed(spec.seed, GENERATOR_STREAM));
  const { samples: n, noise } = spec;
  switch (spec.kind) {
    case 'moons':
      return classification(n, ['upper', 'lower'], noise, rng, (cls, r) => {
        const t = Math.PI * r.uniform();
        return cls === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
      });
    case 'circles':
      return classification(n, ['outer', 'inner'], noise, rng, (cls, r) => {
        const radius = cls === 0 ? 1 : spec.factor;
        const t = 2 * Math.PI * r.uniform();
        return [radius * Math.cos(t), radius * Math.sin(t)];
      });
    case 'spiral':
      return classification(n, names('arm', spec.arms), noise, rng, (cls, r) => spiralPoint(cls, spec.arms, r.uniform()));
    case 'xor':
      return classification(n, ['same sign', 'opposite sign'], noise, rng, (cls, r) => {
        const sign = r.uniform() < 0.5 ? 1 : -1;
        // Magnitudes from 0.1 keep the clean classes apart by a margin, as TensorFlow Playground's do.
        const x1 = sign * (0.1 + 0.9 * r.uniform());
        const x2 = (cls === 0 ? sign : -sign) * (0.1 + 0.9 * r.uniform());
        return [x1, x2];
      });
    case 'blobs':
      return classification(n, names('cluster', spec.clusters), noise, rng, (cls) => {
        const angle = (2 * Math.PI * cls) / spec.clusters;
        return [2 * Math.cos(angle), 2 * Math.sin(angle)];
      });
    case 'sine':
      return regression(n, ['x'], noise, rng, (r) => {
        const x = Math.PI * (2 * r.uniform() - 1);
        return [[x], Math.sin(x)];
      });
    case 'plane':
      return regression(n, ['x1', 'x2'], noise, rng, (r) => {
        const x1 = 2 * r.uniform() - 1;
        const x2 = 2 * r.uniform() - 1;
        return [[x1, x2], x1 - 2 * x2 + 0.5];
      });
  }
}

/** Arm `cls` of `arms` winds one full turn while its radius grows from 0.1 to 1 (`at` in [0, 1)). */
function spiralPoint(cls: number, arms: number, at: number): [number, number] {
  const radius = 0.1 + 0.9 * at;
  const angle = (2 * Math.PI * cls) / arms + 2 * Math.PI * at;
  return [radius * Math.cos(angle), radius * Math.sin(angle)];
}

/** Classes as equal as n allows (sizes differ by at most 1), in blocks of class 0, 1, ... */
function classification(n: number, classes: string[], noise: number, rng: Rng, shape: Shape): RawDataset {
  const k = classes.length;
  const X = new Float64Array(n * 2); // (n, 2)
  const y = new Int32Array(n);
  let i = 0;
  for (let cls = 0; cls < k; cls++) {
    const count = Math.floor(n / k) + (cls < n % k ? 1 : 0);
    for (let j = 0; j < count; j++, i++) {
      const [x1, x2] = shape(cls, rng);
      X[2 * i] = x1 + noise * rng.normal();
      X[2 * i + 1] = x2 + noise * rng.normal();
      y[i] = cls;
    }
  }
  return { X, y, n, featureNames: ['x1', 'x2'], task: 'classification', classes };
}

function regression(n: number, featureNames: string[], noise: number, rng: Rng, draw: (rng: Rng) => [number[], number]): RawDataset {
  const d = featureNames.length;
  const X = new Float64Array(n * d); // (n, d)
  const y = new Float64Array(n); // (n, 1)
  for (let i = 0; i < n; i++) {
    const [x, target] = draw(rng);
    X.set(x, i * d);
    y[i] = target + noise * rng.normal();
  }
  return { X, y, n, featureNames, task: 'regression', classes: null };
}

function names(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix} ${i + 1}`);
}
