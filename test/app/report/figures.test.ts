// The report's charts built from real runs of different depths and tasks.
import { describe, expect, test } from 'vitest';
import { exportRuns } from '../../../app/service/export.ts';
import { runBoundaries } from '../../../app/service/report/boundaries.ts';
import { boundaryFigures } from '../../../app/service/report/boundary-figures.ts';
import { layout } from '../../../app/service/report/figure.ts';
import { gradientFigures } from '../../../app/service/report/metric-figures.ts';
import { experiment, moonsRun } from '../../helpers/experiments.ts';
import { newLab } from './trained-lab.ts';

describe('report figures', () => {
  test('should meet runs of different depths at the layers that play the same part, and name every class', async () => {
    // Arrange: two hidden layers on moons, one on three blobs.
    const lab = newLab();
    const blobs = { ...moonsRun('blobs', { epochs: 2 }), dataset: { kind: 'blobs', clusters: 3, samples: 300, seed: 2 }, network: { layers: [{ units: 8, activation: 'tanh', batchNorm: true }] } };
    const { runIds } = lab.createExperiment(experiment('depths', [moonsRun('moons', { epochs: 2 }), blobs]));
    for (const id of runIds) lab.start(id);
    await Promise.all(runIds.map((id) => lab.waitFor(id)));
    const { runs } = exportRuns(lab, runIds, '1.0.0');

    // Act
    const gradients = gradientFigures(runs);
    const [boundary] = boundaryFigures(runs, [runBoundaries(lab, runIds[1]!, { epochs: [] })!]);

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
    const few = layout('t', 'x', 'y', {}, 4);
    const many = layout('t', 'x', 'y', {}, 40);
    const plot = (l: Record<string, unknown>) => (l.height as number) - (l.margin as { t: number; b: number }).t - (l.margin as { t: number; b: number }).b;
    expect(many.height as number).toBeGreaterThan((few.height as number) + 300);
    expect(plot(many)).toBe(plot(few));
  });
});
