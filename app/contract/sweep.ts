// A sweep's picture: a final metric of each run against the value of one varied factor (the
// learning rate, say), one line per combination of the other factors, the mean over seeds with
// their standard deviation, and the runs that diverged or never reached a threshold counted apart.
// Each run's factor values are read from its stored spec, so renamed runs and exceptions still fit.
import { factorValueName, BATCH_NORM_FACTOR } from './experiment-design.ts';
import type { RunSpec, RunStatus } from './records.ts';
import { runColor } from './colors.ts';
import { meanAndSd } from './run-groups.ts';

export interface SweepRun {
  spec: RunSpec;
  status: RunStatus;
  epochs: readonly { epoch: number; validationLoss: number | null; validationAccuracy: number | null }[];
}

export type SweepMetric = 'bestValidationLoss' | 'lastValidationLoss' | 'bestValidationAccuracy' | 'lastValidationAccuracy' | 'epochsToAccuracy';

export const SWEEP_METRIC_NAMES: Record<SweepMetric, string> = {
  bestValidationLoss: 'best validation loss',
  lastValidationLoss: 'last validation loss',
  bestValidationAccuracy: 'best validation accuracy',
  lastValidationAccuracy: 'last validation accuracy',
  epochsToAccuracy: 'epochs to the validation accuracy threshold',
};

export interface SweepPoint {
  x: number;
  /** Over the seeds that have the metric; null when none has. */
  mean: number | null;
  sd: number;
  seeds: number;
  diverged: number;
  /** epochsToAccuracy: seeds that ended (not diverged) without reaching the threshold. */
  notReached: number;
}

export interface SweepLine {
  label: string;
  points: SweepPoint[];
}

/** The value of a factor path in a resolved spec (`network.batchNorm`: true only if every hidden layer has BN). */
export function factorValue(spec: RunSpec, path: string): unknown {
  if (path === BATCH_NORM_FACTOR) return spec.network.layers.every((l) => l.batchNorm);
  if (path === 'training.dtype') return spec.dtype;
  const [section, key] = path.split('.') as [string, string];
  return (spec as unknown as Record<string, Record<string, unknown>>)[section]?.[key];
}

/** The first factor with numbers: what a sweep's x-axis shows. */
export function sweepAxis(vary: Record<string, unknown[]>): string | null {
  return Object.entries(vary).find(([path, values]) => path !== 'training.seed' && values.length > 1 && values.every((v) => typeof v === 'number'))?.[0] ?? null;
}

export function finalMetric(run: SweepRun, metric: SweepMetric, threshold: number): number | null {
  const finite = (key: 'validationLoss' | 'validationAccuracy') => run.epochs.map((e) => ({ epoch: e.epoch, value: e[key] })).filter((e): e is { epoch: number; value: number } => e.value !== null && Number.isFinite(e.value));
  switch (metric) {
    case 'bestValidationLoss':
      return minOrNull(finite('validationLoss').map((e) => e.value));
    case 'lastValidationLoss':
      return finite('validationLoss').at(-1)?.value ?? null;
    case 'bestValidationAccuracy':
      return finite('validationAccuracy').reduce<number | null>((best, e) => (best === null || e.value > best ? e.value : best), null);
    case 'lastValidationAccuracy':
      return finite('validationAccuracy').at(-1)?.value ?? null;
    case 'epochsToAccuracy':
      return finite('validationAccuracy').find((e) => e.value >= threshold)?.epoch ?? null;
  }
}

/** One line per combination of the factors other than `axis` and the seed, each point a value of `axis`. */
export function sweepLines(runs: readonly SweepRun[], vary: Record<string, unknown[]>, axis: string, metric: SweepMetric, threshold = 0.9): SweepLine[] {
  const others = Object.keys(vary).filter((path) => path !== axis && path !== 'training.seed');
  const lines = new Map<string, Map<number, SweepRun[]>>();
  for (const run of runs) {
    const x = factorValue(run.spec, axis);
    if (typeof x !== 'number') continue;
    const label = others.map((path) => factorValueName(path, factorValue(run.spec, path))).join(', ') || SWEEP_METRIC_NAMES[metric];
    const line = lines.get(label) ?? new Map<number, SweepRun[]>();
    line.set(x, [...(line.get(x) ?? []), run]);
    lines.set(label, line);
  }
  return [...lines].map(([label, byX]) => ({
    label,
    points: [...byX].sort(([a], [b]) => a - b).map(([x, seeds]) => {
      const kept = seeds.filter((r) => r.status !== 'diverged');
      const values = kept.map((r) => finalMetric(r, metric, threshold)).filter((v) => v !== null);
      const stats = values.length > 0 ? meanAndSd(values) : null;
      return {
        x,
        mean: stats?.mean ?? null,
        sd: stats?.sd ?? 0,
        seeds: seeds.length,
        diverged: seeds.length - kept.length,
        notReached: metric === 'epochsToAccuracy' ? kept.length - values.length : 0,
      };
    }),
  }));
}

function minOrNull(values: number[]): number | null {
  return values.length === 0 ? null : Math.min(...values);
}

/** A Plotly scatter of the sweep picture, for the sweep view and the report alike. */
export interface SweepTrace {
  type: 'scatter';
  mode: 'lines+markers' | 'markers';
  name: string;
  x: number[];
  /** NaN where no seed has the metric: the line has a gap there. */
  y: number[];
  marker: { color: string; size: number; symbol?: string };
  line?: { color: string };
  error_y?: { type: 'data'; array: number[]; visible: true; color: string };
  text?: string[];
}

/** Whether a larger value of the metric is better (an accuracy), so a lost setting belongs at the bottom. */
export function higherIsBetter(metric: SweepMetric): boolean {
  return metric === 'bestValidationAccuracy' || metric === 'lastValidationAccuracy';
}

/** A loss spans decades between a good and a failed setting: on a linear axis the good ones lie flat on zero. */
/**
 * The x-axis for the varied values, known from the design before any run has finished (an empty
 * log axis otherwise shows Plotly's default 0.1 to 1e6): log when the values are positive and span
 * a factor of 10 or more, with a margin of a tenth of the span on each side.
 */
export function sweepXAxis(values: readonly number[]): { type: 'log' | 'linear'; range: [number, number] } {
  const log = values.every((x) => x > 0) && Math.max(...values) / Math.min(...values) >= 10;
  const scaled = log ? values.map(Math.log10) : values;
  const [lo, hi] = [Math.min(...scaled), Math.max(...scaled)];
  const margin = (hi - lo) / 10 || (log ? 0.5 : Math.abs(lo) / 10 || 1);
  return { type: log ? 'log' : 'linear', range: [lo - margin, hi + margin] };
}

export function sweepYAxisType(metric: SweepMetric): 'log' | 'linear' {
  return metric === 'bestValidationLoss' || metric === 'lastValidationLoss' ? 'log' : 'linear';
}

/**
 * Each line with ±1 sd error bars, and a cross where seeds diverged or never reached the threshold;
 * where no seed is left, the cross sits at the metric's worst end of the chart.
 */
export function sweepTraces(lines: readonly SweepLine[], metric: SweepMetric): SweepTrace[] {
  const means = lines.flatMap((l) => l.points.map((p) => p.mean)).filter((m) => m !== null);
  const worst = means.length === 0 ? 1 : higherIsBetter(metric) ? Math.min(...means) : Math.max(...means);
  return lines.flatMap((line, i) => {
    const color = runColor(i);
    const traces: SweepTrace[] = [{
      type: 'scatter',
      mode: 'lines+markers',
      name: line.label,
      x: line.points.map((p) => p.x),
      y: line.points.map((p) => p.mean ?? NaN),
      error_y: { type: 'data', array: line.points.map((p) => p.sd), visible: true, color },
      line: { color },
      marker: { color, size: 7 },
    }];
    const fell = line.points.filter((p) => p.diverged > 0 || p.notReached > 0);
    if (fell.length > 0) {
      traces.push({
        type: 'scatter',
        mode: 'markers',
        name: `${line.label}: diverged or not reached`,
        x: fell.map((p) => p.x),
        y: fell.map((p) => p.mean ?? worst),
        text: fell.map((p) => [p.diverged > 0 ? `${p.diverged} of ${p.seeds} seeds diverged` : '', p.notReached > 0 ? `not reached in ${p.notReached} of ${p.seeds} seeds` : ''].filter(Boolean).join('; ')),
        marker: { color, symbol: 'x', size: 12 },
      });
    }
    return traces;
  });
}
