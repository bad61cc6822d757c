// The 'float32' kernels of engine/kernels.ts, in WebAssembly SIMD128 (fixed width
// only: relaxed SIMD's fused multiply-add differs between CPUs). Each output is summed in the order
// the contract states, whatever the tiling, so engine/kernels/float32.ts reproduces every bit.
// Built by build/build-wasm.ts with Debian's clang; no libc, no allocation, no globals.
#include <wasm_simd128.h>

typedef float f32;
typedef __SIZE_TYPE__ usize;

#define EXPORT(name) __attribute__((export_name(#name)))

// ---- Matrix products -------------------------------------------------------------------------
// One shape serves all three layouts: out(R, C) row-major, out[r, c] = Σ_s x(r, s) · y(s, c),
// summed from 0 over s = 0, 1, …, S−1, each product rounded before it is added. x is read with
// strides (xr, xs), y with strides (ys, yc). Columns of y are copied, 64 at a time, into a
// contiguous panel: a transposed y becomes row-major, and 1024-wide layers stop reading at a
// 4 KiB stride (which made every load of a column block hit the same cache set).

#define PANEL 64

static void pack_panel(f32 *panel, const f32 *y, int ys, int yc, int S, int c0, int w, int wp) {
  for (int s = 0; s < S; s++) {
    const f32 *src = y + (usize)s * ys + (usize)c0 * yc;
    f32 *dst = panel + (usize)s * wp;
    int c = 0;
    if (yc == 1) {
      for (; c + 4 <= w; c += 4) wasm_v128_store(dst + c, wasm_v128_load(src + c));
      for (; c < w; c++) dst[c] = src[c];
    } else {
      for (; c < w; c++) dst[c] = src[(usize)c * yc];
    }
    for (; c < wp; c++) dst[c] = 0;
  }
}

static inline void store_cols(f32 *out, v128_t v, int cols) {
  if (cols >= 4) { wasm_v128_store(out, v); return; }
  if (cols > 0) out[0] = wasm_f32x4_extract_lane(v, 0);
  if (cols > 1) out[1] = wasm_f32x4_extract_lane(v, 1);
  if (cols > 2) out[2] = wasm_f32x4_extract_lane(v, 2);
}

// Four rows by eight panel columns; rows past `rows` repeat row 0 and are not stored. Transposed,
// the block's (r, c) is stored at out[c · ldo + r].
static void block4x8(f32 *out, int ldo, int transposed, const f32 *x, int xr, int xs, const f32 *panel, int wp, int S, int rows, int cols) {
  const f32 *x0 = x, *x1 = rows > 1 ? x + xr : x, *x2 = rows > 2 ? x + 2 * xr : x, *x3 = rows > 3 ? x + 3 * xr : x;
  v128_t c00 = wasm_f32x4_splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  for (int s = 0; s < S; s++) {
    const f32 *p = panel + (usize)s * wp;
    v128_t y0 = wasm_v128_load(p), y1 = wasm_v128_load(p + 4);
    usize o = (usize)s * xs;
    v128_t a0 = wasm_f32x4_splat(x0[o]), a1 = wasm_f32x4_splat(x1[o]), a2 = wasm_f32x4_splat(x2[o]), a3 = wasm_f32x4_splat(x3[o]);
    c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(a0, y0)); c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(a0, y1));
    c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(a1, y0)); c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(a1, y1));
    c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(a2, y0)); c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(a2, y1));
    c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(a3, y0)); c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(a3, y1));
  }
  if (!transposed) {
    v128_t acc[4][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}};
    for (int r = 0; r < rows; r++) {
      store_cols(out + (usize)r * ldo, acc[r][0], cols);
      store_cols(out + (usize)r * ldo + 4, acc[r][1], cols - 4);
    }
    return;
  }
  // Column q of the block becomes row q of out: a 4 × 4 transpose of each half.
  v128_t half[2][4] = {{c00, c10, c20, c30}, {c01, c11, c21, c31}};
  for (int h = 0; h < 2; h++) {
    v128_t lo01 = wasm_i32x4_shuffle(half[h][0], half[h][1], 0, 4, 1, 5), hi01 = wasm_i32x4_shuffle(half[h][0], half[h][1], 2, 6, 3, 7);
    v128_t lo23 = wasm_i32x4_shuffle(half[h][2], half[h][3], 0, 4, 1, 5), hi23 = wasm_i32x4_shuffle(half[h][2], half[h][3], 2, 6, 3, 7);
    v128_t col[4] = {wasm_i32x4_shuffle(lo01, lo23, 0, 1, 4, 5), wasm_i32x4_shuffle(lo01, lo23, 2, 3, 6, 7),
                     wasm_i32x4_shuffle(hi01, hi23, 0, 1, 4, 5), wasm_i32x4_shuffle(hi01, hi23, 2, 3, 6, 7)};
    for (int q = 0; q < 4 && 4 * h + q < cols; q++) store_cols(out + (usize)(4 * h + q) * ldo, col[q], rows);
  }
}

// Transposed, out(C, R) receives the product's transpose: out[c, r] = Σ_s x(r, s) · y(s, c).
static void gemm(f32 *out, int transposed, const f32 *x, int xr, int xs, const f32 *y, int ys, int yc, int R, int S, int C, f32 *panel) {
  for (int c0 = 0; c0 < C; c0 += PANEL) {
    int w = C - c0 < PANEL ? C - c0 : PANEL;
    int wp = (w + 7) & ~7;
    pack_panel(panel, y, ys, yc, S, c0, w, wp);
    for (int r0 = 0; r0 < R; r0 += 4) {
      int rows = R - r0 < 4 ? R - r0 : 4;
      for (int c = 0; c < w; c += 8) {
        f32 *o = transposed ? out + (usize)(c0 + c) * R + r0 : out + (usize)r0 * C + c0 + c;
        block4x8(o, transposed ? R : C, transposed, x + (usize)r0 * xr, xr, xs, panel + c, wp, S, rows, w - c);
      }
    }
  }
}

// out(n, m) = a(n, k) @ b(m, k)ᵀ, then + bias(m) rounded once more when bias is given. Computed as
// outᵀ = b @ aᵀ, each product b·a the same float as a·b: the panel then packs the batch's n rows
// rather than the m rows of the weights, which are the more (packing reads them at a stride of k).
EXPORT(matmulABt) void matmulABt(f32 *out, const f32 *a, const f32 *b, const f32 *bias, int n, int k, int m, f32 *panel) {
  gemm(out, 1, b, k, 1, a, 1, k, m, k, n, panel);
  if (!bias) return;
  for (int i = 0; i < n; i++) {
    f32 *o = out + (usize)i * m;
    int j = 0;
    for (; j + 4 <= m; j += 4) wasm_v128_store(o + j, wasm_f32x4_add(wasm_v128_load(o + j), wasm_v128_load(bias + j)));
    for (; j < m; j++) o[j] = o[j] + bias[j];
  }
}

// out(m, k) = d(n, m)ᵀ @ a(n, k). d is first transposed into dT(m, n): read in place, the four rows
// of a block sit m floats apart for every s, and at m = 1024 (a 4 KiB stride) they share cache sets.
EXPORT(matmulAtB) void matmulAtB(f32 *out, const f32 *d, const f32 *a, int n, int m, int k, f32 *panel, f32 *dT) {
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < m; j++) dT[(usize)j * n + i] = d[(usize)i * m + j];
  }
  gemm(out, 0, dT, n, 1, a, k, 1, m, n, k, panel);
}

// out(n, k) = d(n, m) @ b(m, k).
EXPORT(matmulAB) void matmulAB(f32 *out, const f32 *d, const f32 *b, int n, int m, int k, f32 *panel) {
  gemm(out, 0, d, m, 1, b, k, 1, n, m, k, panel);
}

// ---- Per-unit reductions and batch normalization ---------------------------------------------
// Column loops run four units per vector; every unit is summed over rows i = 0 … n−1 in order.

// sums(u) = Σ_i x[i, :]
EXPORT(columnSums) void columnSums(f32 *sums, const f32 *x, int n, int u) {
  int j = 0;
  for (; j + 4 <= u; j += 4) {
    v128_t s = wasm_f32x4_splat(0);
    for (int i = 0; i < n; i++) s = wasm_f32x4_add(s, wasm_v128_load(x + (usize)i * u + j));
    wasm_v128_store(sums + j, s);
  }
  for (; j < u; j++) {
    f32 s = 0;
    for (int i = 0; i < n; i++) s = s + x[(usize)i * u + j];
    sums[j] = s;
  }
}

// zNorm = (z − center) · invStd, zTilde = γ · zNorm + β.
static void normalize(const f32 *z, const f32 *center, const f32 *invStd, const f32 *gamma, const f32 *beta, f32 *zNorm, f32 *zTilde, int n, int u) {
  for (int i = 0; i < n; i++) {
    usize row = (usize)i * u;
    int j = 0;
    for (; j + 4 <= u; j += 4) {
      v128_t zn = wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(z + row + j), wasm_v128_load(center + j)), wasm_v128_load(invStd + j));
      wasm_v128_store(zNorm + row + j, zn);
      wasm_v128_store(zTilde + row + j, wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(gamma + j), zn), wasm_v128_load(beta + j)));
    }
    for (; j < u; j++) {
      f32 zn = (z[row + j] - center[j]) * invStd[j];
      zNorm[row + j] = zn;
      zTilde[row + j] = gamma[j] * zn + beta[j];
    }
  }
}

// Training mode: mu = Σz / n; var = Σ (z − mu)² / n (two passes); invStd = 1 / sqrt(var + eps).
EXPORT(batchNormForward) void batchNormForward(const f32 *z, const f32 *gamma, const f32 *beta, f32 eps, f32 *mu, f32 *var, f32 *invStd,
                                                f32 *zNorm, f32 *zTilde, int n, int u) {
  f32 nf = (f32)n;
  columnSums(mu, z, n, u);
  for (int j = 0; j < u; j++) mu[j] = mu[j] / nf;
  int j = 0;
  for (; j + 4 <= u; j += 4) {
    v128_t m = wasm_v128_load(mu + j), s = wasm_f32x4_splat(0);
    for (int i = 0; i < n; i++) {
      v128_t dev = wasm_f32x4_sub(wasm_v128_load(z + (usize)i * u + j), m);
      s = wasm_f32x4_add(s, wasm_f32x4_mul(dev, dev));
    }
    wasm_v128_store(var + j, s);
  }
  for (; j < u; j++) {
    f32 s = 0;
    for (int i = 0; i < n; i++) {
      f32 dev = z[(usize)i * u + j] - mu[j];
      s = s + dev * dev;
    }
    var[j] = s;
  }
  for (j = 0; j < u; j++) {
    var[j] = var[j] / nf;
    invStd[j] = 1.0f / __builtin_sqrtf(var[j] + eps);
  }
  normalize(z, mu, invStd, gamma, beta, zNorm, zTilde, n, u);
}

// Eval mode: the running statistics in place of the batch's.
EXPORT(batchNormEval) void batchNormEval(const f32 *z, const f32 *gamma, const f32 *beta, f32 eps, const f32 *runningMean, const f32 *runningVar,
                                          f32 *invStd, f32 *zNorm, f32 *zTilde, int n, int u) {
  for (int j = 0; j < u; j++) invStd[j] = 1.0f / __builtin_sqrtf(runningVar[j] + eps);
  normalize(z, runningMean, invStd, gamma, beta, zNorm, zTilde, n, u);
}

// dγ = Σ dZ̃ ⊙ ẑ, dβ = Σ dZ̃, then dZ = (γ · invStd / n) · ((n · dZ̃ − dβ) − ẑ · dγ).
EXPORT(batchNormBackward) void batchNormBackward(const f32 *dZTilde, const f32 *zNorm, const f32 *gamma, const f32 *invStd,
                                                  f32 *dgamma, f32 *dbeta, f32 *scale, f32 *dZ, int n, int u) {
  f32 nf = (f32)n;
  int j = 0;
  for (; j + 4 <= u; j += 4) {
    v128_t sg = wasm_f32x4_splat(0), sb = sg;
    for (int i = 0; i < n; i++) {
      v128_t d = wasm_v128_load(dZTilde + (usize)i * u + j);
      sg = wasm_f32x4_add(sg, wasm_f32x4_mul(d, wasm_v128_load(zNorm + (usize)i * u + j)));
      sb = wasm_f32x4_add(sb, d);
    }
    wasm_v128_store(dgamma + j, sg);
    wasm_v128_store(dbeta + j, sb);
  }
  for (; j < u; j++) {
    f32 sg = 0, sb = 0;
    for (int i = 0; i < n; i++) {
      f32 d = dZTilde[(usize)i * u + j];
      sg = sg + d * zNorm[(usize)i * u + j];
      sb = sb + d;
    }
    dgamma[j] = sg;
    dbeta[j] = sb;
  }
  for (j = 0; j < u; j++) scale[j] = gamma[j] * invStd[j] / nf;
  v128_t nv = wasm_f32x4_splat(nf);
  for (int i = 0; i < n; i++) {
    usize row = (usize)i * u;
    for (j = 0; j + 4 <= u; j += 4) {
      v128_t t = wasm_f32x4_sub(wasm_f32x4_mul(nv, wasm_v128_load(dZTilde + row + j)), wasm_v128_load(dbeta + j));
      t = wasm_f32x4_sub(t, wasm_f32x4_mul(wasm_v128_load(zNorm + row + j), wasm_v128_load(dgamma + j)));
      wasm_v128_store(dZ + row + j, wasm_f32x4_mul(wasm_v128_load(scale + j), t));
    }
    for (; j < u; j++) dZ[row + j] = scale[j] * ((nf * dZTilde[row + j] - dbeta[j]) - zNorm[row + j] * dgamma[j]);
  }
}

// ---- Activations (the piecewise-linear ones; tanh and sigmoid stay in TypeScript) -------------

// a = x > 0 ? x : slope · x, except that ReLU (slope 0) gives +0 rather than 0 · x (−0 for x < 0).
EXPORT(rectifyForward) void rectifyForward(const f32 *x, f32 *a, int length, f32 slope) {
  v128_t zero = wasm_f32x4_splat(0), sv = wasm_f32x4_splat(slope);
  int i = 0;
  for (; i + 4 <= length; i += 4) {
    v128_t v = wasm_v128_load(x + i);
    v128_t below = slope == 0 ? zero : wasm_f32x4_mul(sv, v);
    wasm_v128_store(a + i, wasm_v128_bitselect(v, below, wasm_f32x4_gt(v, zero)));
  }
  for (; i < length; i++) a[i] = x[i] > 0 ? x[i] : slope == 0 ? 0 : slope * x[i];
}

// dX = x > 0 ? dA : slope · dA, with the same +0 for ReLU.
EXPORT(rectifyBackward) void rectifyBackward(const f32 *x, const f32 *dA, f32 *dX, int length, f32 slope) {
  v128_t zero = wasm_f32x4_splat(0), sv = wasm_f32x4_splat(slope);
  int i = 0;
  for (; i + 4 <= length; i += 4) {
    v128_t d = wasm_v128_load(dA + i);
    v128_t below = slope == 0 ? zero : wasm_f32x4_mul(sv, d);
    wasm_v128_store(dX + i, wasm_v128_bitselect(d, below, wasm_f32x4_gt(wasm_v128_load(x + i), zero)));
  }
  for (; i < length; i++) dX[i] = x[i] > 0 ? dA[i] : slope == 0 ? 0 : slope * dA[i];
}

// ---- Optimizers, over one segment [0, length) ------------------------------------------------
// g = grad + decay · w (g = grad when decay is 0, as in PyTorch), then the rule of FORMAT.md §6; all
// constants arrive rounded to float32.
// Each returns Σ grad² of the raw gradient (before decay), for the epoch's gradient norms, from the
// same loads as the update: lane l sums the squares at i ≡ l (mod 4) in order, the lanes combine as
// (l0 + l1) + (l2 + l3), then the tail past the last multiple of 4 is added in order.

#define SQUARE(acc, r) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(r, r))
#define DECAYED(r, i) (decay == 0 ? (r) : wasm_f32x4_add(r, wasm_f32x4_mul(dv, wasm_v128_load(w + (i)))))
#define DECAYED1(i) (decay == 0 ? grad[i] : grad[i] + decay * w[i])

static inline f32 lanes_total(v128_t s) {
  return (wasm_f32x4_extract_lane(s, 0) + wasm_f32x4_extract_lane(s, 1)) + (wasm_f32x4_extract_lane(s, 2) + wasm_f32x4_extract_lane(s, 3));
}

EXPORT(updateGd) f32 updateGd(f32 *w, const f32 *grad, int length, f32 lr, f32 decay) {
  v128_t dv = wasm_f32x4_splat(decay), lv = wasm_f32x4_splat(lr), sq = wasm_f32x4_splat(0);
  int i = 0;
  for (; i + 4 <= length; i += 4) {
    v128_t r = wasm_v128_load(grad + i);
    SQUARE(sq, r);
    wasm_v128_store(w + i, wasm_f32x4_sub(wasm_v128_load(w + i), wasm_f32x4_mul(lv, DECAYED(r, i))));
  }
  f32 total = lanes_total(sq);
  for (; i < length; i++) {
    total = total + grad[i] * grad[i];
    w[i] = w[i] - lr * DECAYED1(i);
  }
  return total;
}

EXPORT(updateMomentum) f32 updateMomentum(f32 *w, const f32 *grad, f32 *m, int length, f32 lr, f32 decay, f32 beta) {
  v128_t dv = wasm_f32x4_splat(decay), lv = wasm_f32x4_splat(lr), bv = wasm_f32x4_splat(beta), cv = wasm_f32x4_splat(1.0f - beta), sq = wasm_f32x4_splat(0);
  int i = 0;
  for (; i + 4 <= length; i += 4) {
    v128_t r = wasm_v128_load(grad + i);
    SQUARE(sq, r);
    v128_t mv = wasm_f32x4_add(wasm_f32x4_mul(bv, wasm_v128_load(m + i)), wasm_f32x4_mul(cv, DECAYED(r, i)));
    wasm_v128_store(m + i, mv);
    wasm_v128_store(w + i, wasm_f32x4_sub(wasm_v128_load(w + i), wasm_f32x4_mul(lv, mv)));
  }
  f32 total = lanes_total(sq);
  for (; i < length; i++) {
    total = total + grad[i] * grad[i];
    m[i] = beta * m[i] + (1.0f - beta) * DECAYED1(i);
    w[i] = w[i] - lr * m[i];
  }
  return total;
}

EXPORT(updateRmsprop) f32 updateRmsprop(f32 *w, const f32 *grad, f32 *v, int length, f32 lr, f32 decay, f32 beta2, f32 eps) {
  v128_t dv = wasm_f32x4_splat(decay), lv = wasm_f32x4_splat(lr), bv = wasm_f32x4_splat(beta2), cv = wasm_f32x4_splat(1.0f - beta2), ev = wasm_f32x4_splat(eps);
  v128_t sq = wasm_f32x4_splat(0);
  int i = 0;
  for (; i + 4 <= length; i += 4) {
    v128_t r = wasm_v128_load(grad + i);
    SQUARE(sq, r);
    v128_t g = DECAYED(r, i);
    v128_t vv = wasm_f32x4_add(wasm_f32x4_mul(bv, wasm_v128_load(v + i)), wasm_f32x4_mul(cv, wasm_f32x4_mul(g, g)));
    wasm_v128_store(v + i, vv);
    v128_t step = wasm_f32x4_div(wasm_f32x4_mul(lv, g), wasm_f32x4_add(wasm_f32x4_sqrt(vv), ev));
    wasm_v128_store(w + i, wasm_f32x4_sub(wasm_v128_load(w + i), step));
  }
  f32 total = lanes_total(sq);
  for (; i < length; i++) {
    total = total + grad[i] * grad[i];
    f32 g = DECAYED1(i);
    v[i] = beta2 * v[i] + (1.0f - beta2) * (g * g);
    w[i] = w[i] - (lr * g) / (__builtin_sqrtf(v[i]) + eps);
  }
  return total;
}

// correction1 = 1 − β₁ᵗ and correction2 = 1 − β₂ᵗ, computed by the caller. `divides1` says whether
// to divide by correction1 (a division by 1 gives the same bits).
static inline __attribute__((always_inline)) f32 adam(f32 *w, const f32 *grad, f32 *m, f32 *v, int length, f32 lr, f32 decay, f32 beta1,
                                                       f32 beta2, f32 eps, f32 correction1, f32 correction2, const int divides1) {
  v128_t dv = wasm_f32x4_splat(decay), lv = wasm_f32x4_splat(lr), b1 = wasm_f32x4_splat(beta1), c1 = wasm_f32x4_splat(1.0f - beta1);
  v128_t b2 = wasm_f32x4_splat(beta2), c2 = wasm_f32x4_splat(1.0f - beta2), ev = wasm_f32x4_splat(eps);
  v128_t k1 = wasm_f32x4_splat(correction1), k2 = wasm_f32x4_splat(correction2), sq = wasm_f32x4_splat(0);
  int i = 0;
  for (; i + 4 <= length; i += 4) {
    v128_t r = wasm_v128_load(grad + i);
    SQUARE(sq, r);
    v128_t g = DECAYED(r, i);
    v128_t mv = wasm_f32x4_add(wasm_f32x4_mul(b1, wasm_v128_load(m + i)), wasm_f32x4_mul(c1, g));
    v128_t vv = wasm_f32x4_add(wasm_f32x4_mul(b2, wasm_v128_load(v + i)), wasm_f32x4_mul(c2, wasm_f32x4_mul(g, g)));
    wasm_v128_store(m + i, mv);
    wasm_v128_store(v + i, vv);
    v128_t mhat = divides1 ? wasm_f32x4_div(mv, k1) : mv;
    v128_t step = wasm_f32x4_div(wasm_f32x4_mul(lv, mhat), wasm_f32x4_add(wasm_f32x4_sqrt(wasm_f32x4_div(vv, k2)), ev));
    wasm_v128_store(w + i, wasm_f32x4_sub(wasm_v128_load(w + i), step));
  }
  f32 total = lanes_total(sq);
  for (; i < length; i++) {
    total = total + grad[i] * grad[i];
    f32 g = DECAYED1(i);
    m[i] = beta1 * m[i] + (1.0f - beta1) * g;
    v[i] = beta2 * v[i] + (1.0f - beta2) * (g * g);
    w[i] = w[i] - (lr * (m[i] / correction1)) / (__builtin_sqrtf(v[i] / correction2) + eps);
  }
  return total;
}

// Adam is bound by its arithmetic, not its memory traffic: the usual case, no decay and a β₁
// correction rounded to 1 (from step 165 at β₁ = 0.9), gets a loop with a product, a sum and a
// division fewer (B's update: 208 → 180 µs).
EXPORT(updateAdam) f32 updateAdam(f32 *w, const f32 *grad, f32 *m, f32 *v, int length, f32 lr, f32 decay, f32 beta1, f32 beta2, f32 eps,
                                   f32 correction1, f32 correction2) {
  if (decay == 0 && correction1 == 1.0f) return adam(w, grad, m, v, length, lr, 0, beta1, beta2, eps, 1.0f, correction2, 0);
  return adam(w, grad, m, v, length, lr, decay, beta1, beta2, eps, correction1, correction2, 1);
}

// ---- The batch gather ------------------------------------------------------------------------

// out[r, :] = x[order[r], :] for r < rows, rows of `width` numbers (no arithmetic).
EXPORT(gatherRows) void gatherRows(f32 *out, const f32 *x, const unsigned *order, int rows, int width) {
  for (int r = 0; r < rows; r++) {
    const f32 *src = x + (usize)order[r] * width;
    f32 *dst = out + (usize)r * width;
    int j = 0;
    for (; j + 4 <= width; j += 4) wasm_v128_store(dst + j, wasm_v128_load(src + j));
    for (; j < width; j++) dst[j] = src[j];
  }
}
