import { describe, expect, test } from 'vitest';
import type { EpochRow, RunSummary } from '../../../app/contract/lab-api.ts';
import { groupCurveTraces } from './group-series.ts';

const summary = (id: number, groupId: number, name: string) => ({ id, groupId, name, experimentName: 'e' }) as RunSummary;
const rows = (runId: number, losses: number[]): EpochRow[] =>
  losses.map((loss, i) => ({ runId, epoch: i + 1, steps: i, trainLoss: 2 * loss, trainAccuracy: null, validationLoss: loss, validationAccuracy: null, layers: [], wallMs: 1, recordedAt: '' }));

const runs = [summary(1, 1, 'BN, seed 1'), summary(2, 1, 'BN, seed 2'), summary(3, 1, 'BN, seed 3'), summary(4, 4, 'no BN')];
const epochs = new Map([[1, rows(1, [3, 1])], [2, rows(2, [5, 2])], [3, rows(3, [4, NaN])], [4, rows(4, [6, 5])]]);

describe('groupCurveTraces', () => {
  test('should draw a group of seeds as its mean in a labelled min–max band, and a run alone as itself', () => {
    const traces = groupCurveTraces(runs, epochs, 'loss', 'range');
    expect(traces.map((t) => t.name ?? '(band edge)')).toEqual(['BN (3 seeds) (train, mean)', '(band edge)', '(band edge)', 'BN (3 seeds) (validation, mean, min–max)', 'no BN (train)', 'no BN (validation)']);
    const [, upper, lower, mean] = traces;
    // Epoch 2: the NaN of seed 3 is left out of the mean and the band.
    expect(mean!.y).toEqual([4, 1.5]);
    expect(upper!.y).toEqual([5, 2]);
    expect(lower!.y).toEqual([3, 1]);
    expect(lower!.fill).toBe('tonexty');
    expect(traces[0]!.y).toEqual([8, 3]);
    expect(traces[5]!.y).toEqual([6, 5]);
  });

  test('should draw ±1 sample sd when asked, and nothing for a metric no run has', () => {
    const [, upper, lower] = groupCurveTraces(runs, epochs, 'loss', 'sd');
    expect(upper!.y[0]).toBeCloseTo(4 + 1, 12);
    expect(lower!.y[1]).toBeCloseTo(1.5 - Math.SQRT1_2, 12);
    expect(groupCurveTraces(runs, epochs, 'accuracy', 'sd')).toEqual([]);
  });
});
