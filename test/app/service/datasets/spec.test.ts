import { describe, expect, it } from 'vitest';
import { DATASET_KINDS, DatasetError, datasetCatalogue, resolveDatasetSpec } from '../../../../app/service/datasets/index.ts';
import { at } from '../../../helpers/at.ts';

describe('resolveDatasetSpec', () => {
  it('fills in the defaults of every kind', () => {
    const common = { seed: 1, validation: 0.2 };
    const toy = { samples: 1000, ...common };
    const expected = {
      moons: { ...toy, noise: 0.2 },
      circles: { ...toy, noise: 0.1, factor: 0.5 },
      spiral: { ...toy, noise: 0.05, arms: 3 },
      xor: { ...toy, noise: 0.1 },
      blobs: { ...toy, noise: 0.5, clusters: 3 },
      sine: { ...toy, noise: 0.1 },
      plane: { ...toy, noise: 0.1 },
      digits: common,
      iris: common,
      wine: common,
      breast_cancer: common,
    };
    for (const [kind, values] of Object.entries(expected)) {
      expect(resolveDatasetSpec({ kind }), kind).toStrictEqual({ kind, ...values });
    }
    expect(resolveDatasetSpec({ kind: 'csv', path: 'a.csv' })).toStrictEqual({ kind: 'csv', path: 'a.csv', target: 'target', ...common });
  });

  it('keeps given values and is idempotent, so a stored spec resolves to itself', () => {
    const spec = resolveDatasetSpec({ kind: 'spiral', arms: 5, noise: 0, samples: 20, seed: 0xffffffff, validation: 0.9 });
    expect(spec).toStrictEqual({ kind: 'spiral', arms: 5, noise: 0, samples: 20, seed: 0xffffffff, validation: 0.9 });
    expect(resolveDatasetSpec(JSON.parse(JSON.stringify(spec)))).toStrictEqual(spec);
  });

  it.each([
    [null, 'dataset', 'dataset must be an object, got null'],
    [{ kind: 'mnist' }, 'dataset.kind', `dataset.kind must be one of ${DATASET_KINDS.map((k) => `"${k}"`).join(', ')}, got "mnist"`],
    [{}, 'dataset.kind', expect.stringMatching(/^dataset\.kind must be one of .*, got nothing$/)],
    [{ kind: 'moons', noise: -0.1 }, 'dataset.noise', 'dataset.noise must be a number from 0 to 10, got -0.1'],
    [{ kind: 'moons', samples: 100.5 }, 'dataset.samples', 'dataset.samples must be an integer from 20 to 100000, got 100.5'],
    [{ kind: 'moons', samples: '100' }, 'dataset.samples', 'dataset.samples must be an integer from 20 to 100000, got "100"'],
    [{ kind: 'moons', samples: null }, 'dataset.samples', 'dataset.samples must be an integer from 20 to 100000, got null'],
    [{ kind: 'spiral', arms: 1 }, 'dataset.arms', 'dataset.arms must be an integer from 2 to 10, got 1'],
    [{ kind: 'blobs', clusters: 11 }, 'dataset.clusters', 'dataset.clusters must be an integer from 2 to 10, got 11'],
    [{ kind: 'circles', factor: 1 }, 'dataset.factor', 'dataset.factor must be a number from 0.1 to 0.9, got 1'],
    [{ kind: 'iris', validation: 0.95 }, 'dataset.validation', 'dataset.validation must be a number from 0 to 0.9, got 0.95'],
    [{ kind: 'iris', seed: -1 }, 'dataset.seed', 'dataset.seed must be an integer from 0 to 4294967295, got -1'],
    [{ kind: 'sine', noise: Number.NaN }, 'dataset.noise', 'dataset.noise must be a number from 0 to 10, got NaN'],
    [{ kind: 'csv' }, 'dataset.path', 'dataset.path must be a non-empty string, got nothing'],
    [{ kind: 'csv', path: '  ' }, 'dataset.path', 'dataset.path must be a non-empty string, got "  "'],
    [{ kind: 'csv', path: 'a.csv', target: 3 }, 'dataset.target', 'dataset.target must be a non-empty string, got 3'],
    [{ kind: 'moons', sampels: 10 }, 'dataset.sampels', 'dataset.sampels is not a known field for kind "moons" (known: kind, samples, noise, seed, validation, test)'],
    [{ kind: 'iris', noise: 0.1 }, 'dataset.noise', 'dataset.noise is not a known field for kind "iris" (known: kind, seed, validation, test)'],
  ])('refuses %j, naming %s and the value', (raw, field, message) => {
    expect(() => resolveDatasetSpec(raw)).toThrow(expect.objectContaining({ name: 'DatasetError', code: 'invalid_dataset', field, message }));
  });

  it('throws a DatasetError, an Error', () => {
    let caught: unknown;
    try {
      resolveDatasetSpec({ kind: 'moons', noise: 'lots' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DatasetError);
    expect(caught).toBeInstanceOf(Error);
  });
});

describe('datasetCatalogue', () => {
  it('lists every built-in kind once, toys first, with the defaults resolveDatasetSpec fills in', () => {
    const catalogue = datasetCatalogue();
    expect(catalogue.map((e) => e.kind)).toEqual(['moons', 'circles', 'spiral', 'xor', 'blobs', 'sine', 'plane', 'digits', 'iris', 'wine', 'breast_cancer']);
    for (const entry of catalogue) {
      // An optional parameter at its default (the test fraction 0) stays out of the spec.
      const defaults = Object.fromEntries(entry.parameters.filter((p) => !p.optional).map((p) => [p.name, p.default]));
      expect(resolveDatasetSpec({ kind: entry.kind })).toStrictEqual({ kind: entry.kind, ...defaults });
      for (const p of entry.parameters) expect(p.min <= p.default && p.default <= p.max, `${entry.kind}.${p.name}`).toBe(true);
    }
  });

  it('gives the real tables their licence and source', () => {
    for (const entry of datasetCatalogue()) {
      if (entry.group === 'real') {
        expect(entry.licence).toBe('CC BY 4.0');
        expect(entry.source).toMatch(/UCI Machine Learning Repository, doi:10\.24432\//);
      }
    }
  });

  it('hands out copies, so a caller cannot change the defaults', () => {
    at(at(datasetCatalogue(), 0).parameters, 0).default = 5;
    expect(resolveDatasetSpec({ kind: 'moons' })).toMatchObject({ samples: 1000 });
  });
});
