// Types and loading for the parity fixtures of test/fixtures/parity/FORMAT.md.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

type Vec = number[];
type Mat = number[][];

export interface FixtureParams {
  W: Mat;
  b: Vec | null;
  gamma: Vec | null;
  beta: Vec | null;
  runningMean: Vec | null;
  runningVar: Vec | null;
}

export interface FixtureBatch {
  X: Mat;
  y: Vec | Mat;
}

export type LayerQuantity = 'z' | 'mu' | 'var' | 'zNorm' | 'zTilde' | 'a' | 'dA' | 'dZTilde' | 'dZ' | 'dW' | 'db' | 'dgamma' | 'dbeta';

export interface Fixture {
  formatVersion: number;
  name: string;
  description: string;
  tags: string[];
  network: unknown;
  bn: unknown;
  optimizer: unknown;
  params: FixtureParams[];
  batches: FixtureBatch[];
  evalBatch: FixtureBatch;
  expectError: { step: number; phase: string; reason: string } | null;
  expected: {
    firstBatch: {
      layers: Record<LayerQuantity, Vec | Mat | null>[];
      logits: Mat;
      loss: number;
      dLogits: Mat;
      dX: Mat;
    } | null;
    steps: { t: number; loss: number; params: FixtureParams[] }[];
    eval: { logits: Mat; loss: number };
  };
}

/** Every fixture `*.json` in `dir` except `index.json`, in file-name order. */
export function loadFixtures(dir: string): { file: string; fixture: Fixture }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'index.json')
    .sort()
    .map((file) => ({ file, fixture: JSON.parse(readFileSync(join(dir, file), 'utf8')) as Fixture }));
}

export function flatten(values: Vec | Mat): number[] {
  return (values as (number | number[])[]).flat();
}
