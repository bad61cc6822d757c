import { describe, expect, it } from 'vitest';
import { loadDataset, resolveDatasetSpec, type PreparedDataset } from '../../../../app/service/datasets/index.ts';
import { classCounts, rawRowsOf, rowsOf } from './helpers.ts';
import { at } from '../../../helpers/at.ts';

function load(raw: Record<string, unknown>, batchSize = 1): PreparedDataset {
  return loadDataset(resolveDatasetSpec(raw), { batchSize });
}

describe('train/validation split', () => {
  it('holds out the same fraction of every class', () => {
    // wine's classes have 59, 71 and 48 rows: 30% of each, rounded, is 18, 21 and 14.
    const data = load({ kind: 'wine', validation: 0.3, seed: 5 });
    expect(classCounts(data.validation!.y, 3)).toEqual([18, 21, 14]);
    expect(classCounts(data.train.y, 3)).toEqual([41, 50, 34]);
  });

  it('keeps class proportions for unbalanced toy classes too', () => {
    // 1000 samples in 3 arms are 334, 333 and 333; a quarter of each, rounded, is 84, 83 and 83.
    const data = load({ kind: 'spiral', samples: 1000, validation: 0.25 });
    expect(classCounts(data.validation!.y, 3)).toEqual([84, 83, 83]);
    expect(classCounts(data.train.y, 3)).toEqual([250, 250, 250]);
  });

  it('splits the rows: every sample lands in exactly one split', () => {
    const data = load({ kind: 'moons', samples: 400, validation: 0.2 });
    const key = (row: number[], label: number) => `${row.map((x) => x.toFixed(9)).join(',')}:${label}`;
    const whole = rowsOf(data.points!, 2).map((row, i) => key(row, at(data.points!.y, i)));
    const split = [data.train, data.validation!].flatMap((s) => rawRowsOf(s, data.standardization).map((row, i) => key(row, at(s.y, i))));
    expect([data.train.n, data.validation!.n]).toEqual([320, 80]);
    expect(split.sort()).toEqual(whole.sort());
  });

  it('mixes the classes within each split rather than leaving them in blocks', () => {
    const { train } = load({ kind: 'moons', samples: 400 });
    const firstHalf = classCounts(train.y.subarray(0, train.n / 2), 2);
    expect(Math.min(...firstHalf)).toBeGreaterThan(train.n / 8);
  });

  it('is the same for a seed and different for another', () => {
    const a = load({ kind: 'iris', seed: 11 });
    expect(load({ kind: 'iris', seed: 11 }).validation!.X).toEqual(a.validation!.X);
    expect(load({ kind: 'iris', seed: 12 }).validation!.X).not.toEqual(a.validation!.X);
  });

  it('splits regression data by the fraction alone', () => {
    const data = load({ kind: 'sine', samples: 101, validation: 0.3 });
    expect([data.train.n, data.validation!.n]).toEqual([71, 30]);
    expect(data.validation!.y).toBeInstanceOf(Float64Array);
  });

  it('gives no validation split for validation 0', () => {
    const data = load({ kind: 'iris', validation: 0 });
    expect([data.validation, data.train.n]).toEqual([null, 150]);
  });

  it('keeps at least one training row of every class, even at validation 0.9', () => {
    const data = load({ kind: 'spiral', samples: 20, arms: 10, validation: 0.9 });
    expect(classCounts(data.train.y, 10)).toEqual(new Array(10).fill(1));
  });

  it('refuses a fraction that holds out no rows, naming the field', () => {
    expect(() => load({ kind: 'moons', samples: 20, validation: 0.01 })).toThrow(
      expect.objectContaining({ field: 'dataset.validation', message: 'dataset.validation must hold out at least one of the 20 rows (0 for no validation split), got 0.01' }),
    );
  });
});
