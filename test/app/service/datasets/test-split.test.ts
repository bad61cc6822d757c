// dataset.test: a stratified test split held out after validation. Without it the split is the one
// BN Lab drew before test splits existed, byte for byte (hashes recorded from that version).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadDataset, resolveDatasetSpec, type PreparedDataset, type Split } from '../../../../app/service/datasets/index.ts';
import { classCounts, rawRowsOf } from './helpers.ts';

function load(raw: Record<string, unknown>): PreparedDataset {
  return loadDataset(resolveDatasetSpec(raw));
}

function digest(split: Split): string[] {
  const hash = (a: ArrayBufferView) => createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex').slice(0, 16);
  return [hash(split.X), hash(split.y)];
}

describe('test split', () => {
  it('should leave specs and splits without dataset.test exactly as they were', () => {
    // Recorded with the commit before dataset.test existed (2b424f9).
    const digits = load({ kind: 'digits', seed: 3, validation: 0.2 });
    expect([...digest(digits.train), ...digest(digits.validation!)]).toEqual(['52a80ada78b1f168', 'c49c83bbbaf2cd0f', 'f08ae7aec195c3fe', '25fda189522bb1d8']);
    const moons = load({ kind: 'moons', samples: 301, seed: 1, validation: 0.2, test: 0 });
    expect([...digest(moons.train), ...digest(moons.validation!)]).toEqual(['f53cb3944811e815', 'afe1d5bdc3594c71', '68d0ffdd6ddf3dae', '55a5f5eb5797f0da']);
    expect(moons.test).toBeNull();
    expect(resolveDatasetSpec({ kind: 'moons', test: 0 })).toStrictEqual({ kind: 'moons', samples: 1000, noise: 0.2, seed: 1, validation: 0.2 });
  });

  it('should hold out the same share of every class, apart from validation, standardized with the training statistics', () => {
    // wine's classes have 59, 71 and 48 rows: 20 % of each, rounded, is 12, 14 and 10 for validation and for test alike.
    const data = load({ kind: 'wine', seed: 5, validation: 0.2, test: 0.2 });
    expect(resolveDatasetSpec({ kind: 'wine', test: 0.2 })).toMatchObject({ test: 0.2 });
    expect(classCounts(data.validation!.y, 3)).toEqual([12, 14, 10]);
    expect(classCounts(data.test!.y, 3)).toEqual([12, 14, 10]);
    expect(classCounts(data.train.y, 3)).toEqual([35, 43, 28]);
    // Every row lands in exactly one split.
    const key = (row: number[]) => row.map((x) => x.toFixed(6)).join(',');
    const rows = [data.train, data.validation!, data.test!].flatMap((s) => rawRowsOf(s, data.standardization).map(key));
    expect(new Set(rows).size).toBe(178);
    // Validation keeps its rows when a test split is added: the test rows come after them.
    const without = load({ kind: 'wine', seed: 5, validation: 0.2 });
    expect(new Set(rawRowsOf(without.validation!, without.standardization).map(key))).toEqual(new Set(rawRowsOf(data.validation!, data.standardization).map(key)));
  });

  it('should refuse a test fraction that holds out no rows, or too much with validation, naming the field', () => {
    expect(() => load({ kind: 'moons', samples: 20, test: 0.01 })).toThrow(
      expect.objectContaining({ field: 'dataset.test', message: 'dataset.test must hold out at least one of the 20 rows (leave it out for no test split), got 0.01' }),
    );
    expect(() => load({ kind: 'moons', validation: 0.5, test: 0.5 })).toThrow(
      expect.objectContaining({ field: 'dataset.test', message: 'dataset.test must leave, with dataset.validation 0.5, at least 0.1 of the rows for training, got 0.5' }),
    );
  });
});
