// The shapes that pass between the generators, the loaders and `loadDataset`.
import type { Task } from '../../contract/datasets.ts';

/** A whole dataset before it is split: raw features, labels as class indices or regression targets. */
export interface RawDataset {
  X: Float64Array; // (n, d) row-major, as generated or read
  y: Int32Array | Float64Array; // (n) class indices, or (n, 1) regression targets
  n: number;
  featureNames: string[];
  task: Task;
  classes: string[] | null; // class names in index order; null for regression
}

/** A block of samples. In `train` and `validation` X is standardized; in `points` it is raw. */
export interface Split {
  X: Float64Array; // (n, d) row-major
  y: Int32Array | Float64Array; // (n) class indices, or (n, 1) regression targets
  n: number;
}

/** Per-feature z-score statistics of the training split, stored with a run to standardize new inputs. */
export interface Standardization {
  mean: number[];
  std: number[]; // 1 for a constant feature, so nothing is divided by zero
}
