// The sweep's x-axis comes from the design's values, so it is right before any run has a point.
import { expect, test } from 'vitest';
import { sweepXAxis } from '../../../app/contract/sweep.ts';

test('should span learning rates 0.1 to 300 on a log axis with a margin, not Plotly\'s default 0.1 to 1e6', () => {
  const { type, range } = sweepXAxis([0.1, 1, 3, 10, 30, 100, 300]);
  expect(type).toBe('log');
  const span = Math.log10(300) - Math.log10(0.1);
  expect(range[0]).toBeCloseTo(-1 - span / 10, 12);
  expect(range[1]).toBeCloseTo(Math.log10(300) + span / 10, 12);
});

test('should use a linear axis when a value is 0 or the values span less than a factor of 10', () => {
  expect(sweepXAxis([0, 0.001, 0.01])).toEqual({ type: 'linear', range: [-0.001, 0.011] });
  expect(sweepXAxis([32, 64, 128]).type).toBe('linear');
});

test('should give one value a range around it instead of an empty one', () => {
  const { type, range } = sweepXAxis([0.5]);
  expect(type).toBe('linear');
  expect(range[0]).toBeLessThan(0.5);
  expect(range[1]).toBeGreaterThan(0.5);
});
