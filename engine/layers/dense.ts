// FORMAT.md §4 and §6: the dense layer z = a_prev @ Wᵀ (+ b), forward and backward side by side.
import type { FloatArray } from '../dtype.ts';
import type { Kernels } from '../kernels.ts';

export interface DenseShape {
  inputs: number; // n_in
  units: number; // u
}

/** z(n, u) = aPrev(n, n_in) @ W(u, n_in)ᵀ + b(u), b optional. */
export function denseForward(k: Kernels, aPrev: FloatArray, W: FloatArray, b: FloatArray | null, z: FloatArray, n: number, shape: DenseShape): void {
  k.matmulABt(z, aPrev, W, b, n, shape.inputs, shape.units);
}

/**
 * Given dZ(n, u): dW(u, n_in) = dZᵀ @ aPrev, db(u) = Σ_i dZ_i, and dAPrev(n, n_in) = dZ @ W
 * when the caller wants it (the first layer's dX is only needed for parity checks).
 */
export function denseBackward(
  k: Kernels,
  dZ: FloatArray,
  aPrev: FloatArray,
  W: FloatArray,
  grads: { dW: FloatArray; db: FloatArray | null },
  dAPrev: FloatArray | null,
  scratch: FloatArray, // (u)
  n: number,
  shape: DenseShape,
): void {
  k.matmulAtB(grads.dW, dZ, aPrev, n, shape.units, shape.inputs);
  if (grads.db !== null) {
    k.columnSums(scratch, dZ, n, shape.units);
    grads.db.set(scratch.subarray(0, shape.units));
  }
  if (dAPrev !== null) k.matmulAB(dAPrev, dZ, W, n, shape.units, shape.inputs);
}
