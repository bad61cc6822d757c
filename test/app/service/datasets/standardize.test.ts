import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDataset, resolveDatasetSpec, type PreparedDataset } from '../../../../app/service/datasets/index.ts';
import { columnStats, rawRowsOf, rowsOf } from './helpers.ts';
import { at } from '../../../helpers/at.ts';

const GOOD = fileURLToPath(new URL('../../../fixtures/csv/good/', import.meta.url));

function load(raw: Record<string, unknown>): PreparedDataset {
  return loadDataset(resolveDatasetSpec(raw), {});
}

describe('standardization', () => {
  it.each(['moons', 'plane', 'wine', 'digits'])('gives %s training features mean 0 and std 1', (kind) => {
    const data = load({ kind, validation: 0.25 });
    const rows = rowsOf(data.train, data.inputSize);
    for (let j = 0; j < data.inputSize; j++) {
      const { mean, std } = columnStats(rows, j);
      expect(Math.abs(mean), `feature ${j} mean`).toBeLessThan(1e-12);
      // A constant feature (digits' corner pixels are 0 in every image) stays constant: std 0 here, 1 in the statistics.
      if (std === 0) expect(data.standardization.std[j], `feature ${j} std`).toBe(1);
      else expect(std, `feature ${j} std`).toBeCloseTo(1, 12);
    }
  });

  it('keeps digits\' blank corner pixel (pixel_0_0) at exactly 0', () => {
    const data = load({ kind: 'digits' });
    expect([data.standardization.mean[0], data.standardization.std[0]]).toEqual([0, 1]);
    expect(rowsOf(data.train, 64).every((row) => row[0] === 0)).toBe(true);
  });

  it('standardizes validation with the training statistics, not its own', () => {
    const data = load({ kind: 'moons', samples: 200, validation: 0.5 });
    // The returned statistics are the raw training rows' own mean and std...
    const trainRaw = rawRowsOf(data.train, data.standardization);
    for (let j = 0; j < 2; j++) {
      const { mean, std } = columnStats(trainRaw, j);
      expect(data.standardization.mean[j]).toBeCloseTo(mean, 12);
      expect(data.standardization.std[j]).toBeCloseTo(std, 12);
    }
    // ...and they map the validation rows back onto raw points of the dataset.
    const raw = new Set(rowsOf(data.points!, 2).map((r) => r.map((x) => x.toFixed(9)).join()));
    for (const row of rawRowsOf(data.validation!, data.standardization)) expect(raw.has(row.map((x) => x.toFixed(9)).join())).toBe(true);
    const validationMean = columnStats(rowsOf(data.validation!, 2), 0).mean;
    expect(Math.abs(validationMean)).toBeGreaterThan(1e-6); // its own statistics would give exactly 0
  });

  it('gives a constant feature std 1 and the value as mean, so it standardizes to exactly 0', () => {
    const data = loadDataset(resolveDatasetSpec({ kind: 'csv', path: join(GOOD, 'constant-column.csv'), validation: 0.2 }), {});
    expect(data.standardization.mean[1]).toBe(3.3);
    expect(data.standardization.std[1]).toBe(1);
    for (const split of [data.train, data.validation!]) {
      for (const row of rowsOf(split, 2)) expect(row[1]).toBe(0);
    }
  });

  it('leaves regression targets raw', () => {
    const data = load({ kind: 'plane', noise: 0, validation: 0.2 });
    for (const split of [data.train, data.validation!]) {
      rawRowsOf(split, data.standardization).forEach((row, i) => expect(split.y[i]).toBeCloseTo(at(row, 0) - 2 * at(row, 1) + 0.5, 12));
    }
  });

  it('returns raw points for plotting only for 2 inputs', () => {
    const moons = load({ kind: 'moons', noise: 0, samples: 100 });
    expect(moons.points!.n).toBe(100);
    expect(Math.max(...Array.from(moons.points!.X, Math.abs))).toBeLessThanOrEqual(2); // raw, not z-scores
    expect(load({ kind: 'sine' }).points).toBeNull();
    expect(load({ kind: 'iris' }).points).toBeNull();
  });
});
