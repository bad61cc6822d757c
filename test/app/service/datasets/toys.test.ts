import { describe, expect, it } from 'vitest';
import { loadDataset, resolveDatasetSpec, type PreparedDataset, type Split } from '../../../../app/service/datasets/index.ts';
import { classCounts, rawRowsOf } from './helpers.ts';
import { at } from '../../../helpers/at.ts';

/** Whole toy dataset, no validation split, so `points` and `train` hold every sample. */
function toy(raw: Record<string, unknown>): PreparedDataset {
  return loadDataset(resolveDatasetSpec({ validation: 0, ...raw }), {});
}

function pointsOf(data: PreparedDataset): Split {
  expect(data.points).not.toBeNull();
  return data.points as Split;
}

const CLASS_TOYS = [
  { kind: 'moons', classes: 2 },
  { kind: 'circles', classes: 2 },
  { kind: 'spiral', classes: 3 },
  { kind: 'xor', classes: 2 },
  { kind: 'blobs', classes: 3 },
] as const;

describe('2-D classification toys', () => {
  it.each(CLASS_TOYS)('$kind has 2 inputs, $classes classes and classes of equal size', ({ kind, classes }) => {
    const data = toy({ kind, samples: 301 });
    const points = pointsOf(data);
    expect([data.task, data.inputSize, data.outputUnits, data.classes?.length]).toEqual(['classification', 2, classes, classes]);
    expect([points.n, points.X.length, points.y.length, data.train.n]).toEqual([301, 602, 301, 301]);
    const counts = classCounts(points.y, classes);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(counts.reduce((a, b) => a + b)).toBe(301);
  });

  it.each(CLASS_TOYS)('$kind is the same for a seed and different for another', ({ kind }) => {
    const a = pointsOf(toy({ kind, seed: 7 }));
    const b = pointsOf(toy({ kind, seed: 7 }));
    const c = pointsOf(toy({ kind, seed: 8 }));
    expect(b.X).toEqual(a.X);
    expect(b.y).toEqual(a.y);
    expect(c.X).not.toEqual(a.X);
  });

  it('adds gaussian noise of the given standard deviation to each coordinate of the same points', () => {
    const clean = pointsOf(toy({ kind: 'moons', noise: 0, samples: 20000 })).X;
    const noisy = pointsOf(toy({ kind: 'moons', noise: 0.3, samples: 20000 })).X;
    const diffs = Array.from(noisy, (x, i) => x - at(clean, i));
    const mean = diffs.reduce((s, x) => s + x, 0) / diffs.length;
    const std = Math.sqrt(diffs.reduce((s, x) => s + (x - mean) ** 2, 0) / diffs.length);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(std).toBeCloseTo(0.3, 2);
  });

  it('moons without noise lie on two unit half circles', () => {
    forEachPoint(pointsOf(toy({ kind: 'moons', noise: 0 })), ([x, y], cls) => {
      if (cls === 0) {
        expect(Math.hypot(x, y)).toBeCloseTo(1, 12);
        expect(y).toBeGreaterThanOrEqual(0);
      } else {
        expect(Math.hypot(x - 1, y - 0.5)).toBeCloseTo(1, 12);
        expect(y).toBeLessThanOrEqual(0.5);
      }
    });
  });

  it('circles without noise have radii 1 and factor', () => {
    forEachPoint(pointsOf(toy({ kind: 'circles', noise: 0, factor: 0.3 })), ([x, y], cls) => {
      expect(Math.hypot(x, y)).toBeCloseTo(cls === 0 ? 1 : 0.3, 12);
    });
  });

  it('spiral arms without noise turn once from radius 0.1 to 1, each starting at its own angle', () => {
    const arms = 4;
    forEachPoint(pointsOf(toy({ kind: 'spiral', noise: 0, arms })), ([x, y], cls) => {
      const r = Math.hypot(x, y);
      expect(r).toBeGreaterThanOrEqual(0.1 - 1e-12);
      expect(r).toBeLessThanOrEqual(1);
      const expected = (2 * Math.PI * cls) / arms + (2 * Math.PI * (r - 0.1)) / 0.9;
      const diff = Math.atan2(y, x) - expected;
      expect(Math.abs(Math.atan2(Math.sin(diff), Math.cos(diff)))).toBeLessThan(1e-9);
    });
  });

  it('xor without noise puts same-sign points in class 0, a margin of 0.1 from the axes', () => {
    forEachPoint(pointsOf(toy({ kind: 'xor', noise: 0 })), ([x, y], cls) => {
      expect(Math.sign(x * y)).toBe(cls === 0 ? 1 : -1);
      for (const v of [x, y]) expect(Math.abs(v)).toBeGreaterThanOrEqual(0.1);
      for (const v of [x, y]) expect(Math.abs(v)).toBeLessThanOrEqual(1);
    });
  });

  it('blobs without noise sit on their centres, evenly around a circle of radius 2', () => {
    const clusters = 5;
    forEachPoint(pointsOf(toy({ kind: 'blobs', noise: 0, clusters })), ([x, y], cls) => {
      expect(x).toBeCloseTo(2 * Math.cos((2 * Math.PI * cls) / clusters), 12);
      expect(y).toBeCloseTo(2 * Math.sin((2 * Math.PI * cls) / clusters), 12);
    });
  });
});

describe('regression toys', () => {
  it('sine has 1 input, raw targets y = sin(x) without noise, x in [-π, π]', () => {
    const data = toy({ kind: 'sine', noise: 0, samples: 500 });
    expect([data.task, data.inputSize, data.outputUnits, data.classes, data.points]).toEqual(['regression', 1, 1, null, null]);
    expect(data.train.y).toBeInstanceOf(Float64Array);
    rawRowsOf(data.train, data.standardization).forEach((row, i) => {
      const x = at(row, 0);
      expect(Math.abs(x)).toBeLessThanOrEqual(Math.PI + 1e-12);
      expect(data.train.y[i]).toBeCloseTo(Math.sin(x), 12);
    });
  });

  it('plane without noise is y = x1 - 2·x2 + 0.5 on [-1, 1]²', () => {
    const data = toy({ kind: 'plane', noise: 0 });
    expect([data.task, data.inputSize, data.outputUnits]).toEqual(['regression', 2, 1]);
    forEachPoint(pointsOf(data), ([x1, x2], target) => {
      expect(Math.max(Math.abs(x1), Math.abs(x2))).toBeLessThanOrEqual(1);
      expect(target).toBeCloseTo(x1 - 2 * x2 + 0.5, 12);
    });
  });

  it.each(['sine', 'plane'])('%s is the same for a seed and different for another', (kind) => {
    const a = toy({ kind, seed: 3 }).train;
    expect(toy({ kind, seed: 3 }).train.y).toEqual(a.y);
    expect(toy({ kind, seed: 4 }).train.y).not.toEqual(a.y);
  });

  it('noise is added to the target, not the input', () => {
    const clean = pointsOf(toy({ kind: 'plane', noise: 0, samples: 20000 }));
    const noisy = pointsOf(toy({ kind: 'plane', noise: 0.5, samples: 20000 }));
    expect(noisy.X).toEqual(clean.X);
    const diffs = Array.from(noisy.y, (t, i) => t - at(clean.y, i));
    expect(Math.sqrt(diffs.reduce((s, x) => s + x * x, 0) / diffs.length)).toBeCloseTo(0.5, 1);
  });
});

describe('batch size', () => {
  it('refuses fewer samples than one batch, naming the field', () => {
    expect(() => loadDataset(resolveDatasetSpec({ kind: 'moons', samples: 50 }), { batchSize: 64 })).toThrow(
      expect.objectContaining({ code: 'invalid_dataset', field: 'training.batchSize', message: "training.batchSize must be at most the dataset's 50 samples, got 64" }),
    );
  });
});

// Helpers

function forEachPoint(points: Split, check: (xy: [number, number], label: number) => void): void {
  for (let i = 0; i < points.n; i++) check([at(points.X, 2 * i), at(points.X, 2 * i + 1)], at(points.y, i));
}
