// Z-score standardization with the training split's statistics only, so nothing about the
// validation rows leaks into training. The statistics are returned to be stored with the run.
import type { Standardization } from './types.ts';

/** Per-feature mean and population standard deviation of X (n, d); a constant feature gets std 1. */
export function fitStandardization(X: Float64Array, n: number, d: number): Standardization {
  const mean: number[] = [];
  const std: number[] = [];
  for (let j = 0; j < d; j++) {
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      const x = X[i * d + j]!; // i < n, j < d: inside X
      sum += x;
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    if (min === max) {
      // The exact value as mean makes the standardized feature exactly 0, not rounding noise.
      mean.push(min);
      std.push(1);
      continue;
    }
    const mu = sum / n;
    let squares = 0;
    for (let i = 0; i < n; i++) squares += (X[i * d + j]! - mu) ** 2;
    const sigma = Math.sqrt(squares / n);
    mean.push(mu);
    std.push(sigma > 0 ? sigma : 1); // differences so small their squares underflow count as constant
  }
  return { mean, std };
}

/** X (n, d) standardized in place with the given statistics. */
export function applyStandardization(X: Float64Array, d: number, { mean, std }: Standardization): void {
  X.forEach((x, k) => {
    const j = k % d;
    X[k] = (x - (mean[j] ?? 0)) / (std[j] ?? 1);
  });
}
