// Charts of the per-epoch metrics: loss and accuracy of every run overlaid, gradient norms per layer,
// and the 15th/50th/85th percentile bands of each hidden layer's z and z̃ (Ioffe & Szegedy's Figure 1).
import type { LayerEpochStats, Percentiles } from '../../../engine/index.ts';
import type { RunExport } from '../export.ts';
import { plotlyText } from './escape.ts';
import { layout, legendNames, LOG_AXIS, runColor, shortName, type Figure } from './figure.ts';
import { groupRuns, hasRepeats, seedBand, SPREAD_NAMES, type Band, type Spread } from '../../contract/run-groups.ts';
import { translucent } from '../../contract/colors.ts';

type Epoch = RunExport['epochs'][number];

export function curveFigures(runs: readonly RunExport[]): Figure[] {
  const groups = groupRuns(runs.map((r) => ({ ...r.run, export: r })));
  const repeated = hasRepeats(groups);
  // A group of seeds is one mean curve with its band (validation) and its mean (training).
  const lines = (train: (e: Epoch) => number | null, validation: (e: Epoch) => number | null) => groups.flatMap((group, i) => {
    const color = runColor(i);
    if (group.runs.length === 1) {
      const { export: run } = group.runs[0]!;
      return [runLine(run.run.name, run, color, 'train', train), runLine(run.run.name, run, color, 'validation', validation)];
    }
    const seriesOf = (value: (e: Epoch) => number | null) => group.runs.map(({ export: run }) => run.epochs.map((e) => ({ epoch: e.epoch, value: value(e) })));
    const name = `${plotlyText(group.label)} (${group.runs.length} seeds)`;
    const trainBand = seedBand(seriesOf(train), SPREAD);
    return [
      { type: 'scatter', mode: 'lines', name: `${name} (train, mean)`, x: trainBand.epoch, y: trainBand.mean, line: { color, dash: 'dot' } },
      ...bandTraces(seedBand(seriesOf(validation), SPREAD), color, `${name} (validation)`),
    ];
  });
  const losses = lines((e) => e.trainLoss, (e) => e.validationLoss);
  const positive = losses.every((t) => (t.y as (number | null)[]).every((v) => v === null || !Number.isFinite(v) || v > 0));
  const spreadNote = repeated ? `; groups of seeds: ${SPREAD_NAMES[SPREAD]}` : '';
  const figures: Figure[] = [{
    id: 'chart-loss',
    section: 'curves',
    title: `Loss per epoch: training (dotted) and validation (solid)${spreadNote}`,
    data: losses,
    layout: layout('Loss (dotted: training, solid: validation)', 'epoch', positive ? 'loss (log scale)' : 'loss', { yaxis: { title: { text: positive ? 'loss (log scale)' : 'loss' }, ...(positive ? LOG_AXIS : {}) } }, { legend: legendNames(losses) }),
  }];
  if (runs.some((run) => run.epochs.some((e) => e.trainAccuracy !== null))) {
    const data = lines((e) => e.trainAccuracy, (e) => e.validationAccuracy);
    figures.push({
      id: 'chart-accuracy',
      section: 'curves',
      title: `Accuracy per epoch: training (dotted) and validation (solid)${spreadNote}`,
      data,
      layout: layout('Accuracy (dotted: training, solid: validation)', 'epoch', 'accuracy', { yaxis: { title: { text: 'accuracy' }, rangemode: 'tozero' } }, { legend: legendNames(data) }),
    });
  }
  return figures;
}

/** The report's band around a group's mean. */
const SPREAD: Spread = 'sd';

function runLine(name: string, run: RunExport, color: string, split: 'train' | 'validation', value: (e: Epoch) => number | null): Record<string, unknown> {
  return {
    type: 'scatter',
    mode: 'lines',
    name: `${plotlyText(name)} (${split})`,
    x: run.epochs.map((e) => e.epoch),
    y: run.epochs.map(value),
    line: { color, dash: split === 'train' ? 'dot' : 'solid' },
  };
}

/** The band (upper edge, then lower edge filled up to it) and the mean line over it, one legend entry. */
function bandTraces(band: Band, color: string, name: string): Record<string, unknown>[] {
  return [
    { type: 'scatter', mode: 'lines', x: band.epoch, y: band.upper, line: { width: 0 }, hoverinfo: 'skip', showlegend: false, legendgroup: name },
    { type: 'scatter', mode: 'lines', x: band.epoch, y: band.lower, line: { width: 0 }, fill: 'tonexty', fillcolor: translucent(color), hoverinfo: 'skip', showlegend: false, legendgroup: name },
    { type: 'scatter', mode: 'lines', x: band.epoch, y: band.mean, line: { color, dash: 'solid' }, name: `${name}, ${SPREAD_NAMES[SPREAD]}`, legendgroup: name },
  ];
}

const GRADIENTS: { key: keyof LayerEpochStats['gradNorm']; label: string; dash: string }[] = [
  { key: 'W', label: '‖∇W‖', dash: 'solid' },
  { key: 'b', label: '‖∇b‖', dash: 'dashdot' },
  { key: 'gamma', label: '‖∇ BN scale γ‖', dash: 'dot' },
  { key: 'beta', label: '‖∇ BN shift β‖', dash: 'dash' },
];

/**
 * One chart per hidden layer (hidden 1 of every run that has one, …) and one for the output layers:
 * runs of different depths meet at the layers that play the same part.
 */
export function gradientFigures(runs: readonly RunExport[]): Figure[] {
  const deepest = Math.max(0, ...runs.map((r) => r.spec.network.layers.length));
  const hiddenOf = (run: RunExport) => run.spec.network.layers.length;
  const charts = [
    ...Array.from({ length: deepest }, (_, hidden) => ({ name: `hidden ${hidden + 1}`, id: String(hidden), layerOf: (run: RunExport) => (hidden < hiddenOf(run) ? hidden : null) })),
    { name: 'output', id: 'output', layerOf: hiddenOf },
  ];
  return charts.map(({ name, id, layerOf }) => {
    const data = runs.flatMap((run, i) => {
      const layer = layerOf(run);
      if (layer === null) return [];
      const stats = run.epochs.map((e) => e.layers.find((s) => s.layer === layer));
      return GRADIENTS.filter(({ key }) => stats.some((s) => s && s.gradNorm[key] !== null)).map(({ key, label, dash }) => ({
        type: 'scatter',
        mode: 'lines',
        name: `${plotlyText(run.run.name)}: ${label}`,
        x: run.epochs.map((e) => e.epoch),
        y: stats.map((s) => s?.gradNorm[key] ?? null),
        line: { color: runColor(i), dash },
      }));
    });
    return {
      id: `chart-gradients-layer-${id}`,
      section: 'gradients' as const,
      title: `Gradient norms, ${name} layer`,
      data,
      layout: layout(`Gradient norms: ${name} layer`, 'epoch', 'L2 norm (log scale, epoch mean)', { yaxis: { title: { text: 'L2 norm (log scale)' }, ...LOG_AXIS } }, { legend: legendNames(data) }),
    };
  }).filter((figure) => figure.data.length > 0);
}

/**
 * z is a filled band in blue; z̃ (after BN) is drawn with lines only, dashed bounds and a dashed
 * median, in orange: where the two overlap they are told apart by fill and dash, not by a mixed colour.
 */
const BANDS = { z: { color: '31,119,180', dash: 'solid', fill: true }, zTilde: { color: '255,127,14', dash: 'dash', fill: false } } as const;

/**
 * Per hidden layer a row of charts, one per run that has the layer: the 15–85% band and median of
 * z, and of z̃ where the layer has BN. A row shares its y-range, so the spread with BN and without
 * can be compared by eye.
 */
export function percentileFigures(runs: readonly RunExport[]): Figure[] {
  const deepest = Math.max(0, ...runs.map((r) => r.spec.network.layers.length));
  return Array.from({ length: deepest }, (_, layer) => {
    const inRow = runs.filter((run) => layer < run.spec.network.layers.length);
    const of = (run: RunExport, key: 'z' | 'zTilde') => run.epochs.map((e) => e.layers.find((s) => s.layer === layer)?.percentiles?.[key] ?? null);
    const range = sharedRange(inRow.flatMap((run) => [...of(run, 'z'), ...of(run, 'zTilde')]));
    // Every chart of a row keeps room for two legend rows, so their plots line up.
    const legendRows = inRow.some((run) => run.spec.network.layers[layer]!.batchNorm) ? 2 : 1;
    return inRow.map((run): Figure => {
      const bn = run.spec.network.layers[layer]!.batchNorm;
      const x = run.epochs.map((e) => e.epoch);
      const data = band(x, of(run, 'z'), BANDS.z, bn ? 'z (before BN)' : 'z (pre-activation)');
      if (bn) data.push(...band(x, of(run, 'zTilde'), BANDS.zTilde, 'z̃ = γ·ẑ + β (after BN)'));
      return {
        id: `chart-percentiles-run-${run.run.id}-layer-${layer}`,
        section: 'percentiles',
        row: `layer-${layer}`,
        title: `${run.run.name}: percentiles of ${bn ? 'z and z̃' : 'z'}, hidden layer ${layer + 1}`,
        data,
        layout: layout(`${plotlyText(shortName(run.run.name))}: hidden ${layer + 1}${bn ? ' (BN)' : ''}`, 'epoch', 'value (15th, 50th, 85th percentile)', range ? { yaxis: { title: { text: 'value (15th, 50th, 85th percentile)' }, range } } : {}, { legendRows }),
      };
    });
  }).flat();
}

/** The y-range that holds every band of a row, with a little room above and below. */
export function sharedRange(values: readonly (Percentiles | null)[]): [number, number] | null {
  const finite = values.flatMap((v) => (v ? [v.p15, v.p85] : [])).filter(Number.isFinite);
  if (finite.length === 0) return null;
  const low = Math.min(...finite);
  const high = Math.max(...finite);
  const pad = 0.05 * (high - low || 1);
  return [low - pad, high + pad];
}

/** One legend entry per quantity: the band's bounds and its median toggle together. */
function band(x: number[], values: (Percentiles | null)[], style: (typeof BANDS)[keyof typeof BANDS], name: string): Record<string, unknown>[] {
  const pick = (p: keyof Percentiles) => values.map((v) => v?.[p] ?? null);
  const color = `rgb(${style.color})`;
  const bound = style.fill ? { width: 0 } : { color, width: 1, dash: 'dot' };
  return [
    { type: 'scatter', mode: 'lines', x, y: pick('p85'), line: bound, hoverinfo: 'skip', showlegend: false, legendgroup: name },
    { type: 'scatter', mode: 'lines', x, y: pick('p15'), line: bound, ...(style.fill ? { fill: 'tonexty', fillcolor: `rgba(${style.color},0.25)` } : {}), hoverinfo: 'skip', showlegend: false, legendgroup: name },
    { type: 'scatter', mode: 'lines', x, y: pick('p50'), line: { color, width: 2, dash: style.dash }, name: `${name}: median, ${style.fill ? 'band' : 'dotted lines'} 15–85%`, legendgroup: name },
  ];
}
