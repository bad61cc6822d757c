// What the lab offers, with every parameter's default and range. The UI picker lists it and
// `resolveDatasetSpec` validates against it, so a default or a limit is written down once.
import { SPLIT_SEED as seed, SPLIT_TEST as test, SPLIT_VALIDATION as validation, type CatalogueEntry, type ParameterInfo, type RealEntry, type RealKind, type ToyEntry, type ToyKind } from '../../contract/datasets.ts';

export { SPLIT_PARAMETERS } from '../../contract/datasets.ts';
const samples: ParameterInfo = {
  name: 'samples', label: 'Samples', description: 'Number of samples generated, before the split',
  default: 1000, min: 20, max: 100_000, integer: true,
};
const noise = (fallback: number, description: string): ParameterInfo => ({
  name: 'noise', label: 'Noise', description, default: fallback, min: 0, max: 10, integer: false,
});
const pointNoise = (fallback: number) => noise(fallback, 'Standard deviation of the gaussian noise added to each coordinate');
const targetNoise = noise(0.1, 'Standard deviation of the gaussian noise added to the target');
const countOf = (name: string, label: string, description: string): ParameterInfo => ({
  name, label, description, default: 3, min: 2, max: 10, integer: true,
});

/** A table shipped with the lab (classification, split parameters only, CC BY 4.0): [rows, features]. */
function shipped(kind: RealKind, label: string, description: string, [rows, features]: [number, number], classes: string[], source: string): RealEntry {
  return { group: 'real', kind, label, task: 'classification', description, parameters: [seed, validation, test], rows, features, classes, source, licence: 'CC BY 4.0' };
}

const CATALOGUE: readonly CatalogueEntry[] = [
  {
    group: 'toy', kind: 'moons', label: 'Two moons', task: 'classification',
    description: 'Two interleaving half circles of radius 1',
    parameters: [samples, pointNoise(0.2), seed, validation, test],
  },
  {
    group: 'toy', kind: 'circles', label: 'Circles', task: 'classification',
    description: 'A circle of radius 1 around a smaller concentric circle',
    parameters: [
      samples, pointNoise(0.1),
      { name: 'factor', label: 'Inner radius', description: 'Radius of the inner circle (the outer one has radius 1)', default: 0.5, min: 0.1, max: 0.9, integer: false },
      seed, validation, test,
    ],
  },
  {
    group: 'toy', kind: 'spiral', label: 'Spiral', task: 'classification',
    description: 'Arms winding one full turn out from radius 0.1 to radius 1, one class per arm',
    parameters: [samples, pointNoise(0.05), countOf('arms', 'Arms', 'Number of spiral arms, one class each'), seed, validation, test],
  },
  {
    group: 'toy', kind: 'xor', label: 'XOR', task: 'classification',
    description: 'Points in the square [-1, 1]², at least 0.1 from both axes; the class says whether x1 and x2 have the same sign',
    parameters: [samples, pointNoise(0.1), seed, validation, test],
  },
  {
    group: 'toy', kind: 'blobs', label: 'Blobs', task: 'classification',
    description: 'Gaussian clusters centred evenly on a circle of radius 2, one class per cluster',
    parameters: [samples, pointNoise(0.5), countOf('clusters', 'Clusters', 'Number of clusters, one class each'), seed, validation, test],
  },
  {
    group: 'toy', kind: 'sine', label: 'Sine', task: 'regression',
    description: 'y = sin(x) + noise for x uniform in [-π, π]',
    parameters: [samples, targetNoise, seed, validation, test],
  },
  {
    group: 'toy', kind: 'plane', label: 'Plane', task: 'regression',
    description: 'y = x1 − 2·x2 + 0.5 + noise for (x1, x2) uniform in [-1, 1]²',
    parameters: [samples, targetNoise, seed, validation, test],
  },
  shipped('digits', 'Digits (8×8)', 'Handwritten digits as 8×8 grey levels 0–16: the lab\'s small stand-in for MNIST', [1797, 64],
    ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    'Optical Recognition of Handwritten Digits, E. Alpaydin, C. Kaynak (1998), UCI Machine Learning Repository, doi:10.24432/C50P49'),
  shipped('iris', 'Iris', 'Sepal and petal sizes (cm) of three iris species', [150, 4], ['setosa', 'versicolor', 'virginica'],
    'Iris, R. A. Fisher (1936), UCI Machine Learning Repository, doi:10.24432/C56C76'),
  shipped('wine', 'Wine', 'Chemical analysis of wines from three cultivars', [178, 13], ['class_0', 'class_1', 'class_2'],
    'Wine, S. Aeberhard, M. Forina (1991), UCI Machine Learning Repository, doi:10.24432/C5PC7J'),
  shipped('breast_cancer', 'Breast cancer', 'Cell nuclei measurements of breast masses, malignant or benign', [569, 30], ['malignant', 'benign'],
    'Breast Cancer Wisconsin (Diagnostic), W. Wolberg, O. Mangasarian, N. Street, W. Street (1995), UCI Machine Learning Repository, doi:10.24432/C5DW2B'),
];

/** The built-in datasets (toys first, then the shipped tables) for the UI picker. */
export function datasetCatalogue(): CatalogueEntry[] {
  return structuredClone(CATALOGUE) as CatalogueEntry[]; // a copy: callers must not edit the defaults
}

export function catalogueEntry(kind: ToyKind): ToyEntry;
export function catalogueEntry(kind: RealKind): RealEntry;
export function catalogueEntry(kind: ToyKind | RealKind): CatalogueEntry;
export function catalogueEntry(kind: ToyKind | RealKind): CatalogueEntry {
  const entry = CATALOGUE.find((e) => e.kind === kind);
  if (entry === undefined) throw new Error(`no catalogue entry for ${kind}`); // unreachable: the kinds are closed
  return entry;
}
