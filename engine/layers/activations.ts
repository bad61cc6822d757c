// FORMAT.md §4, activations and their derivatives, over the first `length` entries.
import type { FloatArray } from '../dtype.ts';
import type { Activation } from '../spec.ts';

const LEAK = 0.01;

/** a = g(x) */
export function activationForward(kind: Activation, x: FloatArray, a: FloatArray, length: number): void {
  switch (kind) {
    case 'relu':
      for (let i = 0; i < length; i++) a[i] = x[i] > 0 ? x[i] : 0;
      return;
    case 'leaky_relu':
      for (let i = 0; i < length; i++) a[i] = x[i] > 0 ? x[i] : LEAK * x[i];
      return;
    case 'tanh':
      for (let i = 0; i < length; i++) a[i] = Math.tanh(x[i]);
      return;
    case 'sigmoid':
      for (let i = 0; i < length; i++) a[i] = sigmoid(x[i]);
      return;
    case 'linear':
      a.set(x.subarray(0, length));
      return;
  }
}

/**
 * dX = dA ⊙ g'(x). ReLU-like derivatives read the input `x` (g'(0) is 0 for relu, 0.01 for leaky);
 * tanh and sigmoid read the output `a`, which is what their derivatives are written in.
 */
export function activationBackward(kind: Activation, x: FloatArray, a: FloatArray, dA: FloatArray, dX: FloatArray, length: number): void {
  switch (kind) {
    case 'relu':
      for (let i = 0; i < length; i++) dX[i] = x[i] > 0 ? dA[i] : 0;
      return;
    case 'leaky_relu':
      for (let i = 0; i < length; i++) dX[i] = x[i] > 0 ? dA[i] : LEAK * dA[i];
      return;
    case 'tanh':
      for (let i = 0; i < length; i++) dX[i] = dA[i] * (1 - a[i] * a[i]);
      return;
    case 'sigmoid':
      for (let i = 0; i < length; i++) dX[i] = dA[i] * (a[i] * (1 - a[i]));
      return;
    case 'linear':
      dX.set(dA.subarray(0, length));
      return;
  }
}

/** σ(x) without overflow: e^(−x) is only ever taken of a non-positive number. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}
