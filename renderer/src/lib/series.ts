// Chart series from stored metrics: pure functions from runs and their epochs to Plotly traces, so
// what each chart shows is unit-tested without a browser.
import type { DatasetPreview, EpochRow, ReplayFrame } from '../../../app/contract/lab-api.ts';
import type { Percentiles } from '../../../engine/metrics.ts';

export interface RunRef {
  id: number;
  name: string;
}

export interface Trace {
  type: 'scatter' | 'heatmap' | 'contour' | 'bar';
  mode?: 'lines' | 'markers' | 'lines+markers';
  name?: string;
  x: number[];
  y: number[];
  z?: number[][];
  line?: { color?: string; dash?: 'solid' | 'dash' | 'dot'; width?: number };
  marker?: { color?: string | number[]; size?: number; colorscale?: string; line?: { width: number; color: string } };
  fill?: 'tonexty' | 'none';
  fillcolor?: string;
  legendgroup?: string;
  showlegend?: boolean;
  hovertemplate?: string;
  [key: string]: unknown;
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

export function runColor(index: number): string {
  return PALETTE[index % PALETTE.length]!;
}

/** Training (dashed) and validation (solid) curves of every run; nulls (no validation, mse accuracy) are left out. */
export function curveTraces(runs: readonly RunRef[], epochs: ReadonlyMap<number, readonly EpochRow[]>, metric: 'loss' | 'accuracy'): Trace[] {
  return runs.flatMap((run, i) => {
    const rows = epochs.get(run.id) ?? [];
    const pick = (key: 'trainLoss' | 'validationLoss' | 'trainAccuracy' | 'validationAccuracy') => {
      const kept = rows.filter((r) => r[key] !== null && Number.isFinite(r[key]));
      return { x: kept.map((r) => r.epoch), y: kept.map((r) => r[key] as number) };
    };
    const train = pick(metric === 'loss' ? 'trainLoss' : 'trainAccuracy');
    const validation = pick(metric === 'loss' ? 'validationLoss' : 'validationAccuracy');
    const color = runColor(i);
    const traces: Trace[] = [];
    if (train.x.length > 0) traces.push({ type: 'scatter', mode: 'lines', name: `${run.name} (train)`, ...train, line: { color, dash: 'dash' }, legendgroup: String(run.id) });
    if (validation.x.length > 0) traces.push({ type: 'scatter', mode: 'lines', name: `${run.name} (validation)`, ...validation, line: { color, dash: 'solid' }, legendgroup: String(run.id) });
    return traces;
  });
}

/** ‖∇W‖ per hidden layer and run (mean over the epoch's steps): vanishing or exploding gradients show at a glance. */
export function gradientTraces(runs: readonly RunRef[], epochs: ReadonlyMap<number, readonly EpochRow[]>): Trace[] {
  const dashes = ['solid', 'dash', 'dot'] as const;
  return runs.flatMap((run, i) => {
    const rows = epochs.get(run.id) ?? [];
    const layerCount = rows[0]?.layers.length ?? 0;
    return Array.from({ length: layerCount }, (_, layer): Trace => ({
      type: 'scatter',
      mode: 'lines',
      name: `${run.name} · ${layer === layerCount - 1 ? 'output' : `layer ${layer + 1}`}`,
      x: rows.map((r) => r.epoch),
      y: rows.map((r) => r.layers[layer]?.gradNorm.W ?? NaN),
      line: { color: runColor(i), dash: dashes[layer % dashes.length] },
      legendgroup: String(run.id),
    }));
  });
}

export type PercentileQuantity = 'z' | 'zTilde';

/**
 * The 15th, 50th and 85th percentiles of one hidden layer's z (before BN) or z~ (after), per epoch:
 * Ioffe & Szegedy's Figure 1. The band between p15 and p85 is filled; a run without BN has no z~.
 */
export function percentileTraces(runs: readonly RunRef[], epochs: ReadonlyMap<number, readonly EpochRow[]>, layer: number, quantity: PercentileQuantity, upToEpoch = Infinity): Trace[] {
  return runs.flatMap((run, i) => {
    const rows = (epochs.get(run.id) ?? []).filter((r) => r.epoch <= upToEpoch);
    const points = rows.flatMap((r) => {
      const p = r.layers[layer]?.percentiles;
      const value: Percentiles | null | undefined = quantity === 'z' ? p?.z : p?.zTilde;
      return value ? [{ epoch: r.epoch, ...value }] : [];
    });
    if (points.length === 0) return [];
    const color = runColor(i);
    const x = points.map((p) => p.epoch);
    const group = { legendgroup: String(run.id) };
    return [
      { type: 'scatter', mode: 'lines', name: `${run.name} p15`, x, y: points.map((p) => p.p15), line: { color, width: 0.5 }, showlegend: false, ...group },
      { type: 'scatter', mode: 'lines', name: `${run.name} p85`, x, y: points.map((p) => p.p85), line: { color, width: 0.5 }, fill: 'tonexty', fillcolor: translucent(color), showlegend: false, ...group },
      { type: 'scatter', mode: 'lines', name: `${run.name} (15/50/85th)`, x, y: points.map((p) => p.p50), line: { color, width: 2 }, ...group },
    ] satisfies Trace[];
  });
}

/** The model's answer over the input plane with the data on top: the decision boundary at one epoch. */
export function boundaryTraces(frame: ReplayFrame, points: DatasetPreview['points']): Trace[] {
  const traces: Trace[] = [];
  const b = frame.boundary;
  if (b) {
    traces.push({
      type: 'contour',
      x: b.x,
      y: b.y,
      z: b.z,
      name: b.kind === 'class' ? 'predicted class' : b.kind === 'value' ? 'prediction' : 'P(class 1)',
      colorscale: b.kind === 'probability' ? 'RdBu' : 'Viridis',
      reversescale: b.kind === 'probability',
      ...(b.kind === 'probability' ? { zmin: 0, zmax: 1 } : {}),
      contours: { coloring: 'heatmap', showlines: b.kind === 'probability', start: 0.5, end: 0.5, size: 1 },
      line: { color: '#222', width: 1.5 },
      opacity: 0.75,
      showscale: false,
      hovertemplate: 'x₁ %{x:.2f}<br>x₂ %{y:.2f}<br>%{z:.3f}<extra></extra>',
    });
  }
  if (points) {
    traces.push({
      type: 'scatter',
      mode: 'markers',
      name: 'data',
      x: points.x,
      y: points.y,
      marker: { color: points.label, colorscale: 'RdBu', size: 4, line: { width: 0.5, color: '#fff' } },
      showlegend: false,
      hovertemplate: 'label %{marker.color}<extra></extra>',
    });
  }
  return traces;
}

/** γ or β of each unit of one layer, one bar group per run. */
export function unitBars(values: { run: RunRef; values: number[] }[], label: string): Trace[] {
  return values.map(({ run, values: v }, i) => ({
    type: 'bar',
    name: `${run.name} ${label}`,
    x: v.map((_, unit) => unit + 1),
    y: v,
    marker: { color: runColor(i) },
  }));
}

/** Seconds left, from the wall time of the epochs so far; null before there is any. */
export function etaSeconds(rows: readonly Pick<EpochRow, 'wallMs'>[], epochsDone: number, epochsTotal: number): number | null {
  if (rows.length === 0 || epochsDone >= epochsTotal) return null;
  const recent = rows.slice(-10);
  const mean = recent.reduce((sum, r) => sum + r.wallMs, 0) / recent.length;
  return Math.ceil((mean * (epochsTotal - epochsDone)) / 1000);
}

function translucent(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, 0.18)`;
}
