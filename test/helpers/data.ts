// Seeded in-memory datasets for Trainer tests: small, but with real signal to learn.
import { Rng, type DataSplit } from '../../engine/index.ts';

/** Two overlapping 2-D Gaussian blobs around (±1, ±1), labels 0 and 1. */
export function twoBlobs(n: number, seed: number): DataSplit {
  const rng = new Rng(seed);
  const X = new Float64Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 2;
    const centre = y[i] === 0 ? -1 : 1;
    X[2 * i] = centre + rng.normal();
    X[2 * i + 1] = centre + rng.normal();
  }
  return { X, y, n };
}

/** y = x₀ − 2·x₁ + noise, for mse. */
export function linearRegression(n: number, seed: number): DataSplit {
  const rng = new Rng(seed);
  const X = new Float64Array(n * 2).map(() => rng.normal());
  const y = new Float64Array(n).map((_, i) => X[2 * i]! - 2 * X[2 * i + 1]! + 0.1 * rng.normal());
  return { X, y, n };
}
