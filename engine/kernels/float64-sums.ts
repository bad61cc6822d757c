// The loops of the 'float64' arithmetic, and of 'float32-with-float64-sums' (float32 buffers, float64
// intermediates: the engine's float32 before true float32 arithmetic, kept so that runs stored then
// resume with the same bits). Plain TypeScript; the layer files hold BN, activations and losses.
import type { FloatArray } from '../dtype.ts';
import type { SegmentUpdate } from '../kernels.ts';
import type { OptimizerSpec } from '../spec.ts';

export { activationBackward, activationForward } from '../layers/activations.ts';
export { batchNormBackward, batchNormEval, batchNormForward, updateRunningStats } from '../layers/batch-norm.ts';
export { lossForwardBackward } from '../layers/losses.ts';

/** out(n, m) = a(n, k) @ b(m, k)ᵀ [+ bias(m)]: the Linear layout, one row of `b` per output unit. */
export function matmulABt(out: FloatArray, a: FloatArray, b: FloatArray, bias: FloatArray | null, n: number, k: number, m: number): void {
  let i = 0;
  // Two rows of `a` against four rows of `b`: eight sums from six loads per step of p.
  for (; i + 1 < n; i += 2) {
    const a0 = i * k, a1 = a0 + k;
    const o0 = i * m, o1 = o0 + m;
    let j = 0;
    for (; j + 3 < m; j += 4) {
      const b0 = j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let p = 0; p < k; p++) {
        const x0 = a[a0 + p], x1 = a[a1 + p];
        const w0 = b[b0 + p], w1 = b[b1 + p], w2 = b[b2 + p], w3 = b[b3 + p];
        s00 += x0 * w0; s01 += x0 * w1; s02 += x0 * w2; s03 += x0 * w3;
        s10 += x1 * w0; s11 += x1 * w1; s12 += x1 * w2; s13 += x1 * w3;
      }
      if (bias !== null) {
        const c0 = bias[j], c1 = bias[j + 1], c2 = bias[j + 2], c3 = bias[j + 3];
        s00 += c0; s01 += c1; s02 += c2; s03 += c3;
        s10 += c0; s11 += c1; s12 += c2; s13 += c3;
      }
      out[o0 + j] = s00; out[o0 + j + 1] = s01; out[o0 + j + 2] = s02; out[o0 + j + 3] = s03;
      out[o1 + j] = s10; out[o1 + j + 1] = s11; out[o1 + j + 2] = s12; out[o1 + j + 3] = s13;
    }
    for (; j < m; j++) {
      const bj = j * k;
      let s0 = 0, s1 = 0;
      for (let p = 0; p < k; p++) {
        const w = b[bj + p];
        s0 += a[a0 + p] * w;
        s1 += a[a1 + p] * w;
      }
      const c = bias !== null ? bias[j] : 0;
      out[o0 + j] = s0 + c;
      out[o1 + j] = s1 + c;
    }
  }
  for (; i < n; i++) {
    const ai = i * k;
    const oi = i * m;
    for (let j = 0; j < m; j++) {
      const bj = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[ai + p] * b[bj + p];
      out[oi + j] = bias !== null ? s + bias[j] : s;
    }
  }
}

/** out(m, k) = d(n, m)ᵀ @ a(n, k): the weight gradient dW = dZᵀ @ a_prev. */
export function matmulAtB(out: FloatArray, d: FloatArray, a: FloatArray, n: number, m: number, k: number): void {
  out.fill(0, 0, m * k);
  let j = 0;
  // Four rows of `out` and two rows of `a` at a time: eight products per four read-modify-writes.
  for (; j + 3 < m; j += 4) {
    const o0 = j * k, o1 = o0 + k, o2 = o1 + k, o3 = o2 + k;
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const d0 = i * m + j, d1 = d0 + m;
      const g00 = d[d0], g01 = d[d0 + 1], g02 = d[d0 + 2], g03 = d[d0 + 3];
      const g10 = d[d1], g11 = d[d1 + 1], g12 = d[d1 + 2], g13 = d[d1 + 3];
      const a0 = i * k, a1 = a0 + k;
      for (let p = 0; p < k; p++) {
        const x0 = a[a0 + p], x1 = a[a1 + p];
        out[o0 + p] += g00 * x0 + g10 * x1;
        out[o1 + p] += g01 * x0 + g11 * x1;
        out[o2 + p] += g02 * x0 + g12 * x1;
        out[o3 + p] += g03 * x0 + g13 * x1;
      }
    }
    for (; i < n; i++) {
      const di = i * m + j;
      const g0 = d[di], g1 = d[di + 1], g2 = d[di + 2], g3 = d[di + 3];
      const ai = i * k;
      for (let p = 0; p < k; p++) {
        const x = a[ai + p];
        out[o0 + p] += g0 * x;
        out[o1 + p] += g1 * x;
        out[o2 + p] += g2 * x;
        out[o3 + p] += g3 * x;
      }
    }
  }
  for (; j < m; j++) {
    const oj = j * k;
    for (let i = 0; i < n; i++) {
      const g = d[i * m + j];
      if (g === 0) continue;
      const ai = i * k;
      for (let p = 0; p < k; p++) out[oj + p] += g * a[ai + p];
    }
  }
}

/** out(n, k) = d(n, m) @ b(m, k): the input gradient dA_prev = dZ @ W. */
export function matmulAB(out: FloatArray, d: FloatArray, b: FloatArray, n: number, m: number, k: number): void {
  for (let i = 0; i < n; i++) {
    const oi = i * k;
    const di = i * m;
    out.fill(0, oi, oi + k);
    let j = 0;
    // Four rows of `b` at a time: one read-modify-write of out[i, p] per four products.
    for (; j + 3 < m; j += 4) {
      const g0 = d[di + j], g1 = d[di + j + 1], g2 = d[di + j + 2], g3 = d[di + j + 3];
      if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0) continue;
      const b0 = j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
      for (let p = 0; p < k; p++) {
        out[oi + p] += g0 * b[b0 + p] + g1 * b[b1 + p] + g2 * b[b2 + p] + g3 * b[b3 + p];
      }
    }
    for (; j < m; j++) {
      const g = d[di + j];
      if (g === 0) continue;
      const bj = j * k;
      for (let p = 0; p < k; p++) out[oi + p] += g * b[bj + p];
    }
  }
}

/** sums(m) = Σ_i x[i, :] over the first n rows of x(n, m), accumulated in float64 whatever x is. */
export function columnSums(sums: FloatArray, x: FloatArray, n: number, m: number): void {
  sums.fill(0, 0, m);
  for (let i = 0; i < n; i++) {
    const xi = i * m;
    for (let j = 0; j < m; j++) sums[j] += x[xi + j];
  }
}

/** sums(m) = Σ_i x[i, :] ⊙ y[i, :]. */
export function columnDotSums(sums: FloatArray, x: FloatArray, y: FloatArray, n: number, m: number): void {
  sums.fill(0, 0, m);
  for (let i = 0; i < n; i++) {
    const xi = i * m;
    for (let j = 0; j < m; j++) sums[j] += x[xi + j] * y[xi + j];
  }
}

/** sums(m) = Σ_i (x[i, :] − center)², the second pass of a two-pass variance (FORMAT.md §4). */
export function columnSquaredDeviations(sums: FloatArray, x: FloatArray, center: FloatArray, n: number, m: number): void {
  sums.fill(0, 0, m);
  for (let i = 0; i < n; i++) {
    const xi = i * m;
    for (let j = 0; j < m; j++) {
      const dev = x[xi + j] - center[j];
      sums[j] += dev * dev;
    }
  }
}

export function gatherRows(out: FloatArray, x: FloatArray, order: Uint32Array, from: number, rows: number, width: number): void {
  for (let r = 0; r < rows; r++) {
    const src = order[from + r]! * width;
    for (let j = 0; j < width; j++) out[r * width + j] = x[src + j]!;
  }
}

/**
 * FORMAT.md §6: gd, course-form momentum, RMSprop and Adam, with coupled L2 decay. Returns Σ grad²
 * of the raw gradient (before decay), summed in float64 in order of i, from the same loop.
 */
export function updateSegment(spec: OptimizerSpec, { data, grad, m, v, decay, t }: SegmentUpdate, length: number): number {
  let squares = 0;
  switch (spec.kind) {
    case 'gd':
      for (let i = 0; i < length; i++) {
        const r = grad[i];
        squares += r * r;
        data[i] -= spec.lr * (r + decay * data[i]);
      }
      return squares;
    case 'momentum': {
      const { beta, lr } = spec;
      for (let i = 0; i < length; i++) {
        const r = grad[i];
        squares += r * r;
        m[i] = beta * m[i] + (1 - beta) * (r + decay * data[i]);
        data[i] -= lr * m[i];
      }
      return squares;
    }
    case 'rmsprop': {
      const { beta2, eps, lr } = spec;
      for (let i = 0; i < length; i++) {
        const r = grad[i];
        squares += r * r;
        const g = r + decay * data[i];
        v[i] = beta2 * v[i] + (1 - beta2) * g * g;
        data[i] -= (lr * g) / (Math.sqrt(v[i]) + eps);
      }
      return squares;
    }
    case 'adam': {
      const { beta1, beta2, eps, lr } = spec;
      const correction1 = 1 - Math.pow(beta1, t);
      const correction2 = 1 - Math.pow(beta2, t);
      for (let i = 0; i < length; i++) {
        const r = grad[i];
        squares += r * r;
        const g = r + decay * data[i];
        m[i] = beta1 * m[i] + (1 - beta1) * g;
        v[i] = beta2 * v[i] + (1 - beta2) * g * g;
        data[i] -= (lr * (m[i] / correction1)) / (Math.sqrt(v[i] / correction2) + eps);
      }
      return squares;
    }
  }
}
