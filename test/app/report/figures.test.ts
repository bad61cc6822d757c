// The report's charts built from real runs of different depths and tasks.
import { describe, expect, test } from 'vitest';
import { exportRuns } from '../../../app/service/export.ts';
import { runBoundaries } from '../../../app/service/report/boundaries.ts';
import { boundaryFigures } from '../../../app/service/report/boundary-figures.ts';
import { layout, legendRows } from '../../../app/service/report/figure.ts';
import { gradientFigures, percentileFigures } from '../../../app/service/report/metric-figures.ts';
import { experiment, moonsRun } from '../../helpers/experiments.ts';
import { HOSTILE_NAME, newLab, trainedComparison } from './trained-lab.ts';

describe('report figures', () => {
  test('should meet runs of different depths at the layers that play the same part, and name every class', async () => {
    // Arrange: two hidden layers on moons, one on three blobs.
    const lab = newLab();
    const blobs = { ...moonsRun('blobs', { epochs: 2 }), dataset: { kind: 'blobs', clusters: 3, samples: 300, seed: 2 }, network: { layers: [{ units: 8, activation: 'tanh', batchNorm: true }] } };
    const { runIds } = lab.createExperiment(experiment('depths', [moonsRun('moons', { epochs: 2 }), blobs]));
    for (const id of runIds) lab.start(id);
    await Promise.all(runIds.map((id) => lab.waitFor(id)));
    const { runs } = await exportRuns(lab, runIds, '1.0.0');

    // Act
    const gradients = gradientFigures(runs);
    const [boundary] = boundaryFigures(runs, [(await runBoundaries(lab, runIds[1]!, { epochs: [] }))!]);

    // Assert
    expect(gradients.map((f) => f.title)).toEqual(['Gradient norms, hidden 1 layer', 'Gradient norms, hidden 2 layer', 'Gradient norms, output layer']);
    const names = (i: number) => gradients[i]!.data.map((t) => t.name);
    expect(names(1)).toEqual(['moons: ‖∇W‖', 'moons: ‖∇ BN scale γ‖', 'moons: ‖∇ BN shift β‖']);
    expect(names(2)).toEqual(['moons: ‖∇W‖', 'moons: ‖∇b‖', 'blobs: ‖∇W‖', 'blobs: ‖∇b‖']);
    const classes = boundary!.data.slice(1);
    expect(classes.map((t) => t.name)).toEqual(['cluster 1', 'cluster 2', 'cluster 3']);
    expect(classes.reduce((n, t) => n + (t.x as number[]).length, 0)).toBe(300);
    expect(boundary!.layout.showlegend).toBe(true);
  });

  test('should grow a chart for a long legend instead of squeezing its plot', () => {
    const few = layout('t', 'x', 'y', {}, { legend: names(4) });
    const many = layout('t', 'x', 'y', {}, { legend: names(40) });
    const plot = (l: Record<string, unknown>) => (l.height as number) - (l.margin as { t: number; b: number }).t - (l.margin as { t: number; b: number }).b;
    expect(many.height as number).toBeGreaterThan((few.height as number) + 300);
    expect(plot(many)).toBe(plot(few));
  });

  test('should leave the tick labels of every axis unmeasured and keep the axis settings a chart gives', () => {
    const own = layout('t', 'x', 'y', { yaxis: { title: { text: 'loss' }, type: 'log' } });
    expect(own.xaxis).toEqual({ title: { text: 'x' }, zeroline: false, ticklabeloverflow: 'allow' });
    expect(own.yaxis).toEqual({ title: { text: 'loss' }, type: 'log', ticklabeloverflow: 'allow' });
  });

  test('should give a legend entry too long to share a row a row of its own', () => {
    expect(legendRows(['adam + BN (train)', 'adam + BN (validation)', 'adam, no BN (train)', 'adam, no BN (validation)'])).toBe(2);
    expect(legendRows([`${HOSTILE_NAME} (train)`, `${HOSTILE_NAME} (validation)`, 'bn (train)'])).toBe(3);
    expect(legendRows([])).toBe(0);
  });

  test('should put each hidden layer in a row of bands on one y-scale that holds them all', async () => {
    // Arrange: BN and no BN on moons, two hidden layers each.
    const { lab, runIds } = await trainedComparison(3);
    const { runs } = await exportRuns(lab, runIds, '1.0.0');

    // Act
    const figures = percentileFigures(runs);

    // Assert: layer-major order; a row's ranges are equal and hold every p15 and p85 of z and z̃.
    expect(figures.map((f) => f.id)).toEqual([0, 1].flatMap((layer) => runIds.map((id) => `chart-percentiles-run-${id}-layer-${layer}`)));
    for (const layer of [0, 1]) {
      const row = figures.filter((f) => f.id.endsWith(`layer-${layer}`));
      const ranges = row.map((f) => (f.layout.yaxis as { range: [number, number] }).range);
      expect(ranges[1]).toEqual(ranges[0]);
      const [low, high] = ranges[0]!;
      const bounds = runs.flatMap((r) => r.epochs.flatMap((e) => {
        const p = e.layers[layer]!.percentiles!;
        return [p.z, p.zTilde].flatMap((q) => (q ? [q.p15, q.p85] : []));
      }));
      expect(Math.min(...bounds)).toBeGreaterThan(low);
      expect(Math.max(...bounds)).toBeLessThan(high);
    }
    // z is filled, z̃ is not: the BN run's chart tells them apart by more than colour.
    const withBn = figures[0]!.data;
    expect(withBn.filter((t) => t.fill === 'tonexty')).toHaveLength(1);
    expect(withBn.filter((t) => (t.line as { dash?: string }).dash === 'dash')).toHaveLength(1);
  });
});

function names(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `run ${i} (validation)`);
}
