import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset, resolveDatasetSpec, type PreparedDataset } from '../../../../app/service/datasets/index.ts';
import { classCounts, rawRowsOf } from './helpers.ts';
import { at } from '../../../helpers/at.ts';

// Row, feature and class counts as published by UCI; digits' per-class counts from `cut -d, -f65 | uniq -c`.
const TABLES = [
  { kind: 'digits', rows: 1797, features: 64, classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], counts: [178, 182, 177, 183, 181, 182, 181, 179, 174, 180] },
  { kind: 'iris', rows: 150, features: 4, classes: ['setosa', 'versicolor', 'virginica'], counts: [50, 50, 50] },
  { kind: 'wine', rows: 178, features: 13, classes: ['class_0', 'class_1', 'class_2'], counts: [59, 71, 48] },
  { kind: 'breast_cancer', rows: 569, features: 30, classes: ['malignant', 'benign'], counts: [212, 357] },
] as const;

function load(kind: string, options: { batchSize?: number; dataDir?: string } = {}): PreparedDataset {
  return loadDataset(resolveDatasetSpec({ kind, validation: 0 }), options);
}

describe('shipped tables', () => {
  it.each(TABLES)('$kind has $rows rows, $features features and its classes in order', ({ kind, rows, features, classes, counts }) => {
    const data = load(kind);
    expect([data.task, data.inputSize, data.outputUnits, data.train.n, data.validation]).toEqual(['classification', features, classes.length, rows, null]);
    expect(data.classes).toEqual(classes);
    expect(classCounts(data.train.y, classes.length)).toEqual(counts);
    expect(data.description).toMatchObject({ kind, samples: rows, features, classes, licence: 'CC BY 4.0' });
    expect(data.description.featureNames).toHaveLength(features);
    expect(data.description.source).toContain('UCI');
    expect(data.points).toBeNull();
  });

  it('keeps the published values: iris row 2 is 5.1, 3.5, 1.4, 0.2, setosa', () => {
    const data = load('iris');
    const rows = rawRowsOf(data.train, data.standardization);
    const i = rows.findIndex((r) => r.every((x, j) => Math.abs(x - at([5.1, 3.5, 1.4, 0.2], j)) < 1e-12));
    expect(i).toBeGreaterThanOrEqual(0);
    expect(data.classes?.[at(data.train.y, i)]).toBe('setosa');
    expect(data.description.featureNames).toEqual(['sepal_length_cm', 'sepal_width_cm', 'petal_length_cm', 'petal_width_cm']);
  });

  it('refuses a batch size larger than the table, naming the file and its rows', () => {
    expect(() => load('iris', { batchSize: 151 })).toThrow(/iris\.csv, rows 2 to 151: 150 data rows are fewer than the batch size 151$/);
    expect(load('iris', { batchSize: 150 }).train.n).toBe(150);
  });

  it('reads the tables from dataDir when one is given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bnlab-data-'));
    try {
      writeFileSync(join(dir, 'iris.csv'), 'a,b,target\n1,2,setosa\n3,4,virginica\n5,6,setosa\n');
      const data = load('iris', { dataDir: dir });
      expect([data.train.n, data.inputSize, data.description.featureNames]).toEqual([3, 2, ['a', 'b']]);
      expect(classCounts(data.train.y, 3)).toEqual([2, 0, 1]);
      expect(() => load('wine', { dataDir: dir })).toThrow(`${join(dir, 'wine.csv')}: the file does not exist`);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('refuses a label the shipped table does not have, naming the cell', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bnlab-data-'));
    try {
      writeFileSync(join(dir, 'iris.csv'), 'a,b,target\n1,2,setosa\n3,4,Setosa\n');
      expect(() => load('iris', { dataDir: dir })).toThrow(
        `${join(dir, 'iris.csv')}, row 3, column 3 ("target"): "Setosa" is not one of the classes setosa, versicolor, virginica`,
      );
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
