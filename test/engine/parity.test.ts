// Every public parity fixture (FORMAT.md) in both dtypes. Float64 must meet FORMAT.md §10's 1e-10;
// float32 is held to the bounds measured in tolerances.ts, which explains how they were chosen.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runFixture } from '../parity/run-fixture.ts';
import { FLOAT64_TOLERANCE, float32Tolerance } from '../parity/tolerances.ts';
import { PARITY_DIR, publicFixtures } from '../helpers/fixtures.ts';

describe.each(publicFixtures())('parity $file', ({ fixture }) => {
  test('float64 should reproduce every quantity to 1e-10 relative', () => {
    expect(runFixture(fixture, 'float64', FLOAT64_TOLERANCE)?.message ?? null).toBeNull();
  });

  test('float32 should stay within the measured float32 bound', () => {
    expect(runFixture(fixture, 'float32', float32Tolerance(fixture.tags))?.message ?? null).toBeNull();
  });
});

test('should run every fixture that index.json lists', () => {
  // A missing file would otherwise just shrink the table above.
  const index = JSON.parse(readFileSync(join(PARITY_DIR, 'index.json'), 'utf8')) as { fixtures: { file: string }[] };
  expect(publicFixtures().map((f) => f.file)).toEqual(index.fixtures.map((f) => f.file).sort());
});
