import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DatasetError, loadDataset, resolveDatasetSpec, type PreparedDataset } from '../../../../app/service/datasets/index.ts';
import { rawRowsOf } from './helpers.ts';
import { at } from '../../../helpers/at.ts';

const BAD = fileURLToPath(new URL('../../../fixtures/csv/bad/', import.meta.url));
const GOOD = fileURLToPath(new URL('../../../fixtures/csv/good/', import.meta.url));
const BATCH_SIZE = 4;

function loadCsv(path: string, extra: Record<string, unknown> = {}): PreparedDataset {
  return loadDataset(resolveDatasetSpec({ kind: 'csv', path, validation: 0, ...extra }), { batchSize: BATCH_SIZE });
}

// Each bad file, the exact message after its path, and the spec field blamed.
const BAD_FILES: Record<string, [string, string]> = {
  'empty.csv': [', row 1: the file is empty; it needs a header row naming the columns, then data rows', 'dataset.path'],
  'header-only.csv': [', row 2: there are no data rows after the header row', 'dataset.path'],
  'only-target.csv': [', row 1: there is no feature column besides the target "target"', 'dataset.path'],
  'semicolons.csv': [', row 1: no column is named "target" (the columns are "a;b;target"); the columns are separated by semicolons: save the file with commas between them', 'dataset.target'],
  'missing-target.csv': [', row 1: no column is named "target" (the columns are "a", "b", "label")', 'dataset.target'],
  'no-header.csv': [
    ', row 1: no column is named "target" (the columns are "5.1", "3.5", "setosa"); the first row holds numbers: is the header row missing?',
    'dataset.target',
  ],
  'empty-header-name.csv': [', row 1, column 2: the header cell is empty; every column needs a name', 'dataset.path'],
  'duplicate-header.csv': [', row 1, column 3 ("a"): the column name "a" is already used by column 1', 'dataset.path'],
  'ragged-short.csv': [', row 4, column 3 ("target"): the row has 2 cells but the header has 3 columns', 'dataset.path'],
  'ragged-long.csv': [', row 3, column 4: the row has 4 cells but the header has 3 columns', 'dataset.path'],
  'non-numeric.csv': [', row 4, column 2 ("b"): "abc" is not a number', 'dataset.path'],
  'empty-cell.csv': [', row 3, column 1 ("a"): the cell is empty; every feature cell needs a number', 'dataset.path'],
  'nan-cell.csv': [', row 3, column 2 ("b"): "NaN" is not a finite number', 'dataset.path'],
  'infinity-cell.csv': [', row 4, column 1 ("a"): "-Infinity" is not a finite number', 'dataset.path'],
  'overflow-cell.csv': [', row 3, column 1 ("a"): "1e400" is not a finite number', 'dataset.path'],
  'empty-target.csv': [', row 3, column 3 ("target"): the target cell is empty', 'dataset.path'],
  'infinite-target.csv': [', row 3, column 3 ("target"): "inf" is not a finite number', 'dataset.target'],
  'single-class.csv': [', rows 2 to 4, column 3 ("target"): every row has the class "x"; a classifier needs at least 2 classes', 'dataset.target'],
  'too-few-rows.csv': [', rows 2 to 4: 3 data rows are fewer than the batch size 4', 'training.batchSize'],
  'unclosed-quote.csv': [', row 3, column 3 ("target"): a quoted cell is never closed', 'dataset.path'],
  'quote-inside-cell.csv': [', row 3, column 2 ("b"): a quote inside an unquoted cell; quote the whole cell and double the quote ("")', 'dataset.path'],
  'text-after-quote.csv': [', row 3, column 2 ("b"): text follows the closing quote of a quoted cell', 'dataset.path'],
  'not-utf8.csv': [', row 3, column 3 ("target"): the cell is not UTF-8 text; save the file as "CSV UTF-8"', 'dataset.path'],
  'row-numbers.csv': [', row 5, column 2 ("b"): "six" is not a number', 'dataset.path'],
  'bom-crlf.csv': [', row 4, column 1 ("a"): "oops" is not a number', 'dataset.path'],
};

describe('bad CSV files', () => {
  it('every file in the corpus has an expected message', () => {
    expect(readdirSync(BAD).sort()).toEqual(Object.keys(BAD_FILES).sort());
  });

  it.each(Object.entries(BAD_FILES))('%s gives one error naming the file, row and column', (file, [where, field]) => {
    const path = join(BAD, file);
    const error = catchError(() => loadCsv(path));
    expect(error).toBeInstanceOf(DatasetError);
    expect(error).toMatchObject({ code: 'invalid_dataset', field, message: `${path}${where}` });
    expect(error.message).toMatch(/, rows? \d+/);
  });

  it('names a file that does not exist', () => {
    const path = join(BAD, 'no-such-file.csv');
    expect(catchError(() => loadCsv(path))).toMatchObject({ field: 'dataset.path', message: `${path}: the file does not exist` });
  });

  it('names a folder given as the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bnlab-csv-'));
    try {
      expect(catchError(() => loadCsv(dir)).message).toBe(`${dir}: this is a folder, not a CSV file`);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});

describe('good CSV files', () => {
  it('reads string class labels, quoted cells with commas, a BOM and CRLF line ends', () => {
    const data = loadCsv(join(GOOD, 'labels-strings.csv'), { target: 'kind' });
    expect([data.task, data.inputSize, data.outputUnits, data.train.n]).toEqual(['classification', 2, 3, 12]);
    expect(data.description.featureNames).toEqual(['petal', 'size, cm']);
    expect(data.classes).toEqual(['big, red', 'small', 'tiny']); // sorted, not in order of appearance
    expectRows(data, [
      [1.5, 2, 'big, red'], [1.25, 3, 'small'], [0.5, 4, 'tiny'], [2.5, 5, 'big, red'],
      [1.0, 6, 'small'], [0.25, 7, 'tiny'], [3.5, 8, 'big, red'], [1.75, 9, 'small'],
      [0.75, 10, 'tiny'], [4.5, 11, 'big, red'], [2.0, 12, 'small'], [1.0, 13, 'tiny'],
    ]);
  });

  it('reads integer class labels in any column, sorting them by value', () => {
    const data = loadCsv(join(GOOD, 'labels-ints.csv'), { target: 'label' });
    expect(data.classes).toEqual(['2', '7', '10']);
    expect(data.description.featureNames).toEqual(['x', 'z']);
    const labels = ['10', '2', '7'];
    expectRows(data, Array.from({ length: 12 }, (_, i) => [i + 1, -(i + 1), at(labels, i % 3)]));
  });

  it('reads a non-integer numeric target as regression, keeping it raw', () => {
    const data = loadCsv(join(GOOD, 'regression.csv'), { target: 'y' });
    expect([data.task, data.outputUnits, data.classes, data.description.classes]).toEqual(['regression', 1, null, null]);
    expect(data.train.y).toBeInstanceOf(Float64Array);
    expectRows(data, [
      [0, 1, 0.5], [1, 0, -1.25], [2, 3, 0.15], [3, -2, 4], [0.5, 1, 2.75],
      [4, 4, -0.5], [5, 10, 3.125], [6, 2, 0], [7, 0, -2.5], [8, 1, 1.75],
    ]);
  });

  it('describes the file by its name and path', () => {
    const path = join(GOOD, 'regression.csv');
    const { description } = loadCsv(path, { target: 'y' });
    expect(description).toMatchObject({ name: 'regression.csv', kind: 'csv', source: path, samples: 10, features: 2 });
    expect(description.licence).toBeUndefined();
  });
});

// Helpers

function catchError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error, got none');
}

/** The dataset's rows, back in raw units with their class name or target, in any order. */
function expectRows(data: PreparedDataset, expected: (number | string)[][]): void {
  const rows = rawRowsOf(data.train, data.standardization).map((row, i) => {
    const y = at(data.train.y, i);
    return [...row.map((x) => Math.round(x * 1e9) / 1e9), data.classes ? at(data.classes, y) : y];
  });
  expect(sortRows(rows)).toEqual(sortRows(expected));
}

function sortRows(rows: (number | string)[][]): (number | string)[][] {
  return [...rows].sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number));
}
