// Chart series from stored metrics: pure functions from runs and their epochs to Plotly traces, so
// what each chart shows is unit-tested without a browser.
import { CLASS_COLORS, runColor } from '../../../app/contract/colors.ts';
import type { DatasetPreview, EpochRow, ReplayFrame } from '../../../app/contract/lab-api.ts';
import type { Percentiles } from '../../../engine/metrics.ts';
import type { Dash } from './run-groups.ts';

export interface RunRef {
  id: number;
  name: string;
  /** The run's colour in every chart; by default its place in the list picks one. */
  color?: string;
  /** Its line's dash (run-groups.ts: solid with BN, dashed without); solid by default. */
  dash?: Dash;
}

export interface Trace {
  type: 'scatter' | 'heatmap' | 'contour' | 'bar';
  mode?: 'lines' | 'markers' | 'lines+markers';
  name?: string;
  x: number[];
  y: number[];
  z?: number[][];
  line?: { color?: string; dash?: Dash; width?: number };
  opacity?: number;
  marker?: { color?: string | number[] | string[]; size?: number; symbol?: string; colorscale?: string; line?: { width: number; color: string } };
  fill?: 'tonexty' | 'none';
  fillcolor?: string;
  legendgroup?: string;
  showlegend?: boolean;
  hovertemplate?: string;
  [key: string]: unknown;
}

/** Reserved for z̃ and for the second quantity of a chart, so it never means a run. */
const Z_TILDE = '#ff7f0e';
const NEUTRAL = '#8a8d96';

export { runColor };

/**
 * Training (thin and pale) and validation (bold) curves of every run, in the run's colour and dash;
 * nulls (no validation, mse accuracy) are left out. The page has one legend for all charts.
 */
export function curveTraces(runs: readonly RunRef[], epochs: ReadonlyMap<number, readonly EpochRow[]>, metric: 'loss' | 'accuracy'): Trace[] {
  return runs.flatMap((run, i) => {
    const rows = epochs.get(run.id) ?? [];
    const pick = (key: 'trainLoss' | 'validationLoss' | 'trainAccuracy' | 'validationAccuracy') => {
      const kept = rows.filter((r) => r[key] !== null && Number.isFinite(r[key]));
      return { x: kept.map((r) => r.epoch), y: kept.map((r) => r[key] as number) };
    };
    const train = pick(metric === 'loss' ? 'trainLoss' : 'trainAccuracy');
    const validation = pick(metric === 'loss' ? 'validationLoss' : 'validationAccuracy');
    const color = run.color ?? runColor(i);
    const traces: Trace[] = [];
    const dash = run.dash ?? 'solid';
    if (train.x.length > 0) traces.push({ type: 'scatter', mode: 'lines', name: `${run.name} (train)`, ...train, line: { color, dash, width: 1 }, opacity: 0.5, showlegend: false });
    if (validation.x.length > 0) traces.push({ type: 'scatter', mode: 'lines', name: `${run.name} (validation)`, ...validation, line: { color, dash, width: 2.5 }, showlegend: false });
    return traces;
  });
}

/** ‖∇W‖ of one layer per run (mean over the epoch's steps), in the run's colour and dash. */
export function gradientTraces(runs: readonly RunRef[], epochs: ReadonlyMap<number, readonly EpochRow[]>, layer: number): Trace[] {
  return runs.map((run, i): Trace => {
    const rows = epochs.get(run.id) ?? [];
    return {
      type: 'scatter',
      mode: 'lines',
      name: run.name,
      x: rows.map((r) => r.epoch),
      y: rows.map((r) => r.layers[layer]?.gradNorm.W ?? NaN),
      line: { color: run.color ?? runColor(i), dash: run.dash ?? 'solid', width: 2 },
      showlegend: false,
    };
  });
}

export type PercentileQuantity = 'z' | 'zTilde';

/**
 * The 15th, 50th and 85th percentiles of one hidden layer's z (before BN) or z~ (after), per epoch:
 * Ioffe & Szegedy's Figure 1. As a `band` the space between p15 and p85 is filled; as `lines` p15
 * and p85 are dotted and the median dashed, so a band drawn over another stays readable by its
 * lines, not only by its colour. A run without BN has no z~.
 */
export function percentileTraces(runs: readonly RunRef[], epochs: ReadonlyMap<number, readonly EpochRow[]>, layer: number, quantity: PercentileQuantity, upToEpoch = Infinity, style: 'band' | 'lines' = 'band'): Trace[] {
  return runs.flatMap((run, i) => {
    const rows = (epochs.get(run.id) ?? []).filter((r) => r.epoch <= upToEpoch);
    const points = rows.flatMap((r) => {
      const p = r.layers[layer]?.percentiles;
      const value: Percentiles | null | undefined = quantity === 'z' ? p?.z : p?.zTilde;
      return value ? [{ epoch: r.epoch, ...value }] : [];
    });
    if (points.length === 0) return [];
    const color = run.color ?? runColor(i);
    const x = points.map((p) => p.epoch);
    const group = { legendgroup: String(run.id) };
    const bound = style === 'band' ? { line: { color, width: 0.5 } } : { line: { color, width: 1.5, dash: 'dot' as const } };
    return [
      { type: 'scatter', mode: 'lines', name: `${run.name} p15`, x, y: points.map((p) => p.p15), ...bound, showlegend: false, ...group },
      { type: 'scatter', mode: 'lines', name: `${run.name} p85`, x, y: points.map((p) => p.p85), ...bound, ...(style === 'band' ? { fill: 'tonexty', fillcolor: translucent(color) } : {}), showlegend: false, ...group },
      { type: 'scatter', mode: 'lines', name: `${run.name} (15/50/85th)`, x, y: points.map((p) => p.p50), line: { color, width: 2, dash: style === 'band' ? 'solid' : 'dash' }, ...group },
    ] satisfies Trace[];
  });
}

/** Point colours per class, strong versions of the region tints in replay/boundary-image.ts. */

/** The data as a scatter: classes in their colours, regression targets on a colour ramp. */
export function pointTraces(points: NonNullable<DatasetPreview['points']>): Trace[] {
  const classes = points.label.every((l) => Number.isInteger(l) && l >= 0 && l < CLASS_COLORS.length);
  return [{
    type: 'scatter',
    mode: 'markers',
    name: 'data',
    x: points.x,
    y: points.y,
    marker: classes
      ? { color: points.label.map((l) => CLASS_COLORS[l]!), size: 4, line: { width: 0.5, color: '#fff' } }
      : { color: points.label, colorscale: 'Viridis', size: 4, line: { width: 0.5, color: '#fff' } },
    showlegend: false,
    hovertemplate: classes ? 'x₁ %{x:.2f}<br>x₂ %{y:.2f}<extra></extra>' : 'x₁ %{x:.2f}<br>x₂ %{y:.2f}<br>y %{marker.color:.3f}<extra></extra>',
  }];
}

/** Axes fitted to the boundary's square, equal in scale and fixed (the picture under them does not zoom). */
export function boundaryAxes([x0, x1]: [number, number], [y0, y1]: [number, number]): Record<string, unknown> {
  return {
    xaxis: { range: [x0, x1], constrain: 'domain', showgrid: false, zeroline: false, fixedrange: true },
    yaxis: { range: [y0, y1], scaleanchor: 'x', constrain: 'domain', showgrid: false, zeroline: false, fixedrange: true },
    margin: { l: 50, r: 20, t: 40, b: 40 },
  };
}

/** One hidden layer's BN tensors in a replay frame. */
export type FrameLayer = ReplayFrame['layers'][number];

/** γ (the run's colour) and β (grey) of every unit of one BN layer, side by side. */
export function gammaBetaTraces(stats: FrameLayer, color: string): Trace[] {
  const units = stats.gamma.map((_, u) => u + 1);
  return [
    { type: 'bar', name: 'BN scale γ', x: units, y: stats.gamma, marker: { color } },
    { type: 'bar', name: 'BN shift β', x: units, y: stats.beta, marker: { color: NEUTRAL } },
  ];
}

/**
 * Per unit, the mean and variance BN normalized with in train mode (the epoch's last batch) next to
 * the running averages it uses in eval mode: means in the upper plot, variances in the lower.
 */
export function bnStatsTraces(stats: FrameLayer, color: string): Trace[] {
  const units = stats.batchMean.map((_, u) => u + 1);
  const lower = { xaxis: 'x2', yaxis: 'y2' };
  return [
    { type: 'bar', name: 'batch (train mode)', x: units, y: stats.batchMean, marker: { color }, legendgroup: 'batch' },
    { type: 'bar', name: 'running (eval mode)', x: units, y: stats.runningMean, marker: { color: NEUTRAL }, legendgroup: 'running' },
    { type: 'bar', name: 'batch variance', x: units, y: stats.batchVar, marker: { color }, legendgroup: 'batch', showlegend: false, ...lower },
    { type: 'bar', name: 'running variance', x: units, y: stats.runningVar, marker: { color: NEUTRAL }, legendgroup: 'running', showlegend: false, ...lower },
  ];
}

/** The layout that goes with bnStatsTraces: two stacked plots sharing the unit axis. */
export function bnStatsLayout(): Record<string, unknown> {
  return {
    grid: { rows: 2, columns: 1, pattern: 'independent', roworder: 'top to bottom' },
    barmode: 'group',
    yaxis: { title: { text: 'mean' } },
    yaxis2: { title: { text: 'variance' }, rangemode: 'tozero' },
    xaxis2: { title: { text: 'unit' } },
  };
}

/**
 * One run's z as a filled band (its colour) and, with BN, its z̃ as lines (orange) up to an epoch:
 * Figure 1 as it grows. Fill against lines tells them apart where they overlap.
 */
export function bandTraces(run: RunRef, rows: readonly EpochRow[], layer: number, upToEpoch: number, color: string): Trace[] {
  const epochs = new Map([[run.id, rows]]);
  const z = percentileTraces([{ id: run.id, name: 'z (before BN)', color }], epochs, layer, 'z', upToEpoch);
  const zTilde = percentileTraces([{ id: run.id, name: 'z̃ (after BN)', color: Z_TILDE }], epochs, layer, 'zTilde', upToEpoch, 'lines');
  return [...z, ...zTilde];
}

/** An epoch axis: whole epochs only, starting at 0. */
export function epochAxis(maxEpoch: number, title = 'epoch'): Record<string, unknown> {
  return { title: { text: title }, rangemode: 'tozero', tickformat: 'd', ...(maxEpoch <= 10 ? { dtick: 1 } : {}) };
}

/** Seconds left, from the wall time of the epochs so far; null before there is any. */
export function etaSeconds(rows: readonly Pick<EpochRow, 'wallMs'>[], epochsDone: number, epochsTotal: number): number | null {
  if (rows.length === 0 || epochsDone >= epochsTotal) return null;
  const recent = rows.slice(-10);
  const mean = recent.reduce((sum, r) => sum + r.wallMs, 0) / recent.length;
  return Math.ceil((mean * (epochsTotal - epochsDone)) / 1000);
}

export function translucent(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, 0.18)`;
}

/** Which hidden layers have batch norm, as a table cell says it: yes, no, or the layers when only some do. */
export function batchNormSummary(hiddenLayers: readonly boolean[]): string {
  if (hiddenLayers.length > 0 && hiddenLayers.every(Boolean)) return 'yes';
  if (!hiddenLayers.some(Boolean)) return 'no';
  const layers = hiddenLayers.flatMap((on, i) => (on ? [i + 1] : []));
  return `layer${layers.length > 1 ? 's' : ''} ${layers.join(', ')}`;
}

/**
 * Above this ratio of the largest to the smallest value, `auto` draws a log axis: on a linear one a
 * run that blew up (loss 50 against 0.3) flattens every other curve of its row into the floor.
 */
const LOG_SPAN = 20;

/** A log y-axis whose ticks read as numbers ("0.2 0.5 1"), not Plotly's exponents. */
export const LOG_AXIS = { type: 'log', tickformat: '~g' } as const;

/**
 * One y-axis for a row of charts: the range that holds every finite value of all their traces, so
 * the row compares by eye. Logarithmic for `log`, and for `auto` when the values span more than
 * LOG_SPAN times.
 */
export function sharedYAxis(traces: readonly Trace[], scale: 'linear' | 'log' | 'auto' = 'linear'): Record<string, unknown> {
  const values = traces.flatMap((t) => t.y).filter((v) => Number.isFinite(v));
  const positive = values.filter((v) => v > 0);
  const log = scale === 'log' || (scale === 'auto' && values.length > 0 && positive.length === values.length && Math.max(...values) / Math.min(...values) > LOG_SPAN);
  const used = log ? positive.map(Math.log10) : values;
  if (used.length === 0) return log ? LOG_AXIS : {};
  const [low, high] = [Math.min(...used), Math.max(...used)];
  const pad = 0.05 * (high - low || 1);
  return { ...(log ? LOG_AXIS : {}), range: [low - pad, high + pad] };
}

/**
 * The hidden layer whose z drifts most, for the bands to open on: per run, how far the median moved
 * from the first epoch to the last in widths of the first epoch's 15–85% band; the largest wins.
 * Before any run has two epochs, the last hidden layer (deeper inputs drift more).
 */
export function driftiestLayer(runIds: readonly number[], epochs: ReadonlyMap<number, readonly EpochRow[]>, hiddenLayers: number): number {
  let best = { layer: hiddenLayers - 1, drift: 0 };
  for (const id of runIds) {
    const rows = epochs.get(id) ?? [];
    for (let layer = 0; layer < hiddenLayers; layer++) {
      const [first, last] = [rows[0]?.layers[layer]?.percentiles?.z, rows.at(-1)?.layers[layer]?.percentiles?.z];
      if (!first || !last || rows.length < 2) continue;
      const drift = Math.abs(last.p50 - first.p50) / Math.max(first.p85 - first.p15, 1e-12);
      if (drift > best.drift) best = { layer, drift };
    }
  }
  return best.layer;
}
