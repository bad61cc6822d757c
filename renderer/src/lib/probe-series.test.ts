import { describe, expect, test } from 'vitest';
import type { ProbePoint } from '../../../app/contract/lab-api.ts';
import { probeTraces } from './probe-series.ts';

const point = (epoch: number, lossAlong: number[], betaSmoothness: number): ProbePoint => ({
  epoch, stepSizes: [0.1, 0.2, 0.4], loss: 1, gradientNorm: 1, lossAlong, gradientChange: lossAlong.map((l) => l / 10), betaSmoothness,
});

describe('probeTraces', () => {
  const runs = [{ id: 1, name: 'BN', color: '#1f77b4' }, { id: 2, name: 'no BN', color: '#ff7f0e' }];
  const probes = new Map([[1, [point(0, [2, 1, 3], 5), point(2, [0.5, 0.4, 0.6], 1.5)]]]);

  test('should band each run from the minimum to the maximum over the step sizes, per checkpoint', () => {
    const [low, high] = probeTraces(runs, probes, 'lossAlong');
    expect([low!.x, low!.y, high!.y]).toEqual([[0, 2], [1, 0.4], [3, 0.6]]);
    expect(high).toMatchObject({ fill: 'tonexty', name: 'BN (min–max over η)', legendgroup: '1' });
    expect(probeTraces(runs, probes, 'gradientChange')[1]!.y).toEqual([0.3, 0.06]);
  });

  test('should draw β-smoothness as one line, and nothing for a run not probed', () => {
    const traces = probeTraces(runs, probes, 'betaSmoothness');
    expect(traces).toHaveLength(1);
    expect(traces[0]).toMatchObject({ name: 'BN', x: [0, 2], y: [5, 1.5] });
  });
});
