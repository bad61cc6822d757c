// The shapes of the lab's datasets as the contract hands them out: the catalogue's entries and the
// spec a run stores. Types only, besides the closed lists of kinds and the split's parameters; the
// service's datasets module generates, loads and validates them.
import { TRAINING_FIELDS } from '../../engine/fields.ts';

export const TOY_KINDS = ['moons', 'circles', 'spiral', 'xor', 'blobs', 'sine', 'plane'] as const;
export type ToyKind = (typeof TOY_KINDS)[number];
export const REAL_KINDS = ['digits', 'iris', 'wine', 'breast_cancer'] as const;
export type RealKind = (typeof REAL_KINDS)[number];

export type Task = 'classification' | 'regression';

// The catalogue: what the lab offers, with every parameter's default and range.

export interface ParameterInfo {
  name: string;
  label: string;
  description: string;
  default: number;
  min: number;
  max: number;
  integer: boolean;
  /** Left out of a resolved spec while it has its default, so specs from before it existed stay as they were. */
  optional?: boolean;
}

/** How every kind's rows are split, csv included: its seed (the training seed's range) and validation share. */
export const SPLIT_SEED: ParameterInfo = {
  name: 'seed', label: 'Data seed', description: 'Seeds the sample generator and the train/validation split',
  default: 1, min: TRAINING_FIELDS.seed.min, max: TRAINING_FIELDS.seed.max, integer: true,
};
export const SPLIT_VALIDATION: ParameterInfo = {
  name: 'validation', label: 'Validation fraction',
  description: 'Share of the samples held out for validation, the same share of every class; 0 for none',
  default: 0.2, min: 0, max: 0.9, integer: false,
};
export const SPLIT_TEST: ParameterInfo = {
  name: 'test', label: 'Test fraction',
  description: 'Share of the samples held out as a test set, the same share of every class, evaluated only on request with BN in eval mode; 0 for none',
  default: 0, min: 0, max: 0.9, integer: false, optional: true,
};
export const SPLIT_PARAMETERS: readonly ParameterInfo[] = [SPLIT_SEED, SPLIT_VALIDATION, SPLIT_TEST];

interface EntryBase {
  label: string;
  description: string;
  task: Task;
  parameters: ParameterInfo[];
}

export interface ToyEntry extends EntryBase {
  group: 'toy';
  kind: ToyKind;
}

export interface RealEntry extends EntryBase {
  group: 'real';
  kind: RealKind;
  rows: number;
  features: number;
  classes: string[]; // in class-index order
  source: string;
  licence: string;
}

export type CatalogueEntry = ToyEntry | RealEntry;

// Dataset specs: what a run stores to say which data it trained on.

interface SplitParams {
  seed: number;
  validation: number; // fraction in [0, 0.9] held out for validation
  /** Fraction held out as a test split; left out (the default) there is none and the split is as before it existed. */
  test?: number;
}

interface ToyParams extends SplitParams {
  samples: number;
  noise: number;
}

export interface MoonsSpec extends ToyParams { kind: 'moons' }
export interface CirclesSpec extends ToyParams { kind: 'circles'; factor: number }
export interface SpiralSpec extends ToyParams { kind: 'spiral'; arms: number }
export interface XorSpec extends ToyParams { kind: 'xor' }
export interface BlobsSpec extends ToyParams { kind: 'blobs'; clusters: number }
export interface SineSpec extends ToyParams { kind: 'sine' }
export interface PlaneSpec extends ToyParams { kind: 'plane' }
export interface TabularSpec extends SplitParams { kind: RealKind }
export interface CsvSpec extends SplitParams { kind: 'csv'; path: string; target: string }

export type ToySpec = MoonsSpec | CirclesSpec | SpiralSpec | XorSpec | BlobsSpec | SineSpec | PlaneSpec;
export type DatasetSpec = ToySpec | TabularSpec | CsvSpec;
export type DatasetKind = DatasetSpec['kind'];
