// The loops of the 'float32' arithmetic in TypeScript: the twin of float32.c, reproducing its bits. Every
// float32 operation is one Math.fround of the float64 result, which is the correctly rounded float32
// result for + − × ÷ and sqrt (float64 has more than twice float32's precision), in the order the C
// code states. The WebAssembly kernels reuse the loops here that they do not replace (tanh,
// sigmoid, the losses and running statistics, which are not hot).
import type { FloatArray } from '../dtype.ts';
import type { BatchNormCache, BnParams, RunningStats, SegmentUpdate } from '../kernels.ts';
import { sigmoid } from '../layers/activations.ts';
import type { Targets } from '../layers/losses.ts';
import type { Activation, LossKind, OptimizerSpec } from '../spec.ts';

const f = Math.fround;
/** leaky_relu's slope for x ≤ 0, as float32. */
export const LEAK = f(0.01);

/** out(R, C) row-major, out[r, c] = Σ_s x(r, s) · y(s, c), summed from 0 in order of s. */
function gemm(out: FloatArray, x: FloatArray, xr: number, xs: number, y: FloatArray, ys: number, yc: number, R: number, S: number, C: number): void {
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++) {
      let s = 0;
      let xi = r * xr;
      let yi = c * yc;
      for (let p = 0; p < S; p++, xi += xs, yi += ys) s = f(s + f(x[xi]! * y[yi]!));
      out[r * C + c] = s;
    }
  }
}

export function matmulABt(out: FloatArray, a: FloatArray, b: FloatArray, bias: FloatArray | null, n: number, k: number, m: number): void {
  gemm(out, a, k, 1, b, 1, k, n, k, m);
  if (bias === null) return;
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[i * m + j] = f(out[i * m + j]! + bias[j]!);
}

export function matmulAtB(out: FloatArray, d: FloatArray, a: FloatArray, n: number, m: number, k: number): void {
  gemm(out, d, 1, m, a, k, 1, m, n, k);
}

export function matmulAB(out: FloatArray, d: FloatArray, b: FloatArray, n: number, m: number, k: number): void {
  gemm(out, d, m, 1, b, k, 1, n, m, k);
}

export function columnSums(sums: FloatArray, x: FloatArray, n: number, u: number): void {
  for (let j = 0; j < u; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s = f(s + x[i * u + j]!);
    sums[j] = s;
  }
}

export function batchNormForward(z: FloatArray, p: BnParams, eps: number, cache: BatchNormCache, n: number, u: number): void {
  const { mu, invStd } = cache;
  const e = f(eps);
  columnSums(mu, z, n, u);
  for (let j = 0; j < u; j++) {
    mu[j] = f(mu[j]! / n);
    let s = 0;
    for (let i = 0; i < n; i++) {
      const dev = f(z[i * u + j]! - mu[j]!);
      s = f(s + f(dev * dev));
    }
    cache.var[j] = f(s / n);
    invStd[j] = f(1 / f(Math.sqrt(f(cache.var[j]! + e))));
  }
  normalize(z, mu, invStd, p, cache, n, u);
}

export function batchNormEval(z: FloatArray, p: BnParams, running: RunningStats, eps: number, cache: BatchNormCache, n: number, u: number): void {
  const e = f(eps);
  for (let j = 0; j < u; j++) cache.invStd[j] = f(1 / f(Math.sqrt(f(running.var[j]! + e))));
  normalize(z, running.mean, cache.invStd, p, cache, n, u);
}

function normalize(z: FloatArray, center: FloatArray, invStd: FloatArray, { gamma, beta }: BnParams, { zNorm, zTilde }: BatchNormCache, n: number, u: number): void {
  for (let i = 0; i < n; i++) {
    const row = i * u;
    for (let j = 0; j < u; j++) {
      const zn = f(f(z[row + j]! - center[j]!) * invStd[j]!);
      zNorm[row + j] = zn;
      zTilde[row + j] = f(f(gamma[j]! * zn) + beta[j]!);
    }
  }
}

export function batchNormBackward(dZTilde: FloatArray, p: BnParams, cache: BatchNormCache, grads: { dgamma: FloatArray; dbeta: FloatArray }, dZ: FloatArray, n: number, u: number): void {
  const { zNorm, invStd, sums: scale } = cache;
  const { dgamma, dbeta } = grads;
  for (let j = 0; j < u; j++) {
    let sg = 0;
    let sb = 0;
    for (let i = 0; i < n; i++) {
      const d = dZTilde[i * u + j]!;
      sg = f(sg + f(d * zNorm[i * u + j]!));
      sb = f(sb + d);
    }
    dgamma[j] = sg;
    dbeta[j] = sb;
    scale[j] = f(f(p.gamma[j]! * invStd[j]!) / n);
  }
  for (let i = 0; i < n; i++) {
    const row = i * u;
    for (let j = 0; j < u; j++) {
      dZ[row + j] = f(scale[j]! * f(f(f(n * dZTilde[row + j]!) - dbeta[j]!) - f(zNorm[row + j]! * dgamma[j]!)));
    }
  }
}

export function updateRunningStats(running: RunningStats, cache: BatchNormCache, momentum: number, n: number, u: number): void {
  const mom = f(momentum);
  const keep = f(1 - mom);
  const unbias = f(n / f(n - 1));
  for (let j = 0; j < u; j++) {
    running.mean[j] = f(f(keep * running.mean[j]!) + f(mom * cache.mu[j]!));
    running.var[j] = f(f(keep * running.var[j]!) + f(f(mom * cache.var[j]!) * unbias));
  }
}

export function activationForward(kind: Activation, x: FloatArray, a: FloatArray, length: number): void {
  switch (kind) {
    case 'relu':
      for (let i = 0; i < length; i++) a[i] = x[i]! > 0 ? x[i]! : 0;
      return;
    case 'leaky_relu':
      for (let i = 0; i < length; i++) a[i] = x[i]! > 0 ? x[i]! : f(LEAK * x[i]!);
      return;
    case 'tanh':
      for (let i = 0; i < length; i++) a[i] = f(Math.tanh(x[i]!));
      return;
    case 'sigmoid':
      for (let i = 0; i < length; i++) a[i] = f(sigmoid(x[i]!));
      return;
    case 'linear':
      a.set(x.subarray(0, length));
      return;
  }
}

export function activationBackward(kind: Activation, x: FloatArray, a: FloatArray, dA: FloatArray, dX: FloatArray, length: number): void {
  switch (kind) {
    case 'relu':
      for (let i = 0; i < length; i++) dX[i] = x[i]! > 0 ? dA[i]! : 0;
      return;
    case 'leaky_relu':
      for (let i = 0; i < length; i++) dX[i] = x[i]! > 0 ? dA[i]! : f(LEAK * dA[i]!);
      return;
    case 'tanh':
      for (let i = 0; i < length; i++) dX[i] = f(dA[i]! * f(1 - f(a[i]! * a[i]!)));
      return;
    case 'sigmoid':
      for (let i = 0; i < length; i++) dX[i] = f(dA[i]! * f(a[i]! * f(1 - a[i]!)));
      return;
    case 'linear':
      dX.set(dA.subarray(0, length));
      return;
  }
}

/** The losses of layers/losses.ts with float32 intermediates; the mean loss is summed in float64. */
export function lossForwardBackward(kind: LossKind, x: FloatArray, y: Targets, d: FloatArray | null, n: number, k: number): number {
  let total = 0;
  if (kind === 'softmax_ce') {
    for (let i = 0; i < n; i++) {
      const row = i * k;
      let max = -Infinity;
      for (let j = 0; j < k; j++) if (x[row + j]! > max) max = x[row + j]!;
      let sum = 0;
      for (let j = 0; j < k; j++) sum = f(sum + f(Math.exp(f(x[row + j]! - max))));
      const logSumExp = f(max + f(Math.log(sum)));
      const label = y[i]!;
      total += f(logSumExp - x[row + label]!);
      if (d !== null) {
        for (let j = 0; j < k; j++) d[row + j] = f(f(f(Math.exp(f(x[row + j]! - logSumExp))) - (j === label ? 1 : 0)) / n);
      }
    }
    return total / n;
  }
  const count = n * k;
  for (let i = 0; i < count; i++) {
    const v = x[i]!;
    if (kind === 'sigmoid_bce') {
      total += f(f(f(Math.max(v, 0)) - f(v * y[i]!)) + f(Math.log1p(Math.exp(-Math.abs(v)))));
      if (d !== null) d[i] = f(f(f(sigmoid(v)) - y[i]!) / count);
    } else {
      const diff = f(v - y[i]!);
      total += f(diff * diff);
      if (d !== null) d[i] = f(f(2 * diff) / count);
    }
  }
  return total / count;
}

/**
 * Σ x² in float32.c's order, fed one value at a time by a loop over i = 0, 1, …, length − 1: lane l
 * sums the squares at i ≡ l (mod 4) in order, the lanes combine as (l0 + l1) + (l2 + l3), then the
 * squares of the tail past the last multiple of 4 are added in order. One instance, reused.
 */
class SquareSum {
  private readonly lanes = new Float64Array(4);
  private readonly tail = new Float64Array(3);
  private body = 0;
  private tailLength = 0;

  start(length: number): void {
    this.lanes.fill(0);
    this.tailLength = length % 4;
    this.body = length - this.tailLength;
  }

  add(i: number, x: number): void {
    const square = f(x * x);
    if (i < this.body) this.lanes[i & 3] = f(this.lanes[i & 3]! + square);
    else this.tail[i - this.body] = square;
  }

  total(): number {
    const l = this.lanes;
    let total = f(f(l[0]! + l[1]!) + f(l[2]! + l[3]!));
    for (let k = 0; k < this.tailLength; k++) total = f(total + this.tail[k]!);
    return total;
  }
}

const squares = new SquareSum();

/**
 * FORMAT.md §6 in float32; Adam's corrections 1 − βᵗ are taken in float64, then rounded. Returns
 * Σ grad² of the raw gradient (before decay) in float32.c's order (SquareSum), from the update's loop.
 */
export function updateSegment(spec: OptimizerSpec, { data: w, grad, m, v, decay, t }: SegmentUpdate, length: number): number {
  const lr = f(spec.lr);
  const dc = f(decay);
  // Without decay, g is the gradient itself (as in PyTorch), not grad + 0 · w.
  const g = dc === 0 ? (r: number) => r : (r: number, i: number) => f(r + f(dc * w[i]!));
  squares.start(length);
  switch (spec.kind) {
    case 'gd':
      for (let i = 0; i < length; i++) {
        const r = grad[i]!;
        squares.add(i, r);
        w[i] = f(w[i]! - f(lr * g(r, i)));
      }
      return squares.total();
    case 'momentum': {
      const beta = f(spec.beta);
      const rest = f(1 - beta);
      for (let i = 0; i < length; i++) {
        const r = grad[i]!;
        squares.add(i, r);
        m[i] = f(f(beta * m[i]!) + f(rest * g(r, i)));
        w[i] = f(w[i]! - f(lr * m[i]!));
      }
      return squares.total();
    }
    case 'rmsprop': {
      const beta2 = f(spec.beta2);
      const rest = f(1 - beta2);
      const eps = f(spec.eps);
      for (let i = 0; i < length; i++) {
        const r = grad[i]!;
        squares.add(i, r);
        const gi = g(r, i);
        v[i] = f(f(beta2 * v[i]!) + f(rest * f(gi * gi)));
        w[i] = f(w[i]! - f(f(lr * gi) / f(f(Math.sqrt(v[i]!)) + eps)));
      }
      return squares.total();
    }
    case 'adam': {
      const { beta1, beta2, correction1, correction2 } = adamConstants(spec, t);
      const rest1 = f(1 - beta1);
      const rest2 = f(1 - beta2);
      const eps = f(spec.eps);
      for (let i = 0; i < length; i++) {
        const r = grad[i]!;
        squares.add(i, r);
        const gi = g(r, i);
        m[i] = f(f(beta1 * m[i]!) + f(rest1 * gi));
        v[i] = f(f(beta2 * v[i]!) + f(rest2 * f(gi * gi)));
        w[i] = f(w[i]! - f(f(lr * f(m[i]! / correction1)) / f(f(Math.sqrt(f(v[i]! / correction2))) + eps)));
      }
      return squares.total();
    }
  }
}

/** Adam's float32 constants at step t, shared with the WebAssembly kernels. */
export function adamConstants(spec: { beta1: number; beta2: number }, t: number) {
  return {
    beta1: f(spec.beta1),
    beta2: f(spec.beta2),
    correction1: f(1 - Math.pow(spec.beta1, t)),
    correction2: f(1 - Math.pow(spec.beta2, t)),
  };
}

export function gatherRows(out: FloatArray, x: FloatArray, order: Uint32Array, from: number, rows: number, width: number): void {
  for (let r = 0; r < rows; r++) {
    const src = order[from + r]! * width;
    out.set(x.subarray(src, src + width), r * width);
  }
}
