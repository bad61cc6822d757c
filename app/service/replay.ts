// One epoch of a finished run, rebuilt from its checkpoint: the decision boundary over the 2-D input
// plane and each BN layer's γ, β and statistics. "Train mode" normalizes with the statistics of the
// epoch's last training batch, "eval mode" with the running averages, so the two boundaries show
// what switching BN to inference does.
import { type FloatArray, type Network } from '../../engine/index.ts';
import type { EpochRow, ReplayFrame, ReplayOptions, RunSpec } from '../contract/lab-api.ts';
import type { Split } from './datasets/index.ts';

const DEFAULT_RESOLUTION = 60;
const MAX_RESOLUTION = 200;

export function replayFrame(
  runId: number,
  spec: RunSpec,
  checkpoint: { epoch: number; net: Network },
  epochRow: EpochRow | undefined,
  points: Split | null,
  options: ReplayOptions,
): ReplayFrame {
  const { net } = checkpoint;
  const layers = net.hidden.flatMap((layer) => {
    if (!layer.bn) return [];
    const stats = epochRow?.layers.find((l) => l.layer === layer.index)?.bn;
    const runningMean = Array.from(layer.bn.runningMean);
    const runningVar = Array.from(layer.bn.runningVar);
    return [{
      layer: layer.index,
      gamma: Array.from(layer.bn.gamma),
      beta: Array.from(layer.bn.beta),
      // Before the first epoch no batch has been seen; the running values are the initial 0 and 1.
      batchMean: stats?.batchMean ?? runningMean,
      batchVar: stats?.batchVar ?? runningVar,
      runningMean,
      runningVar,
    }];
  });
  if (options.bnMode === 'train') {
    for (const layer of net.hidden) {
      const stats = layers.find((l) => l.layer === layer.index);
      if (layer.bn && stats) {
        layer.bn.runningMean.set(stats.batchMean);
        layer.bn.runningVar.set(stats.batchVar);
      }
    }
  }
  const boundary = spec.network.inputSize === 2 && points ? decisionBoundary(net, spec, points, options.resolution ?? DEFAULT_RESOLUTION) : null;
  return { runId, epoch: checkpoint.epoch, boundary, layers };
}

/** The model's answer on a square grid spanning the data (10% margin), one forward pass in eval mode. */
function decisionBoundary(net: Network, spec: RunSpec, points: Split, resolution: number): NonNullable<ReplayFrame['boundary']> {
  const r = Math.max(2, Math.min(MAX_RESOLUTION, Math.round(resolution)));
  const axis = (column: number) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < points.n; i++) {
      const v = points.X[i * 2 + column]!;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const pad = 0.1 * (hi - lo || 1);
    return Array.from({ length: r }, (_, i) => lo - pad + ((hi - lo + 2 * pad) * i) / (r - 1));
  };
  const x = axis(0);
  const y = axis(1);
  const n = r * r;
  net.ensureCapacity(n);
  const grid = (spec.dtype === 'float32' ? new Float32Array(n * 2) : new Float64Array(n * 2)) as FloatArray;
  for (let j = 0; j < r; j++) {
    for (let i = 0; i < r; i++) {
      grid[(j * r + i) * 2] = x[i]!;
      grid[(j * r + i) * 2 + 1] = y[j]!;
    }
  }
  const logits = net.forward(grid, n, 'eval');
  const { units: k, loss } = spec.network.output;
  const kind = loss === 'mse' && k === 1 ? 'value' : k <= 2 ? 'probability' : 'class';
  const z = Array.from({ length: r }, (_, j) => Array.from({ length: r }, (_, i) => answer(logits, (j * r + i) * k, k, kind)));
  return { x, y, z, kind };
}

function answer(logits: FloatArray, at: number, k: number, kind: 'probability' | 'class' | 'value'): number {
  if (kind === 'value') return logits[at]!;
  if (kind === 'probability') {
    // Probability of class 1: a sigmoid unit, or the softmax of two logits (the same sigmoid of their difference).
    const t = k === 1 ? logits[at]! : logits[at + 1]! - logits[at]!;
    return 1 / (1 + Math.exp(-t));
  }
  let best = 0;
  for (let c = 1; c < k; c++) if (logits[at + c]! > logits[at + best]!) best = c;
  return best;
}
