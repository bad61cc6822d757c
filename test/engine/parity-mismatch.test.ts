// The parity comparison must be able to fail: a passing suite means nothing if a wrong number
// slips through. These tests break the expectation, not the engine, by amounts just above tolerance.
import { expect, test } from 'vitest';
import { compareValues, runFixture } from '../parity/run-fixture.ts';
import { FLOAT64_TOLERANCE } from '../parity/tolerances.ts';
import { publicFixtures } from '../helpers/fixtures.ts';

test('should name dgamma when one expected dgamma entry moves by 1e-8 relative', () => {
  // Arrange: the largest |dgamma| entry of any fixture, so 1e-8 of it is well above 1e-10 absolute.
  const { fixture, layer, index, value } = largestDgamma();
  expect(Math.abs(value)).toBeGreaterThan(0.05);
  const broken = structuredClone(fixture);
  broken.expected.firstBatch!.layers[layer]!.dgamma![index] = value * (1 + 1e-8);

  // Act
  const before = runFixture(fixture, 'float64', FLOAT64_TOLERANCE);
  const after = runFixture(broken, 'float64', FLOAT64_TOLERANCE);

  // Assert
  expect(before).toBeNull();
  expect(after).toMatchObject({ label: `${fixture.name} float64 step 1 layer ${layer} dgamma`, index });
  expect(after!.maxdiff).toBeCloseTo(Math.abs(value) * 1e-8, 15);
});

test('should report a NaN, and a length mismatch, as failures', () => {
  expect(compareValues('nan', [1, NaN], [1, 2], 1e-10)).toMatchObject({ index: 1 });
  expect(compareValues('short', [1], [1, 2], 1e-10)?.message).toBe('short: expected 2 numbers, got 1');
});

test('should scale the tolerance by |expected| above 1 only', () => {
  // 1e-10 · max(1, |e|): 5e-10 off is fine at e = 10 but not at e = 0.1.
  expect(compareValues('big', [10 + 5e-10], [10], 1e-10)).toBeNull();
  expect(compareValues('small', [0.1 + 5e-10], [0.1], 1e-10)).toMatchObject({ label: 'small', index: 0 });
});

function largestDgamma() {
  let best = { fixture: publicFixtures()[0]!.fixture, layer: -1, index: -1, value: 0 };
  for (const { fixture } of publicFixtures()) {
    fixture.expected.firstBatch?.layers.forEach(({ dgamma }, layer) => {
      (dgamma as number[] | null)?.forEach((value, index) => {
        if (Math.abs(value) > Math.abs(best.value)) best = { fixture, layer, index, value };
      });
    });
  }
  return best;
}
