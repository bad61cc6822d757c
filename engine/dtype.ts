export type Dtype = 'float32' | 'float64';
export type FloatArray = Float32Array | Float64Array;

/**
 * How a run's numbers are computed, recorded with each run so that it resumes with the same bits.
 * - 'float64': float64 buffers and arithmetic (the 1e-10 parity reference).
 * - 'float32': true float32 arithmetic, every operation rounded to float32 in a fixed order; the
 *   WebAssembly SIMD kernels and their TypeScript twin produce the same bits.
 * - 'float32-with-float64-sums': float32 buffers with float64 intermediates, the engine's float32
 *   before 'float32' existed; runs stored then keep it so that they resume bit-identically.
 */
export type Arithmetic = 'float64' | 'float32' | 'float32-with-float64-sums';
export const ARITHMETICS: readonly Arithmetic[] = ['float64', 'float32', 'float32-with-float64-sums'];

export function defaultArithmetic(dtype: Dtype): Arithmetic {
  return dtype === 'float64' ? 'float64' : 'float32';
}

/** The arithmetic a run stored (or exported) before runs recorded theirs was trained with. */
export function unrecordedArithmetic(dtype: Dtype): Arithmetic {
  return dtype === 'float64' ? 'float64' : 'float32-with-float64-sums';
}
