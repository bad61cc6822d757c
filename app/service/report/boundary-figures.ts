// Decision-boundary charts: the model's answer over the input plane at each chosen epoch, with the
// data points on top. Binary tasks show the class-1 probability with its 0.5 contour; more classes
// show the predicted class; regression shows the predicted value.
import type { RunExport } from '../export.ts';
import type { Boundary, RunBoundaries } from './boundaries.ts';
import { plotlyText } from './escape.ts';
import { CLASS_COLORS } from '../../contract/colors.ts';
import { layout, legendNames, shortName, type Figure } from './figure.ts';

const PROBABILITY_SCALE = [[0, '#2166ac'], [0.5, '#f7f7f7'], [1, '#b2182b']];
/** Binary points use the ends of the probability scale, so a point's colour is its class's side. */
const BINARY_POINTS = ['#2166ac', '#b2182b'];

export function boundaryFigures(runs: readonly RunExport[], boundaries: readonly RunBoundaries[]): Figure[] {
  return boundaries.flatMap((b) => {
    const run = runs.find((r) => r.run.id === b.runId);
    if (!run) return [];
    const classes = run.spec.network.output.units;
    const names = (run.dataset as { classes?: unknown } | null)?.classes;
    const classNames = Array.from({ length: classes }, (_, c) => (Array.isArray(names) && names[c] !== undefined ? String(names[c]) : `class ${c}`));
    const positive = Array.isArray(names) && names.length === 2 ? String(names[1]) : 'class 1';
    return b.frames.map(({ epoch, boundary }) => {
      const data = [surface(boundary, classes, positive), ...points(b.points, boundary.kind, classNames)];
      return {
        id: `chart-boundary-run-${b.runId}-epoch-${epoch}`,
        section: 'boundaries' as const,
        title: `${run.run.name}: decision boundary after epoch ${epoch}`,
        data,
        layout: layout(`${plotlyText(shortName(run.run.name))}: epoch ${epoch}`, 'x₁ (standardized)', 'x₂ (standardized)', {
          showlegend: boundary.kind === 'class',
          yaxis: { title: { text: 'x₂ (standardized)' }, scaleanchor: 'x', zeroline: false },
        }, { legend: boundary.kind === 'class' ? legendNames(data) : [], colorbar: boundary.kind !== 'class' }),
      };
    });
  });
}

/** `positive`: the name of class 1, whose probability a binary boundary shows. */
function surface(boundary: Boundary, classes: number, positive: string): Record<string, unknown> {
  const { x, y, z } = boundary;
  if (boundary.kind === 'probability') {
    return { type: 'contour', x, y, z, zmin: 0, zmax: 1, colorscale: PROBABILITY_SCALE, contours: { start: 0, end: 1, size: 0.1 }, line: { width: 0.5 }, colorbar: { title: { text: `P(${plotlyText(positive)})` }, thickness: 12 } };
  }
  if (boundary.kind === 'class') {
    // A step colour scale: class c gets its run colour over [c/k, (c+1)/k) of the scale.
    const scale = Array.from({ length: classes }, (_, c) => [[c / classes, classColor(c)], [(c + 1) / classes, classColor(c)]]).flat();
    return { type: 'heatmap', x, y, z, zmin: -0.5, zmax: classes - 0.5, colorscale: scale, opacity: 0.35, showscale: false };
  }
  return { type: 'heatmap', x, y, z, colorscale: 'Viridis', colorbar: { title: { text: 'prediction' }, thickness: 12 } };
}

/**
 * The data on top of the boundary. With more than two classes each class is its own trace, so the
 * legend says which colour is which class; two classes read off the probability's colour bar.
 */
function points(p: RunBoundaries['points'], kind: Boundary['kind'], classNames: readonly string[]): Record<string, unknown>[] {
  if (kind === 'value') return [{ type: 'scatter', mode: 'markers', x: p.x, y: p.y, marker: { color: p.label, colorscale: 'Viridis', size: 5, line: { color: 'white', width: 0.5 } }, hoverinfo: 'skip', showlegend: false }];
  if (kind === 'probability') return [{ type: 'scatter', mode: 'markers', x: p.x, y: p.y, marker: { color: p.label.map((c) => BINARY_POINTS[c]), size: 5, line: { color: 'white', width: 0.8 } }, hoverinfo: 'skip', showlegend: false }];
  return classNames.map((name, c) => {
    const rows = p.label.flatMap((label, i) => (label === c ? [i] : []));
    return { type: 'scatter', mode: 'markers', name: plotlyText(name), x: rows.map((i) => p.x[i]), y: rows.map((i) => p.y[i]), marker: { color: classColor(c), size: 5, line: { color: 'white', width: 0.8 } }, hoverinfo: 'skip' };
  });
}

function classColor(c: number): string {
  return CLASS_COLORS[c % CLASS_COLORS.length]!;
}
