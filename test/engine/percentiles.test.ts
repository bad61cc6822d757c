// The percentile bands come from selected order statistics, not a full sort; they must be the very
// numbers the sort-based definition (numpy's linear interpolation) gives, bit for bit.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { percentiles } from '../../engine/epoch-stats.ts';
import type { Percentiles } from '../../engine/metrics.ts';

/** The definition: sort a copy as a Float64Array sorts, then interpolate. */
function bySorting(values: readonly number[]) {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => {
    const pos = q * (sorted.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
  };
  return { p15: at(0.15), p50: at(0.5), p85: at(0.85) };
}

const same = (a: Percentiles, b: Percentiles) => (['p15', 'p50', 'p85'] as const).every((k) => Object.is(a[k], b[k]));

describe('percentiles', () => {
  test('should equal the sort-based definition bit for bit, for any values, sizes, ties, signed zeros and NaN', () => {
    const value = fc.oneof(
      { weight: 8, arbitrary: fc.double({ noNaN: true, min: -1e6, max: 1e6 }) },
      { weight: 2, arbitrary: fc.constantFrom(0, -0, 1, -1, 0.5) },
      { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Infinity, -Infinity) },
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 600 }), (values) => {
        const scratch = new Float64Array(2 * values.length + 1);
        return same(percentiles(values, values.length, scratch), bySorting(values));
      }),
      { numRuns: 2000 },
    );
  });

  test('should read only the first `count` values', () => {
    const scratch = new Float64Array(7);
    expect(percentiles([3, 1, 2, 99, 99], 3, scratch)).toEqual(bySorting([3, 1, 2]));
  });

  test('should give the same on sorted and reversed input, where a naive pivot would take quadratic time', () => {
    const n = 65_536;
    const ascending = Array.from({ length: n }, (_, i) => i);
    const scratch = new Float64Array(2 * n + 1);
    expect(percentiles(ascending, n, scratch)).toEqual(bySorting(ascending));
    expect(percentiles(ascending.reverse(), n, scratch)).toEqual(bySorting(ascending));
  });
});
