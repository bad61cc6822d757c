// The hot loops, and only them: matrix products and per-unit reductions over row-major buffers.
// Every function works on the first `n` rows of caller-owned buffers and allocates nothing, so a
// faster implementation (WebAssembly SIMD) can replace this module without touching the layers.
import type { FloatArray } from './dtype.ts';

/** out(n, m) = a(n, k) @ b(m, k)ᵀ [+ bias(m)]: the Linear layout, one row of `b` per output unit. */
export function matmulABt(out: FloatArray, a: FloatArray, b: FloatArray, bias: FloatArray | null, n: number, k: number, m: number): void {
  for (let i = 0; i < n; i++) {
    const ai = i * k;
    const oi = i * m;
    let j = 0;
    // Four output units at a time: each load of a[i, p] feeds four products.
    for (; j + 3 < m; j += 4) {
      const b0 = j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let p = 0; p < k; p++) {
        const x = a[ai + p];
        s0 += x * b[b0 + p];
        s1 += x * b[b1 + p];
        s2 += x * b[b2 + p];
        s3 += x * b[b3 + p];
      }
      if (bias !== null) {
        s0 += bias[j]; s1 += bias[j + 1]; s2 += bias[j + 2]; s3 += bias[j + 3];
      }
      out[oi + j] = s0; out[oi + j + 1] = s1; out[oi + j + 2] = s2; out[oi + j + 3] = s3;
    }
    for (; j < m; j++) {
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
  // Four rows of `out` at a time: each load of a[i, p] feeds four rows.
  for (; j + 3 < m; j += 4) {
    const o0 = j * k, o1 = o0 + k, o2 = o1 + k, o3 = o2 + k;
    for (let i = 0; i < n; i++) {
      const di = i * m + j;
      const g0 = d[di], g1 = d[di + 1], g2 = d[di + 2], g3 = d[di + 3];
      if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0) continue; // dead ReLUs
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

/** sums(m) = Σ_i x[i, :] over the first n rows of x(n, m). Accumulates in float64 whatever x is. */
export function columnSums(sums: Float64Array, x: FloatArray, n: number, m: number): void {
  sums.fill(0, 0, m);
  for (let i = 0; i < n; i++) {
    const xi = i * m;
    for (let j = 0; j < m; j++) sums[j] += x[xi + j];
  }
}

/** sums(m) = Σ_i x[i, :] ⊙ y[i, :]. */
export function columnDotSums(sums: Float64Array, x: FloatArray, y: FloatArray, n: number, m: number): void {
  sums.fill(0, 0, m);
  for (let i = 0; i < n; i++) {
    const xi = i * m;
    for (let j = 0; j < m; j++) sums[j] += x[xi + j] * y[xi + j];
  }
}

/** sums(m) = Σ_i (x[i, :] − center)², the second pass of a two-pass variance (FORMAT.md §4). */
export function columnSquaredDeviations(sums: Float64Array, x: FloatArray, center: FloatArray | Float64Array, n: number, m: number): void {
  sums.fill(0, 0, m);
  for (let i = 0; i < n; i++) {
    const xi = i * m;
    for (let j = 0; j < m; j++) {
      const dev = x[xi + j] - center[j];
      sums[j] += dev * dev;
    }
  }
}

/** Σ x² over the first `length` entries, for gradient norms. */
export function sumOfSquares(x: FloatArray, length: number): number {
  let s = 0;
  for (let i = 0; i < length; i++) s += x[i] * x[i];
  return s;
}
