// Fewer points for long line charts: a run of 5000 epochs has 5000 points per curve, more than a
// chart is wide in pixels, and drawing them all while the run trains kept the page busy. Pure, so
// what is kept is unit-tested.
import type { Trace } from './series.ts';

/** More points than this in a line are thinned. */
export const MAX_LINE_POINTS = 1200;

/**
 * Each bucket of consecutive points keeps its lowest and highest (in x order), so a spike (a loss
 * blowing up for one epoch) stays visible; the first and last points are always kept.
 */
export function thinKeepingExtremes(x: readonly number[], y: readonly number[], maxPoints = MAX_LINE_POINTS): { x: number[]; y: number[] } {
  return pick(x, y, extremeIndices(y, maxPoints));
}

/** Every k-th point and the last: the same x for every trace of a filled band, so the fill lines up. */
export function thinEvenly(x: readonly number[], y: readonly number[], maxPoints = MAX_LINE_POINTS): { x: number[]; y: number[] } {
  const n = x.length;
  if (n <= maxPoints) return { x: [...x], y: [...y] };
  const step = Math.ceil(n / (maxPoints - 1));
  const kept: number[] = [];
  for (let i = 0; i < n - 1; i += step) kept.push(i);
  kept.push(n - 1);
  return pick(x, y, kept);
}

/** The traces with long lines thinned: bands (a fill and the trace it fills to) evenly, other lines keeping extremes. */
export function thinTraces(traces: readonly Trace[], maxPoints = MAX_LINE_POINTS): Trace[] {
  return traces.map((trace, i) => {
    if (trace.type !== 'scatter' || trace.mode !== 'lines' || trace.x.length <= maxPoints) return trace;
    const band = (trace.fill !== undefined && trace.fill !== 'none') || traces[i + 1]?.fill === 'tonexty';
    return { ...trace, ...(band ? thinEvenly(trace.x, trace.y, maxPoints) : thinKeepingExtremes(trace.x, trace.y, maxPoints)) };
  });
}

function extremeIndices(y: readonly number[], maxPoints: number): number[] {
  const n = y.length;
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  const bucket = Math.ceil(n / Math.floor(maxPoints / 2));
  const kept = [0];
  for (let start = 1; start < n - 1; start += bucket) {
    const end = Math.min(n - 1, start + bucket);
    let low = start;
    let high = start;
    for (let i = start; i < end; i++) {
      // NaN (a diverged epoch) compares false both ways: it is kept as the bucket's high, so a gap stays a gap.
      if (y[i]! < y[low]!) low = i;
      if (!(y[i]! <= y[high]!)) high = i;
    }
    kept.push(...(low < high ? [low, high] : low > high ? [high, low] : [low]));
  }
  kept.push(n - 1);
  return kept;
}

function pick(x: readonly number[], y: readonly number[], indices: readonly number[]): { x: number[]; y: number[] } {
  return { x: indices.map((i) => x[i]!), y: indices.map((i) => y[i]!) };
}
