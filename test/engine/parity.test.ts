// Every public parity fixture (FORMAT.md) in both dtypes. Float64 must meet FORMAT.md §10's 1e-10;
// float32 is held to the bounds measured in tolerances.ts, which explains how they were chosen.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadWasmKernels } from '../../engine/index.ts';
import { runFixture } from '../parity/run-fixture.ts';
import { FLOAT64_TOLERANCE, float32Tolerance } from '../parity/tolerances.ts';
import { PARITY_DIR, publicFixtures } from '../helpers/fixtures.ts';

beforeAll(loadWasmKernels);

describe.each(publicFixtures())('parity $file', ({ fixture }) => {
  test('float64 should reproduce every quantity to 1e-10 relative', () => {
    expect(runFixture(fixture, 'float64', FLOAT64_TOLERANCE)?.message ?? null).toBeNull();
  });

  test('float32 in WebAssembly should stay within the measured float32 bound', () => {
    expect(runFixture(fixture, 'float32', float32Tolerance(fixture.tags))?.message ?? null).toBeNull();
  });

  test('float32 in TypeScript should stay within the measured float32 bound', () => {
    expect(runFixture(fixture, 'float32', float32Tolerance(fixture.tags), { sized: false })?.message ?? null).toBeNull();
  });
});

test('should run every fixture that index.json lists', () => {
  // A missing file would otherwise just shrink the table above.
  const index = JSON.parse(readFileSync(join(PARITY_DIR, 'index.json'), 'utf8')) as { fixtures: { file: string }[] };
  expect(publicFixtures().map((f) => f.file)).toEqual(index.fixtures.map((f) => f.file).sort());
});
