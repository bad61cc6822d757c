// Seeded train/validation(/test) split, stratified for classification: every class gives up the
// same fraction of its rows, so a rare class is not left out of one side by chance. The test rows
// are taken after the validation rows and shuffled last, so a dataset without a test split draws
// exactly what it drew before there was one.
import { deriveSeed, Rng, valueProblem } from '../../../engine/index.ts';
import { DatasetError } from './errors.ts';
import type { RawDataset, Split } from './types.ts';

/** Stream id of the split; toys.ts draws the samples from stream 1 of the same seed. */
const SPLIT_STREAM = 2;

export interface SplitIndices {
  train: number[];
  validation: number[];
  test: number[];
}

/**
 * Row indices of each split, each split in shuffled order. Every class keeps at least one training
 * row; `testFraction` is held out after `fraction`, from what is left.
 */
export function splitIndices(data: RawDataset, fraction: number, seed: number, testFraction = 0): SplitIndices {
  if (fraction + testFraction > 0.9) {
    throw DatasetError.about(valueProblem('dataset.test', `must leave, with dataset.validation ${fraction}, at least 0.1 of the rows for training`, testFraction));
  }
  const rng = new Rng(deriveSeed(seed, SPLIT_STREAM));
  const train: number[] = [];
  const validation: number[] = [];
  const test: number[] = [];
  for (const group of strata(data)) {
    rng.shuffle(group);
    const held = Math.min(Math.round(group.length * fraction), group.length - 1);
    const heldForTest = Math.min(Math.round(group.length * testFraction), group.length - 1 - held);
    // One push per row: spreading a class of 130,000 rows into push() overflows the call stack.
    group.forEach((row, i) => (i < held ? validation : i < held + heldForTest ? test : train).push(row));
  }
  if (fraction > 0 && validation.length === 0) {
    throw DatasetError.about(valueProblem('dataset.validation', `must hold out at least one of the ${data.n} rows (0 for no validation split)`, fraction));
  }
  if (testFraction > 0 && test.length === 0) {
    throw DatasetError.about(valueProblem('dataset.test', `must hold out at least one of the ${data.n} rows (leave it out for no test split)`, testFraction));
  }
  rng.shuffle(train);
  rng.shuffle(validation);
  rng.shuffle(test);
  return { train, validation, test };
}

/** Rows grouped by class for classification; a single group for regression. */
function strata(data: RawDataset): number[][] {
  if (data.classes === null) return [Array.from({ length: data.n }, (_, i) => i)];
  const groups: number[][] = data.classes.map(() => []);
  data.y.forEach((label, i) => groups[label]?.push(i));
  return groups.filter((g) => g.length > 0);
}

/** The given rows of the raw data, copied in that order. */
export function takeRows(data: RawDataset, rows: readonly number[]): Split {
  const d = data.featureNames.length;
  const X = new Float64Array(rows.length * d); // (n, d)
  const y = data.task === 'classification' ? new Int32Array(rows.length) : new Float64Array(rows.length); // (n) or (n, 1)
  rows.forEach((row, i) => X.set(data.X.subarray(row * d, (row + 1) * d), i * d));
  y.set(rows.map((row) => data.y[row] ?? Number.NaN));
  return { X, y, n: rows.length };
}
