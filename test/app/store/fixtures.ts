// Store tests run on real files in a fresh temporary folder, removed after each test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from 'vitest';
import type { EpochMetrics, ModelSpec } from '../../../engine/index.ts';
import { openDb, type WritableDB } from '../../../app/store/db.ts';
import { createDatasetsRepo } from '../../../app/store/datasets.ts';
import { createExperimentsRepo } from '../../../app/store/experiments.ts';
import { createRunsRepo, type NewRun } from '../../../app/store/runs.ts';

export const test = base.extend<{ dir: string; dbPath: string; db: WritableDB }>({
  // eslint-disable-next-line no-empty-pattern -- vitest reads fixture dependencies from this pattern
  dir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'bnlab-store-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  dbPath: async ({ dir }, use) => {
    await use(join(dir, 'lab.db'));
  },
  db: async ({ dbPath }, use) => {
    const db = openDb(dbPath);
    await use(db);
    db.close();
  },
});

export function adamSpec(): ModelSpec {
  return {
    network: { inputSize: 2, layers: [{ units: 3, activation: 'relu', batchNorm: true }], output: { units: 2, loss: 'softmax_ce' } },
    bn: { eps: 1e-5, momentum: 0.1 },
    optimizer: { kind: 'adam', lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 },
    dtype: 'float64',
  };
}

/** An experiment, a dataset and a run in it: the minimum that metrics and checkpoints hang on. */
export function seedRun(db: WritableDB, overrides: Partial<NewRun> = {}) {
  const experiment = createExperimentsRepo(db).create('BN vs no BN');
  const dataset = createDatasetsRepo(db).create({
    name: 'two moons',
    description: { kind: 'moons', n: 200, noise: 0.1, seed: 7 },
    standardization: { mean: [0.5, 0.25], std: [0.87, 0.5] },
  });
  const run = createRunsRepo(db).create({
    experimentId: experiment.id,
    datasetId: dataset.id,
    name: 'adam-bn',
    spec: adamSpec(),
    epochsTotal: 10,
    ...overrides,
  });
  return { experiment, dataset, run };
}

/** One hidden BN layer and the output layer, as the trainer reports them. */
export function epochMetrics(epoch: number, trainLoss = 1 / epoch): EpochMetrics {
  const p = (x: number) => ({ p15: x - 1, p50: x, p85: x + 1 });
  return {
    epoch,
    steps: epoch * 4,
    trainLoss,
    trainAccuracy: 0.5 + epoch / 100,
    validationLoss: 1.5 / epoch,
    validationAccuracy: 0.4 + epoch / 100,
    layers: [
      {
        layer: 0,
        gradNorm: { W: 0.25 * epoch, b: null, gamma: 0.125, beta: 0.0625 },
        bn: { batchMean: [0.1, -0.2, 0.3], batchVar: [1.1, 0.9, 1.0] },
        percentiles: { z: p(0), zNorm: p(0.1), zTilde: p(0.2), a: p(0.3) },
      },
      { layer: 1, gradNorm: { W: 0.5, b: 0.05, gamma: null, beta: null }, bn: null, percentiles: null },
    ],
  };
}

export function countRows(db: WritableDB, table: 'runs' | 'epoch_metrics' | 'checkpoints' | 'experiments'): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}
