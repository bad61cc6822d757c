import { expect, test } from 'vitest';
import { sweepTraces } from '../../../app/contract/sweep.ts';

test('should draw each line with ±1 sd error bars and cross the points where seeds fell out', () => {
  const traces = sweepTraces([
    { label: 'BN', points: [{ x: 0.1, mean: 0.2, sd: 0.01, seeds: 5, diverged: 0, notReached: 0 }, { x: 3, mean: 0.3, sd: 0.05, seeds: 5, diverged: 1, notReached: 0 }] },
    { label: 'no BN', points: [{ x: 0.1, mean: 0.25, sd: 0.02, seeds: 5, diverged: 0, notReached: 0 }, { x: 3, mean: null, sd: 0, seeds: 5, diverged: 5, notReached: 0 }] },
  ], 'bestValidationLoss');
  expect(traces.map((t) => t.name)).toEqual(['BN', 'BN: diverged or not reached', 'no BN', 'no BN: diverged or not reached']);
  expect(traces[0]!.error_y).toMatchObject({ array: [0.01, 0.05] });
  expect(traces[1]).toMatchObject({ x: [3], y: [0.3], text: ['1 of 5 seeds diverged'] });
  // No seed left: the cross sits at the top of a loss chart (its worst end), and the line has a gap there.
  expect(traces[3]).toMatchObject({ x: [3], y: [0.3], text: ['5 of 5 seeds diverged'] });
  expect(traces[2]!.y).toEqual([0.25, NaN]);
});

test('should put the cross of a setting with no seed left at the bottom of an accuracy chart, where failure lies', () => {
  const lines = [{ label: 'no BN', points: [{ x: 0.1, mean: 0.97, sd: 0, seeds: 5, diverged: 0, notReached: 0 }, { x: 10, mean: 0.1, sd: 0, seeds: 5, diverged: 0, notReached: 0 }, { x: 300, mean: null, sd: 0, seeds: 5, diverged: 5, notReached: 0 }] }];
  expect(sweepTraces(lines, 'lastValidationAccuracy')[1]).toMatchObject({ x: [300], y: [0.1] });
  expect(sweepTraces(lines, 'epochsToAccuracy')[1]).toMatchObject({ x: [300], y: [0.97] });
});
