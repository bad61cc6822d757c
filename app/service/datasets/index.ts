// The datasets module's entry: resolve a spec, then load it as standardized train/validation splits.
import { basename } from 'node:path';
import { REAL_KINDS, type DatasetSpec, type TabularSpec, type Task } from '../../contract/datasets.ts';
import { catalogueEntry } from './catalogue.ts';
import { readCsvDataset } from './csv.ts';
import { valueProblem } from '../../../engine/index.ts';
import { DatasetError } from './errors.ts';
import { takeRows, splitIndices } from './split.ts';
import { applyStandardization, fitStandardization } from './standardize.ts';
import { readRealDataset } from './tabular.ts';
import { generateToy } from './toys.ts';
import type { RawDataset, Split, Standardization } from './types.ts';

export { REAL_KINDS, TOY_KINDS } from '../../contract/datasets.ts';
export type * from '../../contract/datasets.ts';
export { datasetCatalogue } from './catalogue.ts';
export { DatasetError } from './errors.ts';
export { DATASET_KINDS, resolveDatasetSpec } from './spec.ts';
export type { Split, Standardization } from './types.ts';

export interface DatasetDescription {
  name: string;
  kind: DatasetSpec['kind'];
  samples: number; // rows before the split
  features: number;
  featureNames: string[];
  task: Task;
  classes: string[] | null;
  source?: string; // citation of a shipped table, or the path of a CSV file
  licence?: string;
  spec: DatasetSpec;
}

export interface PreparedDataset {
  description: DatasetDescription;
  task: Task;
  inputSize: number;
  outputUnits: number; // number of classes, or number of regression targets (1)
  classes: string[] | null; // class names in index order
  train: Split; // X standardized
  validation: Split | null; // X standardized with the training statistics; null when spec.validation is 0
  /** Held out from training and validation alike, evaluated only on request; null without spec.test. */
  test: Split | null;
  standardization: Standardization;
  /** Raw (unstandardized) 2-D points of the whole dataset for plotting, only when inputSize === 2. */
  points: Split | null;
}

export interface LoadOptions {
  /** Training batch size: a dataset with fewer rows cannot fill one batch and is refused. */
  batchSize?: number;
  /** Where the shipped tables are, when a packaged app keeps them outside this module's folder. */
  dataDir?: string;
}

/** Loads a resolved spec (see `resolveDatasetSpec`); throws `DatasetError` for data that cannot be used. */
export function loadDataset(spec: DatasetSpec, options: LoadOptions = {}): PreparedDataset {
  const { batchSize = 1, dataDir } = options;
  const raw = readRaw(spec, batchSize, dataDir);
  const d = raw.featureNames.length;
  const testFraction = spec.test ?? 0;
  const rows = splitIndices(raw, spec.validation, spec.seed, testFraction);
  const train = takeRows(raw, rows.train);
  const validation = spec.validation > 0 ? takeRows(raw, rows.validation) : null;
  const test = testFraction > 0 ? takeRows(raw, rows.test) : null;
  const standardization = fitStandardization(train.X, train.n, d);
  for (const split of [train, validation, test]) if (split) applyStandardization(split.X, d, standardization);
  return {
    description: describe(spec, raw),
    task: raw.task,
    inputSize: d,
    outputUnits: raw.classes?.length ?? 1,
    classes: raw.classes,
    train,
    validation,
    test,
    standardization,
    points: d === 2 ? { X: raw.X, y: raw.y, n: raw.n } : null,
  };
}

function readRaw(spec: DatasetSpec, batchSize: number, dataDir: string | undefined): RawDataset {
  if (spec.kind === 'csv') {
    return readCsvDataset(spec.path, { target: spec.target, minRows: batchSize, fields: { path: 'dataset.path', target: 'dataset.target' } });
  }
  if (isTabular(spec)) return readRealDataset(spec.kind, batchSize, dataDir);
  if (spec.samples < batchSize) {
    // The batch size is what was changed last, more often than not: the message is said there.
    throw DatasetError.about(valueProblem('training.batchSize', `must be at most the dataset's ${spec.samples} samples`, batchSize));
  }
  return generateToy(spec);
}

function describe(spec: DatasetSpec, raw: RawDataset): DatasetDescription {
  const common = {
    kind: spec.kind,
    samples: raw.n,
    features: raw.featureNames.length,
    featureNames: raw.featureNames,
    task: raw.task,
    classes: raw.classes,
    spec,
  };
  if (spec.kind === 'csv') return { name: basename(spec.path), source: spec.path, ...common };
  if (isTabular(spec)) {
    const entry = catalogueEntry(spec.kind);
    return { name: entry.label, source: entry.source, licence: entry.licence, ...common };
  }
  return { name: catalogueEntry(spec.kind).label, ...common };
}

function isTabular(spec: DatasetSpec): spec is TabularSpec {
  return (REAL_KINDS as readonly string[]).includes(spec.kind);
}
