// Σ x² as the gradient norms summed it in a pass of its own over params.grad after each step,
// before the optimizer updates summed it as they read the gradient: the definition they must keep.
import type { Arithmetic, FloatArray } from '../../engine/index.ts';

/**
 * Σ x² over x[start, end). 'float32': lane l takes the squares at i ≡ l (mod 4) in order, the lanes
 * combine as (l0 + l1) + (l2 + l3), then the tail past the last multiple of 4 adds in order, every
 * operation rounded to float32; the float64-sum arithmetics: in float64, in order of i.
 */
export function separatePassSquares(arithmetic: Arithmetic, x: FloatArray, start: number, end: number): number {
  if (arithmetic !== 'float32') {
    let s = 0;
    for (let i = start; i < end; i++) s += x[i]! * x[i]!;
    return s;
  }
  const f = Math.fround;
  const lanes = [0, 0, 0, 0];
  const body = end - ((end - start) % 4);
  for (let i = start; i < body; i++) lanes[(i - start) % 4] = f(lanes[(i - start) % 4]! + f(x[i]! * x[i]!));
  let total = f(f(lanes[0]! + lanes[1]!) + f(lanes[2]! + lanes[3]!));
  for (let i = body; i < end; i++) total = f(total + f(x[i]! * x[i]!));
  return total;
}
