// The per-layer statistics of an epoch (metrics.ts): gradient norms, BN statistics and the
// 15/50/85th percentiles of z, zNorm, zTilde and a. Runs once per epoch, never inside a step.
import type { FloatArray } from './dtype.ts';
import type { LayerEpochStats, Percentiles } from './metrics.ts';
import type { Network } from './network.ts';
import type { Optimizer } from './optimizers.ts';

/** Sums each parameter segment's gradient norm over the steps of an epoch. */
export class GradNormAccumulator {
  private readonly sums: Float64Array;
  private steps = 0;

  constructor(
    private readonly net: Network,
    private readonly optimizer: Optimizer,
  ) {
    this.sums = new Float64Array(net.params.segments.length);
  }

  /** After a step's update, from the Σ grad² its kernels summed; allocates nothing. */
  add(): void {
    const squares = this.optimizer.gradSquares;
    for (let s = 0; s < squares.length; s++) this.sums[s] += Math.sqrt(squares[s]!);
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

type Bands = NonNullable<LayerEpochStats['percentiles']>;

/**
 * Layer statistics after an epoch. `bn` reads the caches of the last training batch, which an
 * eval-mode forward leaves alone; `bands` are activationPercentiles of the evaluation set, or null.
 * A float32 run's norms and bands are given in float32, the precision of the numbers they sum up
 * (the float64 sums carry no more): then every number of the epoch is a float32, stored in 4 bytes.
 */
export function layerStats(net: Network, gradNorms: LayerEpochStats['gradNorm'][], bands: Bands[] | null): LayerEpochStats[] {
  const round = net.spec.dtype === 'float32' ? Math.fround : (v: number) => v;
  const norm = (v: number | null) => (v === null ? null : round(v));
  const band = (p: Percentiles): Percentiles => ({ p15: round(p.p15), p50: round(p.p50), p85: round(p.p85) });
  const layer = (l: number, percentiles: Bands | null, bn: LayerEpochStats['bn']): LayerEpochStats => {
    const g = gradNorms[l]!;
    return {
      layer: l,
      gradNorm: { W: round(g.W), b: norm(g.b), gamma: norm(g.gamma), beta: norm(g.beta) },
      bn,
      percentiles: percentiles && {
        z: band(percentiles.z),
        zNorm: percentiles.zNorm && band(percentiles.zNorm),
        zTilde: percentiles.zTilde && band(percentiles.zTilde),
        a: band(percentiles.a),
      },
    };
  };
  const stats = net.hidden.map((hidden, l) =>
    layer(l, bands?.[l] ?? null, hidden.bn ? { batchMean: Array.from(hidden.bn.cache.mu), batchVar: Array.from(hidden.bn.cache.var) } : null),
  );
  stats.push(layer(net.hidden.length, null, null));
  return stats;
}

/** Each hidden layer's percentile bands over the first `rows` rows of the last eval-mode forward. */
export function activationPercentiles(net: Network, rows: number, scratch: Float64Array): Bands[] {
  return net.hidden.map((layer) => {
    const count = rows * layer.shape.units;
    const pct = (values: FloatArray) => percentiles(values, count, scratch);
    return {
      z: pct(layer.z),
      zNorm: layer.bn ? pct(layer.bn.cache.zNorm) : null,
      zTilde: layer.bn ? pct(layer.bn.cache.zTilde) : null,
      a: pct(layer.a),
    };
  });
}

/**
 * 15/50/85th percentiles of values[0, count) with linear interpolation (numpy's default), the same
 * numbers a full sort gives, which was half of a small network's epoch. NaN ranks last and -0
 * before +0, as TypedArray.prototype.sort orders them. The wanted order statistics are found by
 * radix: one pass counts the values per bucket of their ordered bit patterns, and only the few
 * buckets that hold a wanted rank are gathered and selected in. `scratch` holds 2 × count + 1
 * numbers.
 */
export function percentiles(values: ArrayLike<number>, count: number, scratch: Float64Array): Percentiles {
  let finite = 0;
  for (let i = 0; i < count; i++) {
    const v = values[i]!;
    if (v === v) scratch[finite++] = v;
  }
  const at = (q: number) => {
    const pos = q * (count - 1);
    const lo = Math.floor(pos);
    return { lo, hi: Math.min(lo + 1, count - 1), frac: pos - lo };
  };
  const ps = [at(0.15), at(0.5), at(0.85)];
  const ranks = ps.flatMap((p) => [p.lo, p.hi]).filter((r) => r < finite);
  const found = orderStatistics(scratch, finite, ranks);
  const value = (rank: number) => (rank < finite ? found.get(rank)! : NaN);
  const interpolate = ({ lo, hi, frac }: { lo: number; hi: number; frac: number }) => value(lo) + frac * (value(hi) - value(lo));
  return { p15: interpolate(ps[0]!), p50: interpolate(ps[1]!), p85: interpolate(ps[2]!) };
}

const MAX_BUCKETS = 1 << 12;
const bucketStarts = new Uint32Array(MAX_BUCKETS + 1);
/** Where a wanted bucket's next value goes; the sink for buckets no rank falls in. */
const bucketNext = new Int32Array(MAX_BUCKETS);

/**
 * A float64's high word (little-endian: the odd int32) as an int32 in the numbers' order: negative
 * numbers' bits flipped below the sign. -0 maps to -1 and +0 to 0, so they never share a bucket.
 */
function orderedHigh(high: number): number {
  return high ^ ((high >> 31) & 0x7fffffff);
}

/**
 * The values a sort would put at `ranks` among x[0, n) (no NaN); uses x[n, 2n] as scratch. Buckets
 * span the values' own range of ordered high words (shifted until at most MAX_BUCKETS remain), so
 * values of a few binades still spread over many buckets instead of one per exponent.
 */
function orderStatistics(x: Float64Array, n: number, ranks: number[]): Map<number, number> {
  const found = new Map<number, number>();
  if (ranks.length === 0) return found;
  const words = new Int32Array(x.buffer, x.byteOffset, 2 * n);
  let lowest = 0x7fffffff;
  let highest = -0x80000000;
  for (let i = 0; i < n; i++) {
    const key = orderedHigh(words[2 * i + 1]!);
    if (key < lowest) lowest = key;
    if (key > highest) highest = key;
  }
  let shift = 0;
  while ((highest >> shift) - (lowest >> shift) >= MAX_BUCKETS) shift++;
  const base = lowest >> shift;
  const buckets = (highest >> shift) - base + 1;
  const starts = bucketStarts.fill(0, 0, buckets + 1);
  for (let i = 0; i < n; i++) starts[(orderedHigh(words[2 * i + 1]!) >> shift) - base + 1]++;
  for (let b = 1; b <= buckets; b++) starts[b] += starts[b - 1]!;
  // Each wanted bucket's values, gathered behind the data in bucket order, then selected among.
  // The others go to a sink slot past them, without a branch: a ReLU layer's zeros fill half the
  // values and made "is this bucket wanted?" a coin toss for the branch predictor.
  const sink = 2 * n;
  const next = bucketNext.fill(sink, 0, buckets);
  for (const r of ranks) {
    const b = upperBound(starts, buckets + 1, r) - 1;
    next[b] = n + starts[b]!;
  }
  for (let i = 0; i < n; i++) {
    const b = (orderedHigh(words[2 * i + 1]!) >> shift) - base;
    const to = next[b]!;
    x[to] = x[i]!;
    next[b] = to + ((to - sink) >>> 31);
  }
  for (const r of [...ranks].sort((a, b) => a - b)) {
    const b = upperBound(starts, buckets + 1, r) - 1;
    select(x, n + starts[b]!, n + starts[b + 1]! - 1, n + r);
    found.set(r, x[n + r]!);
  }
  return found;
}

/** The first index below `length` whose start exceeds r. */
function upperBound(starts: Uint32Array, length: number, r: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid]! <= r) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Rearranges a[lo..hi] (no NaN, and not both zeros: they fall in different buckets) so that a[k]
 * holds the value a sort would put there, smaller ones before it, larger after. Three-way partitions: a ReLU layer's values are half zeros, on which a
 * two-way partition takes quadratic time.
 */
function select(a: Float64Array, lo: number, hi: number, k: number): void {
  while (hi > lo) {
    // Median of three as the pivot: sorted or reversed input stays linear.
    const mid = (lo + hi) >>> 1;
    const x = a[lo]!, y = a[mid]!, z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    // a[lo..lt) < pivot, a[lt..i) = pivot, a(gt..hi] > pivot.
    let lt = lo;
    let gt = hi;
    let i = lo;
    while (i <= gt) {
      const v = a[i]!;
      if (v < pivot) swap(a, lt++, i++);
      else if (v > pivot) swap(a, i, gt--);
      else i++;
    }
    if (k < lt) hi = lt - 1;
    else if (k > gt) lo = gt + 1;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
