// FORMAT.md §4 and §6: the dense layer z = a_prev @ Wᵀ (+ b), forward and backward side by side.
import type { FloatArray } from '../dtype.ts';
import { columnSums, matmulAB, matmulABt, matmulAtB } from '../kernels.ts';

export interface DenseShape {
  inputs: number; // n_in
  units: number; // u
}

/** z(n, u) = aPrev(n, n_in) @ W(u, n_in)ᵀ + b(u), b optional. */
export function denseForward(aPrev: FloatArray, W: FloatArray, b: FloatArray | null, z: FloatArray, n: number, shape: DenseShape): void {
  matmulABt(z, aPrev, W, b, n, shape.inputs, shape.units);
}

/**
 * Given dZ(n, u): dW(u, n_in) = dZᵀ @ aPrev, db(u) = Σ_i dZ_i, and dAPrev(n, n_in) = dZ @ W
 * when the caller wants it (the first layer's dX is only needed for parity checks).
 */
export function denseBackward(
  dZ: FloatArray,
  aPrev: FloatArray,
  W: FloatArray,
  grads: { dW: FloatArray; db: FloatArray | null },
  dAPrev: FloatArray | null,
  scratch: Float64Array, // (u)
  n: number,
  shape: DenseShape,
): void {
  matmulAtB(grads.dW, dZ, aPrev, n, shape.units, shape.inputs);
  if (grads.db !== null) {
    columnSums(scratch, dZ, n, shape.units);
    for (let j = 0; j < shape.units; j++) grads.db[j] = scratch[j];
  }
  if (dAPrev !== null) matmulAB(dAPrev, dZ, W, n, shape.units, shape.inputs);
}
