// The parity comparison must be able to fail: a passing suite means nothing if a wrong number
// slips through. These tests break the expectation, not the engine, by amounts just above tolerance.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { loadFixtures, type Fixture } from '../parity/fixture.ts';
import { compareValues, runFixture } from '../parity/run-fixture.ts';
import { FLOAT64_TOLERANCE } from '../parity/tolerances.ts';
import { publicFixtures } from '../helpers/fixtures.ts';
import { tempDir } from '../helpers/temp-dir.ts';

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

// Comparing running statistics only where both sides have them would let a fixture that lost
// them pass by comparing nothing; each of these copies must fail, naming the tensor.
test.each([
  {
    broken: 'a BN layer without its running mean after the last step',
    file: 'p01_gd_relu_bn_softmax.json',
    breakIt: (f: Fixture) => void delete (f.expected.steps.at(-1)!.params[0] as Partial<Fixture['params'][number]>).runningMean,
    message: (f: Fixture) => `${f.name} float64 step ${f.expected.steps.at(-1)!.t} layer 0 runningMean: the fixture has none, the engine has a tensor`,
  },
  {
    broken: 'a BN layer whose initial running variance is null',
    file: 'p01_gd_relu_bn_softmax.json',
    breakIt: (f: Fixture) => void (f.params[1]!.runningVar = null),
    message: (f: Fixture) => `${f.name} float64 initial layer 1 runningVar: the fixture has none, the engine has a tensor`,
  },
  {
    broken: 'running statistics for a layer without BN',
    file: 'p06_gd_nobn_relu_softmax.json',
    breakIt: (f: Fixture) => void (f.expected.steps[0]!.params[0]!.runningMean = f.expected.steps[0]!.params[0]!.W.map(() => 0)),
    message: (f: Fixture) => `${f.name} float64 step 1 layer 0 runningMean: the fixture has a tensor, the engine has none`,
  },
])('should fail on a copy of $file with $broken', ({ file, breakIt, message }) => {
  // Arrange: the broken copy is a file of its own, read back the way `npm run parity -- DIR` reads it.
  const original = publicFixtures().find((f) => f.file === file)!.fixture;
  const copy = structuredClone(original);
  breakIt(copy);
  const dir = tempDir();
  writeFileSync(path.join(dir, file), JSON.stringify(copy));
  const [loaded] = loadFixtures(dir);

  // Act
  const before = runFixture(original, 'float64', FLOAT64_TOLERANCE);
  const after = runFixture(loaded!.fixture, 'float64', FLOAT64_TOLERANCE);

  // Assert
  expect(before).toBeNull();
  expect(after?.message).toBe(message(original));
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
