import { describe, expect, test } from 'vitest';
import type { EpochRow, ReplayFrame } from '../../../app/contract/lab-api.ts';
import { boundaryTraces, curveTraces, etaSeconds, gradientTraces, percentileTraces } from './series.ts';

const p = (p50: number) => ({ p15: p50 - 1, p50, p85: p50 + 1 });

function row(epoch: number, bn: boolean, over: Partial<EpochRow> = {}): EpochRow {
  return {
    runId: 1, epoch, steps: epoch * 10, trainLoss: 1 / epoch, trainAccuracy: 0.5 + epoch / 100, validationLoss: 1.1 / epoch, validationAccuracy: null,
    wallMs: 100, recordedAt: '',
    layers: [
      { layer: 0, gradNorm: { W: epoch, b: bn ? null : 1, gamma: bn ? 1 : null, beta: bn ? 1 : null }, bn: null, percentiles: { z: p(epoch), zNorm: bn ? p(0) : null, zTilde: bn ? p(10 + epoch) : null, a: p(0) } },
      { layer: 1, gradNorm: { W: 2 * epoch, b: 1, gamma: null, beta: null }, bn: null, percentiles: null },
    ],
    ...over,
  };
}

const runs = [{ id: 1, name: 'bn' }, { id: 2, name: 'plain' }];
const epochs = new Map([
  [1, [row(1, true), row(2, true), row(3, true)]],
  [2, [row(1, false), row(2, false, { trainLoss: NaN })]],
]);

describe('chart series', () => {
  test('should overlay training and validation loss per run, leaving out NaN and missing values', () => {
    const traces = curveTraces(runs, epochs, 'loss');
    expect(traces.map((t) => t.name)).toEqual(['bn (train)', 'bn (validation)', 'plain (train)', 'plain (validation)']);
    expect(traces[0]!.x).toEqual([1, 2, 3]);
    expect(traces[2]!.x).toEqual([1]);
    expect(traces[0]!.line?.color).toBe(traces[1]!.line?.color);
    expect(traces[0]!.line?.color).not.toBe(traces[2]!.line?.color);
    expect(curveTraces(runs, epochs, 'accuracy').map((t) => t.name)).toEqual(['bn (train)', 'plain (train)']);
  });

  test('should draw one gradient-norm line per layer and run', () => {
    const traces = gradientTraces(runs, epochs);
    expect(traces.map((t) => t.name)).toEqual(['bn · layer 1', 'bn · output', 'plain · layer 1', 'plain · output']);
    expect(traces[1]!.y).toEqual([2, 4, 6]);
  });

  test('should band the 15th to 85th percentile around the median, up to an epoch, and skip z~ without BN', () => {
    const z = percentileTraces(runs, epochs, 0, 'z', 2);
    expect(z).toHaveLength(6);
    expect(z[0]!.y).toEqual([0, 1]);
    expect(z[1]).toMatchObject({ fill: 'tonexty', y: [2, 3] });
    expect(z[2]).toMatchObject({ name: 'bn (15/50/85th)', y: [1, 2] });
    expect(percentileTraces(runs, epochs, 0, 'zTilde').map((t) => t.name)).toEqual(['bn p15', 'bn p85', 'bn (15/50/85th)']);
  });

  test('should put the data on top of the boundary, probabilities on a fixed 0..1 scale', () => {
    const frame: ReplayFrame = { runId: 1, epoch: 3, layers: [], boundary: { x: [0, 1], y: [0, 1], z: [[0.1, 0.9], [0.2, 0.8]], kind: 'probability' } };
    const traces = boundaryTraces(frame, { x: [0.5], y: [0.5], label: [1] });
    expect(traces.map((t) => t.type)).toEqual(['contour', 'scatter']);
    expect(traces[0]).toMatchObject({ zmin: 0, zmax: 1, z: frame.boundary!.z });
    expect(boundaryTraces({ ...frame, boundary: null }, null)).toEqual([]);
  });

  test('should estimate the time left from recent epochs', () => {
    expect(etaSeconds([], 0, 10)).toBeNull();
    expect(etaSeconds([{ wallMs: 500 }, { wallMs: 1500 }], 2, 10)).toBe(8);
    expect(etaSeconds([{ wallMs: 500 }], 10, 10)).toBeNull();
  });
});
