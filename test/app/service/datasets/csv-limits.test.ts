// Inputs that would exhaust memory or the call stack are refused, or handled, before they can.
import { truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { CSV_LIMITS, readCsvDataset } from '../../../../app/service/datasets/csv.ts';
import { splitIndices } from '../../../../app/service/datasets/split.ts';
import { tempDir } from '../../../helpers/temp-dir.ts';

describe('CSV files that must not be read whole', () => {
  test('should refuse a device such as /dev/zero before reading a byte', () => {
    expect(() => readCsvDataset('/dev/zero', { target: 'y', minRows: 1 })).toThrow('/dev/zero: this is not a regular file (a device, pipe or socket); name a CSV file');
  });

  test('should refuse a file over the size limit before reading it', () => {
    const file = path.join(tempDir(), 'huge.csv');
    writeFileSync(file, 'x,y\n');
    truncateSync(file, CSV_LIMITS.bytes + 1024 * 1024);

    expect(() => readCsvDataset(file, { target: 'y', minRows: 1 })).toThrow(`${file}: the file has 257.0 MB, more than the 256.0 MB BN Lab reads`);
  });
});

describe('CSV files with more columns than the lab reads', () => {
  const write = (name: string, text: string) => {
    const file = path.join(tempDir(), name);
    writeFileSync(file, text);
    return file;
  };

  test('should refuse more columns than a network may have inputs, naming the numbers', () => {
    const columns = CSV_LIMITS.columns + 1;
    const file = write('wide.csv', `${Array.from({ length: columns - 1 }, (_, i) => `x${i}`).join(',')},y\n`);
    expect(() => readCsvDataset(file, { target: 'y', minRows: 1 })).toThrow(`${file}, row 1: the row has more than the 65,537 columns BN Lab reads (one target and at most 65,536 features)`);
  });

  test('should refuse more data rows than the lab reads where the limit is passed, not after parsing the rest', () => {
    // One row past the limit, then a line the parser would refuse: reaching it would mean the parse went on.
    const file = write('long.csv', `x,y
${'1,a\n'.repeat(CSV_LIMITS.rows + 1)}1,"never closed\n`);
    expect(() => readCsvDataset(file, { target: 'y', minRows: 1 })).toThrow(`${file}, row ${CSV_LIMITS.rows + 2}: the file has more than the 2,000,000 data rows BN Lab reads`);
  });
});

describe('splitting a large class', () => {
  test('should split 300,000 rows of one class (spreading them into push overflowed the stack)', () => {
    const n = 300_000;
    const data = { X: new Float64Array(n), y: new Int32Array(n), n, featureNames: ['x'], task: 'classification' as const, classes: ['only'] };

    const { train, validation } = splitIndices(data, 0.2, 1);

    expect([train.length, validation.length]).toEqual([240_000, 60_000]);
    expect(new Set([...train, ...validation]).size).toBe(n);
  });
});
