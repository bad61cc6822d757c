// Small readers for the datasets tests: they turn flat row-major arrays back into rows and counts.
import type { Split, Standardization } from '../../../../app/service/datasets/index.ts';
import { at } from '../../../helpers/at.ts';

export function classCounts(y: Int32Array | Float64Array, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const c of y) counts[c] = at(counts, c) + 1;
  return counts;
}

/** The split's rows as arrays of d numbers. */
export function rowsOf(split: Split, d: number): number[][] {
  return Array.from({ length: split.n }, (_, i) => Array.from(split.X.subarray(i * d, (i + 1) * d)));
}

/** The split's rows mapped back to raw units with the returned statistics. */
export function rawRowsOf(split: Split, { mean, std }: Standardization): number[][] {
  return rowsOf(split, mean.length).map((row) => row.map((x, j) => x * at(std, j) + at(mean, j)));
}

/** Population mean and standard deviation of column j. */
export function columnStats(rows: number[][], j: number): { mean: number; std: number } {
  const mean = rows.reduce((s, r) => s + at(r, j), 0) / rows.length;
  const variance = rows.reduce((s, r) => s + (at(r, j) - mean) ** 2, 0) / rows.length;
  return { mean, std: Math.sqrt(variance) };
}
