// The per-layer statistics of an epoch (metrics.ts): gradient norms, BN statistics and the
// 15/50/85th percentiles of z, zNorm, zTilde and a. Runs once per epoch, never inside a step.
import type { FloatArray } from './dtype.ts';
import { sumOfSquares } from './kernels.ts';
import type { LayerEpochStats, Percentiles } from './metrics.ts';
import type { Network } from './network.ts';

/** Sums each parameter segment's gradient norm over the steps of an epoch. */
export class GradNormAccumulator {
  private readonly sums: Float64Array;
  private steps = 0;

  constructor(private readonly net: Network) {
    this.sums = new Float64Array(net.params.segments.length);
  }

  /** After a step's backward pass; allocates nothing. */
  add(): void {
    const { grad, segments } = this.net.params;
    for (let s = 0; s < segments.length; s++) {
      const seg = segments[s]!;
      this.sums[s] += Math.sqrt(sumOfSquares(grad, seg.offset, seg.offset + seg.length));
    }
    this.steps++;
  }

  /** Mean norm per layer and tensor; resets for the next epoch. */
  take(): LayerEpochStats['gradNorm'][] {
    const layers = this.net.hidden.length + 1;
    const norms = Array.from({ length: layers }, () => ({ W: 0, b: null as number | null, gamma: null as number | null, beta: null as number | null }));
    this.net.params.segments.forEach((seg, s) => {
      norms[seg.layer]![seg.name] = this.steps > 0 ? this.sums[s]! / this.steps : 0;
    });
    this.reset();
    return norms;
  }

  /** Forgets the steps summed so far (an epoch that was stopped and will be run again). */
  reset(): void {
    this.sums.fill(0);
    this.steps = 0;
  }
}

/**
 * Layer statistics after an epoch. `bn` reads the caches of the last training batch, so call this
 * before any eval-mode forward; `percentiles` runs its own eval-mode forward over X(rows, d).
 */
export function layerStats(net: Network, gradNorms: LayerEpochStats['gradNorm'][], X: FloatArray, rows: number, scratch: Float64Array): LayerEpochStats[] {
  const stats: LayerEpochStats[] = net.hidden.map((layer, l) => ({
    layer: l,
    gradNorm: gradNorms[l]!,
    bn: layer.bn
      ? {
          batchMean: Array.from(layer.bn.cache.mu),
          batchVar: Array.from(layer.bn.cache.var),
          runningMean: Array.from(layer.bn.runningMean),
          runningVar: Array.from(layer.bn.runningVar),
          gamma: Array.from(layer.bn.gamma),
          beta: Array.from(layer.bn.beta),
        }
      : null,
    percentiles: null,
  }));
  stats.push({ layer: net.hidden.length, gradNorm: gradNorms[net.hidden.length]!, bn: null, percentiles: null });
  if (rows > 0) {
    net.forward(X, rows, 'eval');
    net.hidden.forEach((layer, l) => {
      const count = rows * layer.shape.units;
      const pct = (values: FloatArray) => percentiles(values, count, scratch);
      stats[l]!.percentiles = {
        z: pct(layer.z),
        zNorm: layer.bn ? pct(layer.bn.cache.zNorm) : null,
        zTilde: layer.bn ? pct(layer.bn.cache.zTilde) : null,
        a: pct(layer.a),
      };
    });
  }
  return stats;
}

/** 15/50/85th percentiles of values[0, count) with linear interpolation (numpy's default). */
export function percentiles(values: ArrayLike<number>, count: number, scratch: Float64Array): Percentiles {
  for (let i = 0; i < count; i++) scratch[i] = values[i]!;
  const sorted = scratch.subarray(0, count).sort();
  const at = (q: number) => {
    const pos = q * (count - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(lo + 1, count - 1);
    return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
  };
  return { p15: at(0.15), p50: at(0.5), p85: at(0.85) };
}
