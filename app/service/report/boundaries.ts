// Decision boundaries for the report, computed from stored checkpoints: the network restored at each
// chosen epoch, one forward pass in eval mode over a grid spanning the (standardized) data.
import type { ReplayFrame } from '../../contract/lab-api.ts';
import type { Split } from '../datasets/index.ts';
import type { LabRecords } from '../lab-records.ts';
import { networkFromState } from '../model-state.ts';
import { replayFrame } from '../replay.ts';

export type Boundary = NonNullable<ReplayFrame['boundary']>;

export interface RunBoundaries {
  runId: number;
  /** Points drawn over every frame (standardized inputs, as the network sees them), at most MAX_POINTS. */
  points: { x: number[]; y: number[]; label: number[] };
  /** Chosen epochs in increasing order; the last one is the run's final checkpoint. */
  frames: { epoch: number; boundary: Boundary }[];
}

export interface BoundaryOptions {
  /** Epochs to draw besides the final one; each uses the latest checkpoint at or before it. Default: 1 and the middle. */
  epochs?: readonly number[];
  /** Grid points per axis. */
  resolution?: number;
}

const MAX_POINTS = 300;
const RESOLUTION = 50;

/** Null for a run whose input is not 2-D or that has no checkpoint yet. */
export async function runBoundaries(lab: LabRecords, runId: number, options: BoundaryOptions = {}): Promise<RunBoundaries | null> {
  const run = lab.getRun(runId);
  const stored = lab.listCheckpoints(runId).map((c) => c.epoch);
  const last = stored.at(-1);
  if (run.spec.network.inputSize !== 2 || last === undefined) return null;
  const data = lab.loadRunDataset(runId);
  const points = data.validation ? concat(data.train, data.validation) : data.train;
  const wanted = options.epochs ?? [1, Math.ceil(last / 2)];
  // Each epoch shows the latest checkpoint at or before it; an epoch before the first checkpoint
  // (a run imported from JSON keeps its final parameters only) has none and is left out.
  const epochs = new Set<number>();
  for (const epoch of [...wanted, last]) {
    const at = stored.findLast((e) => e <= epoch);
    if (Number.isInteger(epoch) && at !== undefined) epochs.add(at);
  }
  const frames: RunBoundaries['frames'] = [];
  for (const epoch of [...epochs].sort((a, b) => a - b)) {
    const net = networkFromState(run.spec, await lab.stateAt(runId, epoch));
    const frame = replayFrame(runId, run.spec, { epoch, net }, undefined, points, { bnMode: 'eval', resolution: options.resolution ?? RESOLUTION });
    frames.push({ epoch, boundary: frame.boundary! });
  }
  return { runId, points: sample(points), frames };
}

function concat(a: Split, b: Split): Split {
  const X = new Float64Array(a.X.length + b.X.length);
  X.set(a.X);
  X.set(b.X, a.X.length);
  const y = new Float64Array(a.n + b.n);
  y.set(a.y);
  y.set(b.y, a.n);
  return { X, y, n: a.n + b.n };
}

/** Evenly spaced rows, so a large dataset does not make every frame heavy. */
function sample(points: Split): RunBoundaries['points'] {
  const step = Math.max(1, Math.ceil(points.n / MAX_POINTS));
  const out: RunBoundaries['points'] = { x: [], y: [], label: [] };
  for (let i = 0; i < points.n; i += step) {
    out.x.push(points.X[i * 2]!);
    out.y.push(points.X[i * 2 + 1]!);
    out.label.push(points.y[i]!);
  }
  return out;
}
