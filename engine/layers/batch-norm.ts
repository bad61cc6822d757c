// FORMAT.md §4 and §6: batch normalization over the mini-batch, forward, eval, backward and the
// running-statistic update, each over the first `n` rows of caller-owned (n, u) row-major buffers,
// in the float64-sum arithmetics (kernels/float64-sums.ts; 'float32' has its own in kernels/).
import type { FloatArray } from '../dtype.ts';
import type { BatchNormCache, BnParams, RunningStats } from '../kernels.ts';
import { columnDotSums, columnSquaredDeviations, columnSums } from '../kernels/float64-sums.ts';

/** Training mode: normalize with the batch's own statistics; two-pass variance, no E[z²] − E[z]². */
export function batchNormForward(z: FloatArray, p: BnParams, eps: number, cache: BatchNormCache, n: number, u: number): void {
  const { mu, invStd, zNorm, zTilde, sums } = cache;
  columnSums(sums, z, n, u);
  for (let j = 0; j < u; j++) mu[j] = sums[j] / n;
  columnSquaredDeviations(sums, z, mu, n, u);
  for (let j = 0; j < u; j++) {
    cache.var[j] = sums[j] / n;
    invStd[j] = 1 / Math.sqrt(cache.var[j] + eps);
  }
  normalize(z, mu, invStd, p, zNorm, zTilde, n, u);
}

/** Eval mode: normalize with the running statistics; works for any n, including 1. */
export function batchNormEval(
  z: FloatArray,
  p: BnParams,
  running: RunningStats,
  eps: number,
  cache: BatchNormCache,
  n: number,
  u: number,
): void {
  for (let j = 0; j < u; j++) cache.invStd[j] = 1 / Math.sqrt(running.var[j] + eps);
  normalize(z, running.mean, cache.invStd, p, cache.zNorm, cache.zTilde, n, u);
}

function normalize(z: FloatArray, center: FloatArray, invStd: FloatArray, p: BnParams, zNorm: FloatArray, zTilde: FloatArray, n: number, u: number): void {
  for (let i = 0; i < n; i++) {
    const row = i * u;
    for (let j = 0; j < u; j++) {
      const zn = (z[row + j] - center[j]) * invStd[j];
      zNorm[row + j] = zn;
      zTilde[row + j] = p.gamma[j] * zn + p.beta[j];
    }
  }
}

/**
 * Given dZTilde(n, u): dgamma, dbeta, and dZ(n, u). Two reductions, then one pass:
 * with Σ dZn = γ·dβ and Σ dZn ⊙ zNorm = γ·dγ,
 * dZ = γ/(n·sqrt(var + eps)) · (n·dZTilde − dβ − zNorm ⊙ dγ).
 */
export function batchNormBackward(
  dZTilde: FloatArray,
  p: BnParams,
  cache: BatchNormCache,
  grads: { dgamma: FloatArray; dbeta: FloatArray },
  dZ: FloatArray,
  n: number,
  u: number,
): void {
  const { zNorm, invStd, sums, sums2 } = cache;
  columnDotSums(sums, dZTilde, zNorm, n, u);
  columnSums(sums2, dZTilde, n, u);
  for (let j = 0; j < u; j++) {
    grads.dgamma[j] = sums[j];
    grads.dbeta[j] = sums2[j];
  }
  for (let i = 0; i < n; i++) {
    const row = i * u;
    for (let j = 0; j < u; j++) {
      const scale = (p.gamma[j] * invStd[j]) / n;
      dZ[row + j] = scale * (n * dZTilde[row + j] - sums2[j] - zNorm[row + j] * sums[j]);
    }
  }
}

/** Once per training step: the new statistic weighs `momentum`; the variance term is UNBIASED. */
export function updateRunningStats(
  running: RunningStats,
  cache: BatchNormCache,
  momentum: number,
  n: number,
  u: number,
): void {
  const unbias = n / (n - 1);
  for (let j = 0; j < u; j++) {
    running.mean[j] = (1 - momentum) * running.mean[j] + momentum * cache.mu[j];
    running.var[j] = (1 - momentum) * running.var[j] + momentum * cache.var[j] * unbias;
  }
}
