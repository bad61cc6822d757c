import { describe, expect, test } from 'vitest';
import type { EpochRow } from '../../../app/contract/lab-api.ts';
import { bandTraces, batchNormSummary, bnStatsTraces, boundaryAxes, curveTraces, driftiestLayer, epochAxis, etaSeconds, gammaBetaTraces, gradientTraces, percentileTraces, pointTraces, sharedYAxis, type Trace } from './series.ts';

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

  test('should draw one gradient-norm line per run for the chosen layer, in the run\'s colour and dash', () => {
    const traces = gradientTraces([{ id: 1, name: 'bn', color: '#111111', dash: 'solid' }, { id: 2, name: 'plain', color: '#111111', dash: 'dash' }], epochs, 1);
    expect(traces.map((t) => [t.name, t.y, t.line?.dash])).toEqual([['bn', [2, 4, 6], 'solid'], ['plain', [2, 4], 'dash']]);
  });

  test('should draw validation bold and training thin and pale, both in the run\'s dash, with no legend of their own', () => {
    const [train, validation] = curveTraces([{ id: 1, name: 'bn', color: '#111111', dash: 'dash' }], epochs, 'loss');
    expect(train).toMatchObject({ line: { dash: 'dash', width: 1 }, opacity: 0.5, showlegend: false });
    expect(validation).toMatchObject({ line: { dash: 'dash', width: 2.5 }, showlegend: false });
  });

  test('should band the 15th to 85th percentile around the median, up to an epoch, and skip z~ without BN', () => {
    const z = percentileTraces(runs, epochs, 0, 'z', 2);
    expect(z).toHaveLength(6);
    expect(z[0]!.y).toEqual([0, 1]);
    expect(z[1]).toMatchObject({ fill: 'tonexty', y: [2, 3] });
    expect(z[2]).toMatchObject({ name: 'bn (15/50/85th)', y: [1, 2] });
    expect(percentileTraces(runs, epochs, 0, 'zTilde').map((t) => t.name)).toEqual(['bn p15', 'bn p85', 'bn (15/50/85th)']);
  });

  test('should colour each class of the data, and regression targets on a ramp', () => {
    const [classes] = pointTraces({ x: [0, 1, 2], y: [0, 1, 2], label: [0, 1, 2] });
    expect(classes!.marker?.color).toEqual(['#1f4e9c', '#b2182b', '#238b45']);
    const [targets] = pointTraces({ x: [0, 1], y: [0, 1], label: [0.25, -1.5] });
    expect(targets!.marker).toMatchObject({ color: [0.25, -1.5], colorscale: 'Viridis' });
  });

  test('should fit fixed axes of equal scale to exactly the grid the boundary picture was computed on', () => {
    const layout = boundaryAxes([-2, 3], [-1, 4]);
    expect(layout).toMatchObject({ xaxis: { range: [-2, 3], fixedrange: true }, yaxis: { range: [-1, 4], scaleanchor: 'x', fixedrange: true } });
    expect(layout).not.toHaveProperty('images');
  });

  const stats = { layer: 0, gamma: [1, 2], beta: [0.1, -0.1], batchMean: [0.5, -0.5], batchVar: [2, 3], runningMean: [0.4, -0.4], runningVar: [1.8, 2.9] };

  test('should put γ next to β per unit, and never call either a run', () => {
    const traces = gammaBetaTraces(stats, '#123456');
    expect(traces.map((t) => [t.name, t.x, t.y])).toEqual([['BN scale γ', [1, 2], [1, 2]], ['BN shift β', [1, 2], [0.1, -0.1]]]);
  });

  test('should draw batch against running means above and variances below', () => {
    const traces = bnStatsTraces(stats, '#123456');
    expect(traces.map((t) => [t.name, t.yaxis ?? 'y', t.y])).toEqual([
      ['batch (train mode)', 'y', [0.5, -0.5]],
      ['running (eval mode)', 'y', [0.4, -0.4]],
      ['batch variance', 'y2', [2, 3]],
      ['running variance', 'y2', [1.8, 2.9]],
    ]);
  });

  test('should fill z\'s band in the run\'s colour and draw z̃ in orange lines, up to the replayed epoch', () => {
    const traces = bandTraces({ id: 1, name: 'bn' }, epochs.get(1)!, 0, 2, '#1f77b4');
    expect(traces.map((t) => t.name)).toEqual(['z (before BN) p15', 'z (before BN) p85', 'z (before BN) (15/50/85th)', 'z̃ (after BN) p15', 'z̃ (after BN) p85', 'z̃ (after BN) (15/50/85th)']);
    expect(traces[0]!.x).toEqual([1, 2]);
    expect(traces[2]!.line?.color).toBe('#1f77b4');
    expect(traces[5]!.line?.color).toBe('#ff7f0e');
    // z is told from z̃ by fill against dotted bounds and a dashed median, not by colour alone.
    expect(traces[1]).toMatchObject({ fill: 'tonexty', fillcolor: 'rgba(31, 119, 180, 0.18)' });
    expect(traces[4]).not.toHaveProperty('fill');
    expect(traces.slice(3).map((t) => t.line?.dash)).toEqual(['dot', 'dot', 'dash']);
    expect(bandTraces({ id: 2, name: 'plain' }, epochs.get(2)!, 0, 9, '#d62728')).toHaveLength(3);
  });

  test('should tick whole epochs only', () => {
    expect(epochAxis(4)).toMatchObject({ tickformat: 'd', dtick: 1 });
    expect(epochAxis(400)).not.toHaveProperty('dtick');
  });

  test('should estimate the time left from recent epochs', () => {
    expect(etaSeconds([], 0, 10)).toBeNull();
    expect(etaSeconds([{ wallMs: 500 }, { wallMs: 1500 }], 2, 10)).toBe(8);
    expect(etaSeconds([{ wallMs: 500 }], 10, 10)).toBeNull();
  });

  test('should say which layers have batch norm when only some do', () => {
    expect([[true, true], [false, false], [true, false, true], [false, true]].map(batchNormSummary)).toEqual(['yes', 'no', 'layers 1, 3', 'layer 2']);
  });

  test('should give a row of charts one y-range that holds all their values, on a log axis when they span over 20 times', () => {
    const line = (y: number[]): Trace => ({ type: 'scatter', mode: 'lines', x: y.map((_, i) => i + 1), y });
    const linear = sharedYAxis([line([0.7, 0.3, 0.1]), line([0.6, 0.2])], 'auto');
    expect(sharedYAxis([line([0.1, 2.1])], 'auto')).toMatchObject({ type: 'log' });
    expect(linear).not.toHaveProperty('type');
    expect((linear.range as number[])[0]).toBeCloseTo(0.1 - 0.03, 12);
    expect((linear.range as number[])[1]).toBeCloseTo(0.7 + 0.03, 12);
    const log = sharedYAxis([line([0.7, 0.3, 0.1]), line([0.6, 1.5e8, Number.NaN])], 'auto');
    expect(log).toMatchObject({ type: 'log' });
    // Plotly's log ranges are in powers of ten: 0.1 … 1.5e8 with 5 % room each side.
    const span = Math.log10(1.5e8) + 1;
    expect(log.range).toEqual([-1 - 0.05 * span, Math.log10(1.5e8) + 0.05 * span]);
    expect(sharedYAxis([], 'auto')).toEqual({});
  });

  test('should open the bands on the layer whose median drifts most in widths of its first band, else the last', () => {
    const drifting = (epoch: number, shift: number): EpochRow => row(epoch, false, {
      layers: [0, 1].map((layer) => ({ layer, gradNorm: { W: 1, b: 1, gamma: null, beta: null }, bn: null, percentiles: { z: p(layer === 1 ? shift : 0), zNorm: null, zTilde: null, a: p(0) } })),
    });
    const moving = new Map([[7, [drifting(1, 0), drifting(2, 3)]]]);
    expect(driftiestLayer([7], moving, 2)).toBe(1);
    expect(driftiestLayer([7], new Map([[7, [drifting(1, 0)]]]), 3)).toBe(2);
  });
});
