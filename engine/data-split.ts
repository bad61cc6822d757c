// A dataset split as the trainer holds it: X in the model's dtype and targets in the form the loss
// reads (FORMAT.md §3), converted and checked once rather than per batch, in the network's memory.
import type { FloatArray } from './dtype.ts';
import { EngineError } from './errors.ts';
import type { ModelSpec } from './spec.ts';

/** Rows of X(n, d) row-major with class indices (n) or real targets (n, k). */
export interface DataSplit {
  X: Float64Array;
  y: Int32Array | Float64Array;
  n: number;
}

export interface PreparedSplit {
  X: FloatArray;
  /** Class indices for softmax_ce; (n, k) 0/1 or real values otherwise. */
  y: Int32Array | FloatArray;
  n: number;
}

/** Floats prepareSplit will take from `alloc` for a split of n rows (its allocations: 2 at most). */
export function splitFloats(spec: ModelSpec, n: number): number {
  const { inputSize, output } = spec.network;
  return n * inputSize + (output.loss === 'softmax_ce' ? 0 : n * output.units);
}

/**
 * `alloc` places the split's floats (a trainer's network memory); left out, they are ordinary arrays
 * of the spec's dtype, which the network copies in as it reads them (evaluation from checkpoints).
 */
export function prepareSplit(spec: ModelSpec, split: DataSplit, name: string, alloc: (length: number) => FloatArray = (length) => (spec.dtype === 'float64' ? new Float64Array(length) : new Float32Array(length))): PreparedSplit {
  const { inputSize: d, output } = spec.network;
  const k = output.units;
  const fail = (why: string): never => {
    throw new EngineError('invalid_data', `${name} split: ${why}`);
  };
  if (!Number.isInteger(split.n) || split.n < 1) fail(`needs at least 1 row, got ${split.n}`);
  if (split.X.length !== split.n * d) fail(`X has ${split.X.length} numbers, expected ${split.n} rows x ${d} inputs`);
  for (let i = 0; i < split.X.length; i++) if (!Number.isFinite(split.X[i]!)) fail(`X row ${Math.floor(i / d)} column ${i % d} is ${split.X[i]}`);
  const X = alloc(split.X.length);
  X.set(split.X);

  if (split.y instanceof Int32Array) {
    if (split.y.length !== split.n) fail(`has ${split.y.length} labels for ${split.n} rows`);
    const classes = output.loss === 'sigmoid_bce' && k === 1 ? 2 : k;
    split.y.forEach((label, i) => {
      if (label < 0 || label >= classes) fail(`label ${label} of row ${i} is outside 0..${classes - 1} (the output has ${k} unit${k === 1 ? '' : 's'})`);
    });
    if (output.loss === 'softmax_ce') return { X, y: Int32Array.from(split.y), n: split.n };
    // sigmoid_bce with one unit reads the label itself; otherwise (and for mse) one-hot targets.
    const y = alloc(split.n * k);
    split.y.forEach((label, i) => {
      if (k === 1) y[i] = label;
      else y[i * k + label] = 1;
    });
    return { X, y, n: split.n };
  }
  if (output.loss === 'softmax_ce') fail('softmax_ce needs class labels, the dataset has real-valued targets (use mse)');
  if (split.y.length !== split.n * k) fail(`has ${split.y.length} targets, expected ${split.n} rows x ${k} outputs`);
  for (let i = 0; i < split.y.length; i++) {
    const v = split.y[i]!;
    if (!Number.isFinite(v)) fail(`target ${i} is ${v}`);
    if (output.loss === 'sigmoid_bce' && (v < 0 || v > 1)) fail(`sigmoid_bce targets must lie in [0, 1], row ${Math.floor(i / k)} has ${v}`);
  }
  const y = alloc(split.y.length);
  y.set(split.y);
  return { X, y, n: split.n };
}
